// The network test: Caduceus as a parachain of a live westend-local relay chain
// (zombienet/local.toml). Blocks included and finalized by the relay's validators, both
// collators authoring, a collator killed with SIGKILL and restarted on its old base path, and
// a runtime upgrade through the chain's own governance, past the relay's PVF pre-check, and a
// dApp's calls through a collator's endpoint, finalized through the relay.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { NETWORK, binaryDir, checkPorts, connect, includedParaHead, spawnNetwork, waitUntil, ws } from '../lib/network.js';
import { send as sendInBlock, theEvent } from '../lib/chain.js';
import { passReferendum } from '../lib/governance.js';

const MINUTES = 60_000;
// Two collators author, so a block first seen may lose a fork: every call here waits for its
// block to be finalized, which on a parachain is the relay's finality.
const send = (api, tx, signer) => sendInBlock(api, tx, signer, { finalized: true });
const [ALICE, BOB] = NETWORK.collators;

/** The Aura author of `hash` (its public key, hex): the authority whose turn the block's slot was. */
async function authorOf(api, hash) {
  const header = await api.rpc.chain.getHeader(hash);
  const digest = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  const slot = api.registry.createType('u64', digest.asPreRuntime[1]).toBigInt();
  const authorities = await (await api.at(hash)).query.aura.authorities();
  return authorities[Number(slot % BigInt(authorities.length))].toHex();
}

/** The pid and command line of the collator named `name` (zombienet's native provider). */
function collatorProcess(name) {
  // zombienet may start it through a shell: the process wanted is the one running the binary.
  const pids = execFileSync('pgrep', ['-f', `caduceus-node --name ${name} `]).toString().trim().split('\n').map(Number)
    .filter((pid) => { try { return basename(readlinkSync(`/proc/${pid}/exe`)) === 'caduceus-node'; } catch { return false; } });
  assert.equal(pids.length, 1, `one process for collator ${name}: ${pids}`);
  const argv = readFileSync(`/proc/${pids[0]}/cmdline`, 'utf8').split('\0').filter(Boolean);
  return { pid: pids[0], argv };
}

