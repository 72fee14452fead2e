//! # Caduceus primitives
//!
//! The vocabulary every Caduceus pallet shares, and the traits through which pallets talk without
//! depending on each other's crates (see docs/architecture.md, "How the pallets talk").
//!
//! ## Codes
//! Enums mirror HL7 FHIR R4 value sets and HIPAA notions. Each has a fixed SCALE index (its
//! `#[codec(index)]`, never to be reused), its code (`code()` / `from_code()`) and the URI of
//! the code system the code belongs to (`system()`, see [`code_systems`]). [`Role`] and
//! [`RecordStatus::Erased`] are Caduceus's own codes, not FHIR's. A SCALE index or code this
//! crate does not know is an error, never a silent default: decoding an unknown index fails,
//! and `from_code` returns [`UnknownCode`].
//!
//! - [`RecordType`]: the FHIR resource type of an off-chain clinical document.
//! - [`PurposeOfUse`]: why data is accessed (HL7 v3 PurposeOfUse).
//! - [`ConsentAction`]: what a consent permits (FHIR Consent.provision.action).
//! - [`Role`]: what a credential lets its holder act as.
//! - [`RecordStatus`]: the lifecycle of a record anchor.
//! - [`ProvisionType`] / [`ConsentStatus`]: FHIR `Consent.provision.type` and `Consent.status`.
//! - [`AccessTarget`]: what an access concerns (a record type, and the record when one exists).
//! - [`AccessBasis`] / [`AccessDenied`]: the outcome of an access-policy check.
//! - [`ClaimUse`] / [`ClaimOutcome`]: FHIR `Claim.use` and `ClaimResponse.outcome`.
//!
//! ## Traits
//! - [`CredentialInspect`]: is an account's credential for a role active now, and for which
//!   organization? (credentials)
//! - [`AccessPolicy`]: may an accessor act on a patient's records, and on what basis?
//!   (consent, emergency access, claims; a tuple of policies grants if any member grants,
//!   and a patient's deny yields only to owner, guardian and emergency bases). Each member says
//!   what its check costs per action and purpose, so a call charges only the members it reaches
//!   and refunds those it did not ask.
//! - [`RecordInspect`]: a record's patient, type and status (records; used by claims)
//! - [`OnCredentialAbuse`]: report abuse of a role so the credential is suspended (credentials)

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_weights::Weight;
use scale_info::TypeInfo;

/// A FHIR or HIPAA code that this chain does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownCode;

/// FHIR code system URIs of the codes in this crate: HL7's where the codes are HL7's, and the
/// project's own, under [`code_systems::CADUCEUS_BASE`], where Caduceus defines them.
pub mod code_systems {
	/// FHIR R4 resource types.
	pub const RESOURCE_TYPES: &str = "http://hl7.org/fhir/resource-types";
	/// HL7 v3 ActReason, where the purposes of use are.
	pub const V3_ACT_REASON: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
	/// FHIR consent actions.
	pub const CONSENT_ACTION: &str = "http://terminology.hl7.org/CodeSystem/consentaction";
	/// FHIR `DocumentReference.status`.
	pub const DOCUMENT_REFERENCE_STATUS: &str = "http://hl7.org/fhir/document-reference-status";
	/// FHIR `Consent.provision.type`.
	pub const CONSENT_PROVISION_TYPE: &str = "http://hl7.org/fhir/consent-provision-type";
	/// FHIR `Consent.status`.
	pub const CONSENT_STATE: &str = "http://hl7.org/fhir/consent-state-codes";
	/// FHIR `Claim.use`.
	pub const CLAIM_USE: &str = "http://hl7.org/fhir/claim-use";
	/// FHIR `ClaimResponse.outcome`.
	pub const REMITTANCE_OUTCOME: &str = "http://hl7.org/fhir/remittance-outcome";
	/// Where Caduceus's own code systems live. A placeholder domain (RFC 6761's `.example`)
	/// until the consortium names one it controls; see docs/architecture.md, "Codes".
	pub const CADUCEUS_BASE: &str = "https://fhir.caduceus.example/CodeSystem/";
	/// Caduceus's credential roles ([`crate::Role`]): no FHIR or HL7 code system has them.
	pub const CADUCEUS_CREDENTIAL_ROLE: &str = "https://fhir.caduceus.example/CodeSystem/credential-role";
	/// Caduceus's record status `erased` (cryptographic erasure), which FHIR's
	/// document-reference-status lacks.
	pub const CADUCEUS_RECORD_STATUS: &str = "https://fhir.caduceus.example/CodeSystem/record-status";
}

