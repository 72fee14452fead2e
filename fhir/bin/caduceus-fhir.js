#!/usr/bin/env node
// caduceus-fhir: serves a Caduceus node's finalized state as FHIR R4 JSON (docs/fhir.md).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Chain } from '../src/chain.js';
import { serve } from '../src/server.js';

const usage = 'usage: caduceus-fhir [--node ws://127.0.0.1:9944] [--host 127.0.0.1] [--port 8080] [--from <block>]';
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      node: { type: 'string', default: 'ws://127.0.0.1:9944' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      from: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`caduceus-fhir: ${error.message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(options.port);
const from = Number(options.from);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`caduceus-fhir: --port ${options.port} is not a TCP port\n${usage}`);
  process.exit(2);
}
if (!Number.isInteger(from) || from < 1) {
  console.error(`caduceus-fhir: --from ${options.from} is not a block number ≥ 1\n${usage}`);
  process.exit(2);
}
if (!/^wss?:\/\//.test(options.node)) {
  console.error(`caduceus-fhir: --node ${options.node} is not a ws:// or wss:// URL\n${usage}`);
  process.exit(2);
}
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));
const log = (line) => console.error(`caduceus-fhir: ${line}`);
// A lost connection is the node's problem, not the facade's: log it and keep serving 503s.
process.on('unhandledRejection', (reason) => log(`unhandled: ${reason?.message ?? reason}`));
const chain = new Chain(options.node, { log, from });
let server;
try {
  server = await serve(chain, { host: options.host, port, version, log });
} catch (error) {
  console.error(`caduceus-fhir: cannot listen on ${options.host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`);
  process.exit(1);
}
const { port: bound } = server.address();
console.log(`caduceus-fhir: FHIR R4 on http://${options.host}:${bound} over ${options.node}`);
const stop = () => {
  server.close();
  chain.api.disconnect().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
