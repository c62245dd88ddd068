package apiup

import (
	"net/http"
	"testing"

	"github.com/smokegate/smokegate/harness"
)

func TestAPIUp(t *testing.T) {
	s := check.Start(t, harness.Advice("check the Worker's logs (wrangler tail) and its last deployment; roll back if the API stays down"))

	s.Step("GET /manuscripts without a token")
	harness.API(s).Expect().GET("/manuscripts").Expect().Status(http.StatusUnauthorized) // contract: api.unauthorized (api)
	x, _ := harness.API(s).Last()
	s.Limit("api.response", "GET /manuscripts", x.Total) // contract: api.time (api)
	s.Step("the API is up: 401 without a token")
}
