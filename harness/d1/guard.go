package d1

import (
	"fmt"
	"regexp"
)

// Guard refuses to let the suite write to an account it does not own:
// every write names the account's email, which must match the test
// account pattern (SMOKE_TEST_ACCOUNT_PATTERN).
type Guard struct{ Pattern *regexp.Regexp }

// Check returns an error unless email is a test account's.
func (g Guard) Check(email string) error {
	if g.Pattern == nil {
		return fmt.Errorf("no test account pattern: refusing to write to %q (set SMOKE_TEST_ACCOUNT_PATTERN)", email)
	}
	if !g.Pattern.MatchString(email) {
		return fmt.Errorf("%q does not match SMOKE_TEST_ACCOUNT_PATTERN %s: the suite writes only to its own test accounts", email, g.Pattern)
	}
	return nil
}
