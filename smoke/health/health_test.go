package health

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
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
	raw := resp.Raw()
	if raw.StatusCode != http.StatusOK {
		s.Failf("health answered %s, want 200 with database \"connected\"", answer(raw, resp.Body().Raw()))
	}
	if ct := raw.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		s.Failf("health answered 200 with %s, want JSON: %q", ct, firstBytes(resp.Body().Raw()))
	}
	data := resp.JSON().Object().Value("data").Object()
	data.Value("status").IsEqual("ok")
	data.Value("database").IsEqual("connected")
	version := data.Value("version").String().Raw()
	s.Property("deploy.version", version)
	s.Step("API %s is up and connected to its database", version)
}

// answer says what came back in the order an on-call engineer needs it:
// the status, where a redirect points, the content type, then the
// database state from a JSON body or the body's first bytes.
func answer(raw *http.Response, body string) string {
	out := fmt.Sprintf("%d", raw.StatusCode)
	if loc := raw.Header.Get("Location"); loc != "" {
		out += " redirecting to " + loc
	}
	ct := raw.Header.Get("Content-Type")
	out += " (" + ct + ")"
	var health struct {
		Data struct{ Database string } `json:"data"`
	}
	if strings.HasPrefix(ct, "application/json") && json.Unmarshal([]byte(body), &health) == nil && health.Data.Database != "" {
		return out + fmt.Sprintf(" with database %q", health.Data.Database)
	}
	return out + fmt.Sprintf(": %q", firstBytes(body))
}

func firstBytes(body string) string {
	const n = 160
	if len(body) > n {
		return body[:n] + "…"
	}
	return body
}
