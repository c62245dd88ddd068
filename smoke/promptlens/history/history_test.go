package history

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gavv/httpexpect/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"

	"github.com/smokegate/smokegate/harness"
	"github.com/smokegate/smokegate/harness/browser"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/answer"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/dash"
	"github.com/smokegate/smokegate/smoke/promptlens/internal/store"
)

const (
	advice   = "check the dashboard's function logs, the API's GET /api/prompts and the database query behind it; roll back if this deploy changed history"
	pageSize = 20
)

type saved struct {
	id, original, optimized string
	at                      time.Time
}

func TestHistory(t *testing.T) {
	s := check.Start(t, harness.Advice(advice), harness.WarmBrowser(browser.Pages))
	acct := store.NewAccount(s, "history", nil)
	prompts := append(fillPage(s, acct.Email, pageSize), savePrompt(s, acct.Token))
	newest := prompts[len(prompts)-1]

	tab := harness.Tab(s)
	s.Step("sign in as %s", acct.Email)
	if err := dash.SignIn(tab, s.Config().Get("SMOKE_DASHBOARD_URL"), acct.Email); err != nil {
		s.Failf("sign in: %v", harness.Explain(s, tab, err))
	}
	checkFirstPage(s, tab, newest)
	checkDetail(s, tab, newest)
	checkSecondPage(s, tab, prompts[0])
	checkAPI(s, acct.Token, newest, len(prompts))
	checkOneAndDelete(s, acct, newest)
}

// fillPage stores n older prompts straight in MongoDB (test account
// only), so the history needs a second page; oldest first.
func fillPage(s *harness.S, email string, n int) []saved {
	s.Step("store %d older prompts for the account", n)
	base := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	docs := make([]bson.M, n)
	out := make([]saved, n)
	for i := range n {
		id := primitive.NewObjectID()
		original := fmt.Sprintf("history filler %s #%02d", s.Config().RunID, i)
		at := base.Add(time.Duration(i) * time.Second)
		docs[i] = bson.M{"_id": id, "originalPrompt": original, "optimizedPrompt": "Optimized: " + original, "site": "chatgpt", "status": "optimized", "createdAt": at}
		out[i] = saved{id: id.Hex(), original: original, optimized: "Optimized: " + original, at: at}
	}
	if err := store.Open(s).InsertPrompts(s.Ctx(), email, docs); err != nil {
		s.GateErrorf("store the filler prompts: %v", err)
	}
	return out
}

// savePrompt saves the prompt under test through the API, as the
// extension does.
func savePrompt(s *harness.S, token string) saved {
	original := "history check " + s.Config().RunID
	optimized := "Optimized: " + original
	s.Step("POST /api/prompts")
	data := answer.Data(harness.API(s).WithToken(token).POST("/api/prompts").
		WithJSON(map[string]string{"originalPrompt": original, "optimizedPrompt": optimized, "site": "chatgpt"}).
		Expect().Status(http.StatusCreated)) // contract: prompts.save (api); field save:success (api)
	at := time.Now()
	data.Value("createdAt").String().AsDateTime(time.RFC3339).InRange(at.Add(-time.Minute), at.Add(time.Minute))   // contract: field save:data.createdAt (api)
	return saved{id: data.Value("id").String().NotEmpty().Raw(), original: original, optimized: optimized, at: at} // contract: field save:data.id (api)
}

type row struct {
	ID, Original, Status, Created string
}

func rows(s *harness.S, tab context.Context) []row {
	got, err := chromedp.Run(tab, chromedp.Evaluate[[]row](`[...document.querySelectorAll("#history tr.prompt")].map(r => ({
		ID: r.dataset.promptId || "", Original: (r.querySelector("td.original")||{}).textContent?.trim() || "",
		Status: (r.querySelector("td.status")||{}).textContent?.trim() || "",
		Created: (r.querySelector("td.created time")||{}).getAttribute?.("datetime") || ""}))`))
	if err != nil {
		s.Failf("read the history table: %v", harness.Explain(s, tab, err))
	}
	return got
}

func checkFirstPage(s *harness.S, tab context.Context, newest saved) {
	resp, err := chromedp.Run(tab, chromedp.NavigateResponse(s.Config().Get("SMOKE_DASHBOARD_URL")+"/history"))
	if err != nil {
		s.Failf("open /history: %v", harness.Explain(s, tab, err))
	}
	if resp.Status != http.StatusOK {
		s.Failf("/history answered %d, want 200", resp.Status)
	}
	page, err := browser.ReadPage(tab)
	if err != nil {
		s.Failf("read /history's navigation timing: %v", harness.Explain(s, tab, err))
	}
	s.Limit("history.page", "loading /history (its document and API calls)", page.Load()) // contract: history.page (dashboard)
	list := rows(s, tab)
	if len(list) != pageSize { // contract: field list:data.items (dashboard)
		s.Failf("prompts listed on /history page 1: %d, want %d", len(list), pageSize)
	}
	first := list[0]
	if want := (row{ID: newest.id, Original: newest.original, Status: "optimized", Created: first.Created}); first != want { // contract: prompts.list (dashboard); field list:data.items[].id,data.items[].status (dashboard)
		s.Failf("the newest prompt on /history (its id, text and status) is %+v, want %+v", first, want)
	}
	checkTime(s, "the prompt's time on /history", first.Created, newest.at) // contract: field list:data.items[].createdAt (dashboard)
}

