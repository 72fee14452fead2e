#!/usr/bin/env bash
# End-to-end throughput (e2e/bin/throughput.js): a dev chain at 6 s blocks run by the optimised
# node (scripts/bencher.sh), loaded kind by kind with pre-signed extrinsics from many accounts;
# prints the table of docs/performance.md and draws docs/throughput.png.
#
#   ./scripts/throughput.sh                 # 1,500 accounts per kind (docs/performance.md)
#   COUNT=100 ./scripts/throughput.sh       # a quick look
#   NODE=debug ./scripts/throughput.sh      # the dev build's node instead (its host code is
#                                           # unoptimised: it measures its own CPU)
#
# The optimised node is built without a runtime of its own, so it runs the dev chain from a spec
# that the dev build exports, with the dev build's runtime WASM as its code.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
source scripts/bencher.sh
out="${OUT:-$CARGO_TARGET_DIR/throughput}"
mkdir -p "$out"
dev_node="$CARGO_TARGET_DIR/debug/caduceus-node"
if [ "${NODE:-bencher}" = debug ]; then
	node_bin=$dev_node
else
	ensure_bencher
	node_bin=$bencher
fi
"$dev_node" export-chain-spec --chain dev --output "$out/dev.json" 2>/dev/null
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
node --experimental-websocket e2e/bin/throughput.js --node "$node_bin" --chain "$out/dev.json" \
	--count "${COUNT:-1500}" --block-time "${BLOCK_TIME_MS:-6000}" --out "$out" | tee "$out/throughput.log"
venv="$HOME/.cache/caduceus/plot-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/plot-requirements.txt
"$venv/bin/python" scripts/throughput_plot.py "$out/throughput.json" "${PNG:-docs/throughput.png}"
echo "throughput: drew ${PNG:-docs/throughput.png}" >&2
