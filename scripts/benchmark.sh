#!/usr/bin/env bash
# Regenerates weights from benchmarks, run on the runtime WASM inside caduceus-node (built with
# runtime-benchmarks, which the dev build has by default).
#
# A pallet of this repository gets pallets/<name>/src/weights.rs, from our template. A pallet
# of the Polkadot SDK gets runtime/src/weights/<pallet>.rs, measured on this runtime.
#
#   ./scripts/benchmark.sh pallet-credentials            # steps 50, repeat 20
#   ./scripts/benchmark.sh pallet-referenda              # an SDK pallet, into runtime/src/weights/
#   STEPS=2 REPEAT=1 ./scripts/benchmark.sh pallet-credentials   # quick smoke run
#   CHAIN=consortium ./scripts/benchmark.sh pallet-referenda     # on another preset's genesis
#
# The dev chain's rapid referendum timing (one-block prepare period) fails referenda's
# `nudge_referendum_preparing` benchmark; referenda is benchmarked with CHAIN=consortium.
set -euo pipefail
cd "$(dirname "$0")/.."
crate="${1:?usage: scripts/benchmark.sh <pallet crate, e.g. pallet-credentials>}"
pallet="${crate//-/_}"
dir="pallets/${crate#pallet-}"
if [ -f "$dir/Cargo.toml" ]; then
	output=(--template scripts/pallet-weight-template.hbs --output "$dir/src/weights.rs")
	written="$dir/src/weights.rs"
elif grep -q "\[$pallet," runtime/src/benchmarks.rs; then
	# The SDK's default template: a `WeightInfo<T>` struct for the runtime's config.
	written="runtime/src/weights/$pallet.rs"
	output=(--header scripts/weights-header.txt --output "$written")
else
	echo "benchmark: $crate is neither a crate in pallets/ nor in runtime/src/benchmarks.rs" >&2
	exit 1
fi
./scripts/setup.sh
source scripts/env.sh
# The same build as scripts/test.sh (tests included), so switching between the scripts
# rebuilds nothing; see docs/building.md.
cargo test --locked --workspace --no-run
"$CARGO_TARGET_DIR/debug/caduceus-node" benchmark pallet \
	--chain "${CHAIN:-dev}" \
	--pallet "$pallet" \
	--extrinsic '*' \
	--wasm-execution compiled \
	--steps "${STEPS:-50}" \
	--repeat "${REPEAT:-20}" \
	--heap-pages 4096 \
	"${output[@]}"
if [[ "$written" == runtime/* ]]; then
	# The runtime reaches SDK crates through the polkadot-sdk umbrella, not as direct dependencies.
	sed -i "s/^use frame_support::{traits::Get, weights::Weight};/use polkadot_sdk::{frame_support::{traits::Get, weights::Weight}, frame_system, $pallet};/" "$written"
	# An overridden benchmark loses its component in the output; pallet-xcm's `claim_assets`
	# (overridden here: nothing is transacted) still takes it in the trait.
	sed -i "s/fn claim_assets() -> Weight {/fn claim_assets(_n: u32, ) -> Weight {/" "$written"
fi
echo "benchmark: wrote $written" >&2
