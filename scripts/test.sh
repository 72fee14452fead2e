#!/usr/bin/env bash
# Sets up and runs the whole Caduceus test suite: pallet and runtime tests (native), then the
# node smoke tests against the built caduceus-node. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# One invocation builds the runtime WASM, the node and every test in the dev profile, so each
# dependency compiles once (see docs/building.md).
exec cargo test --locked --workspace "$@"
