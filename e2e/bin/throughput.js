#!/usr/bin/env node
// End-to-end throughput of a Caduceus node (scripts/throughput.sh): what a dev chain at 6 s blocks
// includes per block and per second, kind by kind, from pre-signed extrinsics of many accounts.
//
//   node --experimental-websocket e2e/bin/throughput.js --node <caduceus-node> --chain <spec.json>
//        [--count 1500] [--block-time 6000] [--out <dir>]
//
// Phases, in this order, each from `count` accounts (transfers: four per account; create_record,
// access_record, record_consent and anchor_batch: two; submit_claim: one): transfers,
// create_record (a practitioner whom the patient's consent lets collect), access_record (the
// same practitioner reads it for treatment), record_consent (the patient lets the payer be told,
// for payment), submit_claim (one item, citing the record), anchor_batch, transfers again. What
// a phase needs that it does not measure (credentials, the collect consents, the plan and the
// enrollments) is set up before it and reported as setup.
//
// For each phase it reports how many were included, per block and per second, how many
// succeeded (from their events), which block limit bound the fullest block (ref_time, proof,
// length; none near full means the proposer's deadline, i.e. CPU), the node's CPU and peak
// memory, and the ratio to the first transfer phase. It writes <out>/throughput.json for
// scripts/throughput_plot.py and prints a Markdown table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { answers, freePort, startChild } from '../lib/node.js';

const { values: opts } = parseArgs({
  options: {
    node: { type: 'string' },
    chain: { type: 'string' },
    count: { type: 'string', default: '1500' },
    'block-time': { type: 'string', default: '6000' },
    out: { type: 'string', default: '.' },
    'stall-blocks': { type: 'string', default: '5' },
  },
});
const say = (line) => console.log(`throughput: ${line}`);
const fail = (line) => {
  console.error(`throughput: ${line}`);
  process.exit(1);
};
if (!opts.node || !opts.chain) fail('usage: throughput.js --node <caduceus-node> --chain <spec.json> [--count N] [--block-time ms] [--out dir]');
const COUNT = Number(opts.count);
const BLOCK_TIME_MS = Number(opts['block-time']);
const STALL_BLOCKS = Number(opts['stall-blocks']);
if (!Number.isInteger(COUNT) || COUNT < 1) fail(`--count must be a positive integer, got ${opts.count}`);
if (!Number.isInteger(BLOCK_TIME_MS) || BLOCK_TIME_MS < 1000) fail(`--block-time must be ≥ 1000 ms, got ${opts['block-time']}`);

const UNIT = 1_000_000_000_000n;
const DAY_MS = 86_400_000;
const VISIT = 99213; // CPT: office visit
const CLOCK_TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s
const POOL_LIMIT = 4 * COUNT + 1_000;

// ---- the node ----------------------------------------------------------------------------------

const rpcPort = await freePort();
const node = await startChild('caduceus-node', opts.node, [
  '--chain', opts.chain, '--dev-block-time', String(BLOCK_TIME_MS), '--tmp',
  '--no-hardware-benchmarks', '--no-prometheus', '--no-telemetry', '--no-mdns',
  '--rpc-port', String(rpcPort), '--port', String(await freePort()),
  // A collator expecting load raises the pool's limits (defaults: 8,192 transactions, 20 MiB)
  // and its RPC connection limit. The single-state pool: on a chain that finalizes every block
  // at once, the fork-aware pool re-validates stale transactions for whole blocks (issue 20).
  '--pool-limit', String(POOL_LIMIT), '--pool-kbytes', String(Math.ceil(POOL_LIMIT * 2)),
  '--pool-type', 'single-state', '--rpc-max-connections', '1000',
], { ready: () => answers(rpcPort), timeoutMs: 180_000, killAfterMs: 10_000 });
say(`node ${opts.node} (pid ${node.pid}) on ws://127.0.0.1:${rpcPort}, ${BLOCK_TIME_MS} ms blocks, pool limit ${POOL_LIMIT}`);
let stopping = false;
node.exited.then(([code, signal]) => {
  if (!stopping) fail(`the node exited (${code ?? signal}) during the run:\n${node.log.slice(-20).join('')}`);
});
process.on('exit', () => { try { process.kill(node.pid, 'SIGKILL'); } catch { /* already gone */ } });

