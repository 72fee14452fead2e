// Chain state → FHIR R4 resources. Every function reads at one finalized head (`ctx.at`) and
// returns plain JSON resources with stable ids derived from chain ids.
import {
  ACTION, AMENDMENT, BASE, CLAIM_OUTCOME, CLAIM_USE, DICOM, IDENTIFIER, ITEM_REASON, ITEM_STATUS,
  LOCAL_CODE_SYSTEMS, ORGANIZATION_KIND, PROVISION, PURPOSE, RECORD_STATUS, RECORD_TYPE, ROLE, SYSTEM, codeOf,
} from './codes.js';

/** A resource or id the chain does not have: the facade answers 404. */
export class NotFound extends Error {}

const ROLE_NAMES = Object.keys(ROLE);

// Ids. FHIR ids are [A-Za-z0-9-.]{1,64}; SS58 addresses are 47–48 characters.
export const ids = {
  consent: (id) => `consent-${id}`,
  record: (id) => `record-${id}`,
  erasure: (id) => `record-${id}-erasure`,
  read: (patient, n) => `read-${patient}-${n}`,
  breakGlass: (session, edge) => `breakglass-${session}-${edge}`,
  claim: (id) => `claim-${id}`,
  organization: (id) => `org-${id}`,
  role: (holder, role) => `role-${ROLE_NAMES.indexOf(role)}-${holder}`,
};

const account = (address, type) => ({ ...(type ? { type } : {}), identifier: { system: IDENTIFIER.account, value: address } });
const patientRef = (address) => account(address, 'Patient');
const ref = (type, id) => ({ reference: `${type}/${id}` });
const concept = (...codings) => ({ coding: codings });

function meta(ctx, extra = {}) {
  return { source: `${BASE}/block/${ctx.hash}`, ...extra };
}

/** A balance in the chain's token as a FHIR decimal (Money has no ISO 4217 code for it). */
function money(ctx, balance) {
  const raw = BigInt(balance.toString());
  const unit = 10n ** BigInt(ctx.chain.decimals);
  return { value: Number(raw / unit) + Number(raw % unit) / Number(unit) };
}

/** The organization an account holds `role` for, if it holds an active credential. */
async function organizationOf(ctx, holder, role) {
  const credential = await ctx.at.query.credentials.credentialOf(holder, role);
  return credential.isSome ? credential.unwrap().organization.toNumber() : null;
}

// ---------------------------------------------------------------------------------- Consent

