package proc

import (
	"os/exec"
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestParsePPID(t *testing.T) {
	tests := []struct {
		name   string
		stat   string
		want   int
		wantOK bool
	}{
		{"plain", "42 (chromium) S 7 42 42 0 -1", 7, true},
		{"comm with spaces and parentheses", "43 (Web Content (x)) R 42 1 1", 42, true},
		{"truncated", "44 (x) S", 0, false},
		{"garbage", "no stat here", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParsePPID(tc.stat)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("ParsePPID = %d %v, want %d %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

// The tree under a process holds every descendant once, and nothing of an
// excluded subtree.
func TestDescendants(t *testing.T) {
	ps := Parents{
		1:  0,  // init: not in the tree
		10: 1,  // the bench
		11: 10, // the gate
		12: 11, // a test binary
		13: 12, // its Chromium
		14: 10, // an orphan the bench inherited
		20: 10, // the standalone sandbox
		21: 20,
	}
	got := Descendants(ps, 10, map[int]bool{20: true})
	slices.Sort(got)
	if want := []int{11, 12, 13, 14}; !slices.Equal(got, want) {
		t.Errorf("Descendants = %v, want %v", got, want)
	}
}

// A subreaper inherits the grandchildren whose parent ends first, and
// ReapOrphans ends and reaps them: none is left, running or as a zombie.
func TestReapOrphans(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("subreapers are Linux's")
	}
	if err := BecomeSubreaper(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		script     string // its background children outlive it
		reap       Reap
		wantOrphan int
		wantKilled int
	}{
		{"end on their own", "sleep 0.2 & sleep 0.2 &", Reap{Grace: 5 * time.Second}, 2, 0},
		{"SIGTERM at once", "sleep 60 & sleep 60 &", Reap{Grace: 5 * time.Second, Term: true}, 2, 0},
		{"SIGTERM ignored: SIGKILL after the grace", "trap '' TERM; (trap '' TERM; sleep 60) & sleep 0.1", Reap{Grace: 300 * time.Millisecond, Term: true}, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := exec.Command("sh", "-c", tc.script).Run(); err != nil {
				t.Fatal(err)
			}
			orphans, killed := ReapOrphans(tc.reap)
			if orphans != tc.wantOrphan || killed != tc.wantKilled {
				t.Errorf("ReapOrphans = %d orphans, %d killed; want %d, %d", orphans, killed, tc.wantOrphan, tc.wantKilled)
			}
			if left, _ := ReapOrphans(Reap{}); left != 0 {
				t.Errorf("%d children left after ReapOrphans", left)
			}
		})
	}
}
