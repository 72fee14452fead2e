#!/usr/bin/env bash
# Regenerates weights from benchmarks of the runtime WASM that the dev build produces, run by an
# optimised (release-profile) `caduceus-node` (scripts/bencher.sh says why and how it is built).
#
# A pallet of this repository gets pallets/<name>/src/weights.rs, from our template. A pallet
# of the Polkadot SDK gets runtime/src/weights/<pallet>.rs, measured on this runtime.
#
#   ./scripts/benchmark.sh pallet-credentials     # one pallet: steps 50, repeat 20
#   ./scripts/benchmark.sh pallet-referenda       # an SDK pallet, into runtime/src/weights/
#   ./scripts/benchmark.sh all                    # every pallet runtime/src/benchmarks.rs lists,
#                                                 # then overhead
#   ./scripts/benchmark.sh sdk                    # every SDK pallet listed, then overhead
#   ./scripts/benchmark.sh overhead               # block and extrinsic base weights
#   ./scripts/benchmark.sh storage                # database weights on a 100,000-patient state
#   MIN_DURATION=0 ...                            # no 10 s minimum per benchmark (the CLI's
#                                                 # default), for the cheap ones
#   STEPS=2 REPEAT=1 ./scripts/benchmark.sh pallet-credentials   # a quick look
#   ./scripts/benchmark.sh --smoke                # every benchmark once, on the dev node,
#                                                 # writing nothing (scripts/test.sh runs it)
#
# The dev chain's rapid referendum timing (one-block prepare period) fails referenda's
# `nudge_referendum_preparing` benchmark, so referenda runs on the consortium preset.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh

log() { printf 'benchmark: %s\n' "$*" >&2; }

# Every pallet `define_benchmarks!` lists, by its name there.
benchmarked_pallets() {
	sed -n '/define_benchmarks!(/,/^);/s/^\s*\[\([a-z_]*\),.*/\1/p' runtime/src/benchmarks.rs
}

# Is the pallet (as named in define_benchmarks) a crate of this repository?
is_ours() { local crate="${1//_/-}"; [ -f "pallets/${crate#pallet-}/Cargo.toml" ]; }

preset_of() {
	case "$1" in
	pallet_referenda) echo consortium ;;
	*) echo "${PRESET:-development}" ;;
	esac
}

source scripts/bencher.sh

if [ "${1:-}" = "--smoke" ]; then
	# Every benchmark at two steps, once, on the dev node: a benchmark that no longer runs
	# fails here. Its figures are the dev host's and are thrown away. Two runs, so the WASM is
	# compiled twice rather than once per pallet. `--min-duration 0`: by default the CLI repeats
	# each benchmark for at least 10 s, which made this run take 46 min. The results go to JSON,
	# not weight files: the writer's regression needs more samples than one repeat gives.
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
	node_bin="$CARGO_TARGET_DIR/debug/caduceus-node"
	smoke() { # preset, pallet selection...
		local preset=$1
		shift
		"$node_bin" benchmark pallet --runtime "$runtime_wasm" --genesis-builder runtime \
			--genesis-builder-preset "$preset" "$@" --extrinsic '*' --list=all --no-csv-header >>"$out/listed" ||
			{ log "FAIL: cannot list the benchmarks on $preset"; exit 1; }
		"$node_bin" benchmark pallet --runtime "$runtime_wasm" \
			--genesis-builder runtime --genesis-builder-preset "$preset" "$@" --extrinsic '*' \
			--wasm-execution compiled --steps 2 --repeat 1 --min-duration 0 --heap-pages 4096 --no-storage-info \
			--no-median-slopes --no-min-squares --json-file "$out/$preset.json" >"$out/$preset.log" 2>&1 ||
			{ tail -30 "$out/$preset.log" >&2; log "FAIL on $preset"; exit 1; }
	}
	smoke development --pallet '*' --exclude-pallets pallet_referenda
	smoke consortium --pallet pallet_referenda
	# Every listed benchmark must have results, and every pallet define_benchmarks! names must
	# have benchmarks.
	python3 - "$out" $(benchmarked_pallets) <<'PY' || exit 1
