#!/usr/bin/env node
// Brings up zombienet/local.toml and reports its progress until Ctrl-C (scripts/network.sh).
import { NETWORK, checkPorts, connect, includedParaHead, missingBinaries, spawnNetwork, waitUntil, ws } from '../lib/network.js';

const say = (line) => console.log(`network: ${line}`);
const fail = (line) => {
  console.error(`network: ${line}`);
  process.exit(1);
};

const missing = missingBinaries();
if (missing.length) fail(`not built: ${missing.join(', ')} (scripts/network.sh builds them)`);
try {
  await checkPorts();
} catch (error) {
  fail(error.message);
}
const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
const net = await spawnNetwork({ onLine: (line) => { if (/error|Error|✖/.test(line)) console.error(`zombienet: ${line}`); } });
say(`spawning in ${net.dir} (node logs there)`);
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  say('stopping the network…');
  await net.stop();
  say('stopped');
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
net.exited.then(([code]) => {
  if (!stopping) {
    console.error(net.output.slice(-30).join('\n'));
    fail(`zombienet exited (${code}) before Ctrl-C`);
  }
});

try {
  const relay = await connect(ws(NETWORK.relay[0]));
  await waitUntil(async () => (await relay.rpc.chain.getHeader()).number.toNumber() > 0, { timeoutMs: 600_000, what: 'the relay chain\'s first block' });
  say(`relay up after ${seconds()}: ${(await relay.rpc.system.chain()).toString()} #${(await relay.rpc.chain.getHeader()).number}`);
  for (const node of NETWORK.relay) say(`  relay ${node.name.padEnd(12)} ${ws(node)}`);
  for (const node of NETWORK.collators) say(`  para  ${node.name.padEnd(12)} ${ws(node)}`);
  await waitUntil(async () => (await relay.query.paras.paraLifecycles(NETWORK.paraId)).unwrapOr(null)?.isParachain, {
    timeoutMs: 600_000, what: `para ${NETWORK.paraId} registered as a parachain on the relay`,
  });
  say(`para ${NETWORK.paraId} registered after ${seconds()}`);
  const para = await connect(ws(NETWORK.collators[0]));
  let last = -1;
  await para.rpc.chain.subscribeFinalizedHeads(async (header) => {
    const number = header.number.toNumber();
    if (number === last) return;
    last = number;
    const included = await includedParaHead(relay);
    say(`para block #${number} finalized (included on the relay: #${included?.number ?? 0}) after ${seconds()}`);
  });
} catch (error) {
  console.error(`network: ${error.message}`);
  for (const node of [...NETWORK.relay, ...NETWORK.collators]) console.error(`--- ${node.name}\n${net.tail(node.name, 15)}`);
  await stop(1);
}