/// Declares a code enum: SCALE index, FHIR code and documentation of each variant, the code
/// system its codes belong to (a variant may name another), with `code`, `system`,
/// `from_code` and `ALL`.
macro_rules! code_enum {
	(@system $default:path) => { $default };
	(@system $default:path, $own:path) => { $own };
	(
		$(#[$meta:meta])*
		pub enum $name:ident in $system:path {
			$( $(#[doc = $doc:literal])* $variant:ident = ($index:literal, $code:literal) $(in $own:path)?, )+
		}
	) => {
		$(#[$meta])*
		#[derive(
			Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode,
			DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
		)]
		pub enum $name {
			$( $(#[doc = $doc])* #[codec(index = $index)] $variant, )+
		}

		impl $name {
			/// Every variant, in SCALE-index order.
			pub const ALL: &'static [$name] = &[$($name::$variant),+];

			/// The FHIR/HL7 code of this value.
			pub const fn code(&self) -> &'static str {
				match self { $($name::$variant => $code,)+ }
			}

			/// The URI of the code system [`Self::code`] belongs to (FHIR `Coding.system`).
			pub const fn system(&self) -> &'static str {
				match self { $($name::$variant => code_enum!(@system $system $(, $own)?),)+ }
			}

			/// The value with FHIR/HL7 code `code`; case-sensitive, as FHIR codes are.
			pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
				match code { $($code => Ok($name::$variant),)+ _ => Err(UnknownCode) }
			}
		}
	};
}

code_enum! {
	/// The FHIR R4 resource type of a clinical document anchored on chain.
	pub enum RecordType in code_systems::RESOURCE_TYPES {
		/// Demographics of the patient (FHIR `Patient`).
		Patient = (0, "Patient"),
		/// A measurement or assertion: vital sign, lab result (FHIR `Observation`).
		Observation = (1, "Observation"),
		/// A diagnosis or problem (FHIR `Condition`).
		Condition = (2, "Condition"),
		/// An allergy or intolerance (FHIR `AllergyIntolerance`).
		AllergyIntolerance = (3, "AllergyIntolerance"),
		/// A medication the patient takes (FHIR `MedicationStatement`).
		MedicationStatement = (4, "MedicationStatement"),
		/// A prescription (FHIR `MedicationRequest`).
		MedicationRequest = (5, "MedicationRequest"),
		/// A vaccination (FHIR `Immunization`).
		Immunization = (6, "Immunization"),
		/// A procedure performed (FHIR `Procedure`).
		Procedure = (7, "Procedure"),
		/// A report of diagnostic results, e.g. a lab panel (FHIR `DiagnosticReport`).
		DiagnosticReport = (8, "DiagnosticReport"),
		/// An imaging study, e.g. a DICOM series (FHIR `ImagingStudy`).
		ImagingStudy = (9, "ImagingStudy"),
		/// Any other clinical document, e.g. a discharge letter (FHIR `DocumentReference`).
		DocumentReference = (10, "DocumentReference"),
		/// A visit or admission (FHIR `Encounter`).
		Encounter = (11, "Encounter"),
		/// A plan of care (FHIR `CarePlan`).
		CarePlan = (12, "CarePlan"),
		/// A signed consent document (FHIR `Consent`).
		Consent = (13, "Consent"),
		/// An insurance claim document (FHIR `Claim`).
		Claim = (14, "Claim"),
	}
}

code_enum! {
	/// Why information is accessed: HL7 v3 `PurposeOfUse` codes. A consent names the purposes it
	/// permits; an access names the purpose it serves.
	pub enum PurposeOfUse in code_systems::V3_ACT_REASON {
		/// Treatment (`TREAT`).
		Treatment = (0, "TREAT"),
		/// Emergency treatment (`ETREAT`), the purpose of break-glass access.
		EmergencyTreatment = (1, "ETREAT"),
		/// Payment of claims (`HPAYMT`).
		Payment = (2, "HPAYMT"),
		/// Healthcare operations (`HOPERAT`).
		Operations = (3, "HOPERAT"),
		/// Research (`HRESCH`).
		Research = (4, "HRESCH"),
		/// Coverage determination by a payer (`COVERAGE`).
		Coverage = (5, "COVERAGE"),
	}
}

impl PurposeOfUse {
	/// The broader purpose this one specialises in HL7 v3-ActReason: `ETREAT` is-a `TREAT`,
	/// `COVERAGE` is-a `HPAYMT`. The others are top-level purposes of use.
	pub const fn parent(&self) -> Option<PurposeOfUse> {
		match self {
			PurposeOfUse::EmergencyTreatment => Some(PurposeOfUse::Treatment),
			PurposeOfUse::Coverage => Some(PurposeOfUse::Payment),
			PurposeOfUse::Treatment |
			PurposeOfUse::Payment |
			PurposeOfUse::Operations |
			PurposeOfUse::Research => None,
		}
	}

	/// True if `self` is `broader` or one of its specialisations. A deny of `broader` covers
	/// every purpose that is-a `broader`; a permit covers exactly the purposes it names.
	pub fn is_a(&self, broader: PurposeOfUse) -> bool {
		let mut purpose = Some(*self);
		while let Some(p) = purpose {
			if p == broader {
				return true;
			}
			purpose = p.parent();
		}
		false
	}
}

code_enum! {
	/// What a consent permits its grantee to do: FHIR `Consent.provision.action`.
	pub enum ConsentAction in code_systems::CONSENT_ACTION {
		/// Collect (create) new information about the patient.
		Collect = (0, "collect"),
		/// Access (read) existing information.
		Access = (1, "access"),
		/// Use information for the stated purpose.
		Use = (2, "use"),
		/// Disclose information to a third party.
		Disclose = (3, "disclose"),
		/// Correct (amend) existing information.
		Correct = (4, "correct"),
	}
}

code_enum! {
	/// What a credential lets its holder act as. Issued by the consortium's registrar, checked at
	/// every use through [`CredentialInspect`]. Caduceus's own codes, not FHIR's or HL7's
	/// ([`code_systems::CADUCEUS_CREDENTIAL_ROLE`]).
	pub enum Role in code_systems::CADUCEUS_CREDENTIAL_ROLE {
		/// A licensed clinician acting for an organization.
		Practitioner = (0, "practitioner"),
		/// An account acting for a healthcare organization as a whole.
		Organization = (1, "organization"),
		/// An insurer or health plan that pays claims.
		Payer = (2, "payer"),
		/// A researcher under an approved protocol.
		Researcher = (3, "researcher"),
		/// A certified emergency responder, who may break the glass.
		EmergencyResponder = (4, "emergency-responder"),
		/// The operator of an off-chain document store holding encrypted records.
		Custodian = (5, "custodian"),
		/// A HIPAA privacy officer, who reviews emergency access and handles complaints.
		PrivacyOfficer = (6, "privacy-officer"),
	}
}

code_enum! {
	/// The lifecycle status of a record anchor: FHIR `DocumentReference.status`, plus `erased`
	/// (cryptographic erasure), which is Caduceus's own code
	/// ([`code_systems::CADUCEUS_RECORD_STATUS`]).
	pub enum RecordStatus in code_systems::DOCUMENT_REFERENCE_STATUS {
		/// The newest version of the record.
		Current = (0, "current"),
		/// Replaced by a newer version.
		Superseded = (1, "superseded"),
		/// Created in error; kept for the audit trail but not to be used.
		EnteredInError = (2, "entered-in-error"),
		/// Keys destroyed: the off-chain ciphertext can no longer be read (cryptographic erase).
		Erased = (3, "erased") in code_systems::CADUCEUS_RECORD_STATUS,
	}
}

code_enum! {
	/// Whether a consent provision permits or forbids what it describes: FHIR
	/// `Consent.provision.type`. A deny overrides every permit it overlaps.
	pub enum ProvisionType in code_systems::CONSENT_PROVISION_TYPE {
		/// Forbids the described access.
		Deny = (0, "deny"),
		/// Allows the described access.
		Permit = (1, "permit"),
	}
}

code_enum! {
	/// The state of a consent: FHIR `Consent.status`.
	pub enum ConsentStatus in code_systems::CONSENT_STATE {
		/// Being prepared; not in force.
		Draft = (0, "draft"),
		/// Offered for the patient's decision; not in force.
		Proposed = (1, "proposed"),
		/// In force.
		Active = (2, "active"),
		/// Declined by the patient.
		Rejected = (3, "rejected"),
		/// No longer in force: its period has ended. (One that starts later is `Active` with a
		/// future period, as in FHIR.)
		Inactive = (4, "inactive"),
		/// Recorded by mistake.
		EnteredInError = (5, "entered-in-error"),
	}
}

code_enum! {
	/// What a claim asks of the payer: FHIR `Claim.use`.
	pub enum ClaimUse in code_systems::CLAIM_USE {
		/// Payment for services rendered.
		Claim = (0, "claim"),
		/// Approval before the service, with payment promised on a later claim.
		Preauthorization = (1, "preauthorization"),
		/// An estimate of what the plan would pay; nothing is promised or paid.
		Predetermination = (2, "predetermination"),
	}
}

code_enum! {
	/// Where the adjudication of a claim stands: FHIR `ClaimResponse.outcome`
	/// (remittance-outcome).
	pub enum ClaimOutcome in code_systems::REMITTANCE_OUTCOME {
		/// No item decided yet: waiting for the payer (or an appeal).
		Queued = (0, "queued"),
		/// Every item decided, none rejected.
		Complete = (1, "complete"),
		/// At least one item rejected (e.g. a duplicate of an earlier claim): "one or more
		/// errors detected". The other items may be paid or still wait.
		Error = (2, "error"),
		/// No item rejected; some decided and some waiting.
		Partial = (3, "partial"),
	}
}

/// Identifies a record version (pallet-records).
pub type RecordId = u64;
/// Identifies a consortium member organization (pallet-credentials).
pub type OrganizationId = u32;
/// Identifies a patient consent (pallet-consent).
pub type ConsentId = u64;
/// Identifies a break-glass session (pallet-emergency-access).
pub type EmergencySessionId = u64;
/// Identifies a payer's health plan (pallet-claims).
pub type PlanId = u32;
/// Identifies a claim (pallet-claims).
pub type ClaimId = u64;

/// What an access concerns: records of a type, and the record version when one exists (reads and
/// corrections name a version; collecting a new document does not).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct AccessTarget {
	/// The FHIR resource type of the records.
	pub record_type: RecordType,
	/// The record version, if the access concerns one.
	pub record: Option<RecordId>,
}

