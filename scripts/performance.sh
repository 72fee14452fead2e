#!/usr/bin/env bash
# Measures every pallet-records and pallet-consent extrinsic (and consent's access check) next
# to balances.transfer_keep_alive, in one benchmark run of the runtime WASM inside caduceus-node,
# and prints the table of docs/performance.md.
#
#   ./scripts/performance.sh                  # steps 10, repeat 20
#   STEPS=2 REPEAT=2 ./scripts/performance.sh # quick smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# The same build as scripts/test.sh; see docs/building.md.
cargo test --locked --workspace --no-run
out="$CARGO_TARGET_DIR/performance"
mkdir -p "$out"
"$CARGO_TARGET_DIR/debug/caduceus-node" benchmark pallet \
	--chain dev \
	--pallets pallet_balances pallet_records pallet_consent \
	--extrinsic '*' \
	--wasm-execution compiled \
	--steps "${STEPS:-10}" \
	--repeat "${REPEAT:-20}" \
	--heap-pages 4096 \
	--json-file "$out/pallets.json" >"$out/pallets.log"
python3 scripts/performance_table.py "$out/pallets.json"
