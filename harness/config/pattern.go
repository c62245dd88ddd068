package config

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// OrdinaryAddresses are emails of real people and shared mailboxes. The
// test account pattern is the data guard: a pattern that matches any of
// them would let the suite write to accounts it does not own.
var OrdinaryAddresses = []string{
	"ceo@promptlens.app", "admin@promptlens.app", "support@example.com",
	"john.doe@gmail.com", "@promptlens.app", "smoke@promptlens.app", "",
}

// setPattern accepts only a pattern anchored at both ends (^...$, no
// top-level alternation) that matches none of OrdinaryAddresses.
func setPattern(c *Config, v string) error {
	re, err := regexp.Compile(v)
	if err != nil {
		return fmt.Errorf("is not a regular expression: %v", err)
	}
	if !anchored(v) {
		return fmt.Errorf("is %q, not anchored: write it as ^...$ so it matches a whole address, e.g. %s", v, `^smoke\+[a-z0-9-]+@smokegate\.test$`)
	}
	var hits []string
	for _, a := range OrdinaryAddresses {
		if re.MatchString(a) {
			hits = append(hits, fmt.Sprintf("%q", a))
		}
	}
	if len(hits) > 0 {
		return fmt.Errorf("is %q and matches ordinary addresses (%s): the suite would write to accounts it does not own; narrow it to the test accounts only, e.g. %s",
			v, strings.Join(hits, ", "), `^smoke\+[a-z0-9-]+@smokegate\.test$`)
	}
	c.AccountPattern = re
	return nil
}

// anchored reports whether the pattern is ^, then something, then $, as a
// whole: `^a$|b` or `(?m)^a$` are not.
func anchored(v string) bool {
	re, err := syntax.Parse(v, syntax.Perl)
	if err != nil {
		return false
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return false
	}
	return re.Sub[0].Op == syntax.OpBeginText && re.Sub[len(re.Sub)-1].Op == syntax.OpEndText
}
