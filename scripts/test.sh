#!/usr/bin/env bash
# Sets up and runs the whole Caduceus test suite: pallet and runtime tests (native), the node
# smoke tests against the built caduceus-node, the benchmark smoke run, then the
# Polkadot.js end-to-end suite (e2e/)
# against a fresh `caduceus-node --dev`, with the FHIR facade (fhir/) beside it. Extra arguments
# go to `cargo test`.
# Ends with one line totalling every test binary's and the e2e suite's results.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/test-setup.sh
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
# Runs a Node.js test suite (`node --test`), echoing it and adding its counts to the totals;
# a suite that fails, or that passes without running a test, fails the run.
#   run_node_suite <name> <command...>
run_node_suite() {
	local name=$1 suite_log suite_status=0 suite_passed suite_failed
	shift
	suite_log=$(mktemp)
	("$@") 2>&1 | tee "$suite_log" || suite_status=$?
	read -r suite_passed suite_failed < <(awk '/^ℹ pass / { p = $3 } /^ℹ fail / { f = $3 } END { print p + 0, f + 0 }' "$suite_log")
	rm -f "$suite_log"
	if [ "$suite_status" -eq 0 ] && [ "$suite_passed" -eq 0 ]; then
		echo "test.sh: the $name ran no test" >&2
		suite_status=1
	fi
	passed=$((passed + suite_passed))
	failed=$((failed + suite_failed))
	status=$suite_status
}
npm_ci() { npm ci --no-audit --no-fund --loglevel=error; }
e2e_suite() {
	# The suite starts the FHIR facade (fhir/) next to the node and validates what it serves.
	(cd fhir && npm_ci) && cd e2e && npm_ci && CADUCEUS_NODE="$CARGO_TARGET_DIR/debug/caduceus-node" npm test
}
network_suite() {
	(cd zombienet && npm_ci) && cd e2e &&
		CADUCEUS_REHEARSAL_WASM="$rehearsal" node --test --test-force-exit --test-concurrency=1 --test-reporter=spec network/
}
# The benchmark smoke run: every benchmark of every pallet the runtime benchmarks, at two steps
# and one repeat, on the dev node, so that a benchmark that no longer runs fails CI (the
# weights themselves come from scripts/benchmark.sh on the optimised node). Each benchmark
# counts as a passed test.
if [ "$status" -eq 0 ]; then
	smoke_log=$(mktemp)
	smoke_status=0
	./scripts/benchmark.sh --smoke 2>&1 | tee "$smoke_log" || smoke_status=$?
	smoke_passed=$(sed -n 's/^benchmark: smoke run: \([0-9][0-9]*\) benchmarks.*/\1/p' "$smoke_log")
	rm -f "$smoke_log"
	if [ "$smoke_status" -eq 0 ] && [ -n "$smoke_passed" ] && [ "$smoke_passed" -gt 0 ]; then
		passed=$((passed + smoke_passed))
	else
		echo "test.sh: the benchmark smoke run failed" >&2
		failed=$((failed + 1))
		status=1
	fi
fi
# The dApp contract: only against a node that passed its own tests.
if [ "$status" -eq 0 ]; then
	run_node_suite "e2e suite" e2e_suite
fi
# The network test (e2e/network/): the parachain on a live westend-local relay chain, with the
# relay's binaries from relay/ (about 15 min the first time, docs/building.md). They are built
# with the workspace's features plus `relay`, so every shared crate is compiled once per
# feature set; only the three relay binaries are built with it, so caduceus-node stays the one
# the suite above tested.
bin="$CARGO_TARGET_DIR/debug"
if [ "$status" -eq 0 ]; then
	relay_status=0
	cargo build --locked --workspace --features caduceus-relay/relay \
		--bin polkadot --bin polkadot-prepare-worker --bin polkadot-execute-worker || relay_status=$?
	# The runtime one spec_version later, which the network test upgrades to by referendum.
	rehearsal=$(./scripts/rehearsal-runtime.sh) || relay_status=$?
	if [ "$relay_status" -eq 0 ] && [ -x "$bin/polkadot" ] && [ -x "$bin/polkadot-prepare-worker" ] && [ -x "$bin/polkadot-execute-worker" ]; then
		run_node_suite "network test" network_suite
	else
		echo "test.sh: the relay chain's binaries or the rehearsal runtime did not build: the network test cannot run" >&2
		failed=$((failed + 1))
		status=1
	fi
fi
echo "total: $passed passed, $failed failed"
exit "$status"
