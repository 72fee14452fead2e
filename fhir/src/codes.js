// The FHIR codings the facade emits, keyed by the chain's enum variant names as the metadata
// spells them. The e2e suite checks that every map covers exactly the variants the metadata has,
// and that every code is a real code of its system (HL7 R4, DICOM, or Caduceus's own below).

export const BASE = 'https://fhir.caduceus.example';

/** Code systems: HL7's and DICOM's where the codes are theirs, Caduceus's own under BASE. */
export const SYSTEM = {
  resourceTypes: 'http://hl7.org/fhir/resource-types',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  consentAction: 'http://terminology.hl7.org/CodeSystem/consentaction',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentPolicy: 'http://terminology.hl7.org/CodeSystem/consentpolicycodes',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  consentDataMeaning: 'http://hl7.org/fhir/consent-data-meaning',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  auditEntityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  securitySourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  provenanceParticipant: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  provenanceEntityRole: 'http://hl7.org/fhir/provenance-entity-role',
  dataOperation: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
  documentRelationship: 'http://hl7.org/fhir/document-relationship-type',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  adjudicationReason: 'http://terminology.hl7.org/CodeSystem/adjudication-reason',
  payeeType: 'http://terminology.hl7.org/CodeSystem/payeetype',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  // CPT is the AMA's and not bundled with FHIR: only its format can be checked offline.
  cpt: 'http://www.ama-assn.org/go/cpt',
  credentialRole: `${BASE}/CodeSystem/credential-role`,
  recordStatus: `${BASE}/CodeSystem/record-status`,
  claimItemReason: `${BASE}/CodeSystem/claim-item-reason`,
};

/** Identifier systems for chain ids: accounts (SS58), organizations, plans, commitments. */
export const IDENTIFIER = {
  account: `${BASE}/sid/account`,
  organization: `${BASE}/sid/organization`,
  plan: `${BASE}/sid/plan`,
  commitment: `${BASE}/sid/commitment`,
  licence: `${BASE}/sid/licence-commitment`,
  chain: `${BASE}/sid/chain`,
};

const coding = (system, code, display) => ({ system, code, display });

/** `RecordType` → FHIR resource type. */
export const RECORD_TYPE = Object.fromEntries(['Patient', 'Observation', 'Condition', 'AllergyIntolerance',
  'MedicationStatement', 'MedicationRequest', 'Immunization', 'Procedure', 'DiagnosticReport', 'ImagingStudy',
  'DocumentReference', 'Encounter', 'CarePlan', 'Consent', 'Claim'].map((t) => [t, coding(SYSTEM.resourceTypes, t, t)]));

/** `PurposeOfUse` → HL7 v3 PurposeOfUse (in v3-ActReason). */
export const PURPOSE = {
  Treatment: coding(SYSTEM.actReason, 'TREAT', 'treatment'),
  EmergencyTreatment: coding(SYSTEM.actReason, 'ETREAT', 'Emergency Treatment'),
  Payment: coding(SYSTEM.actReason, 'HPAYMT', 'healthcare payment'),
  Operations: coding(SYSTEM.actReason, 'HOPERAT', 'healthcare operations'),
  Research: coding(SYSTEM.actReason, 'HRESCH', 'healthcare research'),
  Coverage: coding(SYSTEM.actReason, 'COVERAGE', 'coverage under policy or program'),
};

/** `ConsentAction` → FHIR consent action. */
export const ACTION = {
  Collect: coding(SYSTEM.consentAction, 'collect', 'Collect'),
  Access: coding(SYSTEM.consentAction, 'access', 'Access'),
  Use: coding(SYSTEM.consentAction, 'use', 'Use'),
  Disclose: coding(SYSTEM.consentAction, 'disclose', 'Disclose'),
  Correct: coding(SYSTEM.consentAction, 'correct', 'Access and Correct'),
};

/** `ProvisionType` → `Consent.provision.type` (a FHIR `code`). */
export const PROVISION = { Deny: 'deny', Permit: 'permit' };

/** `Role` → Caduceus credential role. */
export const ROLE = {
  Practitioner: coding(SYSTEM.credentialRole, 'practitioner', 'Practitioner'),
  Organization: coding(SYSTEM.credentialRole, 'organization', 'Organization'),
  Payer: coding(SYSTEM.credentialRole, 'payer', 'Payer'),
  Researcher: coding(SYSTEM.credentialRole, 'researcher', 'Researcher'),
  EmergencyResponder: coding(SYSTEM.credentialRole, 'emergency-responder', 'Emergency responder'),
  Custodian: coding(SYSTEM.credentialRole, 'custodian', 'Custodian'),
  PrivacyOfficer: coding(SYSTEM.credentialRole, 'privacy-officer', 'Privacy officer'),
};

/**
 * `RecordStatus` → `DocumentReference.status` (required binding) and, for `Erased`, which that
 * value set lacks, Caduceus's own code as a tag: the status says "not to be used".
 */
export const RECORD_STATUS = {
  Current: { status: 'current' },
  Superseded: { status: 'superseded' },
  EnteredInError: { status: 'entered-in-error' },
  Erased: { status: 'entered-in-error', tag: coding(SYSTEM.recordStatus, 'erased', 'Erased') },
};

/** `AmendmentReason` → how the new version relates to the one it amends. */
export const AMENDMENT = {
  Correction: 'replaces',
  Update: 'replaces',
  Addendum: 'appends',
  PatientRequest: 'replaces',
};

