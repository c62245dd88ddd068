# smokegate: post-deploy smoke tests and a deploy gate for PromptLens.
#   make build   bin/: the gate, test2json and one test binary per smoke test
#   make smoke   run the gate (against the embedded sandbox unless configured)
#   make test    the project's own tests, the suite on the sandbox, schema check
#   make bench   time the gate (N=5 runs; BASE=<commit> compares with that revision)
#   make sweep   remove test accounts a crashed run left (OLDER_THAN=1h, DRY_RUN=1 to only count)
#   make alerts  check the synthetic runner's alert rules (promtool) and Alertmanager routes (amtool)
#   make prove   prove each runbook's checks catch their sandbox's faults (one gate run per fault)
#   make e2e     the alert path on real Prometheus and Alertmanager, against the sandbox

GO        ?= go
BIN       := bin
XSD       := testdata/junit/jenkins-junit.xsd
APT_PKGS  := chromium libxml2-utils prometheus prometheus-alertmanager prometheus-pushgateway
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Every file the binaries are built from: a change to any rebuilds them.
SRC       := $(shell find harness fixtures smoke -type f) go.mod go.sum
SYN_SRC   := $(shell find synthetic -name '*.go')
# One folder per product's runbook: smoke/<runbook>/runbook.yml and a
# package per test beside it; bin/smoke/<runbook>/ gets both. A runbook's
# internal/ holds its shared code, no check; sweep/, when there is one, is
# the command that removes what crashed runs left (bin/smoke/<runbook>/sweep);
# its own test (contract_test.go) holds its contract tables to the checks.
RUNBOOKS  := $(patsubst smoke/%/runbook.yml,%,$(wildcard smoke/*/runbook.yml))
checks     = $(filter-out smoke/$(1)/internal/ smoke/$(1)/sweep/,$(wildcard smoke/$(1)/*/))
# A product's sandbox is fixtures/<runbook>/, its command fixtures/<runbook>/cmd/sandbox.
# The products the gate is built with (the Runbook lines of fixtures/products) start their
# sandbox in process, and that command is for people (make sandbox); any other product's
# command is the gate's: bin/smoke/<runbook>/sandbox, where the gate finds it.
BUILT_IN  := $(shell sed -n 's/.*Runbook: "\([^"]*\)".*/\1/p' fixtures/products/products.go)
sandbox_cmd = $(if $(filter $(1),$(BUILT_IN)),,$(wildcard fixtures/$(1)/cmd/sandbox/))
SMOKE_BIN := $(foreach rb,$(RUNBOOKS),$(BIN)/smoke/$(rb)/runbook.yml $(patsubst smoke/$(rb)/%/,$(BIN)/smoke/$(rb)/%.test,$(call checks,$(rb))) \
	$(if $(wildcard smoke/$(rb)/sweep/),$(BIN)/smoke/$(rb)/sweep) $(if $(call sandbox_cmd,$(rb)),$(BIN)/smoke/$(rb)/sandbox))
N         ?= 5
BASE      ?=

.PHONY: setup build smoke test unit env fuzz suite prove schema alerts e2e rollouts manifests lint sandbox bench sweep clean

## setup: install Chromium (and its headless shell), xmllint, promtool and amtool when missing, download Go modules
setup:
	@missing=""; \
	[ -n "$$SMOKE_CHROME_PATH" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		command -v google-chrome >/dev/null 2>&1 || command -v google-chrome-stable >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	command -v promtool >/dev/null 2>&1 || missing="$$missing prometheus"; \
	command -v amtool >/dev/null 2>&1 || missing="$$missing prometheus-alertmanager"; \
	command -v prometheus-pushgateway >/dev/null 2>&1 || missing="$$missing prometheus-pushgateway"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@# the headless shell renders the pages of every check but the extension's for a fraction of the CPU; optional
	@[ -n "$$SMOKE_HEADLESS_SHELL" ] || command -v chromium-headless-shell >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq >/dev/null 2>&1; \
		  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1; } || \
		echo "setup: chromium-headless-shell is not available here; full Chromium serves every tab (slower)"
	$(GO) mod download

