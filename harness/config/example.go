package config

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/smokegate/smokegate/harness/runbook"
)

const exampleHeader = `# smokegate configuration. Copy to .env (or .env.<SMOKE_ENV>) and fill in.
# The real environment wins over these files. With nothing set, the suite
# runs against the embedded sandbox. Never commit a file with real secrets.
#
# Generated from harness/config (the harness's variables) and each
# smoke/<product>/runbook.yml (the product's): edit those, then run
# make env.
`

// Example is the text of .env.example: the harness's variables, then
// each runbook's that no earlier one declared, each with its purpose and
// default.
func Example(rbs []*runbook.Runbook) []byte {
	var b bytes.Buffer
	b.WriteString(exampleHeader)
	for _, v := range Vars {
		fmt.Fprintf(&b, "\n# %s\n%s=%s\n", v.Purpose, v.Name, v.Default)
	}
	var seen []string
	for _, rb := range rbs {
		fmt.Fprintf(&b, "\n# ---- %s (smoke/%s/%s) ----\n", rb.Title, rb.Name, runbook.File)
		for _, v := range rb.Variables {
			if slices.Contains(seen, v.Name) {
				fmt.Fprintf(&b, "\n# %s (set above): %s\n", v.Name, v.Purpose)
				continue
			}
			seen = append(seen, v.Name)
			fmt.Fprintf(&b, "\n# %s\n%s=%s\n", v.Purpose, v.Name, v.Default)
		}
	}
	return b.Bytes()
}