import json, sys
from collections import Counter
out, pallets = sys.argv[1], sys.argv[2:]
listed = {tuple(part.strip() for part in line.split(",")) for line in open(f"{out}/listed") if line.strip()}
ran = set()
for preset in ("development", "consortium"):
    for batch in json.load(open(f"{out}/{preset}.json")):
        if batch["time_results"]:
            ran.add((batch["pallet"], batch["benchmark"]))
missing = sorted(listed - ran)
for pallet, benchmark in missing:
    print(f"benchmark: FAIL {pallet}::{benchmark}: listed, but no result", file=sys.stderr)
counts = Counter(pallet for pallet, _ in ran)
for pallet in pallets:
    if counts[pallet] == 0:
        print(f"benchmark: FAIL {pallet}: no benchmark ran", file=sys.stderr)
        missing.append((pallet, None))
    else:
        print(f"benchmark: ok {pallet} ({counts[pallet]} benchmarks)", file=sys.stderr)
if missing or not pallets:
    sys.exit(1)
print(f"benchmark: smoke run: {len(ran)} benchmarks of {len(pallets)} pallets passed", file=sys.stderr)
PY
	exit 0
fi

target="${1:?usage: scripts/benchmark.sh <pallet crate, e.g. pallet-credentials> | all | sdk | overhead | storage | --smoke}"

ensure_bencher

header=$(mktemp)
trap 'rm -f "$header"' EXIT
{
	cat scripts/weights-header.txt
	printf '// Measured by %s (release profile) on %s, %s cores, %s.\n' "$("$bencher" --version)" \
		"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" "$(nproc)" \
		"$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
} >"$header"

# Each run's raw results too, for scripts/performance_table.py.
results="$CARGO_TARGET_DIR/benchmarks"
mkdir -p "$results"

