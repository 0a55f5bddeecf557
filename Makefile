# Every target creates .venv (and node_modules) on first use; see README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=
# Bytecode caches are written (gitignored __pycache__/): pytest rewrites the assertions of every
# test module and plugin in each xdist worker, and each subprocess a test starts (the emulator,
# the nightly runner, the generator) compiles the same modules again, when they are not.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help venv gen lint spec-lint gate-tools spec-compat docs postman test unit contract contract-live contract-live-cleanup nights latency-profile parity parity-record emulator bench dist clean changes release-check

help:
	@echo "make contract       run the contract suite against the embedded emulator (main job)"
	@echo "make test           lint and every test (what CI runs)"
	@echo "make unit           the quick loop: the tests that need no Java, Chromium, network namespace or whole night"
	@echo "make gen            regenerate the client's generated modules (client/) and the control client from the specs"
	@echo "make lint           spec lint (openapi-spec-validator, Redocly), ruff, mypy --strict"
	@echo "make spec-compat    other generators and linters on the spec (tsc, datamodel-codegen, openapi-generator, Spectral, Specmatic): spec_compat/tests"
	@echo "make docs           the documentation site: guide, client reference, HTTP API reference (build/docs/)"
	@echo "make postman        a Postman collection from the spec: build/postman/meedio-v3.postman_collection.json"
	@echo "make emulator       serve the emulator on 127.0.0.1:8080"
	@echo "make contract-live  the contract suite against the real API (needs MEEDIO_API_KEY/SECRET)"
	@echo "make nights         reports/nights.html: every night of .contract-state/nights.jsonl in pictures (HISTORY=file)"
	@echo "make latency-profile reports/latency-profile.json: per operation, the API's latency over the last NIGHTS=7 nights"
	@echo "make parity         the emulator against the recorded API snapshots (contract_tests/parity/)"
	@echo "make bench          benchmarks; results in bench/results.md (ONLY=mocks,served,suite,faults: those alone)"
	@echo "make dist           wheels of meedio-emulator and meedio-client in dist/"
	@echo "make changes        spec at BASE (default: last release tag) -> working tree: what breaks, next version, changelog entry"
	@echo "make release-check  the release's checks: the version gate, the changelog entry, TAG= matches the version"

$(STAMP): pyproject.toml openapi/pyproject.toml emulator/pyproject.toml client/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# An old meedio-toolkit install owned the emulator and its script: remove it first.
	$(BIN)/python -m pip uninstall --quiet --yes meedio-toolkit
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e ./openapi -e ./emulator -e ./client
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

venv: $(STAMP) $(NODE_STAMP)

gen: $(STAMP)
	$(BIN)/python client/codegen/gen.py

spec-lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/openapi-spec-validator openapi/meedio-v3.yaml openapi/emulator-control.yaml
	npx --no-install redocly lint --config openapi/redocly.yaml openapi/meedio-v3.yaml openapi/emulator-control.yaml