/** The node's CPU seconds so far (user + system). */
function cpuSeconds() {
  const fields = readFileSync(`/proc/${node.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** The node's resident memory in MiB: `VmRSS` now, `VmHWM` the peak since it started. */
function memoryMiB(field) {
  const line = readFileSync(`/proc/${node.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line.split(/\s+/)[1]) / 1024;
}

const api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${rpcPort}`), noInitWarn: true });
await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice');
const account = (role, i) => keyring.addFromUri(`//throughput/${role}/${i}`);
const patients = Array.from({ length: COUNT }, (_, i) => account('patient', i));
const practitioners = Array.from({ length: COUNT }, (_, i) => account('practitioner', i));
const custodian = account('custodian', 0);
const payer = account('payer', 0);
const hospitalAdmin = account('hospital-admin', 0);
const insurerAdmin = account('insurer-admin', 0);

const limits = (() => {
  const { perClass } = api.consts.system.blockWeights;
  const max = perClass.normal.maxTotal.unwrap();
  return {
    refTime: max.refTime.toBigInt(),
    proof: max.proofSize.toBigInt(),
    length: BigInt(api.consts.system.blockLength.max.normal.toNumber()),
  };
})();
say(`normal-class block limits: ref_time ${Number(limits.refTime) / 1e12} s, proof ${limits.proof} bytes, length ${limits.length} bytes; `
  + `base weights: block ${api.consts.system.blockWeights.baseBlock.refTime.toNumber() / 1e6} µs, `
  + `extrinsic ${api.consts.system.blockWeights.perClass.normal.baseExtrinsic.refTime.toNumber() / 1e6} µs`);

// ---- blocks, as the node makes them ------------------------------------------------------------

const blocks = new Map(); // number → { number, time, count, refTime, proof, length, hashes, outcomes }
const waiters = [];
let chainTip = 0;
let queue = Promise.resolve();
await api.rpc.chain.subscribeNewHeads((header) => {
  // A head that arrives while the run disconnects is not read: the report is already written.
  queue = queue.then(() => readBlock(header)).catch((error) => {
    if (!stopping) fail(`reading block #${header.number}: ${error.stack}`);
  });
});

async function readBlock(header) {
  const hash = header.hash;
  const [block, at] = await Promise.all([api.rpc.chain.getBlock(hash), api.at(hash)]);
  const [events, weight, now] = await Promise.all([at.query.system.events(), at.query.system.blockWeight(), at.query.timestamp.now()]);
  const extrinsics = block.block.extrinsics;
  const outcomes = new Map();
  for (const { phase, event } of events) {
    if (!phase.isApplyExtrinsic) continue;
    if (event.section === 'system' && (event.method === 'ExtrinsicSuccess' || event.method === 'ExtrinsicFailed')) {
      outcomes.set(phase.asApplyExtrinsic.toNumber(), event.method === 'ExtrinsicSuccess');
    }
  }
  const number = header.number.toNumber();
  blocks.set(number, {
    number,
    time: now.toNumber(),
    count: extrinsics.length,
    refTime: weight.normal.refTime.toBigInt(),
    proof: weight.normal.proofSize.toBigInt(),
    length: BigInt(extrinsics.reduce((sum, e) => sum + e.encodedLength, 0)),
    hashes: extrinsics.map((e) => e.hash.toHex()),
    outcomes,
  });
  chainTip = Math.max(chainTip, number);
  for (const wake of waiters.splice(0)) wake();
}
const nextBlock = () => new Promise((resolve) => waiters.push(resolve));

// ---- signing and submitting --------------------------------------------------------------------

const nonces = new Map();
async function nextNonce(pair) {
  if (!nonces.has(pair.address)) nonces.set(pair.address, (await api.rpc.system.accountNextIndex(pair.address)).toNumber());
  const nonce = nonces.get(pair.address);
  nonces.set(pair.address, nonce + 1);
  return nonce;
}
/** Signs every `[tx, signer]` up front: immortal, with its nonce counted here. */
async function presign(items) {
  const signed = [];
  for (const [tx, signer] of items) signed.push(await tx.signAsync(signer, { nonce: await nextNonce(signer), era: 0 }));
  return signed;
}

/**
 * Submits `signed` (at most `concurrency` RPCs in flight) and follows the blocks until every
 * one is included, or `STALL_BLOCKS` blocks in a row include none of them once all were
 * submitted. Returns what a phase reports.
 */
async function submitAndFollow(label, signed, { concurrency = 64 } = {}) {
  const wanted = new Set(signed.map((e) => e.hash.toHex()));
  // From the node's head, not `chainTip`: signing can hold the event loop for several blocks, and
  // heads queued meanwhile precede every submission.
  const firstBlock = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
  const cpuBefore = cpuSeconds();
  const started = Date.now();
  let peakRss = memoryMiB('VmRSS');
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, memoryMiB('VmRSS')); }, 250);
  let submitted = 0;
  const rejected = [];
  const submitting = (async () => {
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < signed.length) {
        const extrinsic = signed[next++];
        try {
          await api.rpc.author.submitExtrinsic(extrinsic);
        } catch (error) {
          rejected.push(error.message);
          wanted.delete(extrinsic.hash.toHex());
        }
        submitted += 1;
      }
    }));
  })();
  const included = [];
  let seen = firstBlock - 1;
  let idle = 0;
  // Only a block built after the last submission can count towards a stall (a node on a fresh
  // machine built 7 blocks while the harness held the event loop, then included all at once).
  let headWhenSubmitted = null;
  submitting.then(async () => { headWhenSubmitted = (await api.rpc.chain.getHeader()).number.toNumber(); });
  while (included.length < wanted.size) {
    await nextBlock();
    for (; seen < chainTip; seen++) {
      // A head the subscription skipped is read by number.
      if (!blocks.has(seen + 1)) await readBlock(await api.rpc.chain.getHeader(await api.rpc.chain.getBlockHash(seen + 1)));
      const block = blocks.get(seen + 1);
      let ours = 0;
      block.hashes.forEach((hash, index) => {
        if (wanted.has(hash)) {
          ours += 1;
          included.push({ block: block.number, ok: block.outcomes.get(index) === true });
        }
      });
      block.phase = ours > 0 ? label : block.phase;
      block.ours = ours;
      idle = ours === 0 && headWhenSubmitted !== null && block.number > headWhenSubmitted ? idle + 1 : 0;
      say(`${label}: block #${block.number}: ${ours} included (${included.length}/${wanted.size}), `
        + `ref_time ${percent(block.refTime, limits.refTime)}, proof ${percent(block.proof, limits.proof)}, `
        + `length ${percent(block.length, limits.length)}; ${submitted}/${signed.length} submitted`);
    }
    if (idle >= STALL_BLOCKS) break;
  }
  await submitting;
  clearInterval(sampler);
  const cpu = cpuSeconds() - cpuBefore;
  const wall = (Date.now() - started) / 1000;
  if (rejected.length) say(`${label}: the pool refused ${rejected.length}, e.g. ${rejected[0]}`);
  return summarize(label, signed.length, included, rejected.length, { cpu, wall, peakRss, hwm: memoryMiB('VmHWM') });
}

