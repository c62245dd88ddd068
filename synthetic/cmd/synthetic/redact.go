package main

import "strings"

// redactor masks the schedule's secrets (webhook and Pushgateway URLs)
// and then whatever the gate's redactor masks.
func redactor(gate func(string) string, secrets []string) func(string) string {
	var pairs []string
	for _, s := range secrets {
		pairs = append(pairs, s, "[redacted]")
	}
	r := strings.NewReplacer(pairs...)
	return func(s string) string { return gate(r.Replace(s)) }
}
