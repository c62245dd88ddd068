package quota

import (
	"net/http"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/harness"
)

const window = 30 * 24 * time.Hour

func TestQuotaReset(t *testing.T) {
	s := harness.Start(t, harness.Budget(5*time.Second),
		harness.Advice("check the API's quota middleware and the reset job, and the users' lastResetAt values; roll back if a deploy changed the quota code"))

	past := time.Now().UTC().Add(-window - time.Minute)
	acct := s.NewAccount("quota", bson.M{"usageCount": 7, "lastResetAt": past, "nextResetAt": past.Add(window)})
	s.Step("window moved 30 days back with usageCount 7")

	s.Step("GET /api/usage")
	asked := time.Now().UTC()
	usage := s.API().WithToken(acct.Token).GET("/api/usage").
		Expect().Status(http.StatusOK).JSON().Object().Value("data").Object()

	usage.Value("usageCount").IsEqual(0)
	usage.Value("remaining").IsEqual(usage.Value("limit").Raw())
	usage.Value("lastResetAt").String().AsDateTime(time.RFC3339).InRange(asked.Add(-time.Minute), asked.Add(time.Minute))
	next := asked.Add(window)
	usage.Value("nextResetAt").String().AsDateTime(time.RFC3339).InRange(next.Add(-time.Minute), next.Add(time.Minute))

	s.Step("MongoDB agrees")
	user := s.User(acct.Email)
	s.Check().EqualValues(0, user["usageCount"], "MongoDB usageCount after the reset")
	s.Check().WithinDuration(asked, harness.Time(user["lastResetAt"]), time.Minute, "MongoDB lastResetAt after the reset (want now)")
}
