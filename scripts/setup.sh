#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build Caduceus. Idempotent: installs only what
# is missing, so it is cheap to run before every build.
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@";
	elif command -v sudo >/dev/null; then sudo "$@";
	else log "need root to run: $*"; exit 1; fi
}

# protoc (libp2p's protobuf code) and clang/libclang (bindgen for RocksDB) for the node.
missing=()
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v clang >/dev/null || missing+=(clang)
if ! ls /usr/lib/llvm-*/lib/libclang.so* >/dev/null 2>&1 && ! ldconfig -p 2>/dev/null | grep -q libclang; then
	missing+=(libclang-dev)
fi
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update -qq
	as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The runtime compiles to WASM; wasm32v1-none is preferred by substrate-wasm-builder on new Rust.
if ! command -v rustup >/dev/null; then
	log "rustup not found: install Rust from https://rustup.rs first"; exit 1
fi
installed=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32v1-none; do
	grep -qx "$target" <<<"$installed" || { log "adding target $target"; rustup target add "$target"; }
done
rustup component list --installed | grep -q '^rust-src' || { log "adding rust-src"; rustup component add rust-src; }

# The Polkadot.js end-to-end suite (e2e/) runs on the machine's Node.js; its packages come from
# npm (`npm ci` in scripts/test.sh).
if ! command -v npm >/dev/null || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
	log "Node.js 20 or newer with npm is needed for e2e/"; exit 1
fi

log "toolchain ready ($(rustc --version), $(protoc --version), node $(node --version))"
