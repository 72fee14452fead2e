// The FHIR facade's break-glass index: when each session stopped, for every way a session stops
// on chain, including the ones that emit no event of their own (docs/fhir.md). Events are
// shaped as @polkadot/api decodes them; the journey test covers the live path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BreakGlassIndex } from '../../fhir/src/chain.js';

const num = (n) => ({ toNumber: () => n });
const acct = (a) => ({ toString: () => a });
const variant = (type) => ({ type });
const bool = (b) => ({ isTrue: b });
const ev = (section, method, data) => ({ section, method, data });
const started = (session, { patient = 'P', responder = 'R', expiresAt = 100 } = {}) => ev('emergencyAccess', 'EmergencyAccessStarted', {
  session: num(session), patient: acct(patient), responder: acct(responder), reason: variant('PatientUnresponsive'), expiresAt: num(expiresAt),
});
// The state at a block, as far as the index reads it: the organization a session acted for.
const at = (org = 7) => ({ query: { emergencyAccess: { sessionOrganization: async () => ({ isSome: true, unwrap: () => num(org) }) } } });

async function run(blocks) {
  const index = new BreakGlassIndex();
  for (const [block, events] of blocks) await index.apply(block, events, at());
  return index;
}

describe('the break-glass index', () => {
  it('stops a session at the end of its window, and not before', async () => {
    const index = await run([[10, [started(1, { expiresAt: 20 })]], [19, []]]);
    assert.equal(index.sessions.get(1).stop, null);
    await index.apply(25, [], at());
    assert.deepEqual(index.sessions.get(1).stop, { block: 20, cause: 'the access window ended' });
  });

  it('stops a session when its responder closes it, when the patient reviews it live, and when the patient opts out', async () => {
    const index = await run([
      [10, [started(1), started(2), started(3, { patient: 'Q' }), started(4)]],
      [11, [ev('emergencyAccess', 'EmergencyAccessClosed', { session: num(1) })]],
      [12, [ev('emergencyAccess', 'SessionReviewed', { session: num(2) })]],
      [13, [ev('emergencyAccess', 'PreferencesSet', { patient: acct('P'), optedOut: bool(false) })]],
      [14, [ev('emergencyAccess', 'PreferencesSet', { patient: acct('P'), optedOut: bool(true) })]],
      // A later review of a stopped session does not move its stop.
      [15, [ev('emergencyAccess', 'SessionReviewed', { session: num(1) })]],
    ]);
    assert.deepEqual(index.sessions.get(1).stop, { block: 11, cause: 'closed by the responder' });
    assert.deepEqual(index.sessions.get(2).stop, { block: 12, cause: 'ended by the patient\'s review' });
    assert.equal(index.sessions.get(3).stop, null, 'another patient\'s opt-out stops nothing');
    assert.deepEqual(index.sessions.get(4).stop, { block: 14, cause: 'the patient opted out' });
    assert.deepEqual(index.ofPatient('P').map((s) => s.id), [1, 2, 4]);
  });

  it('stops a session when the responder\'s credential or organization is suspended or removed', async () => {
    const credential = (method, holder, role) => ev('credentials', method, { holder: acct(holder), role: variant(role) });
    const index = await run([
      [10, [started(1, { responder: 'R1' }), started(2, { responder: 'R2' }), started(3, { responder: 'R3' }), started(4, { responder: 'R4' })]],
      // Another role of the same holder is not the one break-glass needs.
      [11, [credential('CredentialSuspended', 'R1', 'Practitioner')]],
      [12, [credential('CredentialSuspended', 'R1', 'EmergencyResponder')]],
      [13, [credential('SanctionImposed', 'R2', 'EmergencyResponder')]],
      [14, [credential('CredentialRemoved', 'R3', 'EmergencyResponder')]],
      [15, [ev('credentials', 'OrganizationSuspended', { organization: num(8) })]],
      [16, [ev('credentials', 'OrganizationRevoked', { organization: num(7) })]],
    ]);
    assert.deepEqual(index.sessions.get(1).stop, { block: 12, cause: 'the responder\'s credential: CredentialSuspended' });
    assert.deepEqual(index.sessions.get(2).stop, { block: 13, cause: 'the responder\'s credential: SanctionImposed' });
    assert.deepEqual(index.sessions.get(3).stop, { block: 14, cause: 'the responder\'s credential: CredentialRemoved' });
    assert.deepEqual(index.sessions.get(4).stop, { block: 16, cause: 'the responder\'s organization: OrganizationRevoked' });
  });

  it('ends a window before the calls of the block it ends in', async () => {
    // The window ends at 20; a close in block 20 comes too late to be the reason.
    const index = await run([[10, [started(1, { expiresAt: 20 })]], [20, [ev('emergencyAccess', 'EmergencyAccessClosed', { session: num(1) })]]]);
    assert.deepEqual(index.sessions.get(1).stop, { block: 20, cause: 'the access window ended' });
  });
});
