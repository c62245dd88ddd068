package retention

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestPrune(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	folder := func(age time.Duration, id string) string {
		return now.Add(-age).Format("20060102T150405Z") + "-" + id
	}
	names := []string{folder(time.Minute, "saaaa"), folder(time.Hour, "sbbbb"), folder(2*time.Hour, "scccc"),
		folder(48*time.Hour, "sdddd"), "notes", "20260101T000000Z-NOT_A_RUN"}
	tests := []struct {
		name   string
		policy Policy
		want   []string
	}{
		{"keep by count", Policy{Keep: 2, MaxAge: 0}, []string{names[0], names[1], "notes", names[5]}},
		{"keep by age", Policy{Keep: 10, MaxAge: 24 * time.Hour}, []string{names[0], names[1], names[2], "notes", names[5]}},
		{"both", Policy{Keep: 1, MaxAge: 24 * time.Hour}, []string{names[0], "notes", names[5]}},
		{"the newest stays even when old", Policy{Keep: 0, MaxAge: time.Second}, []string{names[0], "notes", names[5]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range names {
				if err := os.MkdirAll(filepath.Join(dir, n, "evidence"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Prune(dir, tc.policy, now); err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dir)
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("left %v, want %v", got, want)
			}
		})
	}
}

func TestPruneMissingFolder(t *testing.T) {
	if n, err := Prune(filepath.Join(t.TempDir(), "none"), Policy{Keep: 1}, time.Now()); n != 0 || err != nil {
		t.Errorf("got %d, %v; want nothing to do", n, err)
	}
}
