# Sourced by scripts/benchmark.sh and scripts/performance.sh: the runtime WASM of the dev build
# and the optimised node that benchmarks it.
#
# Benchmarks execute in WASM, but storage, trie, hashing and allocation are the host's native
# code, which the dev profile leaves unoptimised: the dev node measures a transfer about 36
# times slower than the SDK's reference (docs/performance.md). So weights come from a
# release-profile `caduceus-node`, built once into $CADUCEUS_BENCHER (default
# ~/.cache/caduceus/bencher) and rebuilt only when Cargo.lock or the Rust toolchain changes.
# It runs the WASM given with --runtime, so it is built without a runtime of its own
# (SKIP_WASM_BUILD=1) and cannot run a chain; use the dev build for that.
#
# Sets: runtime_wasm, and bencher after ensure_bencher.

# The same build as scripts/test.sh (tests included), so switching between the scripts
# rebuilds nothing; see docs/building.md.
cargo test --locked --workspace --no-run
runtime_wasm="$CARGO_TARGET_DIR/debug/wbuild/caduceus-runtime/caduceus_runtime.wasm"
[ -f "$runtime_wasm" ] || { echo "bencher: no runtime WASM at $runtime_wasm" >&2; exit 1; }

ensure_bencher() {
	local dir="${CADUCEUS_BENCHER:-$HOME/.cache/caduceus/bencher}" key start
	bencher="$dir/caduceus-node"
	key="$(sha256sum Cargo.lock | cut -c1-16) $(rustc -V)"
	if [ -x "$bencher" ] && [ "$(cat "$bencher.key" 2>/dev/null)" = "$key" ]; then
		return
	fi
	echo "bencher: building the optimised benchmarking node (release profile; 77 min of CPU, 40 to 70 min on 2 cores; docs/building.md)" >&2
	start=$(date +%s)
	SKIP_WASM_BUILD=1 cargo build --locked --release --bin caduceus-node
	mkdir -p "$dir"
	cp "$CARGO_TARGET_DIR/release/caduceus-node" "$bencher.tmp" && mv "$bencher.tmp" "$bencher"
	echo "$key" >"$bencher.key"
	echo "bencher: built in $(($(date +%s) - start)) s: $bencher" >&2
}