impl AccessTarget {
	/// Records of `record_type` in general, e.g. a new document to collect.
	pub const fn of_type(record_type: RecordType) -> Self {
		Self { record_type, record: None }
	}

	/// The existing record version `record`, of `record_type`.
	pub const fn record(record: RecordId, record_type: RecordType) -> Self {
		Self { record_type, record: Some(record) }
	}
}

/// Why an access was allowed: the evidence an audit entry records.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum AccessBasis {
	/// The accessor is the patient.
	#[codec(index = 0)]
	Owner,
	/// The accessor is the patient's guardian or personal representative.
	#[codec(index = 1)]
	Guardian,
	/// An active consent of the patient permits it.
	#[codec(index = 2)]
	Consent(ConsentId),
	/// An open break-glass session permits it.
	#[codec(index = 3)]
	Emergency(EmergencySessionId),
	/// The patient's enrollment in the payer's plan: the patient's HPAYMT consent to the payer
	/// for records cited as evidence in claims against its plans.
	#[codec(index = 4)]
	Enrollment(PlanId),
}

impl AccessBasis {
	/// True for the bases a patient's deny cannot override: the patient themself, their
	/// guardian (who speaks for the patient), and break-glass emergency access, which HIPAA
	/// permits without consent (45 CFR 164.510(b)(3)) and which is reviewed afterwards. Every
	/// other basis (a consent permit, an enrollment) yields to a deny.
	pub const fn overrides_patient_deny(&self) -> bool {
		matches!(self, AccessBasis::Owner | AccessBasis::Guardian | AccessBasis::Emergency(_))
	}
}

