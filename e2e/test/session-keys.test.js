// A collator's session keys, the way docs/operating-a-collator.md registers them. This SDK's
// `session.set_keys` checks a proof that the caller holds the keys' private halves, so keys from
// plain `author_rotateKeys` are refused; `author_rotateKeysWithOwner` returns keys with the proof.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { startDevNode } from '../lib/node.js';
import { rejectsWith, send, theEvent } from '../lib/chain.js';

describe('session keys for a collator', () => {
  let node;
  let api;
  let provider;
  const keyring = new Keyring({ type: 'sr25519' });
  const dave = keyring.addFromUri('//Dave');
  const eve = keyring.addFromUri('//Eve');
  /** The SCALE-encoded account that `set_keys` checks the proof against: its 32 bytes. */
  const owner = (pair) => u8aToHex(decodeAddress(pair.address));

  before(async () => {
    node = await startDevNode();
    provider = new WsProvider(node.url);
    api = await ApiPromise.create({ provider, noInitWarn: true });
  });

  after(async () => {
    await api?.disconnect();
    await node?.stop();
  });

  it('refuses keys from plain author_rotateKeys: they come with no proof', async () => {
    const keys = await provider.send('author_rotateKeys', []);
    await rejectsWith(send(api, api.tx.session.setKeys(keys, '0x'), dave), 'session', 'InvalidProof');
    assert.ok((await api.query.session.nextKeys(dave.address)).isNone);
  });

  it('registers keys from author_rotateKeysWithOwner, with their proof, for that owner only', async () => {
    const { keys, proof } = await provider.send('author_rotateKeysWithOwner', [owner(dave)]);
    assert.ok(proof && proof.length > 2, `a proof comes back: ${proof}`);
    // Who must not succeed: another account replaying Dave's keys and proof.
    await rejectsWith(send(api, api.tx.session.setKeys(keys, proof), eve), 'session', 'InvalidProof');
    const { events } = await send(api, api.tx.session.setKeys(keys, proof), dave);
    theEvent(api, events, 'system', 'ExtrinsicSuccess');
    const next = await api.query.session.nextKeys(dave.address);
    assert.equal(next.unwrap().toHex(), keys);
    // The node holds the private halves of exactly these keys.
    assert.equal((await api.rpc.author.hasSessionKeys(keys)).isTrue, true);
  });
});
