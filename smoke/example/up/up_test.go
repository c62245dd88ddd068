package up

import (
	"net/http"
	"testing"

	"github.com/smokegate/smokegate/harness"
)

func TestUp(t *testing.T) {
	s := check.Start(t, harness.Advice("look at the service's logs and its database; roll back if this deploy broke it"))
	s.Step("GET /health")
	resp := harness.API(s).Expect().GET("/health").Expect()
	resp.Status(http.StatusOK).HasContentType("application/json")
	x, _ := harness.API(s).Last()
	s.Limit("up.response", "GET /health", x.Total)
	resp.JSON().Object().Value("status").IsEqual("ok")
	s.Step("the service is up")
}
