#!/usr/bin/env bash
# Regenerates weights from benchmarks of the runtime WASM that the dev build produces, run by an
# optimised (release-profile) `caduceus-node` (scripts/bencher.sh says why and how it is built).
#
# A pallet of this repository gets pallets/<name>/src/weights.rs, from our template. A pallet
# of the Polkadot SDK gets runtime/src/weights/<pallet>.rs, measured on this runtime.
#
#   ./scripts/benchmark.sh pallet-credentials     # one pallet: steps 50, repeat 20
#   ./scripts/benchmark.sh pallet-referenda       # an SDK pallet, into runtime/src/weights/
#   ./scripts/benchmark.sh all                    # every pallet runtime/src/benchmarks.rs lists
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
	# each benchmark for at least 10 s, which made this run take 46 min.
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
	smoke() { # preset, pallet selection...
		local preset=$1
		shift
		"$CARGO_TARGET_DIR/debug/caduceus-node" benchmark pallet --runtime "$runtime_wasm" \
			--genesis-builder runtime --genesis-builder-preset "$preset" "$@" --extrinsic '*' \
			--wasm-execution compiled --steps 2 --repeat 1 --min-duration 0 --heap-pages 4096 --no-storage-info \
			--output "$out" >"$out/$preset.log" 2>&1 || { tail -30 "$out/$preset.log" >&2; log "FAIL on $preset"; exit 1; }
	}
	smoke development --pallet '*' --exclude-pallets pallet_referenda
	smoke consortium --pallet pallet_referenda
	count=0 benchmarks=0
	for pallet in $(benchmarked_pallets); do
		[ -s "$out/$pallet.rs" ] || { log "FAIL $pallet: no weights written"; exit 1; }
		n=$(grep -c '^	fn ' "$out/$pallet.rs" || true)
		[ "$n" -gt 0 ] || { log "FAIL $pallet: no benchmark in its weights"; exit 1; }
		log "ok $pallet ($n benchmarks)"
		count=$((count + 1)) benchmarks=$((benchmarks + n))
	done
	[ "$count" -gt 0 ] || { log "no pallet found in runtime/src/benchmarks.rs"; exit 1; }
	log "smoke run: $benchmarks benchmarks of $count pallets passed"
	exit 0
fi

target="${1:?usage: scripts/benchmark.sh <pallet crate, e.g. pallet-credentials> | all | --smoke}"

ensure_bencher

header=$(mktemp)
trap 'rm -f "$header"' EXIT
{
	cat scripts/weights-header.txt
	printf '// Measured by %s (release profile) on %s, %s cores, %s.\n' "$("$bencher" --version)" \
		"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" "$(nproc)" \
		"$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
} >"$header"

# benchmark <pallet as in define_benchmarks>
benchmark() {
	local pallet=$1 crate dir written output
	crate="${pallet//_/-}"
	dir="pallets/${crate#pallet-}"
	if [ -f "$dir/Cargo.toml" ]; then
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
		--heap-pages 4096 \
		--header "$header" \
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

if [ "$target" = all ]; then
	for pallet in $(benchmarked_pallets); do benchmark "$pallet"; done
else
	benchmark "${target//-/_}"
fi
