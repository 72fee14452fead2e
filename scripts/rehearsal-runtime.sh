#!/usr/bin/env bash
# Builds the runtime WASM one `spec_version` later (feature `upgrade-rehearsal`) for the network
# test's governance-driven upgrade, into $CARGO_TARGET_DIR/rehearsal/caduceus_runtime_rehearsal.wasm,
# and prints its path. It reuses the WASM project that the workspace build generated (same lock,
# same RUSTFLAGS, same target dir, so only the runtime crate and the pallets compile again) under
# another package name, so that the workspace's own runtime blob is never overwritten. The copied
# lock pins every dependency; only its root package is renamed (hence --offline, not --locked).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
root=$(pwd)
wbuild="$CARGO_TARGET_DIR/debug/wbuild"
if [ ! -f "$wbuild/caduceus-runtime/Cargo.toml" ]; then
	echo "rehearsal-runtime: build the workspace first (cargo test --locked --workspace --no-run)" >&2
	exit 1
fi
project="$wbuild/caduceus-runtime-rehearsal"
mkdir -p "$project/src"
cp "$wbuild/caduceus-runtime/Cargo.lock" "$project/Cargo.lock"
cp "$wbuild/caduceus-runtime/src/lib.rs" "$project/src/lib.rs"
# The generated manifest, pointed at this checkout, with the feature and names of its own.
python3 - "$wbuild/caduceus-runtime/Cargo.toml" "$project/Cargo.toml" "$root/runtime" <<'PY'
import re, sys
src, dst, runtime = sys.argv[1:]
text = open(src).read()
text = re.sub(r'(?m)^path = ".*"$', f'path = "{runtime}"', text, count=1)
# Without runtime-benchmarks, as a production runtime is built: smaller, and it must fit the
# relay's max_code_size.
text = re.sub(r'(?m)^features = \[(.*)\]$', 'features = ["upgrade-rehearsal"]', text, count=1)
text = text.replace('name = "caduceus_runtime"', 'name = "caduceus_runtime_rehearsal"')
text = text.replace('name = "caduceus-runtime-blob"', 'name = "caduceus-runtime-rehearsal-blob"')
open(dst, 'w').write(text)
PY
# substrate-wasm-builder's flags for this runtime (build_using_defaults on wasm32v1-none): the same
# string, so the dependencies it compiled are reused.
RUSTFLAGS="-C link-arg=--export-table -C link-arg=--export=__heap_base -C link-arg=--import-memory --cfg substrate_runtime " \
	CARGO_TARGET_DIR="$wbuild/caduceus-runtime/target" SKIP_WASM_BUILD= \
	cargo rustc --offline --target=wasm32v1-none --manifest-path="$project/Cargo.toml" --profile release >&2
# A dev build skips the WASM builder's compaction, so the blob is large: drop the custom sections
# the node does not read (names, producers) and compress it as the SDK does (zstd behind
# sp-maybe-compressed-blob's prefix), which relay and para both accept as validation code.
dir="$CARGO_TARGET_DIR/rehearsal"
mkdir -p "$dir"
if ! "$dir/venv/bin/python" -c 'import zstandard' 2>/dev/null; then
	python3 -m venv "$dir/venv" && "$dir/venv/bin/pip" install --quiet 'zstandard==0.23.0' >&2
fi
out="$dir/caduceus_runtime_rehearsal.compressed.wasm"
"$dir/venv/bin/python" - "$wbuild/caduceus-runtime/target/wasm32v1-none/release/caduceus_runtime_rehearsal.wasm" "$out" <<'PY'
import sys, zstandard
def leb(data, i):
    value = shift = 0
    while True:
        byte = data[i]; i += 1; value |= (byte & 0x7f) << shift; shift += 7
        if byte < 0x80: return value, i
data = open(sys.argv[1], 'rb').read()
kept, i = bytearray(data[:8]), 8
while i < len(data):
    section, (size, start) = data[i], leb(data, i + 1)
    end = start + size
    if section == 0:
        length, at = leb(data, start)
        if data[at:at + length] not in (b'runtime_version', b'runtime_apis'):
            i = end
            continue
    kept += data[i:end]
    i = end
ZSTD_PREFIX = bytes([82, 188, 83, 118, 70, 219, 142, 5])
blob = ZSTD_PREFIX + zstandard.ZstdCompressor(level=19).compress(bytes(kept))
open(sys.argv[2], 'wb').write(blob)
print(f'rehearsal-runtime: {len(data)} bytes, {len(kept)} without custom sections, {len(blob)} compressed', file=sys.stderr)
PY
echo "$out"