## build: bin/smokegate, bin/test2json, bin/smoke/<test>.test; each rebuilt only when its sources change.
## Running the gate then needs only bin/ and Chromium (no Go toolchain).
build: $(BIN)/smokegate $(BIN)/synthetic $(BIN)/test2json $(SMOKE_BIN)

$(BIN)/smokegate: $(SRC)
	$(GO) build -o $@ ./harness/cmd/smokegate

# The scheduled runner (synthetic once | serve), on the gate's runner.
$(BIN)/synthetic: $(SRC) $(SYN_SRC)
	$(GO) build -o $@ ./synthetic/cmd/synthetic

$(BIN)/test2json: go.mod
	$(GO) build -o $@ cmd/test2json

# One go command links them all, in parallel; stale ones of removed tests go.
# Tag nosandbox: the gate starts the one sandbox, so the binaries link none.
$(SMOKE_BIN) &: $(SRC)
	rm -rf $(BIN)/smoke
	$(foreach rb,$(RUNBOOKS),mkdir -p $(BIN)/smoke/$(rb) && cp smoke/$(rb)/runbook.yml $(BIN)/smoke/$(rb)/ && \
		$(GO) test -c -tags nosandbox -o $(BIN)/smoke/$(rb)/ $(addprefix ./,$(call checks,$(rb))) && \
		$(if $(wildcard smoke/$(rb)/sweep/),$(GO) build -o $(BIN)/smoke/$(rb)/sweep ./smoke/$(rb)/sweep &&) \
		$(if $(call sandbox_cmd,$(rb)),$(GO) build -o $(BIN)/smoke/$(rb)/sandbox ./fixtures/$(rb)/cmd/sandbox &&) ) true

## smoke: run the gate; exit 0 pass, 1 a smoke test failed (roll back), 2 the gate could not decide
# make ends with 2 whenever a recipe fails, which would turn the gate's 1
# (roll back) into 2 (undecided). So when smoke is the only goal, the gate
# runs while make reads this file, its output on stderr, and make then ends
# with the gate's code: 0 with nothing left to do, 2 through $(error), and
# 1 through question mode (-q), in which a target with a recipe to run
# makes make exit 1. make -n smoke only prints what it would run.
# $(shell) does not see variables given on make's command line
# (make smoke SMOKE_ENV=staging), so they are handed to the gate by env.
ifeq ($(MAKECMDGOALS)$(findstring n,$(firstword -$(MAKEFLAGS))),smoke)
GATE_CODE := $(shell { $(MAKE) --no-print-directory setup build && env $(MAKEOVERRIDES) ./$(BIN)/smokegate; } >&2; echo $$?)
ifeq ($(GATE_CODE),1)
MAKEFLAGS += -q
else ifneq ($(GATE_CODE),0)
$(error smokegate exited $(GATE_CODE): the gate could not decide (or setup/build failed); see above)
endif
smoke: ; @:
else
smoke: setup build
	./$(BIN)/smokegate
endif

## sweep: remove the runbook's test accounts (and what they own) older than OLDER_THAN; DRY_RUN=1 only counts;
## RUNBOOK=manuscript for the manuscript platform's (default SMOKE_RUNBOOK, else promptlens)
OLDER_THAN ?= 1h
sweep: build
	./$(BIN)/smokegate sweep $(if $(RUNBOOK),-runbook $(RUNBOOK)) -older-than $(OLDER_THAN) $(if $(DRY_RUN),-dry-run)

## test: everything CI runs
test: setup unit fuzz build suite schema prove alerts rollouts manifests

## manifests: the Kubernetes manifests, the GitHub schedule and the PrometheusRule, decoded with
## the Kubernetes and prometheus-operator types and held to each other (a module of its own)
manifests:
	cd synthetic/deploy && $(GO) test -count=1 ./...