# benchmark <pallet as in define_benchmarks>
benchmark() {
	local pallet=$1 crate dir written output
	crate="${pallet//_/-}"
	dir="pallets/${crate#pallet-}"
	if is_ours "$pallet"; then
		written="$dir/src/weights.rs"
		output=(--template scripts/pallet-weight-template.hbs --output "$written")
	elif benchmarked_pallets | grep -qx "$pallet"; then
		# The SDK's default template: a `WeightInfo<T>` struct for the runtime's config.
		written="runtime/src/weights/$pallet.rs"
		output=(--output "$written")
	else
		log "$crate is neither a crate in pallets/ nor in runtime/src/benchmarks.rs"
		exit 1
	fi
	log "$pallet: steps ${STEPS:-50}, repeat ${REPEAT:-20}"
	"$bencher" benchmark pallet --runtime "$runtime_wasm" \
		--genesis-builder runtime --genesis-builder-preset "$(preset_of "$pallet")" \
		--pallet "$pallet" \
		--extrinsic '*' \
		--wasm-execution compiled \
		--steps "${STEPS:-50}" \
		--repeat "${REPEAT:-20}" \
		--min-duration "${MIN_DURATION:-10}" \
		--heap-pages 4096 \
		--header "$header" \
		--json-file "$results/$pallet.json" \
		"${output[@]}"
	if [[ "$written" == runtime/* ]]; then
		# The runtime reaches SDK crates through the polkadot-sdk umbrella, not as direct
		# dependencies.
		local crates="frame_system, $pallet"
		[[ "$pallet" == frame_system* ]] && crates=frame_system
		sed -i "s/^use frame_support::{traits::Get, weights::Weight};/use polkadot_sdk::{frame_support::{traits::Get, weights::Weight}, $crates};/" "$written"
		# An overridden benchmark loses its component in the output; pallet-xcm's `claim_assets`
		# (overridden here: nothing is transacted) still takes it in the trait.
		sed -i "s/fn claim_assets() -> Weight {/fn claim_assets(_n: u32, ) -> Weight {/" "$written"
		# The extensions' weights are frame-system's `ExtensionsWeightInfo`, not a pallet's.
		sed -i "s/frame_system_extensions::WeightInfo for/frame_system::ExtensionsWeightInfo for/" "$written"
	fi
	log "wrote $written"
}

# The weight of an empty block and of a no-op extrinsic on this runtime (a parachain block, with
# its inherents): runtime/src/weights/{block,extrinsic}_weights.rs, which configs/system.rs and
# configs/monetary.rs use as the block's and every extrinsic's base weight.
overhead() {
	log "overhead: block and extrinsic base weights"
	"$bencher" benchmark overhead --runtime "$runtime_wasm" \
		--genesis-builder runtime --genesis-builder-preset development \
		--weight-path runtime/src/weights --header "$header"
	local written
	for written in runtime/src/weights/block_weights.rs runtime/src/weights/extrinsic_weights.rs; do
		sed -i -e 's/^use sp_core::parameter_types;/use polkadot_sdk::frame_support::parameter_types;/' \
			-e 's/^use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};/use polkadot_sdk::frame_support::weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};/' \
			-e 's/^\tuse sp_weights::constants;/\tuse polkadot_sdk::frame_support::weights::constants;/' "$written"
		log "wrote $written"
	done
}

# Database read and write weights on a consortium-sized state: the dev chain's genesis plus
# $PATIENTS patients' accounts, records, consents and access logs and a tenth as many
# practitioners' credentials (e2e/bin/storage-state.js), in a RocksDB under the target dir.
# `benchmark storage` times reading and writing $KEYS_LIMIT of its keys, from a fixed random
# start: runtime/src/weights/rocksdb_weights.rs, configs/system.rs's `DbWeight`.
storage() {
	local work="$CARGO_TARGET_DIR/storage-benchmark" written=runtime/src/weights/rocksdb_weights.rs
	rm -rf "$work" && mkdir -p "$work"
	"$CARGO_TARGET_DIR/debug/caduceus-node" export-chain-spec --chain dev --raw --output "$work/dev-raw.json" 2>/dev/null
	(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
	node e2e/bin/storage-state.js --spec "$work/dev-raw.json" --out "$work/state.json" --patients "${PATIENTS:-100000}"
	log "storage: ${PATIENTS:-100000} patients, ${KEYS_LIMIT:-200000} keys read and written"
	"$bencher" benchmark storage --chain "$work/state.json" --base-path "$work/db" --state-version 1 \
		--keys-limit "${KEYS_LIMIT:-200000}" --random-seed 7 \
		--weight-path runtime/src/weights --header "$header"
	sed -i -e 's/^\tuse frame_support::weights::constants;/\tuse polkadot_sdk::frame_support::weights::constants;/' \
		-e 's/^\tuse sp_core::parameter_types;/\tuse polkadot_sdk::frame_support::parameter_types;/' \
		-e 's/^\tuse sp_weights::RuntimeDbWeight;/\tuse polkadot_sdk::frame_support::weights::RuntimeDbWeight;/' \
		-e 's/^\t\tuse sp_weights::constants;/\t\tuse polkadot_sdk::frame_support::weights::constants;/' "$written"
	rm -rf "$work"
	log "wrote $written"
}

if [ "$target" = all ]; then
	for pallet in $(benchmarked_pallets); do benchmark "$pallet"; done
	overhead
elif [ "$target" = sdk ]; then
	for pallet in $(benchmarked_pallets); do is_ours "$pallet" || benchmark "$pallet"; done
	overhead
elif [ "$target" = overhead ]; then
	overhead
elif [ "$target" = storage ]; then
	storage
else
	benchmark "${target//-/_}"
fi
