package store

import (
	"time"

	"go.mongodb.org/mongo-driver/bson/primitive"
)

// Time reads a date stored in MongoDB (a BSON date, or a time.Time); the
// zero time when v is neither, which a time assertion then shows.
func Time(v any) time.Time {
	switch t := v.(type) {
	case primitive.DateTime:
		return t.Time()
	case time.Time:
		return t
	}
	return time.Time{}
}

// Int reads a number stored in MongoDB, whichever integer or float type
// the driver decoded it as.
func Int(v any) (int64, bool) {
	switch n := v.(type) {
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), n == float64(int64(n))
	}
	return 0, false
}
