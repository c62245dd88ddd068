package schedule

import (
	"fmt"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"
)

// Maintenance is a recurring window in which the target is expected to be
// down: its checks still run and are recorded, but a failure notifies no
// one and the alert rules leave it out (synthetic_maintenance_window_open).
type Maintenance struct {
	Name     string
	Day      Day            // which days it opens (in Location)
	Start    time.Duration  // time of day it opens (in Location)
	Duration time.Duration  // how long it stays open; at most a week
	Location *time.Location // time_zone; default UTC
	Checks   []string       // the checks it mutes; empty: all of the file's
}

// Open tells whether the window is open at t, and if so when it closes.
func (m Maintenance) Open(t time.Time) (bool, time.Time) {
	local := t.In(m.Location)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, m.Location)
	for back := 0; back <= int(m.Duration/(24*time.Hour))+1; back++ {
		day := midnight.AddDate(0, 0, -back)
		if !m.Day.Matches(day) {
			continue
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, m.Location).Add(m.Start)
		if end := start.Add(m.Duration); !t.Before(start) && t.Before(end) {
			return true, end
		}
	}
	return false, time.Time{}
}

// Mutes tells whether the window covers the named check.
func (m Maintenance) Mutes(check string) bool {
	return len(m.Checks) == 0 || slices.Contains(m.Checks, check)
}

// String says when the window recurs, for the status page.
func (m Maintenance) String() string {
	h, min := int(m.Start/time.Hour), int(m.Start%time.Hour/time.Minute)
	return fmt.Sprintf("%s: every %s %02d:%02d %s for %s", m.Name, m.Day, h, min, m.Location, m.Duration)
}

// InMaintenance returns the open maintenance window covering check at t.
func (f *File) InMaintenance(check string, t time.Time) (Maintenance, bool) {
	for _, m := range f.Maintenance {
		if ok, _ := m.Open(t); ok && m.Mutes(check) {
			return m, true
		}
	}
	return Maintenance{}, false
}

func (d *decoder) maintenance(key string, n *yaml.Node) []Maintenance {
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "%s must be a list of windows, like [{day: sunday, start: \"02:00\", duration: 2h}]", key)
		return nil
	}
	out := make([]Maintenance, 0, len(n.Content))
	for i, item := range n.Content {
		m := Maintenance{Location: time.UTC}
		var day, zone string
		var hasStart bool
		where := fmt.Sprintf("%s[%d]", key, i)
		d.mapping(item, where, map[string]field{
			"name":      d.str(&m.Name),
			"day":       d.str(&day),
			"start":     d.timeOfDay(&m.Start, &hasStart),
			"duration":  d.duration(&m.Duration),
			"time_zone": d.str(&zone),
			"checks":    d.list(&m.Checks),
		})
		if m.Name == "" {
			m.Name = fmt.Sprintf("maintenance %d", i+1)
		}
		var err error
		if m.Day, err = ParseDay(day); day == "" || err != nil {
			d.errf(item, "%s.day: %s", where, cmpErr(err, "missing: write the weekday, like day: sunday"))
		}
		if !hasStart {
			d.errf(item, "%s.start is missing: write the time it opens, like start: \"02:00\"", where)
		}
		if m.Duration == 0 || m.Duration > 7*24*time.Hour {
			d.errf(item, "%s.duration must be above zero and at most 168h, like duration: 2h", where)
		}
		if zone != "" {
			if m.Location, err = time.LoadLocation(zone); err != nil {
				d.errf(item, "%s.time_zone %q is not a known IANA time zone (like UTC or Europe/Berlin)", where, zone)
				m.Location = time.UTC
			}
		}
		out = append(out, m)
	}
	return out
}

func cmpErr(err error, missing string) string {
	if err != nil {
		return err.Error()
	}
	return missing
}
