#!/usr/bin/env bash
# Brings up a local network: a westend-local relay chain (2 validators) and the Caduceus
# parachain (2 collators, alice and bob), zombienet/local.toml with zombienet v1's native
# provider. It sets the machine up, builds what is missing (caduceus-node; polkadot and its
# PVF workers from relay/, behind the `relay` feature), prints each node's ws endpoint and
# its progress ("relay up", "para registered", "para block #n"), and stops the network on
# Ctrl-C. docs/operating-a-collator.md explains the network; docs/building.md its costs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
bin="$CARGO_TARGET_DIR/debug"
if [ ! -x "$bin/caduceus-node" ]; then
	echo "network: building caduceus-node (docs/building.md)" >&2
	cargo test --locked --workspace --no-run
fi
for worker in polkadot polkadot-prepare-worker polkadot-execute-worker; do
	if [ ! -x "$bin/$worker" ]; then
		echo "network: building the relay chain's binaries (relay/, about 15 min the first time)" >&2
		# Only the relay's binaries, as scripts/test.sh builds them: caduceus-node stays as built.
		cargo build --locked --workspace --features caduceus-relay/relay \
			--bin polkadot --bin polkadot-prepare-worker --bin polkadot-execute-worker
		break
	fi
done
(cd zombienet && npm ci --no-audit --no-fund --loglevel=error)
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
exec node e2e/bin/network.js
