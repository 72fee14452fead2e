#!/usr/bin/env node
// Steps 5–7 of docs/operating-a-collator.md, for a local network (scripts/network.sh) whose
// founding members hold the well-known dev keys: the new collator's session keys generated in
// its own keystore with their ownership proof, `session.setKeys` by the collator's account, a
// `collators` referendum making the account invulnerable, and the wait until it authors.
//
//   node e2e/bin/join-collator.js --collator ws://127.0.0.1:9912 --account //Charlie
//
// On a live chain the members vote from their own wallets; the calls are the same.
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { send } from '../lib/chain.js';
import { passReferendum } from '../lib/governance.js';
import { NETWORK, connect, waitUntil, ws } from '../lib/network.js';

const MINUTES = 60_000;
const usage = 'usage: join-collator.js --collator <ws url of the new collator> --account <suri> [--para <ws url>] [--voters //Alice,//Bob,//Charlie]';
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      collator: { type: 'string' },
      account: { type: 'string' },
      para: { type: 'string', default: ws(NETWORK.collators[0]) },
      voters: { type: 'string', default: '//Alice,//Bob,//Charlie' },
    },
  }));
  if (!options.collator || !options.account) throw new Error('--collator and --account are required');
} catch (error) {
  console.error(`join-collator: ${error.message}\n${usage}`);
  process.exit(2);
}

const started = Date.now();
const say = (line) => console.log(`join-collator: [${Math.round((Date.now() - started) / 1000)} s] ${line}`);
const keyring = new Keyring({ type: 'sr25519' });
const account = keyring.addFromUri(options.account);
const voters = options.voters.split(',').map((suri) => keyring.addFromUri(suri));
// Two collators author on the local network: wait for relay finality before trusting a call.
const final = (api, tx, signer) => send(api, tx, signer, { finalized: true });

const para = await connect(options.para);
const collatorProvider = new WsProvider(options.collator);
const collator = await ApiPromise.create({ provider: collatorProvider, noInitWarn: true });
say(`collator ${options.collator} at #${(await collator.rpc.chain.getHeader()).number} (${(await collator.rpc.system.health()).peers} peers); account ${account.address}`);

// 5. Session keys, generated in the collator's keystore, with the proof that the account holds them.
const { keys, proof } = await collatorProvider.send('author_rotateKeysWithOwner', [u8aToHex(decodeAddress(account.address))]);
say(`author_rotateKeysWithOwner: keys ${keys}`);
await final(para, para.tx.session.setKeys(keys, proof), account);
say(`session.setKeys finalized: next keys ${(await para.query.session.nextKeys(account.address)).unwrap().toHex()}`);

// 6. A `collators` referendum: collatorSelection.addInvulnerable(account), unless it already is.
const invulnerable = async () => (await para.query.collatorSelection.invulnerables()).some((a) => a.toString() === account.address);
if (await invulnerable()) {
  say('already invulnerable: no referendum');
} else {
  const index = await passReferendum(para, final, {
    origin: { Origins: 'Collators' },
    call: para.tx.collatorSelection.addInvulnerable(account.address),
    proposer: voters[0],
    voters,
    enacted: invulnerable,
    timeoutMs: 20 * MINUTES,
    onStep: say,
  });
  say(`referendum ${index} enacted: invulnerables ${(await para.query.collatorSelection.invulnerables()).map(String).join(', ')}`);
}

// 7. It joins the authority set two session changes later, then authors.
const session = (await para.query.session.currentIndex()).toNumber();
await waitUntil(async () => (await para.query.session.validators()).some((a) => a.toString() === account.address),
  { timeoutMs: 20 * MINUTES, what: 'the account among the session\'s validators' });
say(`in the authority set from session ${(await para.query.session.currentIndex()).toNumber()} (was ${session})`);
// Authored by this collator: the slot's authority is a key in the collator's own keystore.
let authored = null;
await waitUntil(async () => {
  const hash = await para.rpc.chain.getFinalizedHead();
  const header = await para.rpc.chain.getHeader(hash);
  const digest = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  const slot = para.registry.createType('u64', digest.asPreRuntime[1]).toBigInt();
  const authorities = await (await para.at(hash)).query.aura.authorities();
  const author = authorities[Number(slot % BigInt(authorities.length))].toHex();
  if (await collatorProvider.send('author_hasKey', [author, 'aura'])) authored = header.number.toNumber();
  return authored !== null;
}, { timeoutMs: 20 * MINUTES, everyMs: 3_000, what: 'a finalized block authored by the new collator' });
say(`authored finalized block #${authored}`);
await para.disconnect();
await collator.disconnect();
process.exit(0);
