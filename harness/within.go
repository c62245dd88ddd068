package harness

import "time"

// Within reports whether got is within tol of want.
func Within(got, want time.Time, tol time.Duration) bool {
	d := got.Sub(want)
	return d <= tol && d >= -tol
}
