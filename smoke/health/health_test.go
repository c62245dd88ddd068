package health

import (
	"net/http"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness"
)

// limit is the runbook's: health answers within 5 s.
const limit = 5 * time.Second

func TestHealth(t *testing.T) {
	s := harness.Start(t, harness.Budget(5*time.Second),
		harness.Advice("check the API's logs and MongoDB's status; roll back if the database stays unreachable"))

	s.Step("GET /api/health")
	resp := s.API().Expect().GET("/api/health").Expect()
	if x, ok := s.API().Last(); ok && x.Status != 0 {
		s.Limit("health.response", "GET /api/health", x.Total, limit)
	}
	data := resp.JSON().Object().Value("data").Object()
	if code := resp.Raw().StatusCode; code != http.StatusOK {
		s.Failf("health answered %d with database %q, want 200 and \"connected\"", code, data.Value("database").String().Raw())
	}
	data.Value("status").IsEqual("ok")
	data.Value("database").IsEqual("connected")
	version := data.Value("version").String().Raw()
	s.Property("deploy.version", version)
	s.Step("API %s is up and connected to its database", version)
}
