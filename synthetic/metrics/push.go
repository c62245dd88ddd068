package metrics

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/push"
)

// PushTimeout bounds one push to the Pushgateway.
const PushTimeout = 10 * time.Second

// Push replaces the group job="synthetic", instance=<instance> on the
// Pushgateway at url with the registry's series. The series carry their
// check and the schedule's labels already (a grouping label may not
// repeat one), so instance names the runner, e.g. its region. The URL may
// carry a token: errors are returned for the caller to redact.
func (m *Metrics) Push(ctx context.Context, url, instance string) error {
	ctx, cancel := context.WithTimeout(ctx, PushTimeout)
	defer cancel()
	p := push.New(url, "synthetic").Gatherer(m.Registry).Grouping("instance", instance).
		Client(&http.Client{Timeout: PushTimeout})
	if err := p.PushContext(ctx); err != nil {
		return fmt.Errorf("push the metrics of %s to the Pushgateway (SYNTHETIC_PUSHGATEWAY_URL or pushgateway in synthetic.yml): %w", instance, err)
	}
	return nil
}
