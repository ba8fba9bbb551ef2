# Gendan: two commands on a fresh machine.
#   make run   installs what is missing, builds the app and starts the relay on http://127.0.0.1:8080
#   make test  everything CI checks: fmt, clippy, native tests, wasm tests, browser end-to-end tests
# Every install step checks first and is skipped when the right version is already there.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

TRUNK_VERSION := 0.21.14
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
ADDR ?= 127.0.0.1:8080

.PHONY: run test build tools rust-tools node-tools browser-tools db-tools bench fmt clippy test-native test-wasm test-e2e clean

run: tools build
	cargo build --profile relay -p gendan-relay
	./target/relay/gendan-relay serve --addr $(ADDR) --dist dist --data data

test: tools browser-tools db-tools
	bash tools/test-all.sh

build: tools
	trunk build --release

bench: tools browser-tools db-tools
	trunk build --release
	cargo build -p gendan-relay
	cargo bench -p gendan-domain
	node tests/bench/app.mjs
	node tests/bench/webrtc.mjs
	node tests/bench/blobs.mjs
	node tests/bench/reconnect.mjs
	cargo build --profile relay -p gendan-relay --bin gendan-relay
	GENDAN_RELAY_BIN=target/relay/gendan-relay node tests/interop/bench.mjs

tools: rust-tools node-tools

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
		echo "installing trunk $(TRUNK_VERSION) (about 13 minutes on 2 cores)"; \
		cargo install trunk --version $(TRUNK_VERSION) --locked; fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (the version Cargo.lock pins)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi

# wasm-opt comes from npm's binaryen: Debian's binaryen 108 produces a wasm that fails to start.
node-tools: node_modules/.installed

# `npm install`, not `npm ci`: npm 11's ci refuses this lock over optional platform packages of
# cbor-extract (a dependency of @automerge/automerge-repo); versions are pinned exactly anyway.
node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund
	touch $@

browser-tools:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "installing Debian's chromium and chromium-driver"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; fi

# The relay's PostgreSQL tests (crates/relay/tests/pg_*.rs) start a throwaway cluster with
# initdb + pg_ctl; they look on PATH and under /usr/lib/postgresql/*/bin, where Debian puts them.
db-tools:
	@if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "installing Debian's postgresql (server binaries for the relay's database tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; fi

clean:
	cargo clean
	rm -rf dist node_modules
