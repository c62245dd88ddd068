package harness

import (
	"github.com/smokegate/smokegate/harness/d1"
	"github.com/smokegate/smokegate/harness/objstore"
)

// D1 returns the client of the deployment's D1 database (SMOKE_CF_*,
// SMOKE_D1_DATABASE_ID). Options missing are a gate error. Its reads and
// writes failing are the test's own: end them with store.Own.
func (s *S) D1() *d1.Client {
	s.t.Helper()
	if s.d1 == nil {
		c, _, err := d1.FromConfig(s.run.cfg)
		if err != nil {
			s.GateErrorf("%v", err)
		}
		s.d1 = c
	}
	return s.d1
}

// D1Guard checks that an account is the suite's own before a write.
func (s *S) D1Guard() d1.Guard { return d1.Guard{Pattern: s.run.cfg.AccountPattern} }

// Bucket returns a reader of the S3-compatible bucket SMOKE_R2_* names.
// Options missing are a gate error.
func (s *S) Bucket() *objstore.Client {
	s.t.Helper()
	if s.bucket == nil {
		cfg := s.run.cfg
		c, err := objstore.New(objstore.Options{Endpoint: cfg.R2Endpoint, AccessKey: cfg.R2AccessKeyID,
			SecretKey: cfg.R2SecretAccessKey, Bucket: cfg.R2Bucket, Timeout: cfg.RequestTimeout, TLS: cfg.TLS()})
		if err != nil {
			s.GateErrorf("%v", err)
		}
		s.bucket = c
	}
	return s.bucket
}
