//go:build !linux

package proc

// BecomeSubreaper does nothing outside Linux.
func BecomeSubreaper() error { return nil }

// ReapOrphans does nothing outside Linux.
func ReapOrphans(Reap) (orphans, killed int) { return 0, 0 }
