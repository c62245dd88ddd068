package backups

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
)

// maxSQL bounds what the check unpacks of a backup.
const maxSQL = 256 << 20

// gunzip unpacks a backup; an empty one is an error.
func gunzip(b []byte) (string, error) {
	if len(b) == 0 {
		return "", errors.New("the object is empty")
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxSQL))
	return string(out), err
}
