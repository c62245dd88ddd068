package deploy

import (
	"os"
	"slices"
	"strings"
	"testing"

	yamlv3 "go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/smokegate/smokegate/synthetic/schedule"
)

// crons lists the cron: of each check of a schedule.
func crons(t *testing.T, name string, b []byte) []string {
	t.Helper()
	f, err := schedule.Parse(name, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range f.Checks {
		if c.Cron == "" {
			t.Errorf("%s: check %s has no cron:, so once cannot know its cadence", name, c.Name)
		}
		out = append(out, c.Cron)
	}
	return out
}

// The GitHub workflow's schedule lines and actions.yml's cron: are the
// same set, and the workflow tells once which line fired.
func TestWorkflowCadence(t *testing.T) {
	b, err := os.ReadFile("../../.github/workflows/synthetic.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct { // YAML 1.2: "on" is a key, not true
		On struct {
			Schedule []struct{ Cron string } `yaml:"schedule"`
		} `yaml:"on"`
	}
	if err := yamlv3.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range wf.On.Schedule {
		lines = append(lines, s.Cron)
	}
	sched, err := os.ReadFile("actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	want := crons(t, "actions.yml", sched)
	slices.Sort(lines)
	slices.Sort(want)
	if !slices.Equal(slices.Compact(lines), slices.Compact(want)) {
		t.Errorf("the workflow runs on %q, actions.yml's checks on %q: they must be the same lines", lines, want)
	}
	for _, must := range []string{"-config synthetic/deploy/actions.yml -cron \"$CRON\"", "CRON: ${{ github.event.schedule }}",
		"actions/cache/save", "if: always()"} {
		if !strings.Contains(string(b), must) {
			t.Errorf("the workflow lacks %s", must)
		}
	}
}

// The CronJob's schedule is the -cron it passes and the cron: of the
// checks in its own ConfigMap.
func TestCronJobCadence(t *testing.T) {
	docs := documents(t, "cronjob.yaml")
	var cm corev1.ConfigMap
	var cj batchv1.CronJob
	decode(t, docs[0], &cm)
	decode(t, docs[2], &cj)
	args := cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Args
	i := slices.Index(args, "-cron")
	if i < 0 || i+1 >= len(args) || args[i+1] != cj.Spec.Schedule {
		t.Errorf("args %q: want -cron %q, the CronJob's schedule", args, cj.Spec.Schedule)
	}
	for _, c := range crons(t, cm.Name, []byte(cm.Data["synthetic.yml"])) {
		if c != cj.Spec.Schedule {
			t.Errorf("a check of %s runs on %q, the CronJob on %q", cm.Name, c, cj.Spec.Schedule)
		}
	}
}

// serve's schedules say every:, which serve itself keeps.
func TestServeCadence(t *testing.T) {
	for _, f := range []string{"serve-eu-west.yaml", "serve-us-east.yaml"} {
		var cm corev1.ConfigMap
		decode(t, documents(t, f)[0], &cm)
		s, err := schedule.Parse(cm.Name, []byte(cm.Data["synthetic.yml"]), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range s.Checks {
			if c.Cron != "" {
				t.Errorf("%s: check %s has cron:, which serve does not need (an outside scheduler's)", f, c.Name)
			}
		}
	}
}
