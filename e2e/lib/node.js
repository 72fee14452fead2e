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
 * Spawns `command args` and resolves once `ready()` says so, keeping the last 200 chunks of its
 * output in `log`. Rejects, after stopping the child, if it exits first or `timeoutMs` passes.
 * The returned `stop()` sends SIGTERM, then SIGKILL after `killAfterMs`; `exited` resolves with
 * the child's exit code and signal.
 */
export async function startChild(name, command, args, { ready, timeoutMs, killAfterMs, pollMs = 500, stdout = false }) {
  const child = spawn(command, args, { stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'] });
  const log = [];
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stderr.on('data', keep);
  if (stdout) child.stdout.on('data', keep);
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early (${child.exitCode}):\n${log.join('')}`);
    if (await ready(log)) return { stop, log, pid: child.pid, exited };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  await stop();
  throw new Error(`${name} did not start within ${timeoutMs / 1000} s:\n${log.join('')}`);
}

/**
 * Starts a single-node dev chain with a temporary database. Resolves once its RPC answers; the
 * returned `stop()` ends the node (SIGTERM, then SIGKILL after 10 s).
 */
export async function startDevNode() {
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const { stop, log } = await startChild('caduceus-node', nodeBinary(), [
    '--dev', '--tmp', '--no-hardware-benchmarks', '--no-prometheus', '--no-telemetry',
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
  ], { ready: () => answers(rpcPort), timeoutMs: 120_000, killAfterMs: 10_000 });
  return { url: `ws://127.0.0.1:${rpcPort}`, stop, log };
}

/** Whether a node's HTTP RPC on `port` answers `system_health`. */
export async function answers(port) {
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