## env: rewrite .env.example from the harness's variables and the runbooks' (smoke/*/runbook.yml)
env:
	$(GO) test ./harness/config -run '^TestEnvExample$$' -count=1 -update

## fuzz: a few seconds of each fuzz target over what the synthetic runner decodes (its corpus:
## testdata/synthetic and the examples) and over the restore drill's SQL loader
FUZZTIME ?= 5s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./synthetic/schedule
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./synthetic/state
	$(GO) test -run '^$$' -fuzz '^FuzzSplit$$' -fuzztime $(FUZZTIME) ./smoke/manuscript/internal/dump
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./smoke/manuscript/internal/dump
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) ./harness/testjson
	$(GO) test -run '^$$' -fuzz '^FuzzCaseAttrs$$' -fuzztime $(FUZZTIME) ./harness/report
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./harness/runbook

## rollouts: Argo Rollouts' web metric provider and Flagger's webhook client against the delivery
## endpoints (a module of its own, synthetic/rollouts, so their Kubernetes tree stays out of ours)
rollouts: build
	cd synthetic/rollouts && $(GO) test -count=1 ./...

unit:
	$(GO) test -race -count=1 -timeout 20m ./harness/...
	$(GO) test -count=1 $(foreach rb,$(RUNBOOKS),$(if $(wildcard smoke/$(rb)/*_test.go),./smoke/$(rb)) \
		$(if $(wildcard smoke/$(rb)/internal/),./smoke/$(rb)/internal/...) $(if $(wildcard smoke/$(rb)/sweep/),./smoke/$(rb)/sweep))
	$(GO) test -count=1 -timeout 20m ./fixtures/...
	$(GO) test -race -count=1 ./synthetic/...

## alerts: the synthetic runner's alert rules (promtool: syntax and unit tests with series) and
## the example Alertmanager configuration (amtool: syntax and route tests)
alerts:
	promtool check rules synthetic/alerts/rules.yml
	promtool test rules synthetic/alerts/rules_test.yml
	amtool check-config synthetic/alerts/alertmanager.yml
	synthetic/alerts/routes_test.sh

## suite: both runbooks against their sandboxes, through the gate (PromptLens's report checked
## here, the manuscript runbook's by schema)
suite: build
	SMOKE_TARGET=sandbox ./$(BIN)/smokegate
	xmllint --noout --schema $(XSD) reports/latest/junit.xml
	SMOKE_TARGET=sandbox ./$(BIN)/smokegate -runbook manuscript

## prove: each runbook's fault matrix against its sandbox, through smokegate prove: every fault
## caught by the check that exists for it, and no check failed that the fault does not touch
prove: build
	$(foreach rb,$(RUNBOOKS),./$(BIN)/smokegate prove -runbook $(rb) &&) true

schema:
	xmllint --noout --schema $(XSD) reports/latest/junit.xml

## e2e: the synthetic runner's alert path on real engines: serve against the sandbox with a fault,
## Prometheus with synthetic/alerts/rules.yml, Alertmanager to a webhook in the test; fires, the
## notifier posts once, resolves after the fault clears (about 30 s)
e2e: setup build
	SYNTHETIC_E2E=1 $(GO) test -count=1 -v ./synthetic/e2e/

## lint: gofmt, go vet, actionlint
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

## sandbox: run PromptLens's sandbox standalone (writes .env.standalone)
sandbox:
	$(GO) run ./fixtures/promptlens/cmd/sandbox

## bench: run the gate N times (default 5) in sandbox mode and against a standalone sandbox; print
## wall, CPU and peak RSS of the process tree, and per-test times. BASE=<commit> also builds that
## revision's gate in a temporary git worktree, alternates the two and prints new/old ratios.
bench: build
	$(GO) build -o $(BIN)/bench ./harness/cmd/bench
	./$(BIN)/bench -n $(N) $(if $(BASE),-base $(BASE))

clean:
	rm -rf $(BIN) reports
