# The two commands of the README: `make run` and `make test`. Both install what is missing
# first (tools/setup.sh), so a machine that has never seen the project needs nothing else.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

PORT ?= 8080
WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180

.PHONY: run test build setup-build setup-test test-native test-wasm test-e2e test-firefox lint clean bench fuzz

## run: install what is missing, build the release, serve it on http://127.0.0.1:$(PORT)
run: setup-build build
	node tools/serve.mjs dist $(PORT)

## test: install what is missing, then every test layer (native, wasm in Chromium, end to end,
## and the smoke suite in Firefox)
test: setup-test
	$(MAKE) --no-print-directory test-native test-wasm test-e2e test-firefox

setup-build:
	tools/setup.sh build

setup-test:
	tools/setup.sh test

build:
	trunk build --release --locked
	@tools/sizes.sh dist

test-native:
	@echo "== layer 1/4: native tests (domain, exchange, i18n) =="
	cargo test --locked

test-wasm:
	@echo "== layer 2/4: wasm-bindgen tests against real browser APIs in headless Chromium =="
	$(WASM_TEST_ENV) cargo test --locked --target wasm32-unknown-unknown --test browser

test-e2e: build
	@echo "== layer 3/4: end-to-end tests driving the release build in Chromium =="
	cd tests/e2e && npx playwright test

test-firefox: build
	@echo "== layer 4/4: smoke suite in Debian's firefox-esr over WebDriver BiDi (puppeteer-core) =="
	node tests/e2e/firefox/smoke.mjs

## bench: the benchmarks of issue 9 in headless Chromium (release build, generated 10k/50k and
## 100k/500k ledgers, baselines in the same run); writes docs/BENCHMARKS.md and
## docs/benchmarks.json. Never part of `make test`.
bench:
	tests/bench/bench.sh

## fuzz: the three fuzz targets of src/fuzz.rs (exchange reader and planner, spreadsheet
## reader, report template) for FUZZ_SECONDS each, in a release build; `make test` runs
## 1,000 cases of each. A panic fails the run and leaves its input in target/fuzz-failures/.
FUZZ_SECONDS ?= 300
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$${FUZZ_SEED:-$$(date +%s)} \
		cargo test --locked --release --lib fuzz -- --nocapture

lint:
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings

clean:
	rm -rf dist target tests/e2e/test-results tests/e2e/artifacts
