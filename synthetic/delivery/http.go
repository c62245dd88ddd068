package delivery

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/smokegate/smokegate/synthetic"
)

// Server serves the delivery endpoints.
type Server struct {
	Token    string // bearer token; empty: the endpoints are off
	Verdicts *Verdicts
	Windows  *Windows
	// RunNow runs the named check at once. It returns ErrUnknownCheck for
	// a name the schedule lacks, and a *BusyError while a run of that
	// check is going.
	RunNow func(ctx context.Context, check string) (synthetic.Outcome, error)
	Wait   time.Duration // longest a request waits for a verdict; default 15 minutes
}

// ErrUnknownCheck: run-now was asked for a check the schedule lacks.
var ErrUnknownCheck = errors.New("no such check in the schedule")

// BusyError: a run of the check is already going, so run-now would
// overlap it (two runs of one check share its test accounts).
type BusyError struct {
	Check string
	Since time.Time
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("a run of check %s is in progress (since %s); ask again when it has ended",
		e.Check, e.Since.UTC().Format(time.RFC3339))
}

// Register adds the endpoints to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/verdict", s.auth(s.verdict))
	mux.HandleFunc("POST /api/v1/verdict", s.auth(s.verdict))
	mux.HandleFunc("POST /api/v1/flagger", s.flagger) // checks the token itself: Flagger sends no headers
	mux.HandleFunc("POST /api/v1/run", s.auth(s.run))
	mux.HandleFunc("POST /api/v1/windows", s.auth(s.openWindow))
	mux.HandleFunc("DELETE /api/v1/windows", s.auth(s.closeWindow))
}

// auth lets a request through with the right bearer token only.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		got, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if s.allowed(w, got) {
			h(w, r)
		}
	}
}

// allowed answers 404 when the endpoints are off and 401 for a wrong
// token, and tells whether to go on.
func (s *Server) allowed(w http.ResponseWriter, token string) bool {
	if s.Token == "" {
		http.Error(w, "the delivery endpoints are off: set SYNTHETIC_API_TOKEN to turn them on", http.StatusNotFound)
		return false
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(s.Token)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="smokegate"`)
		http.Error(w, "a bearer token (SYNTHETIC_API_TOKEN) is required", http.StatusUnauthorized)
		return false
	}
	return true
}

func (s *Server) wait(r *http.Request) (context.Context, context.CancelFunc) {
	d := s.Wait
	if d <= 0 {
		d = 15 * time.Minute
	}
	return context.WithTimeout(r.Context(), d)
}

// verdict answers the deploy's verdict as JSON, always 200 when there is
// one: the caller reads verdict (pass, fail, error). With ?version= the
// target must serve that version, or the verdict is an error.
func (s *Server) verdict(w http.ResponseWriter, r *http.Request) {
	deploy := r.URL.Query().Get("deploy")
	if deploy == "" {
		http.Error(w, "name the deploy: ?deploy=<version or id>", http.StatusBadRequest)
		return
	}
	ctx, cancel := s.wait(r)
	defer cancel()
	version := r.URL.Query().Get("version")
	v, err := s.Verdicts.For(ctx, deploy+"@"+version, version)
	if err != nil {
		http.Error(w, "no verdict yet: "+err.Error(), http.StatusGatewayTimeout)
		return
	}
	v.Deploy = deploy
	writeJSON(w, http.StatusOK, v)
}

// flaggerPayload is what Flagger posts to a webhook.
type flaggerPayload struct {
	Name      string            `json:"name"`
	Namespace string            `json:"namespace"`
	Phase     string            `json:"phase"`
	Checksum  string            `json:"checksum"`
	Metadata  map[string]string `json:"metadata"`
}

// flagger answers Flagger's pre-rollout, rollout and post-rollout hooks:
// 200 means go on. Flagger knows only go on and halt, so a gate that could
// not decide halts too: an unverified canary is not promoted, and the
// halts count toward the canary's failure threshold like a failure. Both
// halts are 4xx (412 a product failure, 424 the gate undecided): Flagger's
// client retries a 5xx and then drops its body, while a 4xx body (the
// verdict line) reaches Flagger's events.
// Flagger's webhooks send no headers, so the token may come in the
// payload's metadata (token) instead of a bearer header.
func (s *Server) flagger(w http.ResponseWriter, r *http.Request) {
	var p flaggerPayload
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&p)
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = p.Metadata["token"]
	}
	if !s.allowed(w, token) {
		return
	}
	if err != nil || p.Name == "" {
		http.Error(w, "want Flagger's webhook payload: {name, namespace, phase, metadata}", http.StatusBadRequest)
		return
	}
	// One verdict per canary revision and phase: a pre-rollout verdict
	// (no traffic on the canary yet) is not reused for the rollout's steps.
	version := p.Metadata["version"]
	deploy := p.Namespace + "/" + p.Name + "@" + firstNonEmpty(version, p.Checksum) + "/" + p.Phase
	ctx, cancel := s.wait(r)
	defer cancel()
	v, err := s.Verdicts.For(ctx, deploy, version)
	switch {
	case err != nil:
		http.Error(w, "no verdict yet: "+err.Error(), http.StatusGatewayTimeout)
	case v.Verdict == "pass":
		fmt.Fprintln(w, v.Line)
	case v.Verdict == "fail":
		http.Error(w, fmt.Sprintf("%s (test %s, run %s)", v.Line, v.Test, v.RunID), http.StatusPreconditionFailed)
	default:
		http.Error(w, fmt.Sprintf("%s (run %s): halting, as a gate that could not decide must not promote", v.Line, v.RunID), http.StatusFailedDependency)
	}
}

// run runs a named check now and answers its outcome.
func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	check := r.URL.Query().Get("check")
	ctx, cancel := s.wait(r)
	defer cancel()
	o, err := s.RunNow(ctx, check)
	var busy *BusyError
	switch {
	case errors.Is(err, ErrUnknownCheck):
		http.Error(w, fmt.Sprintf("no check %q in the schedule", check), http.StatusNotFound)
	case errors.As(err, &busy):
		http.Error(w, busy.Error(), http.StatusConflict)
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	default:
		writeJSON(w, http.StatusOK, o)
	}
}

// openWindow opens a deploy window for ?version= (at most ?max=, a
// duration) and runs the gate for it at once; the window closes when the
// verdict is in.
func (s *Server) openWindow(w http.ResponseWriter, r *http.Request) {
	version := r.URL.Query().Get("version")
	if version == "" {
		http.Error(w, "name the deploy: ?version=<version>", http.StatusBadRequest)
		return
	}
	var max time.Duration
	if m := r.URL.Query().Get("max"); m != "" {
		d, err := time.ParseDuration(m)
		if err != nil || d <= 0 {
			http.Error(w, fmt.Sprintf("max %q is not a duration such as 30m", m), http.StatusBadRequest)
			return
		}
		max = d
	}
	if !s.Windows.Open(version, max) {
		http.Error(w, "a window for "+version+" is already open", http.StatusConflict)
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.Windows.limit(max))
		defer cancel()
		if v, err := s.Verdicts.For(ctx, version, version); err == nil {
			s.Windows.Close(version, &v)
		}
	}()
	writeJSON(w, http.StatusAccepted, map[string]string{"window": "open", "version": version})
}

func (s *Server) closeWindow(w http.ResponseWriter, r *http.Request) {
	s.Windows.Close(r.URL.Query().Get("version"), nil)
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return "unnamed"
}
