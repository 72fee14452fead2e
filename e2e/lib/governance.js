// A referendum of the consortium's ranked collective, start to enactment: the preimage, the
// submission on the track of `origin`, the decision deposit and the members' aye votes.
import { theEvent } from './chain.js';
import { waitUntil } from './network.js';

/**
 * Passes `call` by referendum with `origin` (e.g. `{ system: 'Root' }` or
 * `{ Origins: 'Collators' }`), `proposer` paying the deposits and every one of `voters` voting
 * aye while it is undecided. `send(api, tx, signer)` submits; `enacted()` says when the call has taken effect.
 * Resolves with the referendum's index once `enacted()` holds.
 */
export async function passReferendum(api, send, { origin, call, proposer, voters, enacted, timeoutMs, onStep = () => {} }) {
  await send(api, api.tx.preimage.notePreimage(call.method.toHex()), proposer);
  const submitted = await send(api, api.tx.rankedPolls.submit(origin,
    { Lookup: { hash: call.method.hash.toHex(), len: call.method.encodedLength } }, { After: 1 }), proposer);
  const index = theEvent(api, submitted.events, 'rankedPolls', 'Submitted').data.index.toNumber();
  onStep(`referendum ${index} submitted`);
  await send(api, api.tx.rankedPolls.placeDecisionDeposit(index), proposer);
  // Votes stop once the referendum is decided: with rapid timing it may pass before the last.
  let ayes = 0;
  for (const member of voters) {
    if (!(await api.query.rankedPolls.referendumInfoFor(index)).unwrap().isOngoing) break;
    await send(api, api.tx.rankedCollective.vote(index, true), member);
    ayes += 1;
  }
  onStep(`referendum ${index}: ${ayes} aye votes`);
  await waitUntil(enacted, { timeoutMs, what: `referendum ${index} enacted` });
  return index;
}
