#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test Caduceus. Idempotent and quiet:
# it installs only what is missing, one line per install, then prints "toolchain ready".
#
# Every probe looks for the file the build really loads, not a package that merely looks alike
# (libclang-cpp.so is not the libclang.so that clang-sys loads for bindgen).
#
# For scripts/test-setup.sh, two variables turn it into a probe of a fake machine:
#   CADUCEUS_SETUP_ROOT=dir   probe dir as if it were / (commands in dir/usr/bin, libraries in
#                             dir/usr/lib..., the Rust sysroot in dir/rust, apt's candidates in
#                             dir/apt-candidates as "package version" lines)
#   CADUCEUS_SETUP_DRY_RUN=1  print "would install ..." instead of installing
set -euo pipefail

root="${CADUCEUS_SETUP_ROOT:-}"
dry_run="${CADUCEUS_SETUP_DRY_RUN:-}"

log() { printf 'setup: %s\n' "$*" >&2; }
fail() { log "$*"; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@";
	elif command -v sudo >/dev/null; then sudo -n "$@";
	else fail "need root to run: $*"; fi
}

# A command on the (fake) machine's PATH.
have_cmd() {
	if [ -n "$root" ]; then
		local dir
		for dir in /usr/local/bin /usr/bin /bin; do [ -x "$root$dir/$1" ] && return 0; done
		return 1
	fi
	command -v "$1" >/dev/null
}

run_cmd() {
	if [ -n "$root" ]; then
		local cmd=$1 dir
		shift
		for dir in /usr/local/bin /usr/bin /bin; do
			[ -x "$root$dir/$cmd" ] && { "$root$dir/$cmd" "$@"; return; }
		done
		return 127
	fi
	"$@"
}

# clang-sys (bindgen, for RocksDB's bindings) loads libclang.so, libclang-N.so or a versioned
# libclang.so.N from LIBCLANG_PATH, `llvm-config --libdir` or the system library directories.
# libclang-cpp.so.N (the C++ library that llvm-*-dev pulls in) does not count.
have_libclang() {
	local dirs=() dir file
	if [ -z "$root" ] && [ -n "${LIBCLANG_PATH:-}" ]; then dirs+=("$LIBCLANG_PATH"); fi
	if have_cmd llvm-config; then
		dir=$(run_cmd llvm-config --libdir 2>/dev/null) && dirs+=("$dir")
	fi
	dirs+=("$root"/usr/lib/llvm-*/lib "$root/usr/lib/x86_64-linux-gnu" "$root/usr/lib/aarch64-linux-gnu"
		"$root/usr/lib64" "$root/usr/lib" "$root/usr/local/lib" "$root/lib/x86_64-linux-gnu")
	for dir in "${dirs[@]}"; do
		for file in "$dir"/libclang.so "$dir"/libclang.so.* "$dir"/libclang-*.so "$dir"/libclang-*.so.*; do
			[ -e "$file" ] || continue
			case "${file##*/}" in libclang-cpp*) continue ;; esac
			return 0
		done
	done
	return 1
}

# The candidate version apt would install, or nothing.
apt_candidate() {
	if [ -n "$root" ]; then
		awk -v p="$1" '$1 == p { print $2 }' "$root/apt-candidates" 2>/dev/null
		return 0
	fi
	apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" { print $2 }'
}

node_major() {
	have_cmd node || { echo 0; return; }
	run_cmd node -e 'console.log(process.versions.node.split(".")[0])' 2>/dev/null || echo 0
}

packages=()
reasons=()
need() { packages+=("$1"); reasons+=("$1 ($2)"); }

have_cmd protoc || need protobuf-compiler "protoc, for libp2p's protobuf code"
have_cmd clang || need clang "clang, for bindgen's header search"
have_libclang || need libclang-dev "libclang.so, loaded by bindgen for RocksDB"

# e2e/ runs on Node.js 20+ with npm. Debian 12's nodejs is 18; take Debian's only if it is new
# enough, else say what to install.
if [ "$(node_major)" -lt 20 ] || ! have_cmd npm; then
	candidate=$(apt_candidate nodejs)
	# Debian versions look like 18.19.0+dfsg-6~deb12u2 or 20.19.2+dfsg-1.
	candidate_major=${candidate%%.*}
	candidate_major=${candidate_major##*:}
	if [[ "$candidate_major" =~ ^[0-9]+$ ]] && [ "$candidate_major" -ge 20 ]; then
		need nodejs "Node.js $candidate for e2e/"
		have_cmd npm || need npm "npm for e2e/"
	else
		fail "Node.js 20 or newer with npm is needed for e2e/ (found: $(node_major | sed 's/^0$/none/'); Debian offers: ${candidate:-none}). Install Node.js 20 LTS from https://nodejs.org/en/download or NodeSource's Debian packages, then rerun."
	fi
fi

if [ ${#packages[@]} -gt 0 ]; then
	if [ -n "$dry_run" ]; then
		for reason in "${reasons[@]}"; do log "would install $reason"; done
	else
		for reason in "${reasons[@]}"; do log "installing $reason"; done
		export DEBIAN_FRONTEND=noninteractive
		apt_log=$(mktemp)
		{ as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "${packages[@]}"; } \
			>"$apt_log" 2>&1 || { cat "$apt_log" >&2; fail "apt-get install ${packages[*]} failed"; }
		rm -f "$apt_log"
		have_libclang || fail "libclang-dev is installed but no libclang.so was found"
	fi
fi

# The runtime compiles to WASM (wasm32v1-none is preferred by substrate-wasm-builder on new
# Rust; wasm32-unknown-unknown is its fallback) and needs rust-src. A target is installed when
# its directory exists in the sysroot.
if [ -n "$root" ]; then
	sysroot="$root/rust"
else
	have_cmd rustup || fail "rustup not found: install Rust from https://rustup.rs first"
	sysroot=$(rustc --print sysroot)
fi
for target in wasm32-unknown-unknown wasm32v1-none; do
	if [ ! -d "$sysroot/lib/rustlib/$target" ]; then
		if [ -n "$dry_run" ]; then log "would add Rust target $target"
		else log "adding Rust target $target"; rustup target add "$target" >/dev/null; fi
	fi
done
if [ ! -d "$sysroot/lib/rustlib/src/rust/library" ]; then
	if [ -n "$dry_run" ]; then log "would add Rust component rust-src"
	else log "adding Rust component rust-src"; rustup component add rust-src >/dev/null; fi
fi

[ -n "$dry_run" ] && exit 0
log "toolchain ready ($(rustc --version), $(protoc --version), node $(node --version))"
