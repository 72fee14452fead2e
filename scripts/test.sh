#!/usr/bin/env bash
# Sets up and runs the whole Caduceus test suite: pallet and runtime tests (native), the node
# smoke tests against the built caduceus-node, then the Polkadot.js end-to-end suite (e2e/)
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
# The dApp contract: only against a node that passed its own tests.
if [ "$status" -eq 0 ]; then
	e2e_log=$(mktemp)
	trap 'rm -f "$log" "$e2e_log"' EXIT
	e2e_status=0
	# The suite starts the FHIR facade (fhir/) next to the node and validates what it serves.
	(cd fhir && npm ci --no-audit --no-fund --loglevel=error && cd ../e2e && npm ci --no-audit --no-fund --loglevel=error &&
		CADUCEUS_NODE="$CARGO_TARGET_DIR/debug/caduceus-node" npm test) 2>&1 | tee "$e2e_log" || e2e_status=$?
	read -r e2e_passed e2e_failed < <(awk '/^ℹ pass / { p = $3 } /^ℹ fail / { f = $3 } END { print p + 0, f + 0 }' "$e2e_log")
	if [ "$e2e_status" -eq 0 ] && [ "$e2e_passed" -eq 0 ]; then
		echo "test.sh: the e2e suite ran no test" >&2
		e2e_status=1
	fi
	passed=$((passed + e2e_passed))
	failed=$((failed + e2e_failed))
	status=$e2e_status
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
		net_log=$(mktemp)
		trap 'rm -f "$log" "$e2e_log" "$net_log"' EXIT
		net_status=0
		(cd zombienet && npm ci --no-audit --no-fund --loglevel=error && cd ../e2e &&
			CADUCEUS_REHEARSAL_WASM="$rehearsal" node --test --test-force-exit --test-concurrency=1 --test-reporter=spec network/) 2>&1 | tee "$net_log" || net_status=$?
		read -r net_passed net_failed < <(awk '/^ℹ pass / { p = $3 } /^ℹ fail / { f = $3 } END { print p + 0, f + 0 }' "$net_log")
		if [ "$net_status" -eq 0 ] && [ "$net_passed" -eq 0 ]; then
			echo "test.sh: the network test ran no test" >&2
			net_status=1
		fi
		passed=$((passed + net_passed))
		failed=$((failed + net_failed))
		status=$net_status
	else
		echo "test.sh: the relay chain's binaries or the rehearsal runtime did not build: the network test cannot run" >&2
		failed=$((failed + 1))
		status=1
	fi
fi
echo "total: $passed passed, $failed failed"
exit "$status"