/// Why an access was refused.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum AccessDenied {
	/// No consent, guardianship or emergency session covers the accessor.
	#[codec(index = 0)]
	NoBasis,
	/// A consent exists but has expired.
	#[codec(index = 1)]
	Expired,
	/// A consent existed but the patient revoked it.
	#[codec(index = 2)]
	Revoked,
	/// A consent exists but not for this record type.
	#[codec(index = 3)]
	RecordTypeNotCovered,
	/// A consent exists but not for this purpose of use.
	#[codec(index = 4)]
	PurposeNotPermitted,
	/// A consent exists but not for this action.
	#[codec(index = 5)]
	ActionNotPermitted,
	/// The accessor's credential is not active (suspended, revoked or expired).
	#[codec(index = 6)]
	CredentialInactive,
	/// A deny provision of the patient covers the request; it overrides every permit.
	#[codec(index = 7)]
	DeniedByPatient,
	/// A consent covers the request but is not in force yet.
	#[codec(index = 8)]
	NotYetInForce,
	/// A consent exists but names other record versions.
	#[codec(index = 9)]
	RecordNotCovered,
}

/// An account's credential for a role: the organization it acts for, and whether it is usable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affiliation {
	/// The organization that issued the credential.
	pub organization: OrganizationId,
	/// True only while the credential is active and unexpired and its organization is active.
	pub active: bool,
}

/// Reads credential status. Implemented by pallet-credentials.
pub trait CredentialInspect<AccountId> {
	/// `who`'s credential for `role`, whatever its state; `None` if there is none.
	fn affiliation(who: &AccountId, role: Role) -> Option<Affiliation>;

	/// True if `who` holds or ever held a credential for any role, in any state: a professional
	/// account, as opposed to a patient's family member. Never false again once true, so that
	/// losing a credential (revocation, removal, expiry, rotation) cannot make a professional's
	/// permits work without one.
	fn is_professional(who: &AccountId) -> bool;

	/// True if organization `organization` is registered, in any state.
	fn organization_exists(organization: OrganizationId) -> bool;

	/// The key `who`'s credentials were rotated to last, if `who` rotated away: whoever holds
	/// it now acts for what `who` set up (a payer's plans, say), and `who` no longer does.
	fn current_key(_who: &AccountId) -> Option<AccountId> {
		None
	}

	/// True only while `who` holds an active, unexpired credential for `role` issued by an
	/// active organization. Suspension, revocation and expiry take effect here at once.
	fn is_active(who: &AccountId, role: Role) -> bool {
		Self::affiliation(who, role).is_some_and(|a| a.active)
	}
}

/// Decides whether an accessor may act on a patient's records.
///
/// A tuple of policies composes them, whatever their order:
/// - a patient's deny ([`AccessDenied::DeniedByPatient`] from any member) refuses, unless some
///   member grants on a basis that [overrides a deny](AccessBasis::overrides_patient_deny)
///   (owner, guardian, emergency);
/// - otherwise it grants if any member grants, with the first member's basis;
/// - if none does, the first refusal more specific than [`AccessDenied::NoBasis`] is returned,
///   so a policy that knows the accessor explains the refusal even if a later one has never
///   heard of them.
///
/// So every member is asked unless the first grant already overrides a deny.
///
/// ## Weight
/// A policy says what its check costs, so that a call charges only the members it can reach:
/// [`check_weight`](AccessPolicy::check_weight) is the most [`check`](AccessPolicy::check) can
/// cost for an action and purpose (zero for a member that never answers them), and a tuple's is
/// the sum of its members'. It has no default, so a new member cannot join a policy without
/// saying what it costs. [`check_metered`](AccessPolicy::check_metered) also returns what the
/// members actually asked cost, which a call refunds post-dispatch.
pub trait AccessPolicy<AccountId> {
	/// May `accessor` perform `action` on `patient`'s records described by `target`, for
	/// `purpose`?
	fn check(
		accessor: &AccountId,
		patient: &AccountId,
		target: AccessTarget,
		purpose: PurposeOfUse,
		action: ConsentAction,
	) -> Result<AccessBasis, AccessDenied>;

	/// The most [`check`](AccessPolicy::check) costs for `action` and `purpose`, whoever asks
	/// about whichever record: from the member's benchmark, or zero if it reads nothing for them.
	fn check_weight(action: ConsentAction, purpose: PurposeOfUse) -> Weight;

	/// [`check`](AccessPolicy::check), and the weight of what it asked, at most
	/// [`check_weight`](AccessPolicy::check_weight).
	fn check_metered(
		accessor: &AccountId,
		patient: &AccountId,
		target: AccessTarget,
		purpose: PurposeOfUse,
		action: ConsentAction,
	) -> (Result<AccessBasis, AccessDenied>, Weight) {
		(Self::check(accessor, patient, target, purpose, action), Self::check_weight(action, purpose))
	}
}

/// The weight of the members of policy `P` that a call's benchmark does not run, for `action`
/// and `purpose`: the benchmark reaches its grant through `Benchmarked` (one of `P`'s members),
/// whose check its measured weight already holds.
pub fn unbenchmarked_check_weight<AccountId, P: AccessPolicy<AccountId>, Benchmarked: AccessPolicy<AccountId>>(
	action: ConsentAction,
	purpose: PurposeOfUse,
) -> Weight {
	P::check_weight(action, purpose).saturating_sub(Benchmarked::check_weight(action, purpose))
}

