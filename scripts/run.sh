#!/usr/bin/env bash
# Sets up, builds and starts a single-node Caduceus dev chain: blocks every 3 s, JSON-RPC on
# ws://127.0.0.1:9944 (open it in Polkadot.js Apps). Extra arguments go to caduceus-node, e.g.
#   ./scripts/run.sh --dev-block-time 6000     or     ./scripts/run.sh --instant-seal
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
cargo build --locked -p caduceus-node
mode=(--dev)
for arg in "$@"; do case "$arg" in --instant-seal|--dev-block-time*) mode=(--dev);; esac; done
exec "$CARGO_TARGET_DIR/debug/caduceus-node" "${mode[@]}" --rpc-cors all "$@"
