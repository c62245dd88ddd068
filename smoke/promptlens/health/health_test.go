package health

import (
	"net/http"
	"testing"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/answer"
)

// TestHealth looks at the answer in the order it tells what happened: the
// status (a redirect is named with its Location, never followed), the
// content type, then the body; each failure quotes the status, content
// type and the body's first bytes.
func TestHealth(t *testing.T) {
	s := check.Start(t, harness.Advice("check the API's logs and MongoDB's status; roll back if the database stays unreachable"))

	s.Step("GET /api/health")
	resp := harness.API(s).Expect().GET("/api/health").Expect()
	if x, ok := harness.API(s).Last(); ok && x.Status == http.StatusServiceUnavailable {
		// The runbook's degraded answer: say which part is down.
		resp.JSON().Object().Value("data").Object().Value("database").IsEqual("connected") // contract: health.degraded (api); field health.degraded:data.database (api)
	}
	resp.Status(http.StatusOK).HasContentType("application/json")
	x, _ := harness.API(s).Last()
	if x.Truncated {
		s.Failf("GET /api/health answered %s; want a small JSON answer", x.Answer())
	}
	s.Limit("health.response", "GET /api/health", x.Total)     // contract: health.time (api)
	data := answer.Data(resp)                                  // contract: field health:success (api)
	data.Value("status").IsEqual("ok")                         // contract: field health:data.status (api)
	data.Value("database").IsEqual("connected")                // contract: health.ok (api); field health:data.database (api)
	version := data.Value("version").String().NotEmpty().Raw() // contract: field health:data.version (api)
	s.Property("deploy.version", version)
	if want := s.Config().ExpectVersion; want != "" && version != want {
		s.GateErrorf("the API at %s serves version %q, not %q, the deploy under test: it is not live there, so this run says nothing about it; point SMOKE_API_URL at the new version (its canary or preview service) or correct SMOKE_EXPECT_VERSION",
			s.Config().APIURL, version, want)
	}
	s.Step("API %s is up and connected to its database", version)
}
