package config

import (
	"path/filepath"
	"testing"
)

// .env.example parses and states every default as the code has it.
func TestEnvExampleLoads(t *testing.T) {
	b, err := readFile(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatalf(".env.example does not parse: %v", err)
	}
	for _, v := range Vars {
		if b[v.Name] != v.Default {
			t.Errorf(".env.example sets %s=%q, but its default is %q", v.Name, b[v.Name], v.Default)
		}
	}
}
