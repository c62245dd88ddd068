package deploy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/smokegate/smokegate/synthetic/schedule"
)

const image = "registry.example/promptlens/synthetic:1.0.0"

// TestDelivery: the verdict server runs no schedule and reads its token
// from a Secret.
func TestDelivery(t *testing.T) {
	docs := documents(t, "delivery.yaml")
	if len(docs) != 2 {
		t.Fatalf("%d documents, want Deployment, Service", len(docs))
	}
	var dep appsv1.Deployment
	var svc corev1.Service
	decode(t, docs[0], &dep)
	decode(t, docs[1], &svc)
	c := container(t, dep.Spec.Template.Spec)
	if !slices.Equal(c.Args, []string{"serve", "-delivery-only"}) {
		t.Errorf("args %v, want serve -delivery-only", c.Args)
	}
	i := slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "SYNTHETIC_API_TOKEN" })
	if i < 0 || c.Env[i].ValueFrom == nil || c.Env[i].ValueFrom.SecretKeyRef == nil {
		t.Error("SYNTHETIC_API_TOKEN does not come from a Secret: the delivery endpoints would be off")
	}
	checkContainer(t, c)
	checkService(t, svc, dep)
}

// documents splits a manifest file into its YAML documents.
func documents(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, d := range strings.Split(string(b), "\n---\n") {
		if strings.TrimSpace(d) != "" {
			docs = append(docs, d)
		}
	}
	return docs
}

// decode reads a document strictly (an unknown field is an error) into v.
func decode(t *testing.T, doc string, v any) {
	t.Helper()
	if err := yaml.UnmarshalStrict([]byte(doc), v); err != nil {
		t.Fatalf("decode %T: %v", v, err)
	}
}

func TestCronJob(t *testing.T) {
	docs := documents(t, "cronjob.yaml")
	if len(docs) != 3 {
		t.Fatalf("%d documents, want ConfigMap, PersistentVolumeClaim, CronJob", len(docs))
	}
	var cm corev1.ConfigMap
	var pvc corev1.PersistentVolumeClaim
	var cj batchv1.CronJob
	decode(t, docs[0], &cm)
	decode(t, docs[1], &pvc)
	decode(t, docs[2], &cj)
	if cj.Kind != "CronJob" || cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("kind %s, concurrency %s: want a CronJob that forbids overlapping runs", cj.Kind, cj.Spec.ConcurrencyPolicy)
	}
	pod := cj.Spec.JobTemplate.Spec.Template.Spec
	if pod.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy %s, want Never (a failed check is a failed job)", pod.RestartPolicy)
	}
	c := container(t, pod)
	if len(c.Args) == 0 || c.Args[0] != "once" {
		t.Errorf("args %v, want synthetic once", c.Args)
	}
	checkContainer(t, c)
	checkState(t, pod, c, pvc.Name)
	if !slices.ContainsFunc(pod.Volumes, func(v corev1.Volume) bool { return v.ConfigMap != nil && v.ConfigMap.Name == cm.Name }) {
		t.Errorf("the CronJob does not mount its own ConfigMap %s", cm.Name)
	}
}

// checkState: the runner's folder (where reports/synthetic/state.json
// lives) is the named PersistentVolumeClaim, not an emptyDir, and the
// pod's group can write it.
func checkState(t *testing.T, pod corev1.PodSpec, c corev1.Container, claim string) {
	t.Helper()
	mounted := slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool {
		return m.MountPath == "/srv/smokegate" && slices.ContainsFunc(pod.Volumes, func(v corev1.Volume) bool {
			return v.Name == m.Name && v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == claim
		})
	})
	if !mounted {
		t.Errorf("/srv/smokegate is not the PersistentVolumeClaim %s: the state would not outlive the pod", claim)
	}
	if pod.SecurityContext == nil || pod.SecurityContext.FSGroup == nil {
		t.Error("no fsGroup: the non-root runner may not write its volume")
	}
}

func TestServePerRegion(t *testing.T) {
	files, _ := filepath.Glob("serve-*.yaml")
	if len(files) < 2 {
		t.Fatalf("%d serve manifests, want one per region (at least 2)", len(files))
	}
	for _, f := range files {
		region := strings.TrimSuffix(strings.TrimPrefix(f, "serve-"), ".yaml")
		t.Run(region, func(t *testing.T) {
			docs := documents(t, f)
			if len(docs) != 4 {
				t.Fatalf("%d documents, want ConfigMap, PersistentVolumeClaim, Deployment, Service", len(docs))
			}
			var cm corev1.ConfigMap
			var pvc corev1.PersistentVolumeClaim
			var dep appsv1.Deployment
			var svc corev1.Service
			decode(t, docs[0], &cm)
			decode(t, docs[1], &pvc)
			decode(t, docs[2], &dep)
			decode(t, docs[3], &svc)
			checkSchedule(t, cm, region)
			checkDeployment(t, dep, region, cm.Name)
			checkState(t, dep.Spec.Template.Spec, dep.Spec.Template.Spec.Containers[0], pvc.Name)
			checkService(t, svc, dep)
		})
	}
}