/// Grants only to the patient themself; the base case of every composed policy.
pub struct PatientIsOwner;
impl<AccountId: PartialEq> AccessPolicy<AccountId> for PatientIsOwner {
	fn check(
		accessor: &AccountId,
		patient: &AccountId,
		_: AccessTarget,
		_: PurposeOfUse,
		_: ConsentAction,
	) -> Result<AccessBasis, AccessDenied> {
		if accessor == patient {
			Ok(AccessBasis::Owner)
		} else {
			Err(AccessDenied::NoBasis)
		}
	}

	fn check_weight(_: ConsentAction, _: PurposeOfUse) -> Weight {
		Weight::zero()
	}
}

/// Does `who` speak for `patient`: the patient, or a guardian by policy `P`? Only the basis
/// counts, so the request asked (reading the patient's consent documents) matters only in that a
/// policy must answer it.
pub fn represents<AccountId: PartialEq, P: AccessPolicy<AccountId>>(who: &AccountId, patient: &AccountId) -> bool {
	who == patient ||
		matches!(
			P::check(who, patient, AccessTarget::of_type(RecordType::Consent), REPRESENTATION.1, REPRESENTATION.0),
			Ok(AccessBasis::Owner | AccessBasis::Guardian)
		)
}

/// The most [`represents`] costs with policy `P`.
pub fn represents_weight<AccountId, P: AccessPolicy<AccountId>>() -> Weight {
	P::check_weight(REPRESENTATION.0, REPRESENTATION.1)
}

/// The request [`represents`] asks the policy: reading the patient's consent documents for
/// treatment.
pub const REPRESENTATION: (ConsentAction, PurposeOfUse) = (ConsentAction::Access, PurposeOfUse::Treatment);

macro_rules! access_policy_tuple {
	($($member:ident),+) => {
		impl<AccountId, $($member: AccessPolicy<AccountId>),+> AccessPolicy<AccountId> for ($($member,)+) {
			fn check(
				accessor: &AccountId,
				patient: &AccountId,
				target: AccessTarget,
				purpose: PurposeOfUse,
				action: ConsentAction,
			) -> Result<AccessBasis, AccessDenied> {
				Self::check_metered(accessor, patient, target, purpose, action).0
			}

			fn check_weight(action: ConsentAction, purpose: PurposeOfUse) -> Weight {
				Weight::zero()$(.saturating_add($member::check_weight(action, purpose)))+
			}

			fn check_metered(
				accessor: &AccountId,
				patient: &AccountId,
				target: AccessTarget,
				purpose: PurposeOfUse,
				action: ConsentAction,
			) -> (Result<AccessBasis, AccessDenied>, Weight) {
				let mut answers = Composition::default();
				let mut asked = Weight::zero();
				$(
					let (answer, cost) = $member::check_metered(accessor, patient, target, purpose, action);
					asked = asked.saturating_add(cost);
					if let Some(final_answer) = answers.add(answer) {
						return (final_answer, asked);
					}
				)+
				(answers.result(), asked)
			}
		}
	};
}

/// The answers of a tuple's members so far (see [`AccessPolicy`]).
#[derive(Default)]
struct Composition {
	grant: Option<AccessBasis>,
	overriding_grant: Option<AccessBasis>,
	denied_by_patient: bool,
	refusal: Option<AccessDenied>,
}

impl Composition {
	/// Takes one member's answer; `Some` when no later member can change the outcome.
	fn add(&mut self, answer: Result<AccessBasis, AccessDenied>) -> Option<Result<AccessBasis, AccessDenied>> {
		match answer {
			Ok(basis) if self.grant.is_none() && basis.overrides_patient_deny() => return Some(Ok(basis)),
			Ok(basis) if self.grant.is_none() => self.grant = Some(basis),
			Ok(basis) if basis.overrides_patient_deny() => {
				self.overriding_grant.get_or_insert(basis);
			},
			Ok(_) => {},
			Err(AccessDenied::DeniedByPatient) => self.denied_by_patient = true,
			Err(AccessDenied::NoBasis) => {},
			Err(reason) => {
				self.refusal.get_or_insert(reason);
			},
		}
		None
	}

	fn result(self) -> Result<AccessBasis, AccessDenied> {
		if self.denied_by_patient {
			return self.overriding_grant.ok_or(AccessDenied::DeniedByPatient);
		}
		self.grant.ok_or(self.refusal.unwrap_or(AccessDenied::NoBasis))
	}
}

access_policy_tuple!(A);
access_policy_tuple!(A, B);
access_policy_tuple!(A, B, C);
access_policy_tuple!(A, B, C, D);

/// True if no element of `items` appears twice: for the short code and id lists calls take
/// (record types, purposes, accounts to notify), where a duplicate is a client's mistake.
pub fn all_distinct<V: PartialEq>(items: &[V]) -> bool {
	items.iter().enumerate().all(|(i, item)| !items[..i].contains(item))
}

/// Reads record anchors. Implemented by pallet-records.
pub trait RecordInspect<RecordId, AccountId> {
	/// The patient a record belongs to.
	fn patient(record: &RecordId) -> Option<AccountId>;
	/// The FHIR resource type of a record.
	fn record_type(record: &RecordId) -> Option<RecordType>;
	/// The lifecycle status of a record.
	fn status(record: &RecordId) -> Option<RecordStatus>;
}