const percent = (part, whole) => `${(Number((part * 1000n) / whole) / 10).toFixed(1)}%`;

function summarize(label, total, included, refused, usage) {
  if (!included.length) {
    fail(`${label}: none of ${total} was included (${refused} refused by the pool); the node's log ends:\n${node.log.slice(-15).join('')}`);
  }
  const numbers = included.map((i) => i.block);
  const first = Math.min(...numbers);
  const last = Math.max(...numbers);
  const span = [];
  for (let n = first; n <= last; n++) span.push(blocks.get(n));
  // Seconds from the block before the first to the last: each block's timestamp is when it was
  // sealed, so this is the time the included extrinsics took.
  const before = blocks.get(first - 1);
  const seconds = ((blocks.get(last).time - (before ? before.time : blocks.get(first).time - BLOCK_TIME_MS)) / 1000);
  // The block that held the most of them shows what one block admits and what bound it: the
  // limit nearest 100%, or the proposer's deadline if none is near. A phase that fit one block
  // was bound by nothing. (Blocks in between can be emptier: after a full block the pool
  // re-validates what is left, and a block may close before it is done.)
  const fullest = span.reduce((a, b) => ((b.ours ?? 0) > (a.ours ?? 0) ? b : a));
  const fill = {
    ref_time: Number(fullest.refTime) / Number(limits.refTime),
    proof: Number(fullest.proof) / Number(limits.proof),
    length: Number(fullest.length) / Number(limits.length),
  };
  const [limit, fraction] = Object.entries(fill).sort((a, b) => b[1] - a[1])[0];
  let bound = `proposer deadline (CPU; most full: ${limit} ${(fraction * 100).toFixed(0)}%)`;
  if (span.length === 1) bound = 'nothing (one block held them all)';
  else if (fraction >= 0.9) bound = `${limit} (${(fraction * 100).toFixed(1)}%)`;
  return {
    kind: label,
    submitted: total,
    refused,
    included: included.length,
    succeeded: included.filter((i) => i.ok).length,
    blocks: span.length,
    perBlock: included.length / span.length,
    perBlockFull: fullest.ours,
    seconds,
    perSecond: included.length / seconds,
    // What one block admits while extrinsics wait, per second of block time: the capacity.
    // Unknown for a phase that fit one block.
    sustainedPerSecond: span.length > 1 ? fullest.ours / (BLOCK_TIME_MS / 1000) : null,
    fill,
    bound,
    nodeCpuSeconds: usage.cpu,
    nodeCores: usage.cpu / usage.wall,
    cpuMsPerExtrinsic: (usage.cpu * 1000) / Math.max(1, included.length),
    peakRssMiB: usage.peakRss,
    hwmMiB: usage.hwm,
    firstBlock: first,
    lastBlock: last,
  };
}

