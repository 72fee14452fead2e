#!/usr/bin/env bash
# Measures every extrinsic of pallet-records, pallet-consent and pallet-claims (and their access
# checks) next to balances.transfer_keep_alive, in one benchmark run of the runtime WASM by the optimised
# caduceus-node (scripts/bencher.sh), and prints the tables of docs/performance.md.
#
#   ./scripts/performance.sh                  # steps 10, repeat 20
#   STEPS=2 REPEAT=2 ./scripts/performance.sh # quick smoke run
#   MIN_DURATION=0 ./scripts/performance.sh    # no 10 s minimum per benchmark
#   PALLETS="pallet_balances pallet_claims" ./scripts/performance.sh   # some pallets only
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
source scripts/bencher.sh
ensure_bencher
read -ra pallets <<<"${PALLETS:-pallet_balances pallet_records pallet_consent pallet_claims}"
out="$CARGO_TARGET_DIR/performance"
mkdir -p "$out"
"$bencher" benchmark pallet \
	--runtime "$runtime_wasm" \
	--genesis-builder runtime \
	--genesis-builder-preset development \
	--pallets "${pallets[@]}" \
	--extrinsic '*' \
	--wasm-execution compiled \
	--steps "${STEPS:-10}" \
	--repeat "${REPEAT:-20}" \
	--min-duration "${MIN_DURATION:-10}" \
	--heap-pages 4096 \
	--json-file "$out/pallets.json" >"$out/pallets.log"
python3 scripts/performance_table.py "$out/pallets.json"
