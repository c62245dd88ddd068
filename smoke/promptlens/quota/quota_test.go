package quota

import (
	"net/http"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/store"
)

const window = 30 * 24 * time.Hour

func TestQuotaReset(t *testing.T) {
	s := check.Start(t, harness.Advice("check the API's quota middleware and the reset job, and the users' lastResetAt values; roll back if a deploy changed the quota code"))

	past := time.Now().UTC().Add(-window - time.Minute)
	acct := store.NewAccount(s, "quota", bson.M{"usageCount": 7, "lastResetAt": past, "nextResetAt": past.Add(window)})
	s.Step("window moved 30 days back with usageCount 7")

	s.Step("GET /api/usage")
	asked := time.Now().UTC()
	usage := s.API().WithToken(acct.Token).GET("/api/usage").
		Expect().Status(http.StatusOK).JSON().Object().Value("data").Object()

	usage.Value("plan").IsEqual("free")                          // contract: usage.fields (api)
	usage.Value("usageCount").IsEqual(0)                         // contract: quota.reset (api)
	usage.Value("remaining").IsEqual(usage.Value("limit").Raw()) // contract: usage.fields (api)
	usage.Value("lastResetAt").String().AsDateTime(time.RFC3339).InRange(asked.Add(-time.Minute), asked.Add(time.Minute))
	next := asked.Add(window)
	usage.Value("nextResetAt").String().AsDateTime(time.RFC3339).InRange(next.Add(-time.Minute), next.Add(time.Minute))

	s.Step("MongoDB agrees")
	user := store.User(s, acct.Email)
	s.Check().EqualValues(0, user["usageCount"], "MongoDB usageCount after the reset") // contract: quota.reset (db)
	s.Check().WithinDuration(asked, store.Time(user["lastResetAt"]), time.Minute, "MongoDB lastResetAt after the reset (want now)")
	checkLimit(s, acct, usage.Value("limit").Raw())
	checkUnauthorized(s)
}

// checkLimit: a free user at the plan's limit is refused with 429
// QUOTA_EXCEEDED, and the refused call is not counted.
func checkLimit(s *harness.S, acct *store.Account, limit any) {
	n, ok := store.Int(limit)
	s.Must().True(ok && n > 0, "GET /api/usage's limit is %v, want a positive number", limit)
	s.Step("at the limit of %d, POST /api/optimize is refused", n)
	s.DBError(store.Open(s).UpdateUser(s.Ctx(), acct.Email, bson.M{"$set": bson.M{"usageCount": n}}), "set the test user's usageCount to the limit")
	s.API().WithToken(acct.Token).POST("/api/optimize").WithJSON(map[string]string{"prompt": "quota check " + s.RunID(), "site": "chatgpt"}).
		Expect().Status(http.StatusTooManyRequests).JSON().Object().Value("error").Object().
		Value("code").IsEqual("QUOTA_EXCEEDED") // contract: quota.exceeded (api)
	s.Check().EqualValues(n, store.User(s, acct.Email)["usageCount"], "usageCount after a refused optimize (want it unchanged at the limit)")
}

// checkUnauthorized: without a token, or with a bad one, an authenticated
// route answers 401 UNAUTHORIZED.
func checkUnauthorized(s *harness.S) {
	s.Step("GET /api/usage without a token and with a bad one: 401")
	for _, token := range []string{"", "not-a-jwt"} {
		req := s.API().Expect().GET("/api/usage")
		if token != "" {
			req = req.WithHeader("Authorization", "Bearer "+token)
		}
		req.Expect().Status(http.StatusUnauthorized).JSON().Object().Value("error").Object().
			Value("code").IsEqual("UNAUTHORIZED") // contract: auth.unauthorized (api)
	}
}
