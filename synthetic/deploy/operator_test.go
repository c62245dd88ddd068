package deploy

import (
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

var update = flag.Bool("update", false, "rewrite prometheusrule.yaml from ../alerts/rules.yml")

// The PrometheusRule carries exactly the rules of rules.yml, decoded with
// the operator's own types.
func TestPrometheusRule(t *testing.T) {
	rules, err := os.ReadFile("../alerts/rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		writeRule(t, rules)
	}
	var want monitoringv1.PrometheusRuleSpec
	if err := yaml.UnmarshalStrict(rules, &want); err != nil {
		t.Fatalf("rules.yml as the operator's PrometheusRuleSpec: %v", err)
	}
	var pr monitoringv1.PrometheusRule
	decode(t, documents(t, "prometheusrule.yaml")[0], &pr)
	if pr.Kind != "PrometheusRule" || pr.APIVersion != "monitoring.coreos.com/v1" {
		t.Errorf("kind %s %s, want monitoring.coreos.com/v1 PrometheusRule", pr.APIVersion, pr.Kind)
	}
	if !reflect.DeepEqual(pr.Spec, want) {
		t.Error("prometheusrule.yaml differs from rules.yml: run go test -run TestPrometheusRule -update in synthetic/deploy")
	}
	if len(want.Groups) == 0 || len(want.Groups[0].Rules) < 10 {
		t.Errorf("rules.yml decoded to %d groups: the comparison would prove nothing", len(want.Groups))
	}
}

// writeRule regenerates prometheusrule.yaml: its header and rules.yml's
// groups indented under spec.
func writeRule(t *testing.T, rules []byte) {
	t.Helper()
	b, err := os.ReadFile("prometheusrule.yaml")
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(b), "\nspec:\n")
	lines := strings.Split(string(rules), "\n")
	for len(lines) > 0 && (strings.HasPrefix(lines[0], "#") || lines[0] == "") {
		lines = lines[1:]
	}
	var body strings.Builder
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			body.WriteString("  " + l)
		}
		body.WriteString("\n")
	}
	out := head + "\nspec:\n" + strings.TrimRight(body.String(), "\n") + "\n"
	if err := os.WriteFile("prometheusrule.yaml", []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The ServiceMonitor selects every runner's Service by its labels and
// scrapes the port they name.
func TestServiceMonitor(t *testing.T) {
	var sm monitoringv1.ServiceMonitor
	decode(t, documents(t, "servicemonitor.yaml")[0], &sm)
	var services []corev1.Service
	for _, f := range []string{"serve-eu-west.yaml", "serve-us-east.yaml", "delivery.yaml"} {
		for _, d := range documents(t, f) {
			if strings.Contains(d, "kind: Service\n") {
				var s corev1.Service
				decode(t, d, &s)
				services = append(services, s)
			}
		}
	}
	if len(services) != 3 || len(sm.Spec.Endpoints) != 1 {
		t.Fatalf("%d Services, %d endpoints: want 3 and 1", len(services), len(sm.Spec.Endpoints))
	}
	for _, s := range services {
		for k, v := range sm.Spec.Selector.MatchLabels {
			if s.Labels[k] != v {
				t.Errorf("the ServiceMonitor selects %s=%s, which Service %s lacks", k, v, s.Name)
			}
		}
		if s.Spec.Ports[0].Name != sm.Spec.Endpoints[0].Port || !strings.Contains(strings.Join(sm.Spec.NamespaceSelector.MatchNames, ","), s.Namespace) {
			t.Errorf("Service %s/%s: port %s; the ServiceMonitor scrapes port %s in %v", s.Namespace, s.Name, s.Spec.Ports[0].Name, sm.Spec.Endpoints[0].Port, sm.Spec.NamespaceSelector.MatchNames)
		}
	}
}
