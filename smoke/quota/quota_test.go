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
	checkTime(s, "lastResetAt", usage.Value("lastResetAt").String().AsDateTime(time.RFC3339).Raw(), asked)
	checkTime(s, "nextResetAt", usage.Value("nextResetAt").String().AsDateTime(time.RFC3339).Raw(), asked.Add(window))

	s.Step("MongoDB agrees")
	user, found, err := s.DB().User(s.Ctx(), acct.Email)
	if err != nil || !found {
		s.GateErrorf("read the test user back: found=%v err=%v", found, err)
	}
	if n, ok := harness.Int(user["usageCount"]); !ok || n != 0 {
		s.Failf("MongoDB usageCount is %d after the reset, want 0", n)
	}
	if last, ok := user["lastResetAt"].(interface{ Time() time.Time }); !ok || !harness.Within(last.Time(), asked, time.Minute) {
		s.Failf("MongoDB lastResetAt is %v, want now (%s) within a minute", user["lastResetAt"], asked.Format(time.RFC3339))
	}
}

func checkTime(s *harness.S, field string, got, want time.Time) {
	if !harness.Within(got, want, time.Minute) {
		s.Failf("%s is %s, want %s within a minute", field, got.Format(time.RFC3339), want.Format(time.RFC3339))
	}
}