// ---- setup -------------------------------------------------------------------------------------

/** Dispatches `calls` as Root (the dev chain's sudo) in batches, submitted together; every batch must dispatch. */
async function asRoot(label, calls, size = 500) {
  const batches = [];
  for (let i = 0; i < calls.length; i += size) {
    batches.push([api.tx.sudo.sudo(api.tx.utility.batchAll(calls.slice(i, i + size))), alice]);
  }
  const result = await submitAndFollow(`setup: ${label}`, await presign(batches));
  let dispatched = 0;
  for (let n = result.firstBlock; n <= result.lastBlock; n++) {
    const at = await api.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of await at.query.system.events()) {
      if (event.section !== 'sudo' || event.method !== 'Sudid') continue;
      if (!event.data.sudoResult.isOk) fail(`setup: ${label}: a batch failed: ${event.data.sudoResult}`);
      dispatched += 1;
    }
  }
  if (result.succeeded !== batches.length || dispatched !== batches.length) {
    fail(`setup: ${label}: ${dispatched} of ${batches.length} batches dispatched`);
  }
}
/** Signs and includes a setup step of many extrinsics; every one must succeed. */
async function setUp(label, items) {
  const result = await submitAndFollow(`setup: ${label}`, await presign(items));
  if (result.succeeded !== items.length) fail(`setup: ${label}: ${result.succeeded} of ${items.length} succeeded`);
}

const locator = (text) => u8aToHex(new TextEncoder().encode(text));
const tx = api.tx;
const everyone = [...patients, ...practitioners, custodian, payer, hospitalAdmin, insurerAdmin];
await asRoot('endow the accounts', everyone.map((p) => tx.balances.forceSetBalance(p.address,
  p === payer ? 10_000_000n * UNIT : 1_000n * UNIT)));
const hospital = (await api.query.credentials.nextOrganizationId()).toNumber();
const now = (await api.rpc.chain.getHeader()).number.toNumber();
const jurisdiction = locator('US-CA');
const licence = blake2AsHex('licence', 256);
const validUntil = now + 100_000;
await asRoot('register a hospital and an insurer', [
  tx.credentials.registerOrganization(hospitalAdmin.address, 'Hospital', ['Practitioner', 'Custodian'], jurisdiction),
  tx.credentials.registerOrganization(insurerAdmin.address, 'Payer', ['Payer'], jurisdiction),
  tx.credentials.issueCredential(custodian.address, 'Custodian', hospital, licence, jurisdiction, validUntil),
  tx.credentials.issueCredential(payer.address, 'Payer', hospital + 1, licence, jurisdiction, validUntil),
]);
await asRoot('credential the practitioners', practitioners.map((p) =>
  tx.credentials.issueCredential(p.address, 'Practitioner', hospital, licence, jurisdiction, validUntil)));
