package extension

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gavv/httpexpect/v2"
	"go.mongodb.org/mongo-driver/bson/primitive"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/answer"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/dash"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/store"
)

const advice = "check the extension's service worker console, the API's CORS settings and the model's API key; roll back if this deploy changed the API or the extension"

// How long the gate waits for the page: room for a starved runner, not
// the product's limits.
const (
	toolbarWait = 10 * time.Second
	answerWait  = 15 * time.Second
)

// The extension's DOM hooks.
const (
	toolbar    = "#promptlens-toolbar"
	optimize   = `button[data-promptlens="optimize"]`
	save       = `button[data-promptlens="save"]`
	status     = `[data-promptlens="status"]`
	promptArea = "#prompt-textarea"
)

func TestOptimizeAndSave(t *testing.T) {
	s := check.Start(t, harness.Advice(advice), harness.WarmBrowser(browser.Extension))
	cfg := s.Config()
	email := s.Email("extension")
	store.CleanupAccount(s, email)
	tab := harness.ExtensionTab(s)

	s.Step("sign in to the dashboard as %s and connect the extension", email)
	if err := dash.SignIn(tab, cfg.Get("SMOKE_DASHBOARD_URL"), email); err != nil {
		s.Failf("sign in: %v", harness.Explain(s, tab, err))
	}
	got, err := dash.ConnectExtension(tab, cfg.Get("SMOKE_DASHBOARD_URL"), harness.Browser(s).ExtensionID) // contract: ext.connect (dashboard)
	if err != nil {
		s.Failf("connect the extension: %v", harness.Explain(s, tab, err))
	}
	if !strings.Contains(got, "connected") { // contract: ext.connect (extension)
		s.Failf("the connect page says %q, want \"Extension connected\"", got)
	}
	before := usageCount(s, email)

	s.Step("open %s", cfg.Get("SMOKE_CHAT_URL"))
	if err := chromedp.Do(tab, chromedp.Navigate(cfg.Get("SMOKE_CHAT_URL"))); err != nil {
		s.GateErrorf("open the chat page %s: %v", cfg.Get("SMOKE_CHAT_URL"), err)
	}
	waitToolbar(s, tab)
	original := fmt.Sprintf("Summarize the smoke run %s in one line", cfg.RunID)
	optimized := clickOptimize(s, tab, original)
	clickSave(s, tab)
	checkStored(s, email, original, optimized, before)
	checkAPIPath(s, email)
}

func waitToolbar(s *harness.S, tab context.Context) {
	ctx, cancel := context.WithTimeout(tab, toolbarWait)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(optimize)), chromedp.WaitVisible(chromedp.CSS(save))); err != nil { // contract: ext.buttons (extension)
		s.Failf("the Optimize and Save buttons did not appear on the chat page within %s: the content script did not run (check the manifest's matches); %v", toolbarWait, harness.Explain(s, tab, nil))
	}
	s.Step("Optimize and Save are visible")
}

// clickOptimize types a prompt, clicks Optimize and times the round trip.
func clickOptimize(s *harness.S, tab context.Context, prompt string) string {
	if err := browser.Type(tab, promptArea, prompt); err != nil {
		s.GateErrorf("type into the prompt box: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(optimize))); err != nil {
		s.GateErrorf("click Optimize: %v", err)
	}
	if got := awaitStatus(s, tab, "Optimize"); got != "Optimized" {
		s.Failf("after Optimize the extension says %q, want \"Optimized\"", got)
	}
	s.Limit("optimize.extension", "Optimize's POST /api/optimize from the extension", workerTime(s, "/api/optimize")) // contract: optimize.time (extension)
	box, err := chromedp.Run(tab, chromedp.Value(chromedp.CSS(promptArea)))
	if err != nil {
		s.Failf("read the prompt box: %v", harness.Explain(s, tab, err))
	}
	if box == prompt || !strings.Contains(box, prompt) { // contract: optimize.answer (extension); field optimize:data.optimizedPrompt (extension)
		s.Failf("the prompt box holds %q after Optimize, want the optimized prompt", box)
	}
	return box
}

// workerTime is how long the target took to answer the extension's newest
// call to path, from the service worker's own Resource Timing.
func workerTime(s *harness.S, path string) time.Duration {
	worker, detach, err := harness.Browser(s).ExtensionWorker()
	if err != nil {
		s.GateErrorf("time the extension's call to %s: %v", path, err)
	}
	defer detach()
	ctx, cancel := context.WithTimeout(worker, 5*time.Second)
	defer cancel()
	took, found, err := browser.ResourceTime(ctx, path)
	if err != nil || !found {
		s.GateErrorf("the extension's service worker has no timing of its call to %s (%v)", path, err)
	}
	return took
}

func clickSave(s *harness.S, tab context.Context) {
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(save))); err != nil {
		s.GateErrorf("click Save: %v", err)
	}
	if got := awaitStatus(s, tab, "Save"); got != "Saved" { // contract: prompts.save (extension)
		s.Failf("after Save the extension says %q, want \"Saved\"", got)
	}
	s.Step("the extension says Saved")
}