/** `patient`'s consents in force or expired (revoked consents are no longer on chain). */
export async function consentsOf(ctx, patient) {
  const out = [];
  for (const [key, list] of await ctx.at.query.consent.consents.entries(patient)) {
    const grantee = key.args[1];
    for (const entry of list) out.push(await consent(ctx, patient, grantee, entry));
  }
  return out.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

export async function consentById(ctx, id) {
  const location = await ctx.at.query.consent.consentLocation(id);
  if (location.isNone) throw new NotFound(`Consent/${ids.consent(id)}`);
  const [patient, grantee] = location.unwrap();
  const entry = (await ctx.at.query.consent.consents(patient, grantee)).find((e) => e.id.toNumber() === id);
  if (!entry) throw new NotFound(`Consent/${ids.consent(id)}`);
  return consent(ctx, patient.toString(), grantee, entry);
}

async function consent(ctx, patient, grantee, entry) {
  const from = entry.validFrom.isSome ? entry.validFrom.unwrap().toNumber() : null;
  const until = entry.validUntil.isSome ? entry.validUntil.unwrap().toNumber() : null;
  const provision = { type: codeOf(PROVISION, entry.provision, 'ProvisionType') };
  if (from !== null || until !== null) {
    provision.period = {};
    if (from !== null) provision.period.start = await ctx.chain.instantOrEstimate(from);
    if (until !== null) provision.period.end = await ctx.chain.instantOrEstimate(until);
  }
  const recipient = concept({ system: SYSTEM.participationType, code: 'IRCP', display: 'information recipient' });
  if (grantee.isAccount) provision.actor = [{ role: recipient, reference: account(grantee.asAccount.toString()) }];
  if (grantee.isOrganization) provision.actor = [{ role: recipient, reference: ref('Organization', ids.organization(grantee.asOrganization.toNumber())) }];
  provision.action = entry.actions.map((a) => concept(codeOf(ACTION, a, 'ConsentAction')));
  provision.purpose = entry.purposes.map((p) => codeOf(PURPOSE, p, 'PurposeOfUse'));
  if (entry.scope.isRecordTypes) provision.class = entry.scope.asRecordTypes.map((t) => codeOf(RECORD_TYPE, t, 'RecordType'));
  if (entry.scope.isRecords) {
    provision.data = entry.scope.asRecords.map((r) => ({ meaning: 'instance', reference: ref('DocumentReference', ids.record(r.toNumber())) }));
  }
  const permit = provision.type === 'permit';
  return {
    resourceType: 'Consent',
    id: ids.consent(entry.id.toNumber()),
    meta: meta(ctx),
    identifier: [{ system: `${BASE}/sid/consent`, value: entry.id.toString() }],
    status: until !== null && ctx.number > until ? 'inactive' : 'active',
    scope: concept({ system: SYSTEM.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }),
    category: [concept({ system: SYSTEM.actCode, code: 'INFA', display: 'information access' })],
    patient: patientRef(patient),
    // A permit authorizes a use or disclosure; a deny restricts one.
    policyRule: concept(permit
      ? { system: SYSTEM.consentPolicy, code: 'hipaa-auth', display: 'HIPAA Authorization' }
      : { system: SYSTEM.consentPolicy, code: 'hipaa-restrictions', display: 'HIPAA Restrictions' }),
    provision,
  };
}

// ---------------------------------------------------------------------- DocumentReference

export async function recordsOf(ctx, patient) {
  const keys = await ctx.at.query.records.patientRecords.keys(patient);
  const out = [];
  for (const id of keys.map((k) => k.args[1].toNumber()).sort((a, b) => a - b)) out.push(await documentReference(ctx, id));
  return out;
}

async function record(ctx, id) {
  const stored = await ctx.at.query.records.recordVersions(id);
  if (stored.isNone) throw new NotFound(`DocumentReference/${ids.record(id)}`);
  return stored.unwrap();
}

export async function documentReference(ctx, id) {
  const r = await record(ctx, id);
  const status = codeOf(RECORD_STATUS, r.status, 'RecordStatus');
  const custodianOrg = await organizationOf(ctx, r.custodian, 'Custodian');
  const locator = r.locator.toUtf8();
  const doc = {
    resourceType: 'DocumentReference',
    id: ids.record(id),
    meta: meta(ctx, status.tag ? { tag: [status.tag] } : {}),
    // The salted content commitment: what a reader checks the decrypted document against.
    masterIdentifier: { system: IDENTIFIER.commitment, value: r.commitment.toHex() },
    identifier: [{ system: `${BASE}/sid/record`, value: String(id) }],
    status: status.status,
    type: concept(codeOf(RECORD_TYPE, r.recordType, 'RecordType')),
    subject: patientRef(r.patient.toString()),
    date: await ctx.chain.instant(r.created.toNumber()),
    author: [account(r.author.toString())],
    custodian: custodianOrg !== null ? ref('Organization', ids.organization(custodianOrg)) : account(r.custodian.toString()),
    securityLabel: [concept({ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' })],
    content: [{
      // The document is ciphertext off chain; the locator says where the custodian keeps it.
      attachment: /^[a-z][a-z0-9+.-]*:/i.test(locator) ? { url: locator } : { title: locator },
    }],
  };
  if (r.previous.isSome) {
    const code = r.amendment.isSome ? codeOf(AMENDMENT, r.amendment.unwrap(), 'AmendmentReason') : 'replaces';
    doc.relatesTo = [{ code, target: ref('DocumentReference', ids.record(r.previous.unwrap().toNumber())) }];
  }
  return doc;
}

// ------------------------------------------------------------------------------ Provenance

/** The Provenance of record version `id`: its creation, and its erasure if erased. */
export async function provenancesOf(ctx, id) {
  const r = await record(ctx, id);
  const target = [ref('DocumentReference', ids.record(id))];
  const agents = [
    { type: concept({ system: SYSTEM.provenanceParticipant, code: 'author', display: 'Author' }), who: account(r.author.toString()) },
    { type: concept({ system: SYSTEM.provenanceParticipant, code: 'custodian', display: 'Custodian' }), who: account(r.custodian.toString()) },
  ];
  const created = {
    resourceType: 'Provenance',
    id: ids.record(id),
    meta: meta(ctx),
    target,
    recorded: await ctx.chain.instant(r.created.toNumber()),
    activity: concept(r.previous.isSome
      ? { system: SYSTEM.dataOperation, code: 'UPDATE', display: 'revise' }
      : { system: SYSTEM.dataOperation, code: 'CREATE', display: 'create' }),
    agent: agents,
  };
  if (r.previous.isSome) {
    created.entity = [{ role: 'revision', what: ref('DocumentReference', ids.record(r.previous.unwrap().toNumber())) }];
  }
  const out = [created];
  if (r.status.type === 'Erased') {
    out.push({
      resourceType: 'Provenance',
      id: ids.erasure(id),
      meta: meta(ctx, { tag: [RECORD_STATUS.Erased.tag] }),
      target,
      recorded: await ctx.chain.instant(r.updated.toNumber()),
      activity: concept({ system: SYSTEM.dataOperation, code: 'DELETE', display: 'delete' }),
      agent: [{ type: concept({ system: SYSTEM.provenanceParticipant, code: 'custodian', display: 'Custodian' }), who: account(r.custodian.toString()) }],
      entity: [{ role: 'removal', what: ref('DocumentReference', ids.record(id)) }],
    });
  }
  return out;
}

// ------------------------------------------------------------------------------ AuditEvent

const source = (ctx) => ({
  observer: { identifier: { system: IDENTIFIER.chain, value: ctx.chain.genesisHash } },
  type: [{ system: SYSTEM.securitySourceType, code: '4', display: 'Application Server' }],
});
const patientEntity = (patient) => ({
  what: patientRef(patient),
  type: { system: SYSTEM.auditEntityType, code: '1', display: 'Person' },
  role: { system: SYSTEM.objectRole, code: '1', display: 'Patient' },
});

function basisPolicy(basis) {
  if (basis.isConsent) return `Consent/${ids.consent(basis.asConsent.toNumber())}`;
  if (basis.isEmergency) return `AuditEvent/${ids.breakGlass(basis.asEmergency.toNumber(), 'start')}`;
  if (basis.isEnrollment) return `${BASE}/plan/${basis.asEnrollment.toNumber()}/enrollment`;
  return `${BASE}/basis/${basis.type.toLowerCase()}`;
}

async function readEvent(ctx, patient, n, entry) {
  return {
    resourceType: 'AuditEvent',
    id: ids.read(patient, n),
    meta: meta(ctx),
    type: DICOM.patientRecord,
    action: 'R',
    recorded: await ctx.chain.instant(entry.block.toNumber()),
    outcome: '0',
    purposeOfEvent: [concept(codeOf(PURPOSE, entry.purpose, 'PurposeOfUse'))],
    agent: [{ who: account(entry.accessor.toString()), requestor: true, policy: [basisPolicy(entry.basis)] }],
    source: source(ctx),
    entity: [
      {
        what: ref('DocumentReference', ids.record(entry.record.toNumber())),
        type: { system: SYSTEM.auditEntityType, code: '2', display: 'System Object' },
        role: { system: SYSTEM.objectRole, code: '4', display: 'Domain Resource' },
      },
      patientEntity(patient),
    ],
  };
}

async function breakGlassEvent(ctx, session, edge) {
  const stopped = edge === 'stop';
  return {
    resourceType: 'AuditEvent',
    id: ids.breakGlass(session.id, edge),
    meta: meta(ctx),
    type: DICOM.securityAlert,
    subtype: [stopped ? DICOM.emergencyOverrideStopped : DICOM.emergencyOverrideStarted],
    action: 'E',
    recorded: await ctx.chain.instant(stopped ? session.stop.block : session.start),
    outcome: '0',
    outcomeDesc: stopped ? `Stopped: ${session.stop.cause}.` : `Started: ${session.reason}.`,
    purposeOfEvent: [concept(PURPOSE.EmergencyTreatment)],
    agent: [{
      who: account(session.responder),
      requestor: true,
      ...(session.organization !== null ? { role: [concept(ROLE.EmergencyResponder)] } : {}),
    }],
    source: source(ctx),
    entity: [patientEntity(session.patient)],
  };
}

/** Every AuditEvent about `patient`: each logged read and each break-glass start and stop. */
export async function auditEventsOf(ctx, patient) {
  const out = [];
  const length = (await ctx.at.query.records.accessLogLength(patient)).toNumber();
  const entries = await ctx.at.query.records.accessLog.entries(patient);
  for (const [key, entry] of entries.sort((a, b) => a[0].args[1].cmp(b[0].args[1]))) {
    const n = key.args[1].toNumber();
    if (n < length && entry.isSome) out.push(await readEvent(ctx, patient, n, entry.unwrap()));
  }
  for (const session of ctx.chain.index.ofPatient(patient)) {
    if (session.start > ctx.number) continue;
    out.push(await breakGlassEvent(ctx, session, 'start'));
    if (session.stop && session.stop.block <= ctx.number) out.push(await breakGlassEvent(ctx, session, 'stop'));
  }
  return out.sort((a, b) => a.recorded.localeCompare(b.recorded) || a.id.localeCompare(b.id));
}

export async function auditEventById(ctx, id) {
  let m = /^read-(\w{40,50})-(\d+)$/.exec(id);
  if (m) {
    const entry = await ctx.at.query.records.accessLog(m[1], Number(m[2]));
    if (entry.isNone) throw new NotFound(`AuditEvent/${id}`);
    return readEvent(ctx, m[1], Number(m[2]), entry.unwrap());
  }
  m = /^breakglass-(\d+)-(start|stop)$/.exec(id);
  const session = m && ctx.chain.index.sessions.get(Number(m[1]));
  if (!session || session.start > ctx.number || (m[2] === 'stop' && !(session.stop && session.stop.block <= ctx.number))) {
    throw new NotFound(`AuditEvent/${id}`);
  }
  return breakGlassEvent(ctx, session, m[2]);
}

/**
 * HIPAA 45 CFR 164.528: the reads of `patient`'s records by anyone but the patient and the
 * patient's guardian. 164.528(a)(1) exempts treatment, payment, operations and disclosures
 * the patient authorized; they are listed too, with their purpose and basis, so that the
 * privacy officer's accounting can apply the exemptions and the patient still sees every one.
 */
export async function disclosuresOf(ctx, patient) {
  const events = await auditEventsOf(ctx, patient);
  return events.filter((e) => e.id.startsWith('read-') && !e.agent[0].policy.some((p) => /\/basis\/(owner|guardian)$/.test(p)));
}

// --------------------------------------------------------------------- Claim, ClaimResponse

async function storedClaim(ctx, id) {
  const c = await ctx.at.query.claims.claims(id);
  if (c.isNone) throw new NotFound(`Claim/${ids.claim(id)}`);
  return c.unwrap();
}

const insurance = (c) => [{
  sequence: 1,
  focal: true,
  coverage: { identifier: { system: IDENTIFIER.plan, value: `${c.plan.toNumber()}/${c.patient.toString()}` } },
}];

async function insurer(ctx, c) {
  const org = await organizationOf(ctx, c.payer, 'Payer');
  return org !== null ? ref('Organization', ids.organization(org)) : account(c.payer.toString());
}

export async function claimsOf(ctx, patient) {
  const keys = await ctx.at.query.claims.patientClaims.keys(patient);
  const out = [];
  for (const id of keys.map((k) => k.args[1].toNumber()).sort((a, b) => a - b)) out.push(await claim(ctx, id));
  return out;
}

export async function claim(ctx, id) {
  const c = await storedClaim(ctx, id);
  const items = [...c.items];
  return {
    resourceType: 'Claim',
    id: ids.claim(id),
    meta: meta(ctx),
    identifier: [{ system: `${BASE}/sid/claim`, value: String(id) }],
    status: 'active',
    type: concept({ system: SYSTEM.claimType, code: 'professional', display: 'Professional' }),
    use: codeOf(CLAIM_USE, c.claimUse, 'ClaimUse'),
    patient: patientRef(c.patient.toString()),
    created: await ctx.chain.instant(c.submittedAt.toNumber()),
    insurer: await insurer(ctx, c),
    provider: account(c.provider.toString()),
    priority: concept({ system: SYSTEM.processPriority, code: 'normal', display: 'Normal' }),
    insurance: insurance(c),
    supportingInfo: c.evidence.map((r, i) => ({
      sequence: i + 1,
      category: concept({ system: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory', code: 'info', display: 'Information' }),
      valueReference: ref('DocumentReference', ids.record(r.toNumber())),
    })),
    item: items.map(({ item }, i) => ({
      sequence: i + 1,
      productOrService: concept({ system: SYSTEM.cpt, code: String(item.service.toNumber()) }),
      servicedDate: dayToDate(item.serviceDate.toNumber()),
      unitPrice: money(ctx, item.amount),
      net: money(ctx, item.amount),
    })),
    total: money(ctx, items.reduce((sum, { item }) => sum + BigInt(item.amount.toString()), 0n)),
  };
}

/** The payer's decision on claim `id`, item by item; rejected items are errors. */
export async function claimResponse(ctx, id) {
  const c = await storedClaim(ctx, id);
  const items = [...c.items];
  const response = {
    resourceType: 'ClaimResponse',
    id: ids.claim(id),
    meta: meta(ctx),
    status: 'active',
    type: concept({ system: SYSTEM.claimType, code: 'professional', display: 'Professional' }),
    use: codeOf(CLAIM_USE, c.claimUse, 'ClaimUse'),
    patient: patientRef(c.patient.toString()),
    created: await ctx.chain.instant(Math.max(c.submittedAt.toNumber(), ...items.map(({ adjudication }) => Math.min(adjudication.decidedAt.toNumber(), ctx.number)))),
    insurer: await insurer(ctx, c),
    requestor: account(c.provider.toString()),
    request: ref('Claim', ids.claim(id)),
    outcome: codeOf(CLAIM_OUTCOME, c.outcome, 'ClaimOutcome'),
    insurance: insurance(c),
  };
  const adjudicated = [];
  const errors = [];
  const notes = [];
  const category = (code, display) => concept({ system: SYSTEM.adjudication, code, display });
  items.forEach(({ item, adjudication: a }, i) => {
    const reason = concept(codeOf(ITEM_REASON, a.reason, 'ItemReason'));
    if (a.status.type === 'Rejected') {
      errors.push({ itemSequence: i + 1, code: reason });
      return;
    }
    notes.push({ number: notes.length + 1, type: 'display', text: `Item ${i + 1}: ${codeOf(ITEM_STATUS, a.status, 'ItemStatus')}.` });
    adjudicated.push({
      itemSequence: i + 1,
      noteNumber: [notes.length],
      adjudication: [
        { category: category('submitted', 'Submitted Amount'), reason, amount: money(ctx, item.amount) },
        { category: category('eligible', 'Eligible Amount'), amount: money(ctx, a.eligible) },
        { category: category('copay', 'CoPay'), amount: money(ctx, a.copay) },
        { category: category('benefit', 'Benefit Amount'), amount: money(ctx, a.benefit) },
      ],
    });
  });
  if (adjudicated.length) response.item = adjudicated;
  if (notes.length) response.processNote = notes;
  if (errors.length) response.error = errors;
  const paid = items.reduce((sum, { adjudication: a }) => sum + (a.status.type === 'Paid' ? BigInt(a.benefit.toString()) : 0n), 0n);
  if (paid > 0n) {
    response.payment = {
      type: concept({ system: 'http://terminology.hl7.org/CodeSystem/ex-paymenttype', code: 'complete', display: 'Complete' }),
      amount: money(ctx, paid),
    };
  }
  return response;
}

function dayToDate(day) {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

// ------------------------------------------------------------ Organization, PractitionerRole

export async function organizations(ctx) {
  const entries = await ctx.at.query.credentials.organizations.entries();
  return entries
    .map(([key, org]) => organization(ctx, key.args[0].toNumber(), org.unwrap()))
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
}

export async function organizationById(ctx, id) {
  const org = await ctx.at.query.credentials.organizations(id);
  if (org.isNone) throw new NotFound(`Organization/${ids.organization(id)}`);
  return organization(ctx, id, org.unwrap());
}

function organization(ctx, id, org) {
  return {
    resourceType: 'Organization',
    id: ids.organization(id),
    meta: meta(ctx),
    // No name on chain: the consortium's registry, off chain, names its members.
    identifier: [{ system: IDENTIFIER.organization, value: String(id) }, { system: IDENTIFIER.account, value: org.admin.toString(), use: 'secondary' }],
    active: org.status.type === 'Active',
    type: [concept(codeOf(ORGANIZATION_KIND, org.kind, 'OrganizationKind'))],
  };
}

export async function practitionerRoles(ctx) {
  const entries = await ctx.at.query.credentials.credentialOf.entries();
  const out = [];
  for (const [key, credential] of entries) {
    out.push(await practitionerRole(ctx, key.args[0].toString(), key.args[1].type, credential.unwrap()));
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export async function practitionerRoleById(ctx, id) {
  const m = /^role-(\d)-(\w{40,50})$/.exec(id);
  const role = m && ROLE_NAMES[Number(m[1])];
  if (!role) throw new NotFound(`PractitionerRole/${id}`);
  const credential = await ctx.at.query.credentials.credentialOf(m[2], role);
  if (credential.isNone) throw new NotFound(`PractitionerRole/${id}`);
  return practitionerRole(ctx, m[2], role, credential.unwrap());
}

async function practitionerRole(ctx, holder, role, credential) {
  const until = credential.validUntil.toNumber();
  return {
    resourceType: 'PractitionerRole',
    id: ids.role(holder, role),
    meta: meta(ctx),
    identifier: [{ system: IDENTIFIER.licence, value: credential.licenceCommitment.toHex() }],
    active: credential.status.type === 'Active' && ctx.number < until,
    period: { start: await ctx.chain.instant(credential.issuedAt.toNumber()), end: await ctx.chain.instantOrEstimate(until) },
    practitioner: account(holder, 'Practitioner'),
    organization: ref('Organization', ids.organization(credential.organization.toNumber())),
    code: [concept(codeOf(ROLE, role, 'Role'))],
  };
}

// ------------------------------------------------------------------------------ CodeSystem

export function codeSystem(ctx, id) {
  const local = LOCAL_CODE_SYSTEMS[id];
  if (!local) throw new NotFound(`CodeSystem/${id}`);
  const seen = new Set();
  return {
    resourceType: 'CodeSystem',
    id,
    meta: meta(ctx),
    url: local.url,
    name: id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
    title: local.title,
    status: 'draft',
    experimental: true,
    publisher: 'Caduceus',
    caseSensitive: true,
    content: 'complete',
    concept: local.concepts.filter((c) => !seen.has(c.code) && seen.add(c.code)).map(({ code, display }) => ({ code, display })),
  };
}
