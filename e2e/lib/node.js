// Starts `caduceus-node --dev` on free ports for a test run and always stops it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The node binary: $CADUCEUS_NODE, else the dev build in the shared target directory. */
export function nodeBinary() {
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/caduceus/target');
  const binary = process.env.CADUCEUS_NODE || join(target, 'debug/caduceus-node');
  if (!existsSync(binary)) {
    throw new Error(`caduceus-node not found at ${binary}: build it (./scripts/test.sh) or set CADUCEUS_NODE`);
  }
  return binary;
}

/** A TCP port nobody listens on now. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts a single-node dev chain with a temporary database. Resolves once its RPC answers; the
 * returned `stop()` ends the node (SIGTERM, then SIGKILL after 10 s).
 */
export async function startDevNode() {
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const child = spawn(nodeBinary(), [
    '--dev', '--tmp', '--no-hardware-benchmarks', '--no-prometheus', '--no-telemetry',
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = [];
  child.stderr.on('data', (chunk) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `ws://127.0.0.1:${rpcPort}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`caduceus-node exited early (${child.exitCode}):\n${log.join('')}`);
    }
    if (await answers(rpcPort)) return { url, stop, log };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`caduceus-node did not serve RPC within 120 s:\n${log.join('')}`);
}

async function answers(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}