lint: spec-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy openapi/meedio_spec emulator/meedio_emulator scripts $(wildcard bench/*.py) client/codegen client/release client/tests contract_tests/meedio_contract tests spec_compat
	# A run each: both conftest.py would be tests.conftest (mypy_path has emulator and contract).
	$(BIN)/mypy emulator/tests
	$(BIN)/mypy contract_tests/tests
	$(BIN)/mypy client/meedio_client
	$(BIN)/mypy examples/clinic-app
	# The benchmark's mocked copy of the clinic's tests (bench/bench_suite.py) and its repeater.
	MYPYPATH=examples/clinic-app:bench/suite/mocked $(BIN)/mypy bench/suite
	$(BIN)/lint-imports --no-cache

# The gate is a wing like the others: its tests are its folder, run alone by spec-compat and
# with every other test by test (they need Java, Chromium and node: spec_compat/README.md).
COMPAT_TESTS := spec_compat/tests
# The browser of the docs page test: the distribution's Chromium unless told otherwise.
export CHROMIUM ?= chromium

gate-tools:
	@command -v java >/dev/null || (echo "spec-compat needs Java: apt-get install default-jre-headless" && exit 1)
	@command -v $(CHROMIUM) >/dev/null || (echo "spec-compat needs Chromium: apt-get install chromium" && exit 1)

# --dist loadgroup: each file of the gate on one worker (spec_compat/tests/conftest.py).
spec-compat: $(STAMP) $(NODE_STAMP) gate-tools
	$(BIN)/pytest -p tests.support.xdist_scopes -n 2 --dist loadgroup --durations=0 $(COMPAT_TESTS)

docs: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m spec_compat.docs_site

# Both auth headers as collection variables API_KEY/API_SECRET, the spec's example bodies;
# newman runs it against the emulator in make spec-compat (spec_compat/tests/test_postman.py).
postman: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m spec_compat.postman

# One pytest run for every wing's tests and the gate's: the gate's tools (Java, node, a browser)
# start while the other workers run the rest, instead of a run of their own with a tail. Four
# workers on two cores: a night or a deadline test mostly waits, and the other workers fill the
# cores it leaves (on this 2-core machine, /proc/stat sampled each second: -n 3 kept the cores
# 1.73 busy on average and took 286.6 s, -n 4 1.89 and 266.9 s; issue 28's note).
# Lint and parity (single-threaded, 6 s) run beside the tests, not before them: while the
# workers start and collect, they take a core the run leaves idle. Their output is shown after
# the tests' when they fail; make test fails when either does. The sub-make is named through a
# variable: a recipe line that names $(MAKE) itself runs even under make -n, every test with it.
CHECKS_MAKE = $(MAKE) --no-print-directory
test: $(STAMP) $(NODE_STAMP) gate-tools
	@log=$$(mktemp); \
	$(CHECKS_MAKE) lint parity > $$log 2>&1 & checks=$$!; \
	$(BIN)/pytest -p tests.support.xdist_scopes -n 4 --dist loadgroup $(PYTEST_ARGS); tests=$$?; \
	wait $$checks; lint=$$?; \
	if [ $$lint -ne 0 ]; then cat $$log; echo "make test: lint or parity failed (above)"; \
	else echo "make test: lint and parity passed"; fi; \
	rm -f $$log; [ $$tests -eq 0 ] && [ $$lint -eq 0 ]

# The quick loop: every wing's tests but the gate's (Java and node tools), the browser tests, the
# network-namespace proof and the contract wing's whole nights; make test runs all of them.
# Four workers, as make test: its deadline tests mostly sleep (on this 2-core machine: -n 2
# 111.6 s, -n 4 76.5 s, -n 6 84.6 s).
unit: $(STAMP)
	$(BIN)/pytest -p tests.support.xdist_scopes -n 4 --dist loadgroup -m "not browser and not netns and not night" tests client/tests emulator/tests contract_tests/tests $(PYTEST_ARGS)

contract: $(STAMP)
	$(BIN)/python -m meedio_contract.run --target emulator

contract-live: $(STAMP)
	$(BIN)/python -m meedio_contract.run --target live

# Only remove what earlier live runs left in the account (the ledger in .contract-state/).
contract-live-cleanup: $(STAMP)
	$(BIN)/python -m meedio_contract.run --target live --cleanup-only

# Every night the history keeps, in pictures (reports/nights.html, also drawn by each night);
# HISTORY=contract_tests/tests/fixtures/nights-60.jsonl draws the test fixture.
HISTORY ?= .contract-state/nights.jsonl
nights: $(STAMP)
	$(BIN)/python -m meedio_contract.night.nights_page --history $(HISTORY)

# Per operation, how slowly the API answered over the last NIGHTS nights (log-normal fitted to
# the nights' medians and p95s): reports/latency-profile.json, for the emulator's latency rules.
NIGHTS ?= 7
latency-profile: $(STAMP)
	$(BIN)/python -m meedio_contract.night.latency_profile --history $(HISTORY) --nights $(NIGHTS)

# The emulator against the committed snapshots of the real API (reports/parity.md).
parity: $(STAMP)
	$(BIN)/python -m meedio_contract.parity verify

# Record the snapshots against the API at MEEDIO_BASE_URL (keys from the environment).
parity-record: $(STAMP)
	$(BIN)/python -m meedio_contract.parity record --base-url "$${MEEDIO_BASE_URL:-https://api.meedio.me/api}"

emulator: $(STAMP)
	$(BIN)/meedio-emulator serve --host 127.0.0.1 --port 8080

bench: $(STAMP) $(NODE_STAMP)
	@command -v wrk >/dev/null || apt-get install -y -qq wrk || (echo "make bench needs wrk (apt-get install wrk)" && exit 1)
	$(BIN)/python bench/run.py $(if $(ONLY),--only $(ONLY))

# The wheels users install: the emulator (spec and control client inside) and the client.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python scripts/dist.py --outdir dist

# What a spec change breaks and the client version it makes (reports/changes.md); exit 1 when
# breaking. BASE=git-ref (default: the last release tag, else the spec's previous commit);
# APPLY=1 also writes the version and the changelog entry (then make gen).
changes: $(STAMP)
	$(BIN)/python -m meedio_release.changes $(if $(BASE),--base $(BASE)) $(if $(APPLY),--apply)

# The checks of a release (client/release/meedio_release/check.py): the changelog entry, the
# version gate, the generated version; TAG=v3.1.0 and DIST=dist as the release workflow passes.
release-check: $(STAMP)
	$(BIN)/python -m meedio_release.check $(if $(TAG),--tag $(TAG)) $(if $(DIST),--dist $(DIST))

clean:
	rm -rf dist $(VENV) node_modules reports .pytest_cache .mypy_cache .ruff_cache .hypothesis
