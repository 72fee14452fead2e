// Signed extrinsics and their outcomes, as a dApp would handle them with @polkadot/api.
import assert from 'node:assert/strict';

/** A dispatch error decoded from metadata: pallet, error name and its documentation. */
export class DispatchFailure extends Error {
  constructor(decoded) {
    super(`${decoded.section}.${decoded.name}: ${decoded.docs}`);
    Object.assign(this, decoded);
  }
}

/** Decodes a `DispatchError` with nothing but the chain's metadata. */
export function decodeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return { section, name, docs: docs.join(' ') };
  }
  return { section: 'system', name: dispatchError.type, docs: dispatchError.toString() };
}

/**
 * Signs and submits `tx` as `signer` and resolves once it is in a block with its events (with
 * `{ finalized: true }`, once that block is finalized: on a network with more than one
 * author, a block a transaction was first seen in may lose a fork). Rejects
 * with a `DispatchFailure` if it failed, or with the pool's error if it was never included. The
 * dev chain finalizes each block as it makes it, so the pool may report `Finalized` without
 * `InBlock` first.
 */
export function send(api, tx, signer, { finalized = false } = {}) {
  return new Promise((resolve, reject) => {
    const { unsubscribe, keep } = subscription();
    tx.signAndSend(signer, { nonce: -1 }, (result) => {
      const { status, events, dispatchError, internalError } = result;
      if (internalError) {
        unsubscribe();
        reject(internalError);
      } else if (status.isFinalized || (status.isInBlock && !finalized)) {
        unsubscribe();
        if (dispatchError) {
          reject(new DispatchFailure(decodeDispatchError(api, dispatchError)));
        } else {
          resolve({ events: events.map(({ event }) => event), blockHash: status.isInBlock ? status.asInBlock : status.asFinalized });
        }
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsubscribe();
        reject(new Error(`transaction ${status.type}`));
      }
    }).then(keep, reject);
  });
}

/** Unsubscribes once both the subscription exists and `unsubscribe` was called, in any order. */
function subscription() {
  let stop = null;
  let wanted = false;
  return {
    unsubscribe: () => { wanted = true; if (stop) stop(); },
    keep: (u) => { stop = u; if (wanted) u(); },
  };
}

/** The one event `section.method` among `events`; fails the test if there is not exactly one. */
export function theEvent(api, events, section, method) {
  const found = events.filter((e) => e.section === section && e.method === method);
  assert.equal(found.length, 1, `one ${section}.${method} event, got ${found.length}`);
  return found[0];
}

/** Asserts that `promise` (a `send`) fails with error `section.name`, whose docs are non-empty. */
export async function rejectsWith(promise, section, name) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof DispatchFailure, `a dispatch error, got: ${error}`);
    assert.equal(`${error.section}.${error.name}`, `${section}.${name}`);
    assert.ok(error.docs.length > 0, `${section}.${name} comes with its documentation`);
    return true;
  });
}

/** Resolves once the chain's best block is past `number`. */
export async function blockAfter(api, number) {
  return new Promise((resolve, reject) => {
    const { unsubscribe, keep } = subscription();
    api.rpc.chain.subscribeNewHeads((header) => {
      if (header.number.toNumber() > number) {
        unsubscribe();
        resolve(header.number.toNumber());
      }
    }).then(keep, reject);
  });
}