func checkDetail(s *harness.S, tab context.Context, p saved) {
	s.Step("open the prompt's detail page")
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`#history tr.prompt[data-prompt-id="`+p.id+`"] td.original a`)),
		chromedp.WaitVisible(chromedp.CSS("#optimized"))); err != nil {
		s.Failf("open the prompt's detail page: %v", harness.Explain(s, tab, err))
	}
	for sel, want := range map[string]string{"#original": p.original, "#optimized": p.optimized, "#status": "optimized"} {
		got, err := dash.Text(tab, sel)
		if err != nil {
			s.Failf("read the detail page's %s: %v", sel, harness.Explain(s, tab, err))
		}
		if strings.TrimSpace(got) != want { // contract: prompts.one (dashboard); field one:data.originalPrompt,data.optimizedPrompt,data.status (dashboard)
			s.Failf("the detail page's %s is %q, want %q", sel, got, want)
		}
	}
	at, err := chromedp.Run(tab, chromedp.Evaluate[string](`(document.querySelector("#created")||{}).getAttribute?.("datetime") || ""`))
	if err != nil {
		s.Failf("read the detail page's time: %v", harness.Explain(s, tab, err))
	}
	checkTime(s, "the prompt's time on its detail page", at, p.at) // contract: field one:data.createdAt (dashboard)
}

// checkTime: a time a page shows in a datetime attribute is RFC 3339 and
// within a minute of when the prompt was saved.
func checkTime(s *harness.S, what, shown string, want time.Time) {
	at, err := time.Parse(time.RFC3339, shown)
	if err != nil {
		s.Failf("%s, %q, is not an RFC 3339 datetime: %v", what, shown, err)
	}
	s.Check().WithinDuration(want, at, time.Minute, what)
}

func checkSecondPage(s *harness.S, tab context.Context, oldest saved) {
	s.Step("page 2")
	if err := chromedp.Do(tab, chromedp.Navigate(s.Config().Get("SMOKE_DASHBOARD_URL")+"/history"), chromedp.Click(chromedp.CSS("#next-page")),
		chromedp.WaitVisible(chromedp.CSS("#history"))); err != nil {
		s.Failf("follow the history's next-page link: %v", harness.Explain(s, tab, err))
	}
	list := rows(s, tab)
	if len(list) != 1 {
		s.Failf("prompts listed on /history page 2: %d, want only the oldest", len(list))
	}
	s.Check().Equal(oldest.id, list[0].ID, "the prompt on /history page 2 (want the oldest)")
}

func checkAPI(s *harness.S, token string, newest saved, total int) {
	s.Step("GET /api/prompts agrees")
	data := answer.Data(harness.API(s).WithToken(token).GET("/api/prompts").WithQuery("page", 1).WithQuery("limit", pageSize).
		Expect().Status(http.StatusOK)) // contract: field list:success (api)
	data.Value("total").IsEqual(total)                     // contract: prompts.list (api); field list:data.total (api)
	data.Value("page").IsEqual(1)                          // contract: prompts.list (api); field list:data.page (api)
	data.Value("limit").IsEqual(pageSize)                  // contract: prompts.list (api); field list:data.limit (api)
	data.Value("items").Array().Length().IsEqual(pageSize) // contract: prompts.list (api); field list:data.items (api)
	first := data.Value("items").Array().Value(0).Object()
	first.Value("id").IsEqual(newest.id)       // contract: prompts.list (api); field list:data.items[].id (api)
	first.Value("status").IsEqual("optimized") // contract: field list:data.items[].status (api)
	first.Value("createdAt").String().AsDateTime(time.RFC3339).
		InRange(newest.at.Add(-time.Minute), newest.at.Add(time.Minute)) // contract: field list:data.items[].createdAt (api)
}

// checkOneAndDelete: the newest prompt reads back by id for its owner, is
// 404 for another account, and once deleted is 404 for its owner too.
func checkOneAndDelete(s *harness.S, acct *store.Account, p saved) {
	s.Step("GET /api/prompts/%s for its owner and for another account; DELETE it", p.id)
	checkOne(s, answer.Data(harness.API(s).WithToken(acct.Token).GET("/api/prompts/"+p.id).Expect().Status(http.StatusOK)), p) // contract: field one:success (api)
	other := store.NewAccount(s, "history-other", nil)
	answer.Failed(harness.API(s).WithToken(other.Token).GET("/api/prompts/" + p.id).Expect().Status(http.StatusNotFound)) // contract: prompts.one (api); field one.missing:success,error.code,error.message (api)
	answer.Data(harness.API(s).WithToken(acct.Token).DELETE("/api/prompts/" + p.id).Expect().Status(http.StatusOK))       // contract: prompts.delete (api); field delete:success (api)
	answer.Failed(harness.API(s).WithToken(acct.Token).GET("/api/prompts/" + p.id).Expect().Status(http.StatusNotFound))  // contract: prompts.delete (api); field one.missing:success,error.code,error.message (api)
}

// checkOne holds GET /api/prompts/:id's prompt to the one saved.
func checkOne(s *harness.S, data *httpexpect.Object, p saved) {
	data.Value("id").IsEqual(p.id)                     // contract: field one:data.id (api)
	data.Value("originalPrompt").IsEqual(p.original)   // contract: prompts.one (api); field one:data.originalPrompt (api)
	data.Value("optimizedPrompt").IsEqual(p.optimized) // contract: field one:data.optimizedPrompt (api)
	data.Value("status").IsEqual("optimized")          // contract: field one:data.status (api)
	data.Value("createdAt").String().AsDateTime(time.RFC3339).
		InRange(p.at.Add(-time.Minute), p.at.Add(time.Minute)) // contract: field one:data.createdAt (api)
}
