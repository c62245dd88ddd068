package harness

import (
	"errors"
	"strings"
	"testing"
)

// Shared opens a key once per binary, hands every test its value or its
// error, closes it after the last test, and refuses a key used with
// another type.
func TestShared(t *testing.T) {
	r := newTestBinary(t, nil)
	s := start(t, r)
	opens, closes := 0, 0
	open := func() (int, func(), error) { opens++; return 42, func() { closes++ }, nil }
	for range 3 {
		if v, err := Shared(s, "conn", open); v != 42 || err != nil {
			t.Fatalf("Shared = %d, %v", v, err)
		}
	}
	if opens != 1 {
		t.Errorf("opened %d times, want once", opens)
	}
	if _, err := Shared(s, "conn", func() (string, func(), error) { return "", nil, nil }); err == nil || !strings.Contains(err.Error(), "one key per resource") {
		t.Errorf("a second type for one key: %v", err)
	}
	failed := errors.New("refused")
	for range 2 {
		if _, err := Shared(s, "down", func() (int, func(), error) { return 0, nil, failed }); !errors.Is(err, failed) {
			t.Errorf("a failed open: %v, want its error each time", err)
		}
	}
	r.shared.close()
	if closes != 1 {
		t.Errorf("closed %d times, want once", closes)
	}
}
