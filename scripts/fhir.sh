#!/usr/bin/env bash
# Starts the read-only FHIR R4 facade (fhir/, docs/fhir.md) against a Caduceus node, by default
# the dev chain of scripts/run.sh on ws://127.0.0.1:9944, serving http://127.0.0.1:8080.
# Arguments go to caduceus-fhir: --node <ws url>, --host, --port, --from <block>.
set -euo pipefail
cd "$(dirname "$0")/../fhir"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
	echo "fhir.sh: the facade needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
	exit 1
fi
# Install exactly the committed lockfile, once, and again whenever it changes.
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.caduceus-lock 2>/dev/null)" != "$lock" ]; then
	npm ci --no-audit --no-fund --loglevel=error >&2
	echo "$lock" >node_modules/.caduceus-lock
fi
exec node bin/caduceus-fhir.js "$@"