describe('Caduceus on a live relay chain', () => {
  let net;
  let relay;
  let alice;
  let bob;
  let restarted;
  const keyring = new Keyring({ type: 'sr25519' });
  /** On failure, the tail of every node's log. */
  const logs = () => [...NETWORK.relay, ...NETWORK.collators].map((n) => `--- ${n.name}\n${net.tail(n.name, 20)}`).join('\n');
  const step = async (what, f) => {
    try {
      return await f();
    } catch (error) {
      error.message = `${what}: ${error.message}\n${logs()}`;
      throw error;
    }
  };

  before(async () => {
    await checkPorts();
    net = await spawnNetwork();
    relay = await connect(ws(NETWORK.relay[0]));
    alice = await connect(ws(ALICE));
    bob = await connect(ws(BOB));
  });

  after(async () => {
    await Promise.all([relay, alice, bob].map((api) => api?.disconnect().catch(() => {})));
    if (restarted && restarted.exitCode === null) restarted.kill('SIGKILL');
    await net?.stop();
  });

  it('registers the para, whose blocks the relay includes and finalizes (≥ 10), authored by both collators', { timeout: 30 * MINUTES }, async () => {
    await step('para registration', () => waitUntil(async () => (await relay.query.paras.paraLifecycles(NETWORK.paraId)).unwrapOr(null)?.isParachain,
      { timeoutMs: 10 * MINUTES, what: `para ${NETWORK.paraId} a parachain on the relay` }));
    await step('10 finalized para blocks', () => waitUntil(async () => (await alice.rpc.chain.getHeader(await alice.rpc.chain.getFinalizedHead())).number.toNumber() >= 10,
      { timeoutMs: 20 * MINUTES, what: 'para block #10 finalized' }));
    // The para's finality is the relay's: its finalized para head is included in a finalized relay
    // block. The collator sees relay finality through its own relay node, which may be a block
    // ahead of the validator asked here (session 17's CI saw #9 against the collator's #10), so
    // the validator's view gets a short while to catch up.
    const finalized = (await alice.rpc.chain.getHeader(await alice.rpc.chain.getFinalizedHead())).number.toNumber();
    const included = await step('the relay finalizing the para head', () => waitUntil(async () => {
      const head = await includedParaHead(await relay.at(await relay.rpc.chain.getFinalizedHead()));
      return head && head.number >= finalized ? head : null;
    }, { timeoutMs: 2 * MINUTES, what: `the relay's finalized state including para block #${finalized}` }));
    assert.equal((await alice.rpc.chain.getBlockHash(included.number)).toHex(), included.hash,
      `the relay's finalized para head #${included.number} is the collator's block at that height`);
    const authors = new Set();
    for (let n = 1; n <= finalized; n++) authors.add(await authorOf(alice, await alice.rpc.chain.getBlockHash(n)));
    const expected = ['//Alice', '//Bob'].map((uri) => u8aToHex(keyring.addFromUri(uri).publicKey));
    assert.deepEqual([...authors].sort(), expected.sort(), 'blocks 1..finalized were authored by alice and bob');
  });

  it('keeps producing with one collator killed by SIGKILL, and the restarted one catches up and authors again', { timeout: 30 * MINUTES }, async () => {
    const { pid, argv } = collatorProcess(BOB.name);
    process.kill(pid, 'SIGKILL');
    const finalizedNumber = async (api) => (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    const atKill = await finalizedNumber(alice);
    await step('blocks with bob down', () => waitUntil(async () => (await finalizedNumber(alice)) >= atKill + 3,
      { timeoutMs: 10 * MINUTES, what: `3 more finalized para blocks after #${atKill} with bob down` }));

    const log = openSync(net.logOf(BOB.name), 'a');
    // zombienet ran it from PATH: the same binary is the workspace build's.
    const binary = argv[0].includes('/') ? argv[0] : join(binaryDir(), argv[0]);
    restarted = spawn(binary, argv.slice(1), { stdio: ['ignore', log, log], detached: true });
    await bob.disconnect();
    bob = await connect(ws(BOB));
    const target = await finalizedNumber(alice);
    await step('bob catching up', () => waitUntil(async () => (await finalizedNumber(bob)) >= target,
      { timeoutMs: 10 * MINUTES, what: `the restarted bob at finalized #${target}` }));
    // No lost block: bob has the same block at every height alice has finalized.
    for (let n = 1; n <= target; n++) {
      assert.equal((await bob.rpc.chain.getBlockHash(n)).toHex(), (await alice.rpc.chain.getBlockHash(n)).toHex(), `block #${n}`);
    }
    const bobAddress = u8aToHex(keyring.addFromUri('//Bob').publicKey);
    await step('bob authoring again', () => waitUntil(async () => {
      const head = await finalizedNumber(alice);
      for (let n = target + 1; n <= head; n++) if ((await authorOf(alice, await alice.rpc.chain.getBlockHash(n))) === bobAddress) return true;
      return false;
    }, { timeoutMs: 10 * MINUTES, what: 'a finalized block authored by the restarted bob' }));
  });

  it('upgrades the runtime through a root referendum on the live network, past the relay\'s PVF pre-check', { timeout: 30 * MINUTES }, async () => {
    const api = alice;
    const file = process.env.CADUCEUS_REHEARSAL_WASM || join(binaryDir(), '..', 'rehearsal', 'caduceus_runtime_rehearsal.compressed.wasm');
    assert.ok(existsSync(file), `the rehearsal runtime at ${file} (scripts/rehearsal-runtime.sh builds it)`);
    const code = readFileSync(file);
    const codeHash = blake2AsHex(code, 256);
    const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
    const who = Object.fromEntries(['Alice', 'Bob', 'Charlie'].map((n) => [n, keyring.addFromUri(`//${n}`)]));

    // The chain's own governance: a root-track referendum of the founding members (rapid timing on local).
    await step('the referendum enacting authorizeUpgrade', () => passReferendum(api, send, {
      origin: { system: 'Root' },
      call: api.tx.system.authorizeUpgrade(codeHash),
      proposer: who.Alice,
      voters: [who.Alice, who.Bob, who.Charlie],
      enacted: async () => (await api.query.system.authorizedUpgrade()).isSome,
      timeoutMs: 10 * MINUTES,
    }));

    // Anyone may then supply the code; on a parachain it goes to the relay chain as a validation
    // code upgrade, which the relay's validators pre-check before it is enacted.
    const applied = await send(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), who.Bob);
    theEvent(api, applied.events, 'parachainSystem', 'ValidationFunctionStored');
    await step('the relay accepting the code', () => waitUntil(async () => (await relay.query.paras.currentCodeHash(NETWORK.paraId)).toHex() === codeHash,
      { timeoutMs: 15 * MINUTES, what: 'the relay\'s current code hash of the para is the new code\'s (PVF pre-check passed, upgrade enacted)' }));
    for (const [name, node] of [['alice', alice], ['bob', bob]]) {
      await step(`${name} running the new runtime`, () => waitUntil(async () => (await node.rpc.state.getRuntimeVersion()).specVersion.toNumber() === before + 1,
        { timeoutMs: 10 * MINUTES, what: `${name} at spec_version ${before + 1}` }));
    }
    // Still producing, and finalizing, on the new runtime.
    const at = (await alice.rpc.chain.getHeader(await alice.rpc.chain.getFinalizedHead())).number.toNumber();
    await waitUntil(async () => (await alice.rpc.chain.getHeader(await alice.rpc.chain.getFinalizedHead())).number.toNumber() >= at + 2,
      { timeoutMs: 5 * MINUTES, what: 'two more finalized para blocks on the new runtime' });
  });

  it('takes a dApp\'s record, consent and logged read through a collator, finalized through the relay', { timeout: 15 * MINUTES }, async () => {
    const api = alice;
    const who = Object.fromEntries(['Alice', 'Bob', 'Ferdie'].map((n) => [n, keyring.addFromUri(`//${n}`)]));
    // Alice holds sudo on the local chain: the shortcut for a credentialing referendum.
    const hospital = (await api.query.credentials.nextOrganizationId()).toNumber();
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const jurisdiction = u8aToHex(new TextEncoder().encode('US-CA'));
    await send(api, api.tx.sudo.sudo(api.tx.utility.batchAll([
      api.tx.credentials.registerOrganization(who.Alice.address, 'Hospital', ['Practitioner', 'Custodian'], jurisdiction),
      api.tx.credentials.issueCredential(who.Bob.address, 'Practitioner', hospital, blake2AsHex('licence', 256), jurisdiction, head + 100_000),
      api.tx.credentials.issueCredential(who.Alice.address, 'Custodian', hospital, blake2AsHex('licence', 256), jurisdiction, head + 100_000),
    ])), who.Alice);
    await send(api, api.tx.balances.transferKeepAlive(who.Ferdie.address, 1_000_000_000_000_000n), who.Alice);
    const created = await send(api, api.tx.records.createRecord(who.Ferdie.address, 'Observation', 'Treatment',
      blake2AsHex('network reading + salt', 256), who.Alice.address, u8aToHex(new TextEncoder().encode('bafynetwork'))), who.Ferdie);
    const record = theEvent(api, created.events, 'records', 'RecordCreated').data.record.toNumber();
    await send(api, api.tx.consent.recordConsent(who.Ferdie.address, 'Permit', { Account: who.Bob.address }, 'AllRecords',
      ['Treatment'], ['Access'], null, null), who.Ferdie);
    // Session 9's run, waiting only for inclusion, caught the read's first block replaced at its
    // height by the one the relay finalized.
    const read = await send(api, api.tx.records.accessRecord(record, 'Treatment'), who.Bob);
    theEvent(api, read.events, 'records', 'RecordAccessed');
    const readBlock = (await api.rpc.chain.getHeader(read.blockHash)).number.toNumber();
    assert.equal((await api.rpc.chain.getBlockHash(readBlock)).toHex(), read.blockHash.toHex(), 'the read\'s block is the canonical one');
    const finalizedHead = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    assert.ok(finalizedHead >= readBlock, `finalized #${finalizedHead} covers the read's #${readBlock}`);
    const entry = await (await api.at(await api.rpc.chain.getFinalizedHead())).query.records.accessLogLength(who.Ferdie.address);
    assert.equal(entry.toNumber(), 1);
  });
});
