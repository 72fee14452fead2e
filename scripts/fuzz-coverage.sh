#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole runtime under libFuzzer (docs/security.md, "Fuzzing").
#
#   scripts/fuzz-coverage.sh [seconds] [libFuzzer options...]     default: 600 seconds
#
# Builds `caduceus-libfuzzer` once, into its own target directory (the SanitizerCoverage flags
# of scripts/sancov-rustc would otherwise rebuild the workspace's crates in the shared one), then
# runs it on fuzz/corpus (kept between runs, not committed), seeded with fuzz/regressions. A crash
# is written to fuzz/findings/; replay it with `caduceus-fuzz replay <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
[ $# -gt 0 ] && shift
case "$seconds" in '' | *[!0-9]*) echo "fuzz-coverage: seconds must be a whole number, not '$seconds'" >&2; exit 2 ;; esac
target="${CADUCEUS_COVERAGE_TARGET_DIR:-$HOME/.cache/caduceus/target-coverage}"
# The harness runs the native runtime; the WASM is not needed.
SKIP_WASM_BUILD=1 RUSTC_WORKSPACE_WRAPPER="$PWD/scripts/sancov-rustc" CARGO_TARGET_DIR="$target" \
	cargo build --locked -p caduceus-fuzz --features libfuzzer --bin caduceus-libfuzzer
mkdir -p fuzz/corpus fuzz/findings
# An input runs hundreds of calls, so short inputs keep libFuzzer's executions per second up.
exec "$target/debug/caduceus-libfuzzer" -max_total_time="$seconds" -max_len=1024 -timeout=60 \
	-artifact_prefix=fuzz/findings/ -print_final_stats=1 "$@" fuzz/corpus fuzz/regressions
