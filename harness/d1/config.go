package d1

import "github.com/smokegate/smokegate/harness/config"

// FromConfig is the client of the D1 database the configuration names
// (SMOKE_CF_API_URL, SMOKE_CF_ACCOUNT_ID, SMOKE_D1_DATABASE_ID,
// SMOKE_CF_API_TOKEN), and the guard that keeps its writes to the
// configuration's test accounts: what a check and a sweeper both use.
func FromConfig(cfg *config.Config) (*Client, Guard, error) {
	c, err := New(Options{APIURL: cfg.CFAPIURL, AccountID: cfg.CFAccountID, DatabaseID: cfg.D1DatabaseID,
		Token: cfg.CFAPIToken, Timeout: cfg.RequestTimeout, TLS: cfg.TLS()})
	return c, Guard{Pattern: cfg.AccountPattern}, err
}
