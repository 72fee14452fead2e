// A local relay chain and Caduceus parachain network (zombienet/local.toml), spawned with
// zombienet v1's native provider from binaries this workspace builds, and watched over RPC.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';

const ZOMBIENET = fileURLToPath(new URL('../../zombienet/', import.meta.url));

/** The nodes of zombienet/local.toml, with the ports it fixes. */
export const NETWORK = {
  paraId: 2000,
  relay: [{ name: 'validator-1', rpc: 9900, p2p: 30400, prometheus: 9620 }, { name: 'validator-2', rpc: 9901, p2p: 30401, prometheus: 9621 }],
  collators: [{ name: 'alice', rpc: 9910, p2p: 30410, prometheus: 9630 }, { name: 'bob', rpc: 9911, p2p: 30411, prometheus: 9631 }],
};

export const ws = (node) => `ws://127.0.0.1:${node.rpc}`;

/** The directory with `polkadot`, its workers and `caduceus-node`: the shared dev build. */
export function binaryDir() {
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/caduceus/target');
  return join(target, 'debug');
}

/** The binaries the network needs that are not built yet. */
export function missingBinaries(dir = binaryDir()) {
  return ['polkadot', 'polkadot-prepare-worker', 'polkadot-execute-worker', 'caduceus-node'].filter((b) => !existsSync(join(dir, b)));
}

async function portInUse(port) {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  const [result] = await Promise.race([once(server, 'listening').then(() => [false]), once(server, 'error').then(() => [true])]);
  server.close();
  return result;
}

/** Throws naming the first port of the network that something already listens on. */
export async function checkPorts() {
  for (const node of [...NETWORK.relay, ...NETWORK.collators]) {
    for (const [kind, port] of [['RPC', node.rpc], ['p2p', node.p2p], ['Prometheus', node.prometheus]]) {
      if (await portInUse(port)) throw new Error(`port ${port} (${node.name}'s ${kind}) is in use: stop what listens there, or change it in zombienet/local.toml`);
    }
  }
}

/**
 * Spawns the network in a new directory. Resolves with `{ dir, child, stop, logOf, tail }`;
 * `stop()` tears it down (SIGINT to zombienet, which stops its nodes; SIGKILL after 30 s).
 */
export async function spawnNetwork({ bin = binaryDir(), dir = join(mkdtempSync(join(tmpdir(), 'caduceus-net-')), 'net'), onLine = () => {} } = {}) {
  const zombienet = join(ZOMBIENET, 'node_modules/.bin/zombienet');
  if (!existsSync(zombienet)) throw new Error('zombienet is not installed: run `npm ci` in zombienet/ (scripts/network.sh does)');
  const child = spawn(zombienet, ['--provider', 'native', '--dir', dir, '--logType', 'text', '--force', 'spawn', join(ZOMBIENET, 'local.toml')], {
    cwd: ZOMBIENET,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = [];
  const keep = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 400) output.shift();
      onLine(line);
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  const logOf = (name) => join(dir, `${name}.log`);
  const tail = (name, lines = 40) => {
    for (const file of [logOf(name), join(dir, `${name}.log`)]) {
      if (existsSync(file)) return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
    }
    return `(no log for ${name} under ${dir})`;
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid, 'SIGINT'); } catch { /* gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 30_000);
    await exited;
    clearTimeout(timer);
  };
  return { dir, child, exited, stop, logOf, tail, output };
}

/** An API client that keeps retrying until the node answers, or `timeoutMs` passes. */
export async function connect(url, timeoutMs = 600_000) {
  const provider = new WsProvider(url, 2_000);
  const api = new ApiPromise({ provider, noInitWarn: true, throwOnConnect: false });
  // isReady rejects if the first connection fails; the API keeps retrying and emits `ready`.
  const ready = new Promise((resolve) => { api.isReadyOrError.then(resolve, () => api.once('ready', resolve)); });
  await withTimeout(ready, timeoutMs, `${url} did not answer within ${timeoutMs / 1000} s`);
  return api;
}

/** Polls `probe` every `everyMs` until it returns a truthy value; throws `what` on timeout. */
export async function waitUntil(probe, { timeoutMs, everyMs = 2_000, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); })])
    .finally(() => clearTimeout(timer));
}

/** The para's head as the relay chain has it included, decoded: `{ number, hash }` or null. */
export async function includedParaHead(relay, paraId = NETWORK.paraId) {
  const head = await relay.query.paras.heads(paraId);
  if (head.isNone) return null;
  const header = relay.registry.createType('Header', head.unwrap().toU8a(true));
  return { number: header.number.toNumber(), hash: header.hash.toHex() };
}
