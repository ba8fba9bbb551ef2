#!/usr/bin/env bash
# Runs every check `make test` promises, in order, and ends with one line of counts.
# Each step's full output goes to target/test-logs/; a failing step prints its log and stops.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=target/test-logs
mkdir -p "$logs"
passed=0
failed=0

count_cargo() { # sums "test result: ... N passed; M failed" lines
  local p f
  p=$(grep -Eo '[0-9]+ passed' "$1" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$1" | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

count_node() { # node --test prints "# pass N" and "# fail N"
  local p f
  p=$(awk '/^# pass /{s+=$3} END {print s+0}' "$1")
  f=$(awk '/^# fail /{s+=$3} END {print s+0}' "$1")
  passed=$((passed + p)); failed=$((failed + f))
}

failures() { # which tests failed and how, printed last: a CI page may show only the final lines
  echo "== failing tests:"
  grep -E -A8 '^\s*not ok|^test .* FAILED$|panicked at' "$1" | grep -v '^\s*---$' | head -n 16
}

step() { # step NAME COUNTER COMMAND...
  local name=$1 counter=$2; shift 2
  local log="$logs/$name.log"
  local start=$SECONDS
  echo "== $name: $*"
  if "$@" >"$log" 2>&1; then
    [ "$counter" = none ] || "$counter" "$log"
    echo "   ok ($((SECONDS - start)) s)"
  else
    [ "$counter" = none ] || "$counter" "$log"
    tail -n 80 "$log"
    failures "$log"
    echo "== $name FAILED (full log: $log)"
    echo "make test: $passed passed, $((failed > 0 ? failed : 1)) failed"
    exit 1
  fi
}

step fmt none cargo fmt --all -- --check
step clippy-native none cargo clippy -p gendan-base58check -p gendan-domain -p gendan-source-id -p gendan-sync -p gendan-relay --all-targets -- -D warnings
step clippy-wasm none cargo clippy -p gendan --target wasm32-unknown-unknown --all-targets -- -D warnings
# The client crate's tests all run in the browser (test-wasm): compiling it natively too, Leptos
# and all, only to run pure functions would cost minutes for nothing.
step test-native count_cargo cargo test -p gendan-base58check -p gendan-domain -p gendan-source-id -p gendan-sync -p gendan-relay
# The runner gives the whole browser run 20 s by default; the suite takes ~15 s on an idle
# machine, and under load it was cut off ("Failed to detect test as having been run").
step test-wasm count_cargo env WASM_BINDGEN_TEST_TIMEOUT=300 cargo test -p gendan --target wasm32-unknown-unknown
# Sequential on purpose: run beside the wasm tests, the release build took as long as both in a row
# (2 cores; 914 s against 326 + 551 s), and the wasm tests doubled.
step build-app none trunk build --release
# The browser tests run the relay binary `cargo test -p gendan-relay` built for its own integration
# tests (test-native above); building it again under the dev profile would recompile every
# dependency for nothing.
step build-relay none test -x target/debug/gendan-relay
step test-interop count_node node --test --test-concurrency=1 tests/interop/
step test-e2e count_node node --test --test-concurrency=1 tests/e2e/

echo "make test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