await setUp('the patients let their practitioners collect and read for treatment', patients.map((p, i) => [
  tx.consent.recordConsent(p.address, 'Permit', { Account: practitioners[i].address }, 'AllRecords',
    ['Treatment'], ['Collect', 'Access'], null, null), p]));

// ---- the phases --------------------------------------------------------------------------------

const results = [];
async function phase(kind, items) {
  const signStarted = Date.now();
  const signed = await presign(items);
  say(`${kind}: ${signed.length} signed in ${((Date.now() - signStarted) / 1000).toFixed(1)} s; submitting`);
  const result = await submitAndFollow(kind, signed);
  results.push(result);
  say(`${kind}: ${result.included}/${result.submitted} included, ${result.succeeded} succeeded, `
    + `${result.perBlock.toFixed(1)} per block, ${result.perSecond.toFixed(1)}/s, bound by ${result.bound}`);
  return result;
}
// Transfers are the cheapest kind: each patient sends TRANSFERS_PER_ACCOUNT of them, so that
// they fill blocks and show a sustained rate with as many accounts as the other kinds.
/** `times` extrinsics `make(i, k)` signed by each of `accounts` (the i-th account's k-th). */
const perAccount = (accounts, times, make) => accounts.flatMap((account, i) => Array.from({ length: times },
  (_, k) => [make(i, k), account]));
const TRANSFERS_PER_ACCOUNT = 4;
const transfers = () => perAccount(patients, TRANSFERS_PER_ACCOUNT, (i) => tx.balances.transferKeepAlive(practitioners[i].address, UNIT));

// The record kinds are two per account: at 1,500 of one per account, each fit one block, which
// shows only a floor of what a block admits. (Claims are one per account: a second claim for the
// same visit is a duplicate, and 1,500 claims already fill more than one block.)
const CALLS_PER_ACCOUNT = 2;
const recordKinds = (accounts, make) => perAccount(accounts, CALLS_PER_ACCOUNT, make);

await phase('transfer_keep_alive', transfers());
await phase('create_record', recordKinds(practitioners, (i, k) => tx.records.createRecord(patients[i].address, 'Encounter', 'Treatment',
  blake2AsHex(`encounter ${i}.${k}`, 256), custodian.address, locator(`bafybeigdyrztencounter${i}.${k}`))));
const records = new Map(); // patient → their records, in the order they were created
for (const result of [results.at(-1)]) {
  for (let n = result.firstBlock; n <= result.lastBlock; n++) {
    const at = await api.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of await at.query.system.events()) {
      if (event.section === 'records' && event.method === 'RecordCreated') {
        const patient = event.data.patient.toString();
        records.set(patient, [...(records.get(patient) ?? []), event.data.record.toNumber()]);
      }
    }
  }
}
const found = [...records.values()].reduce((sum, list) => sum + list.length, 0);
if (records.size !== COUNT || found !== COUNT * CALLS_PER_ACCOUNT) {
  fail(`create_record: ${found} records of ${COUNT * CALLS_PER_ACCOUNT} found, for ${records.size} patients of ${COUNT}`);
}
const recordOf = (i, k = 0) => records.get(patients[i].address)[k];
await phase('access_record', recordKinds(practitioners, (i, k) => tx.records.accessRecord(recordOf(i, k), 'Treatment')));
await phase('record_consent', recordKinds(patients, (i, k) => tx.consent.recordConsent(patients[i].address, 'Permit', { Account: payer.address },
  { Records: [recordOf(i, k)] }, ['Payment'], ['Disclose'], null, null)));