/** `ClaimUse` → `Claim.use`. */
export const CLAIM_USE = { Claim: 'claim', Preauthorization: 'preauthorization', Predetermination: 'predetermination' };

/** `ClaimOutcome` → `ClaimResponse.outcome` (remittance-outcome; same meaning since spec 5). */
export const CLAIM_OUTCOME = { Queued: 'queued', Complete: 'complete', Error: 'error', Partial: 'partial' };

/**
 * `ItemReason` → adjudication reason: HL7's two where they say the same, Caduceus's own for the
 * rest. `DuplicateOf` is an item error (`ClaimResponse.error`), not a reason.
 */
export const ITEM_REASON = {
  WithinPlan: coding(SYSTEM.claimItemReason, 'within-plan', 'Within the plan\'s terms'),
  ServiceNotCovered: coding(SYSTEM.adjudicationReason, 'ar001', 'Not covered'),
  EscrowInsufficient: coding(SYSTEM.claimItemReason, 'escrow-insufficient', 'Payer escrow insufficient'),
  AnnualLimitReached: coding(SYSTEM.adjudicationReason, 'ar002', 'Plan Limit Reached'),
  PayerApproved: coding(SYSTEM.claimItemReason, 'payer-approved', 'Approved by the payer'),
  PayerDenied: coding(SYSTEM.claimItemReason, 'payer-denied', 'Denied by the payer'),
  AppealGranted: coding(SYSTEM.claimItemReason, 'appeal-granted', 'Appeal granted'),
  AppealDenied: coding(SYSTEM.claimItemReason, 'appeal-denied', 'Appeal denied'),
  DuplicateOf: coding(SYSTEM.claimItemReason, 'duplicate', 'Duplicate of an earlier claim item'),
  OutOfNetwork: coding(SYSTEM.claimItemReason, 'out-of-network', 'Provider outside the plan\'s network'),
  ProviderLimitReached: coding(SYSTEM.claimItemReason, 'provider-limit-reached', 'Provider\'s limit for the period reached'),
  PayerDidNotDecide: coding(SYSTEM.claimItemReason, 'payer-did-not-decide', 'Payer did not decide by the deadline'),
  ArbitrationDidNotDecide: coding(SYSTEM.claimItemReason, 'arbitration-did-not-decide', 'Arbitration did not decide by the deadline'),
};

/** `ItemStatus` → the text of the item's process note: FHIR R4 has no code for it. */
export const ITEM_STATUS = {
  Queued: 'queued: waiting for the payer',
  Paid: 'paid from escrow',
  Approved: 'approved without payment',
  Denied: 'denied; appealable until its deadline',
  Appealed: 'appealed; waiting for arbitration',
  Rejected: 'not adjudicated: in error',
};

/** `OrganizationKind` → organization type. */
export const ORGANIZATION_KIND = {
  Hospital: coding(SYSTEM.organizationType, 'prov', 'Healthcare Provider'),
  Clinic: coding(SYSTEM.organizationType, 'prov', 'Healthcare Provider'),
  Laboratory: coding(SYSTEM.organizationType, 'prov', 'Healthcare Provider'),
  Payer: coding(SYSTEM.organizationType, 'ins', 'Insurance Company'),
  Agency: coding(SYSTEM.organizationType, 'govt', 'Government'),
  ResearchInstitute: coding(SYSTEM.organizationType, 'edu', 'Educational Institute'),
};

/** DICOM audit codes (PS3.16 CID 400/403). */
export const DICOM = {
  patientRecord: coding(SYSTEM.dicom, '110110', 'Patient Record'),
  securityAlert: coding(SYSTEM.dicom, '110113', 'Security Alert'),
  emergencyOverrideStarted: coding(SYSTEM.dicom, '110127', 'Emergency Override Started'),
  emergencyOverrideStopped: coding(SYSTEM.dicom, '110138', 'Emergency Override Stopped'),
};

/** The chain's own enums the maps above translate, for the metadata coverage check. */
export const ENUM_MAPS = {
  RecordType: RECORD_TYPE,
  PurposeOfUse: PURPOSE,
  ConsentAction: ACTION,
  ProvisionType: PROVISION,
  Role: ROLE,
  RecordStatus: RECORD_STATUS,
  AmendmentReason: AMENDMENT,
  ClaimUse: CLAIM_USE,
  ClaimOutcome: CLAIM_OUTCOME,
  ItemReason: ITEM_REASON,
  ItemStatus: ITEM_STATUS,
  OrganizationKind: ORGANIZATION_KIND,
};

/** Caduceus's own code systems, served as CodeSystem resources so each code has a definition. */
export const LOCAL_CODE_SYSTEMS = {
  'credential-role': { url: SYSTEM.credentialRole, title: 'Caduceus credential roles', concepts: Object.values(ROLE) },
  'record-status': { url: SYSTEM.recordStatus, title: 'Caduceus record statuses beyond FHIR DocumentReference.status', concepts: [RECORD_STATUS.Erased.tag] },
  'claim-item-reason': {
    url: SYSTEM.claimItemReason,
    title: 'Caduceus claim item adjudication reasons',
    concepts: Object.values(ITEM_REASON).filter((c) => c.system === SYSTEM.claimItemReason),
  },
};

/** The coding for chain enum value `value` (a polkadot.js enum) in `map`; throws if unmapped. */
export function codeOf(map, value, what) {
  const name = typeof value === 'string' ? value : value.type;
  const found = map[name];
  if (found === undefined) throw new Error(`no FHIR code for ${what} ${name}`);
  return found;
}
