package config

import (
	"slices"
	"testing"
)

func TestSetEnv(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		set  map[string]string
		want []string
	}{
		{"adds in name order", []string{"A=1"}, map[string]string{"C": "3", "B": "2"}, []string{"A=1", "B=2", "C=3"}},
		{"replaces every copy", []string{"A=1", "B=x", "B=y"}, map[string]string{"B": "2"}, []string{"A=1", "B=2"}},
		{"sets empty values", []string{"SMOKE_ENV=staging"}, map[string]string{"SMOKE_ENV": ""}, []string{"SMOKE_ENV="}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SetEnv(tc.env, tc.set); !slices.Equal(got, tc.want) {
				t.Errorf("SetEnv = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	get := LookupIn([]string{"A=1", "B=x=y", "A=2", "C="})
	for _, tc := range []struct {
		key, want string
		ok        bool
	}{{"A", "2", true}, {"B", "x=y", true}, {"C", "", true}, {"D", "", false}} {
		if got, ok := get(tc.key); got != tc.want || ok != tc.ok {
			t.Errorf("LookupIn(%s) = %q %v, want %q %v", tc.key, got, ok, tc.want, tc.ok)
		}
	}
}

func TestLookupOnly(t *testing.T) {
	get := LookupOnly(map[string]string{"SMOKE_API_URL": "http://x", "HOME": "/h"})
	for _, tc := range []struct {
		key, want string
		ok        bool
	}{{"SMOKE_API_URL", "http://x", true}, {"SMOKE_ENV", "", true}, {"HOME", "/h", true}, {"PATH", "", false}} {
		if got, ok := get(tc.key); got != tc.want || ok != tc.ok {
			t.Errorf("LookupOnly(%s) = %q %v, want %q %v", tc.key, got, ok, tc.want, tc.ok)
		}
	}
}
