#!/usr/bin/env bash
# Sets up and runs the whole Caduceus test suite: pallet and runtime tests (native), then the
# node smoke tests against the built caduceus-node. Extra arguments go to `cargo test`.
# Ends with one line totalling every test binary's results.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One invocation builds the runtime WASM, the node and every test in the dev profile, so each
# dependency compiles once (see docs/building.md).
status=0
cargo test --locked --workspace "$@" 2>&1 | tee "$log" || status=$?
read -r passed failed < <(awk '/^test result:/ {
	for (i = 2; i <= NF; i++) { if ($i == "passed;") p += $(i - 1); if ($i == "failed;") f += $(i - 1) }
} END { print p + 0, f + 0 }' "$log")
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
	echo "test.sh: no test ran" >&2
	status=1
fi
echo "total: $passed passed, $failed failed"
exit "$status"