// awaitStatus waits for the toolbar to leave its busy state after a click
// on button and returns the status text.
func awaitStatus(s *harness.S, tab context.Context, button string) string {
	ctx, cancel := context.WithTimeout(tab, answerWait)
	defer cancel()
	text, err := browser.Await(ctx, `(() => { const t = document.querySelector("`+toolbar+`"); const st = t && t.dataset.promptlensState;
		  return st === "ok" || st === "error" ? document.querySelector('`+status+`').textContent.trim() : "" })()`)
	if err != nil {
		cur, _ := chromedp.Run(tab, chromedp.Evaluate[string](`(document.querySelector('`+status+`')||{}).textContent || ""`))
		s.Failf("after %s the extension gave no answer within %s (it says %q); %v", button, answerWait, cur, harness.Explain(s, tab, nil))
	}
	return text
}

func usageCount(s *harness.S, email string) int64 {
	v := store.User(s, email)["usageCount"]
	n, ok := store.Int(v)
	if !ok {
		s.Failf("the user's usageCount is %v, want a number", v)
	}
	return n
}

// checkStored: the prompt is in MongoDB for this user and usage went up
// by exactly one.
func checkStored(s *harness.S, email, original, optimized string, before int64) {
	prompts, err := store.Open(s).Prompts(s.Ctx(), store.User(s, email)["_id"])
	if err != nil {
		s.GateErrorf("read the user's prompts: %v", store.Own(err))
	}
	if len(prompts) == 0 { // contract: field prompts:userId (db)
		s.Failf("the user's prompts in MongoDB after Save: none, want the one just saved, %q", original)
	}
	p := prompts[0]
	s.Check().Equal(original, p["originalPrompt"], "the newest stored prompt's originalPrompt")                                      // contract: prompts.save (db); field prompts:originalPrompt (db)
	s.Check().Equal(optimized, p["optimizedPrompt"], "the newest stored prompt's optimizedPrompt")                                   // contract: field prompts:optimizedPrompt (db)
	s.Check().Equal("optimized", p["status"], "the newest stored prompt's status")                                                   // contract: field prompts:status (db)
	s.Check().NotEmpty(p["site"], "the newest stored prompt's site (the chat site it came from)")                                    // contract: field prompts:site (db)
	s.Check().WithinDuration(time.Now(), store.Time(p["createdAt"]), time.Minute, "the newest stored prompt's createdAt (want now)") // contract: field prompts:createdAt (db)
	s.Check().Equal(before+1, usageCount(s, email), "usageCount after one Optimize (it was %d)", before)                             // contract: optimize.usage (db); field users:usageCount (db)
	s.Step("MongoDB has the prompt; usageCount went up by one")
}

// checkUsage holds optimize's usage answer to the count MongoDB holds
// after the call: usageCount, limit and what remains.
func checkUsage(s *harness.S, usage *httpexpect.Object, stored int64) {
	usage.Value("usageCount").IsEqual(stored) // contract: optimize.usage (api); field optimize:data.usage.usageCount (api)
	limit, ok := store.Int(usage.Value("limit").Raw())
	if !ok || limit <= 0 { // contract: field optimize:data.usage.limit (api)
		s.Failf("optimize's usage.limit is %v, want a positive number", usage.Value("limit").Raw())
	}
	usage.Value("remaining").IsEqual(limit - stored) // contract: optimize.usage (api); field optimize:data.usage.remaining (api)
}

// checkAPIPath calls the two routes directly with the user's token, and
// the CORS preflight the extension's origin needs.
func checkAPIPath(s *harness.S, email string) {
	id, ok := store.User(s, email)["_id"].(primitive.ObjectID)
	if !ok {
		s.GateErrorf("the user record has no ObjectID")
	}
	token := store.MintToken(s, id, email)
	api := harness.API(s).WithToken(token)
	s.Step("API path: POST /api/optimize and /api/prompts")
	opt := answer.Data(api.POST("/api/optimize").WithJSON(map[string]string{"prompt": "api path " + s.Config().RunID, "site": "chatgpt"}).
		Expect().Status(http.StatusOK)) // contract: field optimize:success (api)
	if x, ok := harness.API(s).Last(); ok {
		s.Limit("optimize.api", "POST /api/optimize called directly", x.Total) // contract: optimize.time (api)
	}
	text := opt.Value("optimizedPrompt").String().NotEmpty().Raw() // contract: optimize.answer (api); field optimize:data.optimizedPrompt (api)
	checkUsage(s, opt.Value("usage").Object(), usageCount(s, email))
	saved := answer.Data(api.POST("/api/prompts").WithJSON(map[string]string{"originalPrompt": "api path " + s.Config().RunID, "optimizedPrompt": text, "site": "chatgpt"}).
		Expect().Status(http.StatusCreated)) // contract: field save:success (api)
	saved.Value("id").String().NotEmpty()                                                                                     // contract: prompts.save (api); field save:data.id (api)
	saved.Value("createdAt").String().AsDateTime(time.RFC3339).InRange(time.Now().Add(-time.Hour), time.Now().Add(time.Hour)) // contract: prompts.save (api); field save:data.createdAt (api)
	origin := "chrome-extension://" + harness.Browser(s).ExtensionID
	harness.API(s).Expect().OPTIONS("/api/optimize").WithHeader("Origin", origin).
		WithHeader("Access-Control-Request-Method", "POST").WithHeader("Access-Control-Request-Headers", "authorization,content-type").
		Expect().Header("Access-Control-Allow-Origin").IsEqual(origin) // contract: cors (api)
}