const plan = (await api.query.claims.nextPlanId()).toNumber();
await setUp('the payer publishes and funds a plan for the hospital\'s providers', [
  [tx.claims.publishPlan({ covered: [{ service: VISIT, allowed: 100n * UNIT }], coinsurance: 20, annualLimit: 1_000n * UNIT }), payer],
]);
await setUp('the plan is funded and its provider rules set', [
  [tx.claims.fundEscrow(plan, BigInt(COUNT) * 100n * UNIT), payer],
  [tx.claims.setProviderRules(plan, { network: [hospital], period: 30 * 14_400, perProviderLimit: 1_000n * UNIT }), payer],
]);
await setUp('the patients enroll', patients.map((p) => [tx.claims.enroll(plan, p.address), p]));
await setUp('the payer accepts them', patients.map((p) => [tx.claims.enroll(plan, p.address), payer]));
const today = Math.floor((await api.query.timestamp.now()).toNumber() / DAY_MS);
await phase('submit_claim', practitioners.map((p, i) => [tx.claims.submitClaim(plan, patients[i].address, 'Claim',
  [{ service: VISIT, serviceDate: today, amount: 150n * UNIT }], [recordOf(i)]), p]));
const seconds = Math.floor(Date.now() / 1000);
await phase('anchor_batch', recordKinds(practitioners, (i, k) => tx.records.anchorBatch(patients[i].address, 'Treatment',
  blake2AsHex(`device ${i}.${k}`, 256), blake2AsHex(`readings ${i}.${k}`, 256), 60, [seconds - 3600, seconds])));
const again = await phase('transfer_keep_alive', transfers());
again.kind = 'transfer_keep_alive (again)';

// ---- report ------------------------------------------------------------------------------------

// Ratios compare what each kind sustains with what transfers sustain, in the same run.
const rate = (r) => r.sustainedPerSecond ?? r.perSecond;
const reference = rate(results[0]);
for (const result of results) result.ratioToTransfers = rate(result) / reference;
// A phase that fit one block only says the chain admits at least that many: its ratio is a floor.
if (results[0].sustainedPerSecond === null) say('the transfers fit one block: raise --count for a sustained rate to compare with');
// Genesis (timestamp 0) is not on the timeline.
const timeline = [...blocks.values()].filter((b) => b.time > 0).sort((a, b) => a.number - b.number).map((b) => ({
  number: b.number,
  time: b.time,
  phase: b.phase ?? null,
  ours: b.ours ?? 0,
  count: b.count,
  refTime: Number(b.refTime) / Number(limits.refTime),
  proof: Number(b.proof) / Number(limits.proof),
  length: Number(b.length) / Number(limits.length),
}));
mkdirSync(opts.out, { recursive: true });
const file = join(opts.out, 'throughput.json');
writeFileSync(file, JSON.stringify({
  date: new Date().toISOString(),
  node: opts.node,
  chain: opts.chain,
  count: COUNT,
  blockTimeMs: BLOCK_TIME_MS,
  limits: Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, Number(v)])),
  results,
  timeline,
}, null, 1));
say(`wrote ${file}`);
console.log('');
console.log('| kind | included | succeeded | blocks | per block (mean; fullest) | per second (mean; fullest block) | × transfers (fullest) | bound by | node CPU (cores) | CPU ms per extrinsic | peak RSS (MiB) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.kind} | ${r.included}/${r.submitted} | ${r.succeeded} | ${r.blocks} | ${r.perBlock.toFixed(1)}; ${r.perBlockFull} | `
    + `${r.perSecond.toFixed(1)}; ${r.sustainedPerSecond === null ? '—' : r.sustainedPerSecond.toFixed(1)} | ${r.ratioToTransfers.toFixed(2)}${r.sustainedPerSecond === null ? ' (at least: one block held them all)' : ''} | ${r.bound} | ${r.nodeCores.toFixed(2)} | `
    + `${r.cpuMsPerExtrinsic.toFixed(2)} | ${r.peakRssMiB.toFixed(0)} |`);
}
const incomplete = results.filter((r) => r.included !== r.submitted || r.succeeded !== r.included);
stopping = true;
await api.disconnect();
await node.stop();
if (incomplete.length) fail(`not every extrinsic was included and succeeded: ${incomplete.map((r) => r.kind).join(', ')}`);
process.exit(0);
