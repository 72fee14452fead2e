// The patient journey through @polkadot/api against a running `caduceus-node --dev`: the contract
// dApp developers build on. Every step is a real signed extrinsic; every assertion reads events,
// storage or runtime APIs decoded from metadata alone. Steps run in order and build on each other.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { startDevNode } from '../lib/node.js';
import { blockAfter, rejectsWith, send, theEvent } from '../lib/chain.js';
import { docPaths, missingPaths, namedPaths } from '../lib/docnames.js';
import { fhirChecker, get, startFacade } from '../lib/fhir.js';
import { ENUM_MAPS, LOCAL_CODE_SYSTEMS } from '../../fhir/src/codes.js';

const UNIT = 1_000_000_000_000n;
const DAY_MS = 86_400_000;
const VISIT = 99213; // CPT: office visit

describe('the patient journey through Polkadot.js', () => {
  let node;
  let api;
  const keyring = new Keyring({ type: 'sr25519' });
  const who = {};
  // What earlier steps learned, for later ones.
  const state = {};

  const tx = () => api.tx;
  const free = async (account) => (await api.query.system.account(account.address)).data.free.toBigInt();
  const reserved = async (account) => (await api.query.system.account(account.address)).data.reserved.toBigInt();
  const locator = (text) => u8aToHex(new TextEncoder().encode(text));
  /** The patient's consent letting the doctor do `actions` for treatment on records in `scope`. */
  const permitDoctor = (scope, actions) => tx().consent.recordConsent(who.Patient.address, 'Permit',
    { Account: who.Doctor.address }, scope, ['Treatment'], actions, null, null);

  let provider;

  /** Signs `call` (raw SCALE bytes) as `signer` and submits it without client-side decoding. */
  const submitRaw = async (call, signer) => {
    const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
    const payload = api.createType('ExtrinsicPayload', {
      method: u8aToHex(call),
      era: '0x00',
      nonce,
      tip: 0,
      specVersion: api.runtimeVersion.specVersion,
      transactionVersion: api.runtimeVersion.transactionVersion,
      genesisHash: api.genesisHash,
      blockHash: api.genesisHash,
    }, { version: 4 });
    const { signature } = payload.sign(signer);
    const body = u8aConcat(
      new Uint8Array([0x84, 0x00]), signer.publicKey, hexToU8a(signature),
      // Era (immortal), nonce, tip, then CheckMetadataHash's mode (0: disabled).
      new Uint8Array([0x00]), compactToU8a(nonce), compactToU8a(0), new Uint8Array([0x00]), call,
    );
    return provider.send('author_submitExtrinsic', [u8aToHex(u8aConcat(compactToU8a(body.length), body))]);
  };

  let facade;

  before(async () => {
    node = await startDevNode();
    // The FHIR facade follows the chain from its first block, as it would next to a collator.
    facade = await startFacade(node.url);
    provider = new WsProvider(node.url);
    api = await ApiPromise.create({ provider, noInitWarn: true });
    for (const name of ['Alice', 'Patient', 'Doctor', 'Custodian', 'Payer', 'Responder', 'HospitalAdmin', 'InsurerAdmin', 'Stranger']) {
      who[name] = keyring.addFromUri(`//${name}`);
    }
  });

  after(async () => {
    await facade?.stop();
    await api?.disconnect();
    await node?.stop();
  });

  it('connects and sees the Caduceus pallets in the metadata', async () => {
    assert.equal((await api.rpc.system.chain()).toString(), 'Caduceus Development');
    for (const section of ['credentials', 'records', 'consent', 'emergencyAccess', 'claims']) {
      assert.ok(api.tx[section], `api.tx.${section}`);
      assert.ok(api.query[section], `api.query.${section}`);
    }
    for (const runtimeApi of ['recordsApi', 'consentApi', 'emergencyAccessApi', 'claimsApi']) {
      assert.ok(api.call[runtimeApi], `api.call.${runtimeApi}`);
    }
  });

  it('funds the journey accounts from Alice', async () => {
    const transfers = ['Patient', 'Doctor', 'Custodian', 'Payer', 'Responder', 'HospitalAdmin', 'InsurerAdmin', 'Stranger']
      .map((name) => tx().balances.transferKeepAlive(who[name].address, 10_000n * UNIT));
    await send(api, tx().utility.batchAll(transfers), who.Alice);
    assert.equal(await free(who.Patient), 10_000n * UNIT);
  });

  it('admits a hospital, an insurer and their staff (the dev chain\'s sudo shortcut for a credentialing referendum)', async () => {
    const jurisdiction = locator('US-CA');
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    const validUntil = now + 100_000;
    const licence = blake2AsHex('licence', 256);
    const hospital = (await api.query.credentials.nextOrganizationId()).toNumber();
    const insurer = hospital + 1;
    state.hospital = hospital;
    const calls = [
      tx().credentials.registerOrganization(who.HospitalAdmin.address, 'Hospital',
        ['Practitioner', 'Custodian', 'EmergencyResponder'], jurisdiction),
      tx().credentials.registerOrganization(who.InsurerAdmin.address, 'Payer', ['Payer'], jurisdiction),
      tx().credentials.issueCredential(who.Doctor.address, 'Practitioner', hospital, licence, jurisdiction, validUntil),
      tx().credentials.issueCredential(who.Custodian.address, 'Custodian', hospital, licence, jurisdiction, validUntil),
      tx().credentials.issueCredential(who.Responder.address, 'EmergencyResponder', hospital, licence, jurisdiction, validUntil),
      tx().credentials.issueCredential(who.Payer.address, 'Payer', insurer, licence, jurisdiction, validUntil),
    ];
    const { events } = await send(api, tx().sudo.sudo(tx().utility.batchAll(calls)), who.Alice);
    const sudid = theEvent(api, events, 'sudo', 'Sudid');
    assert.ok(sudid.data.sudoResult.isOk, `the batch dispatched: ${sudid.data.sudoResult}`);
    assert.equal(events.filter((e) => e.section === 'credentials' && e.method === 'CredentialIssued').length, 4);
    const doctor = await api.query.credentials.credentialOf(who.Doctor.address, 'Practitioner');
    assert.ok(doctor.isSome);
    assert.equal(doctor.unwrap().status.type, 'Active');
  });

  it('lets a practitioner create a record once the patient consents to collection', async () => {
    const create = () => tx().records.createRecord(who.Patient.address, 'Encounter', 'Treatment',
      blake2AsHex('encounter note + salt', 256), who.Custodian.address, locator('bafybeigdyrztencounter'));
    await rejectsWith(send(api, create(), who.Doctor), 'records', 'NoAccessBasis');
    const { events } = await send(api, permitDoctor('AllRecords', ['Collect']), who.Patient);
    state.collectConsent = theEvent(api, events, 'consent', 'ConsentRecorded').data.consent.toNumber();
    const created = await send(api, create(), who.Doctor);
    const event = theEvent(api, created.events, 'records', 'RecordCreated');
    state.encounter = event.data.record.toNumber();
    assert.equal(event.data.author.toString(), who.Doctor.address);
    assert.equal(event.data.basis.asConsent.toNumber(), state.collectConsent);
    const stored = (await api.call.recordsApi.record(state.encounter)).unwrap();
    assert.equal(stored.patient.toString(), who.Patient.address);
    assert.equal(stored.recordType.type, 'Encounter');
  });

  it('refuses the practitioner a read until the patient grants TREAT access, then logs the read', async () => {
    const read = () => tx().records.accessRecord(state.encounter, 'Treatment');
    await rejectsWith(send(api, read(), who.Doctor), 'records', 'ActionNotPermitted');
    const { events } = await send(api, permitDoctor({ RecordTypes: ['Encounter'] }, ['Access']), who.Patient);
    state.readConsent = theEvent(api, events, 'consent', 'ConsentRecorded').data.consent.toNumber();

    const check = await api.call.consentApi.checkAccess(who.Doctor.address, who.Patient.address,
      { recordType: 'Encounter', record: state.encounter }, 'Treatment', 'Access');
    assert.ok(check.isOk);
    assert.equal(check.asOk.asConsent.toNumber(), state.readConsent);

    const accessed = theEvent(api, (await send(api, read(), who.Doctor)).events, 'records', 'RecordAccessed');
    assert.equal(accessed.data.basis.asConsent.toNumber(), state.readConsent);
    const log = await api.call.recordsApi.accessLog(who.Patient.address, who.Patient.address, 0, 10);
    assert.ok(log.isOk);
    const entries = log.asOk;
    assert.equal(entries.length, 1);
    assert.equal(entries[0].accessor.toString(), who.Doctor.address);
    assert.equal(entries[0].record.toNumber(), state.encounter);
    assert.equal(entries[0].purpose.type, 'Treatment');
    // Only the patient, a guardian or a privacy officer may read the log.
    const refused = await api.call.recordsApi.accessLog(who.Stranger.address, who.Patient.address, 0, 10);
    assert.ok(refused.isErr);
    assert.equal(refused.asErr.type, 'NotAuthorized');
  });

  it('stops reads at once when the patient revokes', async () => {
    const { events } = await send(api, tx().consent.revokeConsent(state.readConsent), who.Patient);
    theEvent(api, events, 'consent', 'ConsentRevoked');
    await rejectsWith(send(api, tx().records.accessRecord(state.encounter, 'Treatment'), who.Doctor),
      'records', 'ActionNotPermitted');
    const check = await api.call.consentApi.checkAccess(who.Doctor.address, who.Patient.address,
      { recordType: 'Encounter', record: state.encounter }, 'Treatment', 'Access');
    assert.ok(check.isErr);
    assert.equal(check.asErr.type, 'ActionNotPermitted');
  });

  it('lets a responder break the glass for an allergy record only, and the patient review it', async () => {
    const created = await send(api, tx().records.createRecord(who.Patient.address, 'AllergyIntolerance', 'Treatment',
      blake2AsHex('penicillin allergy + salt', 256), who.Custodian.address, locator('bafybeigdyrztallergy')), who.Patient);
    state.allergy = theEvent(api, created.events, 'records', 'RecordCreated').data.record.toNumber();
    const bondBefore = await reserved(who.Responder);

    const declared = await send(api, tx().emergencyAccess.declareEmergency(who.Patient.address,
      'PatientUnresponsive', blake2AsHex('unconscious on arrival', 256)), who.Responder);
    const started = theEvent(api, declared.events, 'emergencyAccess', 'EmergencyAccessStarted');
    const session = started.data.session.toNumber();
    state.session = session;
    assert.equal(started.data.auditType.toNumber(), 110113);
    assert.equal(started.data.auditSubtype.toNumber(), 110127);
    assert.equal(started.data.purpose.type, 'EmergencyTreatment');
    assert.ok((await reserved(who.Responder)) > bondBefore, 'the bond is held');
    const live = await api.call.emergencyAccessApi.liveSessions(who.Patient.address);
    assert.deepEqual(live.map(([id]) => id.toNumber()), [session]);

    const read = await send(api, tx().records.accessRecord(state.allergy, 'EmergencyTreatment'), who.Responder);
    assert.equal(theEvent(api, read.events, 'records', 'RecordAccessed').data.basis.asEmergency.toNumber(), session);
    await rejectsWith(send(api, tx().records.accessRecord(state.encounter, 'EmergencyTreatment'), who.Responder),
      'records', 'RecordTypeNotCovered');

    const reviewed = await send(api, tx().emergencyAccess.reviewSession(session, 'Justified'), who.Patient);
    assert.equal(theEvent(api, reviewed.events, 'emergencyAccess', 'SessionReviewed').data.outcome.type, 'Justified');
    assert.equal(await reserved(who.Responder), bondBefore, 'the bond is released');
    const [history, unsettled] = await api.call.emergencyAccessApi.responderHistory(who.Responder.address);
    assert.equal(history.justified.toNumber(), 1);
    assert.equal(unsettled.length, 0);
    assert.equal((await api.call.emergencyAccessApi.sessionsAwaitingReview(who.Patient.address)).length, 0);
  });

  it('pays the provider\'s claim from the plan\'s escrow and rejects its duplicate', async () => {
    const { events: planEvents } = await send(api, tx().claims.publishPlan({
      covered: [{ service: VISIT, allowed: 100n * UNIT }],
      coinsurance: 20,
      annualLimit: 1_000n * UNIT,
    }), who.Payer);
    state.plan = theEvent(api, planEvents, 'claims', 'PlanPublished').data.plan.toNumber();
    await send(api, tx().claims.fundEscrow(state.plan, 500n * UNIT), who.Payer);
    await send(api, tx().claims.enroll(state.plan, who.Patient.address), who.Patient);
    // Membership is the payer's decision too: it accepts the patient, and pays the hospital's
    // providers at submission, up to 1,000 UNIT each per 30 days.
    await send(api, tx().claims.enroll(state.plan, who.Patient.address), who.Payer);
    await send(api, tx().claims.setProviderRules(state.plan,
      { network: [state.hospital], period: 30 * 14_400, perProviderLimit: 1_000n * UNIT }), who.Payer);
    // The provider needs TREAT access to the evidence, and the patient's permission to disclose
    // it to the payer for payment.
    await send(api, permitDoctor('AllRecords', ['Access']), who.Patient);
    const today = Math.floor((await api.query.timestamp.now()).toNumber() / DAY_MS);
    const visit = { service: VISIT, serviceDate: today, amount: 150n * UNIT };
    await rejectsWith(send(api, tx().claims.submitClaim(state.plan, who.Patient.address, 'Claim', [visit],
      [state.encounter]), who.Doctor), 'claims', 'NoDisclosureConsent');
    await send(api, tx().consent.recordConsent(who.Patient.address, 'Permit', { Account: who.Payer.address },
      { Records: [state.encounter] }, ['Payment'], ['Disclose'], null, null), who.Patient);
    const before = await free(who.Doctor);
    const submitted = await send(api, tx().claims.submitClaim(state.plan, who.Patient.address, 'Claim', [visit], [state.encounter]), who.Doctor);
    const claimEvent = theEvent(api, submitted.events, 'claims', 'ClaimSubmitted');
    state.claim = claimEvent.data.claim.toNumber();
    assert.equal(claimEvent.data.outcome.type, 'Complete');
    const paid = theEvent(api, submitted.events, 'claims', 'BenefitPaid');
    assert.equal(paid.data.amount.toBigInt(), 80n * UNIT, 'eligible 100 − 20% copay');
    const fee = theEvent(api, submitted.events, 'transactionPayment', 'TransactionFeePaid').data.actualFee.toBigInt();
    const claim = (await api.call.claimsApi.claim(state.claim)).unwrap();
    assert.equal(await free(who.Doctor), before + 80n * UNIT - claim.deposit.toBigInt() - fee);
    assert.equal(claim.items[0].adjudication.status.type, 'Paid');
    assert.equal(claim.items[0].adjudication.reason.type, 'WithinPlan');
    const plan = (await api.call.claimsApi.plan(state.plan)).unwrap();
    assert.equal(plan.escrow.paid.toBigInt(), 80n * UNIT);

    const again = await send(api, tx().claims.submitClaim(state.plan, who.Patient.address, 'Claim',
      [{ ...visit, amount: 140n * UNIT }], [state.encounter]), who.Doctor);
    const duplicate = theEvent(api, again.events, 'claims', 'DuplicateRejected');
    assert.equal(duplicate.data.earlierClaim.toNumber(), state.claim);
    assert.equal(theEvent(api, again.events, 'claims', 'ClaimSubmitted').data.outcome.type, 'Error');
    assert.equal(again.events.filter((e) => e.method === 'BenefitPaid').length, 0);

    // The enrollment lets the payer read the cited record for payment, and the log says so.
    const payerRead = await send(api, tx().records.accessRecord(state.encounter, 'Payment'), who.Payer);
    assert.equal(theEvent(api, payerRead.events, 'records', 'RecordAccessed').data.basis.asEnrollment.toNumber(), state.plan);
    await rejectsWith(send(api, tx().records.accessRecord(state.allergy, 'Payment'), who.Payer), 'records', 'RecordNotCovered');

    const ids = (list) => list.map(([id]) => id.toNumber()).sort();
    const expected = [state.claim, state.claim + 1];
    assert.deepEqual(ids(await api.call.claimsApi.claimsOfPatient(who.Patient.address, null, 10)), expected);
    assert.deepEqual(ids(await api.call.claimsApi.claimsOfProvider(who.Doctor.address, null, 10)), expected);
    assert.deepEqual(ids(await api.call.claimsApi.claimsOfPayer(who.Payer.address, null, 10)), expected);
    const firstPage = await api.call.claimsApi.claimsOfPayer(who.Payer.address, null, 1);
    const secondPage = await api.call.claimsApi.claimsOfPayer(who.Payer.address, firstPage[0][0], 10);
    assert.deepEqual(ids([...firstPage, ...secondPage]), expected);
    assert.equal((await api.call.claimsApi.remainingBenefit(who.Patient.address, state.plan, today)).toBigInt(), 920n * UNIT);
  });

  it('attack: a fake patient enrolled by itself gets nothing paid from the payer\'s escrow', async () => {
    // A fresh account enrolls itself, keeps a record with the hospital's custodian and lets the
    // doctor treat and the payer be told: everything but the payer's agreement.
    const fake = who.Stranger;
    await send(api, tx().claims.enroll(state.plan, fake.address), fake);
    const created = await send(api, tx().records.createRecord(fake.address, 'Encounter', 'Treatment',
      blake2AsHex('fake visit + salt', 256), who.Custodian.address, locator('bafybeigdyrztfake')), fake);
    const record = theEvent(api, created.events, 'records', 'RecordCreated').data.record.toNumber();
    await send(api, tx().consent.recordConsent(fake.address, 'Permit', { Account: who.Doctor.address },
      'AllRecords', ['Treatment'], ['Access'], null, null), fake);
    await send(api, tx().consent.recordConsent(fake.address, 'Permit', { Account: who.Payer.address },
      'AllRecords', ['Payment'], ['Disclose'], null, null), fake);
    const escrow = (await api.call.claimsApi.plan(state.plan)).unwrap().escrow;
    const today = Math.floor((await api.query.timestamp.now()).toNumber() / DAY_MS);
    const visits = [1, 2, 3, 4].map((d) => ({ service: VISIT, serviceDate: today - d, amount: 150n * UNIT }));
    await rejectsWith(send(api, tx().claims.submitClaim(state.plan, fake.address, 'Claim', visits, [record]),
      who.Doctor), 'claims', 'EnrollmentNotActive');
    const after = (await api.call.claimsApi.plan(state.plan)).unwrap().escrow;
    assert.equal(after.paid.toBigInt(), escrow.paid.toBigInt(), 'nothing was paid');
    assert.equal((await api.query.claims.enrollments(fake.address, who.Payer.address)).unwrap().status.type, 'AwaitingPayer');
  });

  it('attack: a struck-off doctor\'s personal permit gives nothing, and a patient\'s deny stops the payer', async () => {
    // The doctor holds the patient's personal TREAT permit and reads with it.
    await send(api, tx().records.accessRecord(state.encounter, 'Treatment'), who.Doctor);
    const { events } = await send(api, tx().sudo.sudo(tx().credentials.revokeCredential(who.Doctor.address,
      'Practitioner', 'LicenceWithdrawn')), who.Alice);
    assert.ok(theEvent(api, events, 'sudo', 'Sudid').data.sudoResult.isOk);
    assert.ok((await api.query.credentials.credentialOf(who.Doctor.address, 'Practitioner')).isNone);
    await rejectsWith(send(api, tx().records.accessRecord(state.encounter, 'Treatment'), who.Doctor),
      'records', 'CredentialInactive');
    const check = await api.call.consentApi.checkAccess(who.Doctor.address, who.Patient.address,
      { recordType: 'Encounter', record: state.encounter }, 'Treatment', 'Access');
    assert.equal(check.asErr.type, 'CredentialInactive');
    // No organization admin may give the doctor a credential again.
    await rejectsWith(send(api, tx().credentials.addStaff(state.hospital, who.Doctor.address, 'Practitioner',
      blake2AsHex('licence', 256), locator('US-CA'), 100_000), who.HospitalAdmin), 'credentials', 'HolderSanctioned');

    // The payer reads the cited record under its enrollment until the patient denies payment use.
    await send(api, tx().records.accessRecord(state.encounter, 'Payment'), who.Payer);
    await send(api, tx().consent.recordConsent(who.Patient.address, 'Deny', 'Everyone', 'AllRecords',
      ['Payment'], ['Access'], null, null), who.Patient);
    await rejectsWith(send(api, tx().records.accessRecord(state.encounter, 'Payment'), who.Payer),
      'records', 'DeniedByPatient');
    const payer = await api.call.consentApi.checkAccess(who.Payer.address, who.Patient.address,
      { recordType: 'Encounter', record: state.encounter }, 'Payment', 'Access');
    assert.equal(payer.asErr.type, 'DeniedByPatient');
  });

  it('erases a record at the patient\'s request and the custodian attests', async () => {
    const erased = await send(api, tx().records.eraseRecord(state.allergy), who.Patient);
    theEvent(api, erased.events, 'records', 'RecordErased');
    await rejectsWith(send(api, tx().records.attestErasure(state.allergy), who.Stranger), 'records', 'NotCustodian');
    const attested = await send(api, tx().records.attestErasure(state.allergy), who.Custodian);
    theEvent(api, attested.events, 'records', 'ErasureAttested');
    assert.equal((await api.call.recordsApi.record(state.allergy)).unwrap().status.type, 'Erased');
    await rejectsWith(send(api, tx().records.accessRecord(state.allergy, 'Treatment'), who.Patient), 'records', 'RecordErased');
  });

  it('answers every Caduceus runtime API', async () => {
    const mine = await api.call.recordsApi.recordsOf(who.Patient.address, null, 10);
    assert.deepEqual(mine.map((id) => id.toNumber()).sort(), [state.encounter, state.allergy].sort());
    const versions = await api.call.recordsApi.versions(state.encounter, 10);
    assert.deepEqual(versions.map((id) => id.toNumber()), [state.encounter]);
    assert.equal((await api.call.recordsApi.verifyBatchMembership(999, blake2AsHex('reading', 256), 0, [])).isTrue, false);
    assert.equal((await api.call.consentApi.researchParticipants(0, null, 10)).length, 0);
  });

  it('serves the journey as FHIR R4 that validates offline, code by code', async () => {
    const checker = fhirChecker();
    const served = [];
    /** GETs `path`, expects `status`, and keeps every resource served for validation. */
    const read = async (path, status = 200) => {
      const response = await get(facade, path);
      assert.equal(response.status, status, `${path}: ${JSON.stringify(response.body).slice(0, 400)}`);
      assert.match(response.contentType, /^application\/fhir\+json/);
      served.push(response.body);
      for (const entry of response.body.entry ?? []) served.push(entry.resource);
      return response.body;
    };
    const resources = (bundle) => bundle.entry.map((e) => e.resource);
    const byAccount = (reference, who_) => reference?.identifier?.value === who_.address;
    // The facade reads finalized state only; the dev chain finalizes each block it makes.
    const height = (await api.rpc.chain.getFinalizedHead()).toHex();
    const until = Date.now() + 30_000;
    while ((await get(facade, '/metadata')).body.meta?.source?.endsWith(height) !== true && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // Its own CodeSystems first: every local code must be defined where it says.
    for (const id of Object.keys(LOCAL_CODE_SYSTEMS)) checker.addCodeSystem(await read(`/CodeSystem/${id}`));
    const capability = await read('/metadata');
    assert.equal(capability.fhirVersion, '4.0.1');
    assert.ok(capability.rest[0].resource.some((r) => r.type === 'AuditEvent' && r.searchParam.some((p) => p.name === 'date')));

    const patient = who.Patient.address;
    const consents = resources(await read(`/Consent?patient=${patient}`));
    const collect = consents.find((c) => c.id === `consent-${state.collectConsent}`);
    assert.equal(collect.status, 'active');
    assert.equal(collect.provision.type, 'permit');
    assert.ok(byAccount(collect.provision.actor[0].reference, who.Doctor));
    assert.deepEqual(collect.provision.action.map((a) => a.coding[0].code), ['collect']);
    assert.deepEqual(collect.provision.purpose.map((p) => p.code), ['TREAT']);
    assert.equal(collect.provision.class, undefined, 'AllRecords has no class');
    assert.ok(!consents.some((c) => c.id === `consent-${state.readConsent}`), 'the revoked consent is gone');
    const deny = consents.find((c) => c.provision.type === 'deny');
    assert.equal(deny.provision.actor, undefined, 'a deny for everyone names no actor');
    assert.deepEqual(deny.provision.purpose.map((p) => p.code), ['HPAYMT']);
    const payerPermit = consents.find((c) => c.provision.data);
    assert.deepEqual(payerPermit.provision.data.map((d) => d.reference.reference), [`DocumentReference/record-${state.encounter}`]);
    assert.equal((await read(`/Consent/consent-${state.collectConsent}`)).id, collect.id);

    const audit = resources(await read(`/AuditEvent?patient=${patient}&_count=200`));
    const doctorRead = audit.find((e) => e.agent[0].policy?.includes(`Consent/consent-${state.readConsent}`));
    assert.ok(doctorRead, 'the doctor\'s read under the TREAT consent');
    assert.ok(byAccount(doctorRead.agent[0].who, who.Doctor));
    assert.equal(doctorRead.purposeOfEvent[0].coding[0].code, 'TREAT');
    assert.equal(doctorRead.action, 'R');
    assert.equal(doctorRead.entity[0].what.reference, `DocumentReference/record-${state.encounter}`);
    const started = audit.find((e) => e.id === `breakglass-${state.session}-start`);
    const stopped = audit.find((e) => e.id === `breakglass-${state.session}-stop`);
    assert.equal(started.type.code, '110113');
    assert.equal(started.subtype[0].code, '110127');
    assert.equal(stopped.subtype[0].code, '110138');
    assert.match(stopped.outcomeDesc, /patient's review/);
    assert.ok(byAccount(started.agent[0].who, who.Responder));
    assert.equal(started.purposeOfEvent[0].coding[0].code, 'ETREAT');
    assert.ok(Date.parse(stopped.recorded) > Date.parse(started.recorded));
    const emergencyRead = audit.find((e) => e.agent[0].policy?.includes(`AuditEvent/breakglass-${state.session}-start`));
    assert.equal(emergencyRead.purposeOfEvent[0].coding[0].code, 'ETREAT');
    assert.ok(audit.some((e) => byAccount(e.agent[0].who, who.Payer) && e.purposeOfEvent[0].coding[0].code === 'HPAYMT'));
    // `recorded` is the chain's time (block timestamps), which on the dev chain starts two hours
    // behind the wall clock: the days are the events' own, not the machine's today.
    const firstDay = audit.map((e) => e.recorded).sort()[0].slice(0, 10);
    assert.equal((await read(`/AuditEvent?patient=${patient}&date=ge${firstDay}&_count=200`)).total, audit.length);
    assert.equal((await read(`/AuditEvent?patient=${patient}&date=lt${firstDay}`)).total, 0);
    assert.equal((await read(`/AuditEvent?patient=${patient}&date=lt2000-01-01`)).total, 0);
    assert.equal((await read(`/AuditEvent/${doctorRead.id}`)).id, doctorRead.id);

    const disclosures = resources(await read(`/Patient/${patient}/$disclosures?_count=200`));
    assert.ok(disclosures.length >= 4, `disclosures: ${disclosures.length}`);
    assert.ok(disclosures.every((e) => !byAccount(e.agent[0].who, who.Patient)));
    assert.ok(disclosures.some((e) => e.id === doctorRead.id));

    const documents = resources(await read(`/DocumentReference?patient=${patient}`));
    const encounter = documents.find((d) => d.id === `record-${state.encounter}`);
    assert.equal(encounter.status, 'current');
    assert.equal(encounter.type.coding[0].code, 'Encounter');
    assert.equal(encounter.custodian.reference, `Organization/org-${state.hospital}`);
    const erased = documents.find((d) => d.id === `record-${state.allergy}`);
    assert.equal(erased.status, 'entered-in-error');
    assert.equal(erased.meta.tag[0].code, 'erased');
    const created = resources(await read(`/Provenance?target=DocumentReference/record-${state.encounter}`));
    assert.equal(created.length, 1);
    assert.equal(created[0].activity.coding[0].code, 'CREATE');
    assert.ok(byAccount(created[0].agent[0].who, who.Doctor));
    const erasure = resources(await read(`/Provenance?target=DocumentReference/record-${state.allergy}`));
    assert.deepEqual(erasure.map((p) => p.id), [`record-${state.allergy}`, `record-${state.allergy}-erasure`]);
    assert.equal(erasure[1].entity[0].role, 'removal');

    const claims = resources(await read(`/Claim?patient=${patient}`));
    const paidClaim = claims.find((c) => c.id === `claim-${state.claim}`);
    assert.equal(paidClaim.item[0].productOrService.coding[0].code, String(VISIT));
    assert.equal(paidClaim.item[0].net.value, 150);
    assert.equal(paidClaim.use, 'claim');
    const response = resources(await read(`/ClaimResponse?request=Claim/claim-${state.claim}`))[0];
    assert.equal(response.outcome, 'complete');
    const amount = (category) => response.item[0].adjudication.find((a) => a.category.coding[0].code === category).amount.value;
    assert.equal(amount('benefit'), 80);
    assert.equal(amount('eligible'), 100);
    assert.equal(response.payment.amount.value, 80);
    const duplicate = await read(`/ClaimResponse/claim-${state.claim + 1}`);
    assert.equal(duplicate.outcome, 'error');
    assert.equal(duplicate.error[0].code.coding[0].code, 'duplicate');

    const organizations = resources(await read('/Organization'));
    assert.ok(organizations.some((o) => o.id === `org-${state.hospital}` && o.type[0].coding[0].code === 'prov'));
    const roles = resources(await read(`/PractitionerRole?organization=Organization/org-${state.hospital}`));
    assert.ok(roles.some((r) => byAccount(r.practitioner, who.Responder) && r.code[0].coding[0].code === 'emergency-responder'));
    assert.ok(!roles.some((r) => byAccount(r.practitioner, who.Doctor)), 'the struck-off doctor holds no role');

    // Paging follows Bundle.link.
    const first = await read(`/AuditEvent?patient=${patient}&_count=2`);
    const next = first.link.find((l) => l.relation === 'next');
    assert.ok(next, 'a next link');
    const second = await read(new URL(next.url).pathname + new URL(next.url).search);
    assert.notDeepEqual(second.entry.map((e) => e.resource.id), first.entry.map((e) => e.resource.id));
    assert.equal(second.entry[0].resource.id, audit[2].id);

    // Bad input gets an OperationOutcome: unknown parameter and bad value 400, unknown id 404.
    const unknown = await read(`/Consent?patient=${patient}&colour=blue`, 400);
    assert.equal(unknown.resourceType, 'OperationOutcome');
    assert.match(unknown.issue[0].diagnostics, /colour/);
    await read('/Consent?patient=not-an-account', 400);
    await read('/Consent', 400);
    await read(`/AuditEvent?patient=${patient}&date=yesterday`, 400);
    await read('/Claim/claim-99999', 404);
    await read('/Consent/consent-99999', 404);
    await read('/Observation?patient=x', 404);
    // A node that is down: 503.
    const orphan = await startFacade('ws://127.0.0.1:9');
    try {
      const down = await get(orphan, `/Consent?patient=${patient}`);
      assert.equal(down.status, 503);
      served.push(down.body);
    } finally {
      await orphan.stop();
    }

    if (process.env.CADUCEUS_FHIR_DUMP) writeFileSync(process.env.CADUCEUS_FHIR_DUMP, JSON.stringify(served, null, 1));
    // Every resource served passes R4 structure, invariants and codes.
    const problems = served.flatMap((resource) => checker.check(resource));
    assert.deepEqual(problems, [], 'every served resource validates');
    assert.ok(served.length > 40, `validated ${served.length} resources`);
    assert.ok(checker.stats.codings > 300 && checker.stats.bound > 200 && checker.stats.systems.size >= 20,
      `codes checked: ${checker.stats.codings} codings in ${checker.stats.systems.size} systems, ${checker.stats.bound} required-bound values`);
    console.log(`# FHIR: ${served.length} resources validated; ${checker.stats.codings} codings in ${checker.stats.systems.size} systems and ${checker.stats.bound} required-bound values checked`);
    // The checks would catch a wrong code: DICOM 110128 is "Network Configuration".
    const wrong = structuredClone(stopped);
    wrong.subtype[0].code = '110128';
    assert.match(checker.check(wrong).join('\n'), /110128 is "Network Configuration"/);
    const badStatus = structuredClone(collect);
    badStatus.status = 'revoked';
    assert.match(checker.check(badStatus).join('\n'), /"revoked" is not in the required value set/);
    assert.match(checker.check({ ...structuredClone(collect), policyRule: undefined }).join('\n'), /ppc-1/);

    // Each map of chain enum → FHIR code covers exactly the variants the metadata has.
    for (const [name, map] of Object.entries(ENUM_MAPS)) {
      const types = api.registry.lookup.types.filter((t) => t.type.path.at(-1)?.toString() === name && t.type.def.isVariant);
      assert.ok(types.length > 0, `${name} is in the metadata`);
      for (const t of types) {
        const variants = t.type.def.asVariant.variants.map((v) => v.name.toString()).sort();
        assert.deepEqual(Object.keys(map).sort(), variants, `the FHIR map of ${name} (${t.type.path.join('::')})`);
      }
    }
  });

  it('decodes each pallet\'s errors with name and docs, and refuses bad input without stopping the chain', async () => {
    await rejectsWith(send(api, tx().credentials.rotateAccount(who.Alice.address), who.Stranger), 'credentials', 'NothingToRotate');
    await rejectsWith(send(api, tx().consent.revokeConsent(9_999), who.Patient), 'consent', 'ConsentNotFound');
    await rejectsWith(send(api, tx().emergencyAccess.declareEmergency(who.Patient.address, 'Other', blake2AsHex('x', 256)),
      who.Stranger), 'emergencyAccess', 'NotResponder');
    // Wrong origins: a stranger deciding the payer's claim, and a signed call that needs Root.
    await rejectsWith(send(api, tx().claims.decideItem(state.claim, 0, 'Deny'), who.Stranger), 'claims', 'NotPlanPayer');
    await rejectsWith(send(api, tx().credentials.issueCredential(who.Stranger.address, 'Practitioner', 0,
      blake2AsHex('l', 256), locator('US-CA'), 1_000), who.Stranger), 'system', 'BadOrigin');

    const height = (await api.rpc.chain.getHeader()).number.toNumber();
    // A locator over the runtime's bound (128 bytes) cannot be decoded by the runtime: the pool
    // refuses the transaction before it costs anything.
    const oversized = locator('b'.repeat(129));
    await assert.rejects(send(api, tx().records.createRecord(who.Patient.address, 'Encounter', 'Treatment',
      blake2AsHex('too long', 256), who.Custodian.address, oversized), who.Patient), /1002: Verification Error/);
    // An unknown code: a createRecord whose RecordType is index 99. The client cannot encode it from
    // metadata, so the call bytes are patched and signed by hand; the node refuses to decode it.
    assert.throws(() => tx().records.createRecord(who.Patient.address, 'NotAResourceType', 'Treatment',
      blake2AsHex('x', 256), who.Custodian.address, locator('x')));
    const call = tx().records.createRecord(who.Patient.address, 'Encounter', 'Treatment',
      blake2AsHex('unknown code', 256), who.Custodian.address, locator('x')).method.toU8a();
    call[2 + 32] = 99; // pallet, call, patient (32 bytes), then the record type
    await assert.rejects(submitRaw(call, who.Patient), /1002: Verification Error/);
    // The chain keeps producing blocks.
    assert.ok((await blockAfter(api, height + 1)) > height + 1);
  });

  it('names in README.md and docs/ only calls, storage, runtime APIs and constants the metadata has', () => {
    const paths = docPaths(new URL('../..', import.meta.url).pathname);
    assert.ok(paths.length > 30, `found ${paths.length} api.* paths in the docs`);
    const missing = missingPaths(api, paths).map((p) => `${p.file}:${p.line}: api.${p.kind}.${p.section}${p.item ? `.${p.item}` : ''}`);
    assert.deepEqual(missing, [], 'docs name paths the chain does not have');
    // The check itself catches a renamed call, section, storage item and runtime API.
    const renamed = namedPaths('sample.md', 'api.tx.records.readRecord api.tx.record api.query.consent.consent api.call.consentApi.checkAcces api.consts.claims.maxItem');
    assert.equal(missingPaths(api, renamed).length, 5);
  });
});
