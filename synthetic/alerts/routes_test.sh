#!/usr/bin/env bash
# Route tests of alertmanager.yml (make alerts): each alert of rules.yml,
# with its labels, reaches the receiver the runbook's table asks for.
# amtool exits non-zero when the receiver differs.
set -euo pipefail
cd "$(dirname "$0")"
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
route pagerduty-and-slack alertname=SyntheticAPIDown severity=critical check=health target=https://api.promptlens.app
route pagerduty-and-slack alertname=SyntheticCheckoutFailing severity=critical check=full test=billing
route pagerduty-and-slack alertname=SyntheticNoRecentRun severity=critical check=health
route pagerduty-and-slack alertname=SyntheticRunnerDown severity=critical instance=eu
route slack-alerts alertname=SyntheticCheckOverBudget severity=warning check=full test=history
route slack-alerts alertname=SomethingElse
exit $fail
