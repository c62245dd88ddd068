package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
)

// A check's slots come in one of three forms:
//
//   - every (and optionally at): a fixed period, aligned to a UTC time of day;
//   - day and at: a calendar day ("monday", "first monday", "last friday")
//     at a UTC time of day;
//   - cron: a standard five-field cron expression, for a check an outside
//     scheduler (a Kubernetes CronJob, a GitHub schedule) runs with once.
//
// Every is always set after loading: the longest gap between two slots,
// which the metrics export as the check's interval.

// Day is a calendar rule: the nth weekday of the month (Nth 1 to 4, or -1
// for the last), or every such weekday (Nth 0).
type Day struct {
	Weekday time.Weekday
	Nth     int
}

var ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// ParseDay reads "monday" or "first monday" (first, second, third, fourth,
// last). A cron expression cannot say "the first Monday": its day-of-month
// and day-of-week fields are ORed, so "0 9 1-7 * 1" runs on every Monday
// and on the 1st to the 7th. Hence words.
func ParseDay(s string) (Day, error) {
	fields := strings.Fields(strings.ToLower(s))
	var d Day
	switch len(fields) {
	case 1:
	case 2:
		n, ok := ordinals[fields[0]]
		if !ok {
			return d, fmt.Errorf("%q: the first word must be first, second, third, fourth or last", s)
		}
		d.Nth, fields = n, fields[1:]
	default:
		return d, fmt.Errorf("%q: write a weekday, or an ordinal and a weekday, like \"first monday\"", s)
	}
	wd, ok := weekdays[fields[0]]
	if !ok {
		return d, fmt.Errorf("%q: %q is not a weekday (monday to sunday)", s, fields[0])
	}
	d.Weekday = wd
	return d, nil
}

// Matches tells whether the date of t, in t's location, is one of the
// rule's days.
func (d Day) Matches(t time.Time) bool {
	if t.Weekday() != d.Weekday {
		return false
	}
	switch {
	case d.Nth > 0:
		return (t.Day()-1)/7+1 == d.Nth
	case d.Nth < 0:
		return t.AddDate(0, 0, 7).Month() != t.Month()
	}
	return true
}

// String is the rule as a schedule file writes it.
func (d Day) String() string {
	day := strings.ToLower(d.Weekday.String())
	for w, n := range ordinals {
		if n == d.Nth && n != 0 {
			return w + " " + day
		}
	}
	return day
}

// ParseCron reads a standard five-field cron expression (UTC).
func ParseCron(expr string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(expr)
	if err != nil {
		return nil, fmt.Errorf("%q is not a five-field cron expression (minute hour day-of-month month day-of-week): %v", expr, err)
	}
	return s, nil
}

// First is the check's first slot at or after now.
func (c Check) First(now time.Time) time.Time {
	switch {
	case c.cron != nil || c.HasDay:
		return c.Next(now.Add(-time.Nanosecond))
	case !c.HasAt:
		return now
	}
	day := now.UTC().Truncate(24 * time.Hour)
	slot := day.Add(c.At)
	for slot.After(now) {
		slot = slot.Add(-c.Every)
	}
	for slot.Before(now) {
		slot = slot.Add(c.Every)
	}
	return slot
}

// Next is the check's first slot after slot.
func (c Check) Next(slot time.Time) time.Time {
	switch {
	case c.cron != nil:
		return c.cron.Next(slot.UTC())
	case c.HasDay:
		slot = slot.UTC()
		day := slot.Truncate(24 * time.Hour)
		for i := 0; i < 400; i++ {
			if t := day.Add(c.At); t.After(slot) && c.Day.Matches(t) {
				return t
			}
			day = day.AddDate(0, 0, 1)
		}
	}
	return slot.Add(c.Every)
}

// longestGap is the longest time between two of the check's slots over a
// year from a fixed start (leap day included), or 0 when it has none.
func (c Check) longestGap() time.Duration {
	start := time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	var longest time.Duration
	prev := c.First(start)
	for i := 0; i < 5000 && prev.Before(end); i++ {
		next := c.Next(prev)
		if !next.After(prev) {
			return 0
		}
		longest = max(longest, next.Sub(prev))
		prev = next
	}
	return longest
}

// slots checks a check's slot keys (every, at, day, cron) against each
// other and sets Every (and the default Deadline) from them.
func (d *decoder) slots(n *yaml.Node, where string, c *Check, day string) {
	explicit := c.Every
	switch {
	case c.Cron != "":
		if c.HasAt || day != "" {
			d.errf(n, "%s: cron says when it runs; leave out at and day", where)
		}
		s, err := ParseCron(c.Cron)
		if err != nil {
			d.errf(n, "%s.cron: %v", where, err)
			return
		}
		c.cron = s
	case day != "":
		dd, err := ParseDay(day)
		if err != nil {
			d.errf(n, "%s.day: %v", where, err)
			return
		}
		if !c.HasAt {
			d.errf(n, "%s: day needs at, the UTC time of day it runs, like at: \"09:00\"", where)
		}
		c.Day, c.HasDay = dd, true
	default:
		if c.Deadline == 0 {
			c.Deadline = c.Every
		}
		return
	}
	gap := c.longestGap()
	if gap == 0 {
		d.errf(n, "%s: its slots never come (check the cron expression or day)", where)
		return
	}
	if explicit != 0 && explicit != gap {
		d.errf(n, "%s: every is %s but its slots come every %s at the longest; leave every out (it follows from cron or day)", where, explicit, gap)
	}
	c.Every = gap
	if c.Deadline == 0 {
		c.Deadline = min(gap, time.Hour)
	}
}