// checkSchedule: the ConfigMap's synthetic.yml is a valid schedule that
// labels the metrics with the region.
func checkSchedule(t *testing.T, cm corev1.ConfigMap, region string) {
	t.Helper()
	f, err := schedule.Parse(cm.Name, []byte(cm.Data["synthetic.yml"]), nil)
	if err != nil {
		t.Fatalf("the ConfigMap's schedule: %v", err)
	}
	if f.Labels["region"] != region {
		t.Errorf("the schedule's region label is %q, want %q", f.Labels["region"], region)
	}
}

func checkDeployment(t *testing.T, dep appsv1.Deployment, region, configMap string) {
	t.Helper()
	if dep.Spec.Replicas == nil || *dep.Spec.Replicas != 1 || dep.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		t.Error("want one replica, replaced with Recreate: never two runners of a region at once")
	}
	tpl := dep.Spec.Template
	if tpl.Labels["region"] != region {
		t.Errorf("pod label region %q, want %q", tpl.Labels["region"], region)
	}
	for k, want := range map[string]string{"prometheus.io/scrape": "true", "prometheus.io/port": "9120", "prometheus.io/path": "/metrics"} {
		if got := tpl.Annotations[k]; got != want {
			t.Errorf("pod annotation %s is %q, want %q", k, got, want)
		}
	}
	c := container(t, tpl.Spec)
	if len(c.Args) == 0 || c.Args[0] != "serve" {
		t.Errorf("args %v, want synthetic serve", c.Args)
	}
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != "/healthz" || p.HTTPGet.Port.String() != "http" {
			t.Errorf("%s probe %+v, want GET /healthz on the http port", name, p)
		}
	}
	if len(c.Ports) != 1 || c.Ports[0].ContainerPort != 9120 {
		t.Errorf("ports %+v, want 9120", c.Ports)
	}
	if !slices.ContainsFunc(tpl.Spec.Volumes, func(v corev1.Volume) bool { return v.ConfigMap != nil && v.ConfigMap.Name == configMap }) {
		t.Errorf("the pod does not mount the ConfigMap %s", configMap)
	}
	checkContainer(t, c)
}

func checkService(t *testing.T, svc corev1.Service, dep appsv1.Deployment) {
	t.Helper()
	for k, v := range svc.Spec.Selector {
		if dep.Spec.Template.Labels[k] != v {
			t.Errorf("the Service selects %s=%s, which the pods do not carry", k, v)
		}
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 9120 || svc.Spec.Ports[0].Name != "http" {
		t.Errorf("service %+v, want port http, 9120", svc.Spec.Ports)
	}
}

func container(t *testing.T, pod corev1.PodSpec) corev1.Container {
	t.Helper()
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Error("the pod may run as root; want runAsNonRoot")
	}
	return pod.Containers[0]
}

// checkContainer: the image, resources, and the target's settings from a
// secret (never inline values).
func checkContainer(t *testing.T, c corev1.Container) {
	t.Helper()
	if c.Image != image {
		t.Errorf("image %q, want %q", c.Image, image)
	}
	if c.Resources.Limits.Memory().IsZero() || c.Resources.Requests.Cpu().IsZero() {
		t.Errorf("resources %+v: want memory limits and CPU requests (Chromium is heavy)", c.Resources)
	}
	var secrets []string
	for _, e := range c.EnvFrom {
		if e.SecretRef != nil {
			secrets = append(secrets, e.SecretRef.Name)
		}
	}
	if !slices.Contains(secrets, "synthetic-target") || !slices.Contains(secrets, "synthetic-notify") {
		t.Errorf("secret references %v, want synthetic-target and synthetic-notify", secrets)
	}
	for _, e := range c.Env {
		if strings.HasPrefix(e.Name, "SMOKE_") && e.Value != "" && e.ValueFrom == nil {
			t.Errorf("%s is set inline; settings of the target come from the synthetic-target secret", e.Name)
		}
	}
}
