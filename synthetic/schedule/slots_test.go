package schedule

import (
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func parseCheck(t *testing.T, yml string) Check {
	t.Helper()
	f, err := Parse("test.yml", []byte(yml), nil)
	if err != nil {
		t.Fatal(err)
	}
	return f.Checks[0]
}

// "first monday" at 09:00 across month ends, a leap February and a year
// end: each next slot is the first Monday of the following month.
func TestFirstMonday(t *testing.T) {
	c := parseCheck(t, "checks:\n  - name: drill\n    day: first monday\n    at: \"09:00\"\n")
	tests := []struct{ after, want string }{
		{"2026-12-01 00:00", "2026-12-07 09:00"},
		{"2026-12-07 09:00", "2027-01-04 09:00"}, // year end
		{"2028-01-31 12:00", "2028-02-07 09:00"},
		{"2028-02-07 09:00", "2028-03-06 09:00"}, // leap February (29 days)
		{"2027-02-28 23:59", "2027-03-01 09:00"}, // the 1st is a Monday
		{"2027-03-01 09:00", "2027-04-05 09:00"},
		{"2027-03-01 08:59", "2027-03-01 09:00"},
	}
	for _, tc := range tests {
		if got := c.Next(utc(tc.after)); !got.Equal(utc(tc.want)) {
			t.Errorf("after %s: %s, want %s", tc.after, got.Format(time.DateTime), tc.want)
		}
	}
	if c.Every != 35*24*time.Hour {
		t.Errorf("every %s, want 840h (five weeks: the longest gap between first Mondays)", c.Every)
	}
	if c.Deadline != time.Hour {
		t.Errorf("deadline %s, want 1h by default", c.Deadline)
	}
}

func TestDayRules(t *testing.T) {
	tests := []struct {
		rule string
		date string
		want bool
	}{
		{"monday", "2026-12-14 00:00", true},
		{"monday", "2026-12-15 00:00", false},
		{"first monday", "2026-12-07 00:00", true},
		{"first monday", "2026-12-14 00:00", false},
		{"second monday", "2026-12-14 00:00", true},
		{"last monday", "2026-12-28 00:00", true},
		{"last monday", "2026-12-21 00:00", false},
		{"last thursday", "2028-02-24 00:00", true}, // leap February: the 29th is a Tuesday
		{"fourth thursday", "2028-02-24 00:00", true},
		{"Last Sunday", "2026-11-29 00:00", true},
	}
	for _, tc := range tests {
		d, err := ParseDay(tc.rule)
		if err != nil {
			t.Fatalf("%s: %v", tc.rule, err)
		}
		if got := d.Matches(utc(tc.date)); got != tc.want {
			t.Errorf("%s on %s: %v, want %v", tc.rule, tc.date, got, tc.want)
		}
	}
	for _, bad := range []string{"", "fifth monday", "first", "mon", "first monday please"} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// The cron form: Every is the longest gap, so the exported interval is
// the real cadence of the outside scheduler.
func TestCronEvery(t *testing.T) {
	tests := []struct {
		cron  string
		every time.Duration
		next  string
	}{
		{"*/5 * * * *", 5 * time.Minute, "2026-12-02 10:05"},
		{"0 * * * *", time.Hour, "2026-12-02 11:00"},
		{"15,30,45 * * * *", 30 * time.Minute, "2026-12-02 10:15"},
		{"30 3 * * *", 24 * time.Hour, "2026-12-03 03:30"},
	}
	for _, tc := range tests {
		c := parseCheck(t, "checks:\n  - name: health\n    cron: \""+tc.cron+"\"\n")
		if c.Every != tc.every {
			t.Errorf("%s: every %s, want %s", tc.cron, c.Every, tc.every)
		}
		if got := c.Next(utc("2026-12-02 10:00")); !got.Equal(utc(tc.next)) {
			t.Errorf("%s: next after 10:00 %s, want %s", tc.cron, got.Format(time.DateTime), tc.next)
		}
	}
}

// The manuscript platform's Sunday 02:00-04:00 UTC window, and one in
// another time zone that crosses midnight.
func TestMaintenanceOpen(t *testing.T) {
	f, err := Parse("test.yml", []byte(`checks:
  - name: api
    every: 1m
  - name: backups
    every: 24h
maintenance:
  - name: sunday
    day: sunday
    start: "02:00"
    duration: 2h
    checks: [api]
  - name: late
    day: saturday
    start: "23:00"
    duration: 3h
    time_zone: Europe/Berlin
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		check, at string
		want      string
	}{
		{"api", "2026-12-06 01:59", ""},
		{"api", "2026-12-06 02:00", "sunday"},
		{"api", "2026-12-06 03:59", "sunday"},
		{"api", "2026-12-06 04:00", ""},
		{"backups", "2026-12-06 02:30", ""},     // muted checks only
		{"backups", "2026-12-05 22:30", "late"}, // 23:30 in Berlin, Saturday
		{"backups", "2026-12-06 00:59", "late"}, // 01:59 Sunday in Berlin
		{"backups", "2026-12-06 01:00", ""},     // 02:00 in Berlin: closed
		{"backups", "2026-12-12 21:59", ""},     // 22:59 in Berlin
	}
	for _, tc := range tests {
		m, ok := f.InMaintenance(tc.check, utc(tc.at))
		if got := map[bool]string{true: m.Name}[ok]; got != tc.want {
			t.Errorf("%s at %s: window %q, want %q", tc.check, tc.at, got, tc.want)
		}
	}
}
