#!/usr/bin/env bash
# Route tests of alertmanager.yml (make alerts): each alert of rules.yml,
# with its labels, reaches the receiver the runbook's table asks for.
# amtool exits non-zero when the receiver differs.
set -euo pipefail
self=$(readlink -f "$0")
cd "$(dirname "$self")"
fail=0
route() { # want labels...
	local want=$1
	shift
	if ! out=$(amtool config routes test --config.file=alertmanager.yml --verify.receivers="$want" "$@" 2>&1); then
		echo "FAIL: $* -> $(echo "$out" | grep -v Warning), want $want"
		fail=1
	else
		echo "ok: $* -> $want"
	fi
}
route pagerduty-and-slack alertname=SyntheticAPIDown severity=critical product=promptlens check=health target=https://api.promptlens.app
route pagerduty-and-slack alertname=SyntheticCheckoutFailing severity=critical product=promptlens check=full test=billing
route pagerduty-and-slack alertname=SyntheticNoRecentRun severity=critical check=health
route pagerduty-and-slack alertname=SyntheticRunnerDown severity=critical instance=eu
route manuscript-oncall-email alertname=ManuscriptAPIDown severity=critical product=manuscript check=manuscript-api
route manuscript-oncall-email alertname=ManuscriptBackupFailed severity=critical product=manuscript test=backups
route manuscript-oncall-email alertname=ManuscriptNoRecentBackup severity=critical product=manuscript
route manuscript-oncall-email alertname=ManuscriptRestoreFailed severity=critical product=manuscript test=restore
route slack-alerts alertname=SyntheticCheckOverBudget severity=warning check=full test=history
route slack-alerts alertname=SyntheticRegionCannotReach severity=warning check=health region=eu-west
route slack-deployments alertname=SyntheticDeployCompleted severity=info result=pass
route manuscript-oncall-email alertname=ManuscriptBackupWarning severity=info product=manuscript test=backups
route slack-alerts alertname=SomethingElse
# Every alert of rules.yml has a route case above.
for a in $(grep -oP '^\s+- alert: \K\w+' rules.yml); do
	grep -q "alertname=$a " "$self" || { echo "FAIL: no route case for $a"; fail=1; }
done
# The reminder: critical routes repeat every 15 minutes while unsilenced.
for r in pagerduty-and-slack manuscript-oncall-email; do
	grep -A2 "receiver: $r" alertmanager.yml | grep -q "repeat_interval: 15m" || { echo "FAIL: $r does not repeat every 15m"; fail=1; }
done
exit $fail
