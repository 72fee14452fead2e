#!/usr/bin/env bash
# Measures every extrinsic of pallet-records, pallet-consent and pallet-claims (and their access
# checks) next to balances.transfer_keep_alive, in one benchmark run of the runtime WASM inside
# caduceus-node, and prints the tables of docs/performance.md.
#
#   ./scripts/performance.sh                  # steps 10, repeat 20
#   STEPS=2 REPEAT=2 ./scripts/performance.sh # quick smoke run
#   PALLETS="pallet_balances pallet_claims" ./scripts/performance.sh   # some pallets only
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# The same build as scripts/test.sh; see docs/building.md.
cargo test --locked --workspace --no-run
read -ra pallets <<<"${PALLETS:-pallet_balances pallet_records pallet_consent pallet_claims}"
out="$CARGO_TARGET_DIR/performance"
mkdir -p "$out"
"$CARGO_TARGET_DIR/debug/caduceus-node" benchmark pallet \
	--chain dev \
	--pallets "${pallets[@]}" \
	--extrinsic '*' \
	--wasm-execution compiled \
	--steps "${STEPS:-10}" \
	--repeat "${REPEAT:-20}" \
	--heap-pages 4096 \
	--json-file "$out/pallets.json" >"$out/pallets.log"
python3 scripts/performance_table.py "$out/pallets.json"
