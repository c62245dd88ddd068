package d1

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smokegate/smokegate/harness/config"
)

func TestGuard(t *testing.T) {
	g := Guard{Pattern: regexp.MustCompile(`^smoke\+[a-z0-9-]+@smokegate\.test$`)}
	for _, tc := range []struct {
		email string
		ok    bool
	}{
		{"smoke+run1-reset@smokegate.test", true},
		{"author@selfpubhub.co", false},
		{"smoke+run1@smokegate.test.evil.com", false},
	} {
		t.Run(tc.email, func(t *testing.T) {
			if err := g.Check(tc.email); (err == nil) != tc.ok {
				t.Errorf("Check(%q) = %v, want ok=%v", tc.email, err, tc.ok)
			}
		})
	}
	if err := (Guard{}).Check("smoke+x@smokegate.test"); err == nil {
		t.Error("a guard without a pattern let a write through")
	}
}

// The client sends Cloudflare's D1 query body with its token and reads
// the envelope's rows; an error answer names the status, never the token.
func TestQuery(t *testing.T) {
	const token = "cf-token-0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			SQL    string   `json:"sql"`
			Params []string `json:"params"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer "+token || r.URL.Path != "/client/v4/accounts/acc/d1/database/db/query" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"success": true, "errors": []any{}, "messages": []any{},
			"result": []any{map[string]any{"success": true, "meta": map[string]any{},
				"results": []any{map[string]any{"sql": body.SQL, "param": body.Params[0], "n": 42, "at": 1700000000}}}}})
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name, token string
		wantErr     bool
	}{{"right token", token, false}, {"wrong token", "other-token-987654", true}} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(Options{APIURL: srv.URL + "/client/v4", AccountID: "acc", DatabaseID: "db", Token: config.NewSecret(tc.token), Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			rows, err := c.Query(context.Background(), "SELECT ?", "p1")
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), tc.token) {
					t.Errorf("err = %v, want a 401 that does not quote the token", err)
				}
				return
			}
			if err != nil || len(rows) != 1 {
				t.Fatalf("rows %v, err %v", rows, err)
			}
			n, _ := rows[0].Int("n")
			if rows[0].String("sql") != "SELECT ?" || rows[0].String("param") != "p1" || n != 42 || rows[0].Time("at").Unix() != 1700000000 {
				t.Errorf("row = %v", rows[0])
			}
		})
	}
}

func TestNewNamesMissingOptions(t *testing.T) {
	_, err := New(Options{APIURL: "https://api.cloudflare.com/client/v4"})
	for _, name := range []string{"account id", "database id", "API token"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("New without %s: %v, want an error naming it", name, err)
		}
	}
}
