package quota

import (
	"net/http"
	"testing"
	"time"

	"github.com/gavv/httpexpect/v2"
	"go.mongodb.org/mongo-driver/bson"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/answer"
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
	usage := answer.Data(harness.API(s).WithToken(acct.Token).GET("/api/usage").Expect().Status(http.StatusOK)) // contract: field usage:success (api)
	checkUsage(s, usage, asked)

	s.Step("MongoDB agrees")
	user := store.User(s, acct.Email)
	s.Check().EqualValues(0, user["usageCount"], "MongoDB usageCount after the reset")                                                                    // contract: quota.reset (db); field users:usageCount (db)
	s.Check().WithinDuration(asked, store.Time(user["lastResetAt"]), time.Minute, "MongoDB lastResetAt after the reset (want now)")                       // contract: field users:lastResetAt (db)
	s.Check().WithinDuration(asked.Add(window), store.Time(user["nextResetAt"]), time.Minute, "MongoDB nextResetAt after the reset (want now + 30 days)") // contract: field users:nextResetAt (db)
	checkLimit(s, acct, usage.Value("limit").Raw())
	checkUnauthorized(s)
}

// checkUsage holds GET /api/usage's answer, asked for right after the
// reset, to the contract: the plan, a reset count, a positive limit all
// remaining, and RFC 3339 reset times now and 30 days on.
func checkUsage(s *harness.S, usage *httpexpect.Object, asked time.Time) {
	usage.Value("plan").IsEqual("free")                          // contract: usage.fields (api); field usage:data.plan (api)
	usage.Value("usageCount").IsEqual(0)                         // contract: quota.reset (api); field usage:data.usageCount (api)
	usage.Value("limit").Number().Gt(0)                          // contract: field usage:data.limit (api)
	usage.Value("remaining").IsEqual(usage.Value("limit").Raw()) // contract: usage.fields (api); field usage:data.remaining (api)
	usage.Value("lastResetAt").String().AsDateTime(time.RFC3339).
		InRange(asked.Add(-time.Minute), asked.Add(time.Minute)) // contract: field usage:data.lastResetAt (api)
	next := asked.Add(window)
	usage.Value("nextResetAt").String().AsDateTime(time.RFC3339).
		InRange(next.Add(-time.Minute), next.Add(time.Minute)) // contract: field usage:data.nextResetAt (api)
}

// checkLimit: a free user at the plan's limit is refused with 429
// QUOTA_EXCEEDED, and the refused call is not counted.
func checkLimit(s *harness.S, acct *store.Account, limit any) {
	n, ok := store.Int(limit)
	if !ok || n <= 0 {
		s.Failf("GET /api/usage's limit is %v, want a positive number", limit)
	}
	s.Step("at the limit of %d, POST /api/optimize is refused", n)
	if err := store.Open(s).UpdateUser(s.Ctx(), acct.Email, bson.M{"$set": bson.M{"usageCount": n}}); err != nil {
		s.GateErrorf("set the test user's usageCount to the limit: %v", store.Own(err))
	}
	refused := harness.API(s).WithToken(acct.Token).POST("/api/optimize").WithJSON(map[string]string{"prompt": "quota check " + s.Config().RunID, "site": "chatgpt"}).
		Expect().Status(http.StatusTooManyRequests)
	answer.Failed(refused).IsEqual("QUOTA_EXCEEDED") // contract: quota.exceeded (api); field quota.exceeded:success,error.code,error.message (api)
	s.Check().EqualValues(n, store.User(s, acct.Email)["usageCount"], "usageCount after a refused optimize (want it unchanged at the limit)")
}

// checkUnauthorized: without a token, or with a bad one, an authenticated
// route answers 401 UNAUTHORIZED.
func checkUnauthorized(s *harness.S) {
	s.Step("GET /api/usage without a token and with a bad one: 401")
	for _, token := range []string{"", "not-a-jwt"} {
		req := harness.API(s).Expect().GET("/api/usage")
		if token != "" {
			req = req.WithHeader("Authorization", "Bearer "+token)
		}
		answer.Failed(req.Expect().Status(http.StatusUnauthorized)).IsEqual("UNAUTHORIZED") // contract: auth.unauthorized (api); field unauthorized:success,error.code,error.message (api)
	}
}