/// Why a credential is suspended or revoked. Codes only: the details live in off-chain case
/// files, never on chain.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum CredentialActionReason {
	/// Ordinary administration: renewal, staff change, requested by the holder.
	#[codec(index = 0)]
	Administrative,
	/// The licensing body lapsed or withdrew the licence.
	#[codec(index = 1)]
	LicenceWithdrawn,
	/// Under investigation; pending a decision.
	#[codec(index = 2)]
	Investigation,
	/// A review found break-glass access abused.
	#[codec(index = 3)]
	EmergencyAccessAbuse,
	/// A review found other abuse of the role, e.g. reads without a valid purpose.
	#[codec(index = 4)]
	AccessAbuse,
	/// The key was reported compromised.
	#[codec(index = 5)]
	KeyCompromised,
}

/// Consequence hook: another pallet reports that `who` abused `role`. Implemented by
/// pallet-credentials, which records a sanction against the person and suspends the credential.
/// It cannot fail: the sanction is recorded even if no credential is left to suspend, and it
/// follows the person across key rotation.
pub trait OnCredentialAbuse<AccountId> {
	/// Sanctions `who` in `role` for `reason`, suspending the credential if there is one.
	fn on_abuse(who: &AccountId, role: Role, reason: CredentialActionReason);
}

impl<AccountId> OnCredentialAbuse<AccountId> for () {
	fn on_abuse(_: &AccountId, _: Role, _: CredentialActionReason) {}
}

/// What a pallet's storage says each account owes under each hold reason, summed, for its
/// `do_try_state` and the runtime's check that no balance is held without an owner item.
pub struct HoldLedger<AccountId, Reason, Balance> {
	// Keyed by the reason's encoding: hold reasons are enums without an order.
	owed: alloc::collections::btree_map::BTreeMap<(AccountId, alloc::vec::Vec<u8>), (Reason, Balance)>,
	// Items recorded as paid by a deposit whose deposit is zero.
	unpaid: u32,
}

impl<AccountId: Ord + Clone, Reason: Encode, Balance: Copy + Default + core::ops::Add<Output = Balance> + PartialEq>
	HoldLedger<AccountId, Reason, Balance>
{
	pub fn new() -> Self {
		Self { owed: Default::default(), unpaid: 0 }
	}

	/// Records the deposit of a stored item. An item is paid for either by a deposit or by a
	/// burned fee; one recorded here claims a deposit, so a zero one fails [`Self::check_held`].
	pub fn owe_deposit(&mut self, who: &AccountId, reason: impl Into<Reason>, amount: Balance) {
		if amount == Balance::default() {
			self.unpaid = self.unpaid.saturating_add(1);
		}
		self.owe(who, reason, amount);
	}

	/// Records that storage owes `who` a hold of `amount` for `reason`.
	pub fn owe(&mut self, who: &AccountId, reason: impl Into<Reason>, amount: Balance) {
		let reason = reason.into();
		let entry = self.owed.entry((who.clone(), reason.encode())).or_insert((reason, Balance::default()));
		entry.1 = entry.1 + amount;
	}

	/// Adds every entry of `other`.
	pub fn merge(&mut self, other: Self) {
		for ((who, _), (reason, amount)) in other.owed {
			self.owe(&who, reason, amount);
		}
		self.unpaid = self.unpaid.saturating_add(other.unpaid);
	}

	/// What storage owes `who` for `reason`; zero if nothing.
	pub fn owed(&self, who: &AccountId, reason: &Reason) -> Balance {
		self.owed.get(&(who.clone(), reason.encode())).map(|(_, amount)| *amount).unwrap_or_default()
	}

	/// Fails if an item recorded with [`Self::owe_deposit`] has none, or unless `held` reports
	/// exactly the owed amount for every entry.
	pub fn check_held(&self, held: impl Fn(&Reason, &AccountId) -> Balance) -> Result<(), &'static str> {
		if self.unpaid > 0 {
			return Err("an item is stored with neither a deposit nor a burned fee");
		}
		for ((who, _), (reason, amount)) in self.owed.iter() {
			if held(reason, who) != *amount {
				return Err("a held balance differs from what storage says is owed");
			}
		}
		Ok(())
	}
}

