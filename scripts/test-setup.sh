#!/usr/bin/env bash
# Proves scripts/setup.sh's detection on machines that have never seen the project: it probes
# fake roots and asserts what setup.sh asks to install. Run by scripts/test.sh before cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

failures=0
check() { # name, expected "would install" lines (one per line, sorted), fake root
	local name=$1 expected=$2 root=$3 got status=0
	got=$(CADUCEUS_SETUP_ROOT="$root" CADUCEUS_SETUP_DRY_RUN=1 ./scripts/setup.sh 2>&1) || status=$?
	local asked
	asked=$(grep -o 'would \(install\|add Rust [a-z]*\) [^ ]*' <<<"$got" | sed 's/^would //' | sort || true)
	if [ "$asked" != "$expected" ]; then
		printf 'test-setup: FAIL %s\n  expected:\n%s\n  got (exit %s):\n%s\n' "$name" "$expected" "$status" "$got" >&2
		failures=$((failures + 1))
	else
		printf 'test-setup: ok %s\n' "$name"
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
exe() { mkdir -p "$(dirname "$1")"; printf '#!/bin/sh\n%s\n' "$2" >"$1"; chmod +x "$1"; }

# 1. This project's image as it boots: Node 20, llvm-14-dev's look-alikes (libclang-cpp.so.14 and
#    llvm-config), no protoc, clang or libclang.so, no wasm targets.
bare="$tmp/bare"
exe "$bare/usr/bin/node" 'echo 20'
exe "$bare/usr/bin/npm" 'echo 10'
exe "$bare/usr/bin/llvm-config" "echo $bare/usr/lib/llvm-14/lib"
mkdir -p "$bare/usr/lib/llvm-14/lib" "$bare/lib/x86_64-linux-gnu" "$bare/rust/lib/rustlib"
touch "$bare/usr/lib/llvm-14/lib/libclang-cpp.so.14" "$bare/lib/x86_64-linux-gnu/libclang-cpp.so.14"
check "fresh image: installs every package, target and component" "$(printf '%s\n' \
	'add Rust component rust-src' 'add Rust target wasm32-unknown-unknown' 'add Rust target wasm32v1-none' \
	'install clang' 'install libclang-dev' 'install protobuf-compiler' | sort)" "$bare"

# 2. The same machine after setup: nothing to do.
done_root="$tmp/done"
cp -a "$bare" "$done_root"
exe "$done_root/usr/bin/llvm-config" "echo $done_root/usr/lib/llvm-14/lib"
exe "$done_root/usr/bin/protoc" 'echo libprotoc 3.21.12'
exe "$done_root/usr/bin/clang" 'echo clang 14'
touch "$done_root/usr/lib/llvm-14/lib/libclang.so.1"
mkdir -p "$done_root/rust/lib/rustlib/wasm32-unknown-unknown" "$done_root/rust/lib/rustlib/wasm32v1-none" \
	"$done_root/rust/lib/rustlib/src/rust/library"
check "set-up machine: installs nothing" "" "$done_root"

# 3. libclang in a system directory only (no llvm-config), e.g. libclang1-14's libclang-14.so.1.
sys="$tmp/sys"
cp -a "$done_root" "$sys"
rm "$sys/usr/bin/llvm-config" "$sys/usr/lib/llvm-14/lib/libclang.so.1"
mkdir -p "$sys/usr/lib/x86_64-linux-gnu"
touch "$sys/usr/lib/x86_64-linux-gnu/libclang-14.so.1"
check "libclang-14.so.1 in the system library directory counts" "" "$sys"

# 4. Node.js too old, and Debian's candidate new enough: install Debian's.
old="$tmp/old"
cp -a "$done_root" "$old"
exe "$old/usr/bin/node" 'echo 18'
echo 'nodejs 20.19.2+dfsg-1' >"$old/apt-candidates"
check "Node 18 with Debian offering 20: installs nodejs" "install nodejs" "$old"

# 5. Node.js missing and Debian's too old: fails and says what to install.
none="$tmp/none"
cp -a "$done_root" "$none"
rm "$none/usr/bin/node" "$none/usr/bin/npm"
echo 'nodejs 18.19.0+dfsg-6~deb12u2' >"$none/apt-candidates"
status=0
out=$(CADUCEUS_SETUP_ROOT="$none" CADUCEUS_SETUP_DRY_RUN=1 ./scripts/setup.sh 2>&1) || status=$?
if [ "$status" -ne 0 ] && grep -q 'Node.js 20 or newer.*Debian offers: 18.19.0.*Install Node.js 20' <<<"$out"; then
	echo 'test-setup: ok no Node.js and Debian offers 18: fails naming what to install'
else
	printf 'test-setup: FAIL no Node.js: exit %s, output:\n%s\n' "$status" "$out" >&2
	failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then echo "test-setup: $failures failed" >&2; exit 1; fi
echo 'test-setup: all passed'
