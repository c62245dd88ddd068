package harness

import (
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/report"
)

// A failed testify assertion is a product failure through the harness:
// its message says what was checked, its first line is the verdict's, and
// testify's diff comes with it.
func TestTestifyAdapter(t *testing.T) {
	tests := []struct {
		name       string
		body       func(s *S) (reached *bool)
		wantStatus report.Status
		want       []string // all in the message
		wantFirst  string   // in the first line
		reached    bool     // the statement after the assertion ran
	}{
		{"passing assertions pass", func(s *S) *bool {
			s.Check().Equal("free", "free", "plan")
			s.Check().WithinDuration(time.Now(), time.Now(), time.Minute, "lastResetAt")
			return ptr(true)
		}, report.Passed, nil, "", true},
		{"a failed row check carries testify's diff", func(s *S) *bool {
			s.Check().Equal(map[string]any{"plan": "pro", "usageCount": 0}, map[string]any{"plan": "free", "usageCount": 0}, "the upgraded user")
			return ptr(true)
		}, report.Failed, []string{"Diff:", `- (string) (len=4) "plan": (string) (len=3) "pro"`, `+ (string) (len=4) "plan": (string) (len=4) "free"`, "— roll back"}, "the upgraded user: Not equal", true},
		{"Check goes on and reports the first failure", func(s *S) *bool {
			s.Check().EqualValues(0, int32(7), "MongoDB usageCount after the reset")
			s.Check().Len([]int{1}, 2, "second check")
			return ptr(true)
		}, report.Failed, []string{"expected: int(0)", "actual  : int32(7)"}, "MongoDB usageCount after the reset: Not equal, expected: int(0), actual : int32(7)", true},
		{"times", func(s *S) *bool {
			s.Check().WithinDuration(time.Now(), time.Now().Add(-time.Hour), time.Minute, "lastResetAt")
			return ptr(true)
		}, report.Failed, []string{"difference"}, "lastResetAt: Max difference between", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestBinary(t, nil)
			reached := false
			ft := runFake("TestX", func(ft *fakeT) {
				if p := tc.body(start(ft, r, budgetOf(time.Second), Advice("roll back"))); p != nil {
					reached = *p
				}
			})
			c := ft.reported()
			if c.Status != tc.wantStatus {
				t.Fatalf("status %s (%q), want %s", c.Status, c.Message, tc.wantStatus)
			}
			first, _, _ := strings.Cut(c.Message, "\n")
			if !strings.Contains(first, tc.wantFirst) {
				t.Errorf("first line %q lacks %q", first, tc.wantFirst)
			}
			for _, w := range tc.want {
				if !strings.Contains(c.Message, w) {
					t.Errorf("message lacks %q:\n%s", w, c.Message)
				}
			}
			if strings.Contains(c.Message, "Error Trace") {
				t.Errorf("message holds testify's trace:\n%s", c.Message)
			}
			if reached != tc.reached {
				t.Errorf("the statement after the assertion ran: %v, want %v", reached, tc.reached)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
