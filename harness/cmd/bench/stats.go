package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// spread is the minimum, median and maximum of a series.
type spread struct{ min, med, max float64 }

func spreadOf(xs []float64) spread {
	if len(xs) == 0 {
		return spread{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	med := s[mid]
	if len(s)%2 == 0 {
		med = (s[mid-1] + s[mid]) / 2
	}
	return spread{s[0], med, s[len(s)-1]}
}

func (s spread) String() string { return fmt.Sprintf("%.2f / %.2f / %.2f", s.min, s.med, s.max) }

// series picks one figure out of every sample.
func series(samples []sample, pick func(sample) float64) []float64 {
	out := make([]float64, len(samples))
	for i, s := range samples {
		out[i] = pick(s)
	}
	return out
}

var (
	wallSecs = func(s sample) float64 { return s.wall.Seconds() }
	cpuSecs  = func(s sample) float64 { return s.cpu.Seconds() }
	rssMiB   = func(s sample) float64 { return float64(s.rss) / (1 << 20) }
)

// printTable writes the figures of every variant, then the ratios of each
// new gate to the old one in the same mode, then per-test times.
func printTable(w io.Writer, vs []*variant) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "mode\tgate\tpassed\twall s min/med/max\tCPU s min/med/max\tpeak RSS MiB min/med/max\torphans/run (killed)")
	for _, v := range vs {
		passed, orphans, killed := 0, 0, 0
		for _, s := range v.samples {
			if s.code == 0 {
				passed++
			}
			orphans, killed = orphans+s.orphans, killed+s.killed
		}
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t%s\t%s\t%.0f (%d)\n", v.mode, v.label, passed, len(v.samples),
			spreadOf(series(v.samples, wallSecs)), spreadOf(series(v.samples, cpuSecs)), spreadOf(series(v.samples, rssMiB)),
			float64(orphans)/float64(len(v.samples)), killed)
	}
	tw.Flush()
	printRatios(w, vs)
	printTests(w, vs)
}

func printRatios(w io.Writer, vs []*variant) {
	for _, n := range vs {
		for _, o := range vs {
			if n.name != "new" || o.name != "old" || n.mode != o.mode {
				continue
			}
			ratio := func(pick func(sample) float64) float64 {
				return spreadOf(series(n.samples, pick)).med / spreadOf(series(o.samples, pick)).med
			}
			fmt.Fprintf(w, "new/old %-7s (medians): wall %.2f×  CPU %.2f×  peak RSS %.2f×\n", n.mode, ratio(wallSecs), ratio(cpuSecs), ratio(rssMiB))
		}
	}
}

func printTests(w io.Writer, vs []*variant) {
	var keys []string
	for _, v := range vs {
		for _, k := range v.tests {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	fmt.Fprintln(w, "\nper-test time s, median (min–max), from each run's test stream (junit.xml for an older revision):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	head := []string{"test"}
	for _, v := range vs {
		head = append(head, v.mode+" "+v.name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, k := range keys {
		row := []string{k}
		for _, v := range vs {
			sp := spreadOf(series(v.samples, func(s sample) float64 { return s.tests[k] }))
			row = append(row, fmt.Sprintf("%.2f (%.2f–%.2f)", sp.med, sp.min, sp.max))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
}