impl<AccountId: Ord + Clone, Reason: Encode, Balance: Copy + Default + core::ops::Add<Output = Balance> + PartialEq>
	Default for HoldLedger<AccountId, Reason, Balance>
{
	fn default() -> Self {
		Self::new()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn round_trips<T: Encode + Decode + PartialEq + core::fmt::Debug + Copy>(
		all: &[T],
		code: impl Fn(&T) -> &'static str,
		from: impl Fn(&str) -> Result<T, UnknownCode>,
	) {
		for (index, value) in all.iter().enumerate() {
			assert_eq!(value.encode(), vec![index as u8], "SCALE index of {value:?}");
			assert_eq!(T::decode(&mut &value.encode()[..]), Ok(*value));
			assert_eq!(from(code(value)), Ok(*value), "FHIR code of {value:?}");
		}
		// The first index past the last variant is unknown.
		assert!(T::decode(&mut &[all.len() as u8][..]).is_err());
		assert!(T::decode(&mut &[u8::MAX][..]).is_err());
		assert_eq!(from(""), Err(UnknownCode));
		assert_eq!(from("not-a-code"), Err(UnknownCode));
	}

	#[test]
	fn codes_round_trip_and_unknown_codes_are_errors() {
		round_trips(RecordType::ALL, RecordType::code, RecordType::from_code);
		round_trips(PurposeOfUse::ALL, PurposeOfUse::code, PurposeOfUse::from_code);
		round_trips(ConsentAction::ALL, ConsentAction::code, ConsentAction::from_code);
		round_trips(Role::ALL, Role::code, Role::from_code);
		round_trips(RecordStatus::ALL, RecordStatus::code, RecordStatus::from_code);
		round_trips(ProvisionType::ALL, ProvisionType::code, ProvisionType::from_code);
		round_trips(ConsentStatus::ALL, ConsentStatus::code, ConsentStatus::from_code);
		round_trips(ClaimUse::ALL, ClaimUse::code, ClaimUse::from_code);
		round_trips(ClaimOutcome::ALL, ClaimOutcome::code, ClaimOutcome::from_code);
	}

	#[test]
	fn every_code_names_its_system_and_local_codes_are_caduceus_own() {
		assert_eq!(PurposeOfUse::Treatment.system(), "http://terminology.hl7.org/CodeSystem/v3-ActReason");
		assert_eq!(RecordStatus::Superseded.system(), code_systems::DOCUMENT_REFERENCE_STATUS);
		assert_eq!(RecordStatus::Erased.system(), code_systems::CADUCEUS_RECORD_STATUS);
		assert_eq!(ClaimOutcome::Partial.system(), "http://hl7.org/fhir/remittance-outcome");
		for role in Role::ALL {
			assert_eq!(role.system(), code_systems::CADUCEUS_CREDENTIAL_ROLE);
		}
		for local in [code_systems::CADUCEUS_CREDENTIAL_ROLE, code_systems::CADUCEUS_RECORD_STATUS] {
			assert!(local.starts_with(code_systems::CADUCEUS_BASE), "{local}");
		}
		// Only Caduceus's own systems are under its base; HL7's are HL7's.
		let hl7 = [RecordType::Patient.system(), ConsentAction::Access.system(), ProvisionType::Deny.system(),
			ConsentStatus::Active.system(), ClaimUse::Claim.system()];
		assert!(hl7.iter().all(|s| s.starts_with("http://hl7.org/fhir/") || s.starts_with("http://terminology.hl7.org/")));
	}

	#[test]
	fn fhir_codes_are_exact_and_case_sensitive() {
		assert_eq!(RecordType::AllergyIntolerance.code(), "AllergyIntolerance");
		assert_eq!(PurposeOfUse::EmergencyTreatment.code(), "ETREAT");
		assert_eq!(PurposeOfUse::from_code("treat"), Err(UnknownCode));
		assert_eq!(ConsentAction::from_code("disclose"), Ok(ConsentAction::Disclose));
		assert_eq!(RecordStatus::from_code("entered-in-error"), Ok(RecordStatus::EnteredInError));
		assert_eq!(RecordType::ALL.len(), 15);
		assert_eq!(Role::ALL.len(), 7);
	}

	#[test]
	fn access_basis_and_denial_reject_unknown_variants() {
		assert_eq!(AccessBasis::decode(&mut &AccessBasis::Consent(7).encode()[..]), Ok(AccessBasis::Consent(7)));
		assert_eq!(AccessBasis::decode(&mut &AccessBasis::Enrollment(3).encode()[..]), Ok(AccessBasis::Enrollment(3)));
		assert!(AccessBasis::decode(&mut &[5u8][..]).is_err());
		assert_eq!(AccessDenied::decode(&mut &[9u8][..]), Ok(AccessDenied::RecordNotCovered));
		assert!(AccessDenied::decode(&mut &[10u8][..]).is_err());
		assert!(CredentialActionReason::decode(&mut &[6u8][..]).is_err());
	}

	#[test]
	fn all_distinct_finds_any_repeat() {
		assert!(all_distinct::<u8>(&[]));
		assert!(all_distinct(&[RecordType::Condition, RecordType::Immunization]));
		assert!(!all_distinct(&[1, 2, 3, 1]));
		assert!(!all_distinct(&[PurposeOfUse::Research, PurposeOfUse::Research]));
	}


	/// A policy that always answers `$answer`, at a cost of `$ref_time` for any request.
	macro_rules! fixed_policy {
		($name:ident, $answer:expr, $ref_time:expr) => {
			struct $name;
			impl AccessPolicy<u64> for $name {
				fn check(_: &u64, _: &u64, _: AccessTarget, _: PurposeOfUse, _: ConsentAction) -> Result<AccessBasis, AccessDenied> {
					$answer
				}
				fn check_weight(_: ConsentAction, _: PurposeOfUse) -> Weight {
					Weight::from_parts($ref_time, 0)
				}
			}
		};
	}
	fixed_policy!(DeniesExpired, Err(AccessDenied::Expired), 1);
	fixed_policy!(GrantsConsent, Ok(AccessBasis::Consent(42)), 10);
	fixed_policy!(PatientDenies, Err(AccessDenied::DeniedByPatient), 100);
	fixed_policy!(GrantsEnrollment, Ok(AccessBasis::Enrollment(3)), 1_000);
	fixed_policy!(GrantsEmergency, Ok(AccessBasis::Emergency(9)), 10_000);

	fn check<P: AccessPolicy<u64>>(accessor: u64, patient: u64) -> Result<AccessBasis, AccessDenied> {
		P::check(&accessor, &patient, AccessTarget::of_type(RecordType::Observation), PurposeOfUse::Treatment, ConsentAction::Access)
	}

	#[test]
	fn composed_policies_grant_if_any_member_grants() {
		assert_eq!(check::<PatientIsOwner>(1, 1), Ok(AccessBasis::Owner));
		assert_eq!(check::<PatientIsOwner>(2, 1), Err(AccessDenied::NoBasis));
		assert_eq!(check::<(PatientIsOwner, GrantsConsent)>(2, 1), Ok(AccessBasis::Consent(42)));
		// The first grant wins.
		assert_eq!(check::<(PatientIsOwner, GrantsConsent)>(1, 1), Ok(AccessBasis::Owner));
		// No grant: the first refusal that says more than "no basis" is reported.
		assert_eq!(check::<(PatientIsOwner, DeniesExpired)>(2, 1), Err(AccessDenied::Expired));
		assert_eq!(check::<(DeniesExpired, PatientIsOwner)>(2, 1), Err(AccessDenied::Expired));
		assert_eq!(check::<(PatientIsOwner, PatientIsOwner)>(2, 1), Err(AccessDenied::NoBasis));
		// A later grant still wins over an earlier refusal.
		assert_eq!(check::<(DeniesExpired, GrantsConsent)>(2, 1), Ok(AccessBasis::Consent(42)));
	}


	#[test]
	fn a_patients_deny_yields_only_to_owner_guardian_and_emergency() {
		// A deny beats a later or an earlier non-emergency grant, whatever the order.
		assert_eq!(check::<(PatientDenies, GrantsEnrollment)>(2, 1), Err(AccessDenied::DeniedByPatient));
		assert_eq!(check::<(GrantsEnrollment, PatientDenies)>(2, 1), Err(AccessDenied::DeniedByPatient));
		assert_eq!(
			check::<(PatientIsOwner, PatientDenies, GrantsConsent, GrantsEnrollment)>(2, 1),
			Err(AccessDenied::DeniedByPatient)
		);
		// Break-glass overrides a deny, before or after it, and after a yielding grant.
		assert_eq!(check::<(PatientDenies, GrantsEmergency)>(2, 1), Ok(AccessBasis::Emergency(9)));
		assert_eq!(check::<(GrantsEmergency, PatientDenies)>(2, 1), Ok(AccessBasis::Emergency(9)));
		assert_eq!(
			check::<(GrantsEnrollment, PatientDenies, GrantsEmergency)>(2, 1),
			Ok(AccessBasis::Emergency(9))
		);
		// Without a deny the first grant names the basis.
		assert_eq!(check::<(GrantsEnrollment, GrantsEmergency)>(2, 1), Ok(AccessBasis::Enrollment(3)));
		// The patient is never refused by their own deny.
		assert_eq!(check::<(PatientIsOwner, PatientDenies)>(1, 1), Ok(AccessBasis::Owner));
		assert!(AccessBasis::Guardian.overrides_patient_deny());
		assert!(!AccessBasis::Consent(1).overrides_patient_deny());
		assert!(!AccessBasis::Enrollment(1).overrides_patient_deny());
	}

	fn metered<P: AccessPolicy<u64>>(accessor: u64, patient: u64) -> (Result<AccessBasis, AccessDenied>, u64) {
		let (answer, asked) = P::check_metered(
			&accessor,
			&patient,
			AccessTarget::of_type(RecordType::Observation),
			PurposeOfUse::Treatment,
			ConsentAction::Access,
		);
		(answer, asked.ref_time())
	}

	#[test]
	fn a_tuple_costs_its_members_and_meters_those_it_asked() {
		type Records = (PatientIsOwner, GrantsConsent, GrantsEnrollment, GrantsEmergency);
		let most = |action, purpose| <Records as AccessPolicy<u64>>::check_weight(action, purpose).ref_time();
		assert_eq!(most(ConsentAction::Collect, PurposeOfUse::Research), 11_010);
		// The patient is answered by the first member, which reads nothing.
		assert_eq!(metered::<Records>(1, 1), (Ok(AccessBasis::Owner), 0));
		// A grant that yields to a deny asks every later member, which might deny.
		assert_eq!(metered::<Records>(2, 1), (Ok(AccessBasis::Consent(42)), 11_010));
		// A grant that overrides a deny stops there.
		assert_eq!(metered::<(PatientDenies, GrantsEmergency, GrantsEnrollment)>(2, 1), (Ok(AccessBasis::Emergency(9)), 10_100));
		// What a benchmark that grants through consent leaves out: the other members.
		assert_eq!(
			unbenchmarked_check_weight::<u64, Records, GrantsConsent>(ConsentAction::Access, PurposeOfUse::Treatment).ref_time(),
			11_000
		);
		assert_eq!(represents_weight::<u64, Records>().ref_time(), 11_010);
		// Metering never reports more than the policy's most.
		for (accessor, patient) in [(1, 1), (2, 1)] {
			assert!(metered::<Records>(accessor, patient).1 <= most(ConsentAction::Access, PurposeOfUse::Treatment));
		}
	}

	#[test]
	fn purpose_hierarchy_follows_v3_act_reason() {
		use PurposeOfUse::*;
		// (specific, broader) is-a pairs of HL7 v3-ActReason among the chain's purposes.
		let is_a = [(EmergencyTreatment, Treatment), (Coverage, Payment)];
		for a in PurposeOfUse::ALL {
			for b in PurposeOfUse::ALL {
				let expected = a == b || is_a.contains(&(*a, *b));
				assert_eq!(a.is_a(*b), expected, "{} is-a {}", a.code(), b.code());
			}
		}
		// Top-level codes of the _PurposeOfUse abstract concept have no parent here.
		for top in [Treatment, Payment, Operations, Research] {
			assert_eq!(top.parent(), None, "{}", top.code());
		}
	}

	#[test]
	fn only_the_patient_or_a_guardian_represents_the_patient() {
		assert!(represents::<u64, PatientIsOwner>(&1, &1));
		assert!(!represents::<u64, PatientIsOwner>(&2, &1));
		// A consent basis is not representation.
		assert!(!represents::<u64, GrantsConsent>(&2, &1));
	}
}
