#!/usr/bin/env node
// Writes a raw chain spec whose genesis holds a consortium's worth of state, for
// `benchmark storage` (scripts/benchmark.sh storage): the dev chain's raw spec plus, for each of
// `patients` patients, its account and holds, two record versions with their index entries,
// consents for two grantees with their locations and count, and two access-log entries; and for
// each of `patients / 10` practitioners its account, credential and professional mark.
//
//   node e2e/bin/storage-state.js --spec dev-raw.json --out state.json [--patients 100000]
//
// The keys are the runtime's own (pallet and item prefixes, Blake2_128Concat and Twox64Concat
// hashers), so the trie has the shape a real state of that size has. The values are random
// bytes of the sizes the runtime's encodings have (a record version with a 60-byte locator, a
// consent list of one entry, and so on): `benchmark storage` times reading and writing values,
// never decoding them.
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { randomFillSync } from 'node:crypto';
import { blake2AsU8a, cryptoWaitReady, xxhashAsU8a } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';

const { values: opts } = parseArgs({
  options: {
    spec: { type: 'string' },
    out: { type: 'string' },
    patients: { type: 'string', default: '100000' },
  },
});
const fail = (line) => {
  console.error(`storage-state: ${line}`);
  process.exit(1);
};
if (!opts.spec || !opts.out) fail('usage: storage-state.js --spec <raw spec> --out <file> [--patients N]');
const PATIENTS = Number(opts.patients);
if (!Number.isInteger(PATIENTS) || PATIENTS < 10) fail(`--patients must be an integer ≥ 10, got ${opts.patients}`);
const PRACTITIONERS = Math.floor(PATIENTS / 10);
await cryptoWaitReady();

const spec = JSON.parse(readFileSync(opts.spec, 'utf8'));
const top = spec.genesis?.raw?.top;
if (!top) fail(`${opts.spec} is not a raw spec (no genesis.raw.top): export it with --raw`);

// Value sizes in bytes, from the runtime's encodings (see the weight files' `max_size`, which
// adds the key and takes every bound at its maximum).
const SIZE = {
  account: 80, // AccountInfo: nonce, 3 reference counts, free, reserved, frozen, flags
  holds: 37, // two holds: reason and amount each, with the length prefix
  recordVersion: 240, // patient, author, custodian, commitment, a 60-byte locator, status, deposit…
  patientRecord: 0, // ()
  consents: 150, // a list of one consent: grantee, scope, purposes, actions, period, deposit
  consentLocation: 65, // (patient, grantee)
  consentCount: 4,
  accessLog: 54, // accessor, record, purpose, basis, block
  accessLogLength: 8,
  credential: 133, // organization, role, licence commitment, jurisdiction, period, status
  professional: 4,
};

const prefix = (pallet, item) => u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128));
const blake2_128Concat = (data) => u8aConcat(blake2AsU8a(data, 128), data);
const twox64Concat = (data) => u8aConcat(xxhashAsU8a(data, 64), data);
const u64 = (n) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(n), true);
  return bytes;
};
const PREFIX = {
  account: prefix('System', 'Account'),
  holds: prefix('Balances', 'Holds'),
  recordVersion: prefix('Records', 'RecordVersions'),
  patientRecord: prefix('Records', 'PatientRecords'),
  consents: prefix('Consent', 'Consents'),
  consentLocation: prefix('Consent', 'ConsentLocation'),
  consentCount: prefix('Consent', 'ConsentCount'),
  accessLog: prefix('Records', 'AccessLog'),
  accessLogLength: prefix('Records', 'AccessLogLength'),
  credential: prefix('Credentials', 'CredentialOf'),
  professional: prefix('Credentials', 'Professionals'),
};
const accountOf = (role, i) => blake2AsU8a(stringToU8a(`${role}/${i}`), 256);

const random = new Uint8Array(1 << 20);
randomFillSync(random);
let cursor = 0;
const value = (kind) => {
  const size = SIZE[kind];
  if (cursor + size > random.length) {
    randomFillSync(random);
    cursor = 0;
  }
  const bytes = random.subarray(cursor, cursor + size);
  cursor += size;
  return u8aToHex(bytes);
};

// The spec as written, with the new entries streamed in where `top` was: a 100,000-patient state
// is over 500 MB of JSON, more than one string can hold.
const marker = '"__caduceus_storage_state__"';
const kept = Object.keys(top).length;
spec.genesis.raw.top = '__caduceus_storage_state__';
const [head, tail] = JSON.stringify(spec).split(marker);
const out = createWriteStream(opts.out);
const write = async (text) => {
  if (!out.write(text)) await once(out, 'drain');
};
await write(`${head}{`);
let first = true;
const put = async (keyHex, valueHex) => {
  await write(`${first ? '' : ','}"${keyHex}":"${valueHex}"`);
  first = false;
};
for (const [key, hex] of Object.entries(top)) await put(key, hex);
let added = 0;
const entry = async (key, hex) => {
  await put(u8aToHex(key), hex);
  added += 1;
};

let recordId = 1_000_000; // above any the dev genesis or a benchmark uses
let consentId = 1_000_000;
const GRANTEE_ACCOUNT = 0; // Grantee::Account's variant index
for (let i = 0; i < PRACTITIONERS; i++) {
  const who = accountOf('practitioner', i);
  await entry(u8aConcat(PREFIX.account, blake2_128Concat(who)), value('account'));
  await entry(u8aConcat(PREFIX.credential, blake2_128Concat(who), twox64Concat(new Uint8Array([0]))), value('credential'));
  await entry(u8aConcat(PREFIX.professional, blake2_128Concat(who)), value('professional'));
}
for (let i = 0; i < PATIENTS; i++) {
  const patient = accountOf('patient', i);
  const patientKey = blake2_128Concat(patient);
  await entry(u8aConcat(PREFIX.account, patientKey), value('account'));
  await entry(u8aConcat(PREFIX.holds, patientKey), value('holds'));
  for (let r = 0; r < 2; r++) {
    const id = u64(recordId++);
    await entry(u8aConcat(PREFIX.recordVersion, twox64Concat(id)), value('recordVersion'));
    await entry(u8aConcat(PREFIX.patientRecord, patientKey, twox64Concat(id)), value('patientRecord'));
  }
  for (let g = 0; g < 2; g++) {
    const grantee = u8aConcat(new Uint8Array([GRANTEE_ACCOUNT]), accountOf('practitioner', (i + g) % PRACTITIONERS));
    await entry(u8aConcat(PREFIX.consents, patientKey, blake2_128Concat(grantee)), value('consents'));
    await entry(u8aConcat(PREFIX.consentLocation, twox64Concat(u64(consentId++))), value('consentLocation'));
  }
  await entry(u8aConcat(PREFIX.consentCount, patientKey), value('consentCount'));
  for (let n = 0; n < 2; n++) {
    await entry(u8aConcat(PREFIX.accessLog, patientKey, twox64Concat(u64(n))), value('accessLog'));
  }
  await entry(u8aConcat(PREFIX.accessLogLength, patientKey), value('accessLogLength'));
  if ((i + 1) % 10_000 === 0) console.log(`storage-state: ${i + 1}/${PATIENTS} patients`);
}
await write(`}${tail}`);
out.end();
await once(out, 'finish');
console.log(`storage-state: wrote ${opts.out}: ${kept} genesis entries kept, ${added} added `
  + `(${PATIENTS} patients, ${PRACTITIONERS} practitioners)`);
