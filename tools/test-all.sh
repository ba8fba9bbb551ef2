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
    echo "== $name FAILED (full log: $log)"
    echo "make test: $passed passed, $((failed > 0 ? failed : 1)) failed"
    exit 1
  fi
}

bg_pid=
bg_started=0
bg_start() { # bg_start NAME COMMAND...: runs a step in the background; bg_wait NAME reports it
  local name=$1; shift
  echo "== $name (in the background): $*"
  bg_started=$SECONDS
  "$@" >"$logs/$name.log" 2>&1 &
  bg_pid=$!
}

bg_wait() {
  local name=$1
  if wait "$bg_pid"; then
    echo "   $name ok ($((SECONDS - bg_started)) s since it started)"
  else
    tail -n 80 "$logs/$name.log"
    echo "== $name FAILED (full log: $logs/$name.log)"
    echo "make test: $passed passed, $((failed > 0 ? failed : 1)) failed"
    exit 1
  fi
  bg_pid=
}

# A failing step must not leave the background build running after the script ends.
trap '[ -n "$bg_pid" ] && kill "$bg_pid" 2>/dev/null' EXIT

step fmt none cargo fmt --all -- --check
step clippy-native none cargo clippy -p gendan-domain -p gendan-sync -p gendan-relay --all-targets -- -D warnings
step clippy-wasm none cargo clippy -p gendan --target wasm32-unknown-unknown --all-targets -- -D warnings
step test-native count_cargo cargo test -p gendan-domain -p gendan-sync -p gendan-relay -p gendan
# The release build of the app spends minutes in one thread (fat LTO, one codegen unit), so it runs
# beside the wasm tests. Cargo locks each profile's output directory, and the two use different ones
# (wasm32 release vs wasm32 debug), so neither waits for the other.
bg_start build-app trunk build --release
step test-wasm count_cargo cargo test -p gendan --target wasm32-unknown-unknown
bg_wait build-app
# The browser tests run the relay binary `cargo test -p gendan-relay` built for its own integration
# tests (test-native above); building it again under the dev profile would recompile every
# dependency for nothing.
step build-relay none test -x target/debug/gendan-relay
step test-interop count_node node --test --test-concurrency=1 tests/interop/
step test-e2e count_node node --test --test-concurrency=1 tests/e2e/

echo "make test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
