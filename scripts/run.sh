#!/usr/bin/env bash
# Sets up, builds and starts a single-node Caduceus dev chain: blocks every 3 s, JSON-RPC on
# ws://127.0.0.1:9944 (open it in Polkadot.js Apps). Extra arguments go to caduceus-node, e.g.
#   ./scripts/run.sh --dev-block-time 6000     or     ./scripts/run.sh --instant-seal
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
# The same build as scripts/test.sh (tests included), so switching between the scripts
# rebuilds nothing; see docs/building.md.
cargo test --locked --workspace --no-run
exec "$CARGO_TARGET_DIR/debug/caduceus-node" --dev --rpc-cors all "$@"
