#!/usr/bin/env bash
# Regenerates a pallet's weights.rs from its benchmarks, run on the runtime WASM inside
# caduceus-node (built with runtime-benchmarks, which the dev build has by default).
#
#   ./scripts/benchmark.sh pallet-credentials            # steps 50, repeat 20
#   STEPS=2 REPEAT=1 ./scripts/benchmark.sh pallet-credentials   # quick smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
crate="${1:?usage: scripts/benchmark.sh <pallet crate, e.g. pallet-credentials>}"
dir="pallets/${crate#pallet-}"
[ -f "$dir/Cargo.toml" ] || { echo "benchmark: no crate at $dir" >&2; exit 1; }
./scripts/setup.sh
source scripts/env.sh
# The same build as scripts/test.sh (tests included), so switching between the scripts
# rebuilds nothing; see docs/building.md.
cargo test --locked --workspace --no-run
"$CARGO_TARGET_DIR/debug/caduceus-node" benchmark pallet \
	--chain dev \
	--pallet "${crate//-/_}" \
	--extrinsic '*' \
	--wasm-execution compiled \
	--steps "${STEPS:-50}" \
	--repeat "${REPEAT:-20}" \
	--heap-pages 4096 \
	--template scripts/pallet-weight-template.hbs \
	--output "$dir/src/weights.rs"
echo "benchmark: wrote $dir/src/weights.rs" >&2
