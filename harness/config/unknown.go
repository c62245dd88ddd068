package config

import (
	"slices"
	"strings"
)

// unknownNames returns an error line for every name that looks like a
// smokegate variable (SMOKE_ or SANDBOX_) but is none: a typo would
// otherwise be ignored and its default used without a word.
func unknownNames(names []string, where string, known []Var) []string {
	var out []string
	for _, name := range names {
		if !strings.HasPrefix(name, "SMOKE_") && !strings.HasPrefix(name, "SANDBOX_") {
			continue
		}
		if slices.ContainsFunc(known, func(v Var) bool { return v.Name == name }) {
			continue
		}
		line := name + " in " + where + " is not a smokegate variable"
		if best := closest(name, known); best != "" {
			line += "; did you mean " + best + "?"
		} else {
			line += "; .env.example lists them all"
		}
		out = append(out, line)
	}
	return out
}

// closest is the known variable nearest to name, if it is near enough to
// be a typo of it.
func closest(name string, known []Var) string {
	names := make([]string, len(known))
	for i, v := range known {
		names[i] = v.Name
	}
	return Closest(name, names, len(name)/3+1)
}

// Closest is the candidate nearest to name by edit distance, if it is
// under maxDist edits away, else "": the suggestion for a typo.
func Closest(name string, candidates []string, maxDist int) string {
	best, bestDist := "", maxDist
	for _, c := range candidates {
		if d := distance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
