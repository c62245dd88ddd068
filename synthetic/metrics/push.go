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

// Push replaces the group job="synthetic", instance=<instance>,
// synthetic_check=<check> on the Pushgateway at url with the registry's
// series: one group per check, so the push of one check leaves the
// others' series alone. (The series carry check and the schedule's labels
// already, and a grouping label may not repeat one: hence
// synthetic_check, and instance naming the runner, e.g. its region.) The
// URL may carry a token: errors are returned for the caller to redact.
func (m *Metrics) Push(ctx context.Context, url, instance, check string) error {
	ctx, cancel := context.WithTimeout(ctx, PushTimeout)
	defer cancel()
	p := push.New(url, "synthetic").Gatherer(m.Registry).Grouping("instance", instance).
		Grouping("synthetic_check", check).Client(&http.Client{Timeout: PushTimeout})
	if err := p.PushContext(ctx); err != nil {
		return fmt.Errorf("push the metrics of check %s to the Pushgateway (SYNTHETIC_PUSHGATEWAY_URL or pushgateway in synthetic.yml): %w", check, err)
	}
	return nil
}
