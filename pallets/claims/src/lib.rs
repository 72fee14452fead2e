//! # Claims pallet
//!
//! Health plans, claims against them, automatic adjudication and payment from escrow: FHIR
//! `Claim` and `ClaimResponse` between providers and payers, with the patient's enrollment as the
//! HIPAA payment consent (purpose `HPAYMT`).
//!
//! - [`Config`]
//! - [`Call`]
//!
//! ## Overview
//!
//! ### Plans and escrow
//! An account with an active `Payer` credential publishes a plan with `publish_plan`: the service
//! codes it covers, each with its allowed amount, a copay percentage and a per-patient annual
//! limit ([`PlanTerms`]). A deposit is held for the plan. The payer funds the plan's escrow with
//! `fund_escrow` (a hold on its own balance): every payment comes from there and nowhere else.
//! It takes unused escrow back with `withdraw_escrow`, but only while no claim against the plan
//! is open: no item waits for a decision or an appeal, and every denial's appeal window is over.
//!
//! ### Enrollment
//! A patient (or guardian) enrolls with `enroll`, holding a deposit, and leaves with `disenroll`
//! (the payer may also end it). One plan per payer and patient. The enrollment is the patient's
//! `HPAYMT` consent to the payer: this pallet is an [`AccessPolicy`] that lets the payer `access`
//! the records cited as evidence in claims against its plans, for payment, and nothing else
//! (the HIPAA minimum necessary), while its credential is active.
//!
//! ### Claims and adjudication
//! An active practitioner or organization submits a claim for an enrolled patient with
//! `submit_claim`: up to [`Config::MaxItems`] items (service code, service date, amount) and up to
//! [`Config::MaxEvidence`] evidence records. Each evidence record must exist, belong to the
//! patient, be usable (not erased or entered in error), and the provider must have `TREAT` access
//! to it by [`Config::AccessPolicy`]. A deposit per claim and per item is held from the provider
//! until the claim is archived. Service dates must lie within [`Config::TimelyFilingDays`] of
//! today.
//!
//! Every item is adjudicated at once, in order, and its decision carries an [`ItemReason`]:
//! - an item whose fingerprint (patient, provider, service code, service date) was already
//!   claimed is **rejected as a duplicate**, naming the earlier claim and item
//!   (`DuplicateRejected`);
//! - an item whose service the plan does not cover is **queued** for the payer to decide
//!   (`decide_item`);
//! - a covered item is **paid** from escrow at once: eligible = min(amount, allowed); benefit =
//!   eligible − copay, up to what is left of the patient's annual limit for the calendar year of
//!   the service. If nothing is left it is **denied** (`AnnualLimitReached`); if the escrow
//!   cannot pay it, it is queued (`EscrowInsufficient`) until the payer funds and decides.
//!
//! A preauthorization or predetermination is adjudicated in the same way but pays nothing,
//! registers no fingerprint and uses none of the annual limit: covered items are **approved**
//! with the benefit the plan would pay. The claim's [`ClaimOutcome`] follows its items.
//!
//! ### Appeals
//! The provider may appeal a denied item with `appeal_item` within [`Config::AppealWindow`]
//! blocks of the denial. [`Config::ArbitrationOrigin`] (the consortium's arbitration track)
//! decides with `decide_appeal`: an award is paid from escrow and counts towards the annual limit;
//! no award upholds the denial.
//!
//! ### Archiving
//! Claims stay on chain, with their fingerprints, until nothing can happen to them any more:
//! no item waits, every appeal window is over and every service date is past the filing window
//! (so a resubmission would be refused as late). Then anyone may `archive_claim`, which removes
//! it and returns the provider's deposit.
//!
//! ## Dispatchable functions and their complexity
//! C = [`Config::MaxCoveredServices`], I = [`Config::MaxItems`], E = [`Config::MaxEvidence`];
//! the policy check is asked E times.
//!
//! | call | origin | complexity |
//! | --- | --- | --- |
//! | `publish_plan` | active payer | O(C²) (duplicate check on a short list) |
//! | `fund_escrow` | the plan's payer | O(1) |
//! | `withdraw_escrow` | the plan's payer | O(1) |
//! | `enroll` | patient or guardian | O(1) |
//! | `disenroll` | patient, guardian or the plan's payer | O(1) |
//! | `submit_claim` | active practitioner or organization | O(I·C + E·policy) |
//! | `decide_item` | the plan's payer (active) | O(I) |
//! | `appeal_item` | the claim's provider | O(I) |
//! | `decide_appeal` | arbitration | O(I) |
//! | `archive_claim` | anyone, once the claim is final | O(I + E) |

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use caduceus_primitives::all_distinct;
pub use caduceus_primitives::{
	AccessBasis, AccessDenied, AccessPolicy, AccessTarget, ClaimId, ClaimOutcome, ClaimUse, ConsentAction,
	CredentialInspect, PlanId, PurposeOfUse, RecordId, RecordInspect, RecordStatus, RecordType, Role,
};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{self, BoundedVec},
	frame_system, sp_api,
	sp_core::H256,
	sp_runtime::{self, Percent},
};
use scale_info::TypeInfo;

/// A billable service: the number of its code in the consortium's code system (CPT Category I
/// codes are five digits; other systems are mapped to numbers off chain).
pub type ServiceCode = u32;

/// A calendar date as days since 1970-01-01 (FHIR `Claim.item.servicedDate`).
pub type ServiceDate = u32;

/// The calendar year (proleptic Gregorian) that `date` falls in: annual limits count per year.
pub fn year_of(date: ServiceDate) -> u32 {
	// Shift the epoch to 0000-03-01 so leap days end each 4-, 100- and 400-year cycle.
	let days = u64::from(date) + 719_468;
	let era = days / 146_097;
	let day_of_era = days % 146_097;
	let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	// Months counted from March: January and February (10 and 11) belong to the next year.
	let month_from_march = (5 * day_of_year + 2) / 153;
	let year = year_of_era + era * 400 + u64::from(month_from_march >= 10);
	u32::try_from(year).unwrap_or(u32::MAX)
}

/// A service the plan covers, and the most it allows per item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct CoveredService<Balance> {
	/// The service code.
	pub service: ServiceCode,
	/// The most the plan recognises for one item of it (FHIR adjudication category `eligible`).
	pub allowed: Balance,
}

/// What a plan pays for.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct PlanTerms<Balance, Covered> {
	/// The covered services; each code at most once.
	pub covered: Covered,
	/// The share of the eligible amount the patient pays (FHIR category `copay`).
	pub copay: Percent,
	/// The most the plan pays per patient per calendar year of service.
	pub annual_limit: Balance,
}

/// A plan's escrow, accounted: what is held is `funded − paid − withdrawn`.
#[derive(
	Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Escrow<Balance> {
	/// Put in by the payer.
	pub funded: Balance,
	/// Paid to providers.
	pub paid: Balance,
	/// Taken back by the payer.
	pub withdrawn: Balance,
}

/// A health plan.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Plan<AccountId, Balance, BlockNumber, Covered> {
	/// The payer who published it and pays from its escrow.
	pub payer: AccountId,
	/// What it pays for.
	pub terms: PlanTerms<Balance, Covered>,
	/// Its escrow.
	pub escrow: Escrow<Balance>,
	/// Claims with an item waiting for the payer or an appeal.
	pub open_claims: u32,
	/// The last block in which some denied item may still be appealed.
	pub appealable_until: BlockNumber,
	/// The deposit held from the payer for the plan.
	pub deposit: Balance,
}

/// A patient's enrollment in a payer's plan.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Enrollment<AccountId, Balance, BlockNumber> {
	/// The plan.
	pub plan: PlanId,
	/// When the patient enrolled.
	pub enrolled_at: BlockNumber,
	/// Who paid the deposit: the patient or the guardian.
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
}

/// One service claimed: FHIR `Claim.item`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ClaimItem<Balance> {
	/// What was done (`productOrService`).
	pub service: ServiceCode,
	/// When (`servicedDate`).
	pub service_date: ServiceDate,
	/// What the provider charges (`net`, FHIR category `submitted`).
	pub amount: Balance,
}

/// Where an item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ItemStatus {
	/// Waiting for the payer's decision.
	#[codec(index = 0)]
	Queued,
	/// Paid from escrow.
	#[codec(index = 1)]
	Paid,
	/// Approved without payment: a preauthorization or predetermination.
	#[codec(index = 2)]
	Approved,
	/// Denied; appealable within the appeal window.
	#[codec(index = 3)]
	Denied,
	/// Denied and appealed; waiting for arbitration.
	#[codec(index = 4)]
	Appealed,
	/// Not adjudicated: in error (a duplicate of an earlier item).
	#[codec(index = 5)]
	Rejected,
}

impl ItemStatus {
	/// True while the item waits for a decision, by the payer or by arbitration.
	pub fn is_waiting(&self) -> bool {
		matches!(self, ItemStatus::Queued | ItemStatus::Appealed)
	}
}

impl<Balance, BlockNumber> Adjudication<Balance, BlockNumber> {
	/// True for a denial the provider may still appeal (window permitting): any denial but one
	/// arbitration upheld.
	pub fn is_appealable(&self) -> bool {
		self.status == ItemStatus::Denied && self.reason != ItemReason::AppealDenied
	}
}

/// Why an item was decided as it was: the explanation every decision carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ItemReason {
	/// The plan covers the service: paid or approved by its rules.
	#[codec(index = 0)]
	WithinPlan,
	/// The plan does not cover the service: the payer decides.
	#[codec(index = 1)]
	ServiceNotCovered,
	/// The escrow could not pay the benefit: the payer funds it and decides.
	#[codec(index = 2)]
	EscrowInsufficient,
	/// The patient's annual limit was reached: paid up to it, or denied if nothing was left.
	#[codec(index = 3)]
	AnnualLimitReached,
	/// The payer approved it.
	#[codec(index = 4)]
	PayerApproved,
	/// The payer denied it.
	#[codec(index = 5)]
	PayerDenied,
	/// Arbitration granted the appeal.
	#[codec(index = 6)]
	AppealGranted,
	/// Arbitration upheld the denial.
	#[codec(index = 7)]
	AppealDenied,
	/// The same patient, provider, service and date were already claimed, in `claim` item `item`.
	#[codec(index = 8)]
	DuplicateOf { claim: ClaimId, item: u32 },
}

/// An item's adjudication: FHIR `ClaimResponse.item.adjudication` (the submitted amount is the
/// item's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Adjudication<Balance, BlockNumber> {
	/// Where it stands.
	pub status: ItemStatus,
	/// Why.
	pub reason: ItemReason,
	/// The amount the plan recognises (category `eligible`).
	pub eligible: Balance,
	/// The patient's share of it (category `copay`).
	pub copay: Balance,
	/// What the plan pays, or would pay for an approval (category `benefit`).
	pub benefit: Balance,
	/// The block of the latest decision (of submission while queued).
	pub decided_at: BlockNumber,
}

/// An item with its adjudication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct AdjudicatedItem<Balance, BlockNumber> {
	/// What was claimed.
	pub item: ClaimItem<Balance>,
	/// How it was decided.
	pub adjudication: Adjudication<Balance, BlockNumber>,
}

/// A claim with its adjudication: FHIR `Claim` and `ClaimResponse` together.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Claim<AccountId, Balance, BlockNumber, Items, Evidence> {
	/// The plan claimed against.
	pub plan: PlanId,
	/// The plan's payer.
	pub payer: AccountId,
	/// The patient treated.
	pub patient: AccountId,
	/// The provider who submitted it and is paid.
	pub provider: AccountId,
	/// Payment, preauthorization or predetermination.
	pub claim_use: ClaimUse,
	/// The items and their adjudication.
	pub items: Items,
	/// The records that support it.
	pub evidence: Evidence,
	/// When it was submitted.
	pub submitted_at: BlockNumber,
	/// Where its adjudication stands, from its items.
	pub outcome: ClaimOutcome,
	/// The deposit held from the provider.
	pub deposit: Balance,
}

impl<AccountId, Balance, BlockNumber, Items, Evidence> Claim<AccountId, Balance, BlockNumber, Items, Evidence>
where
	Items: core::ops::Deref<Target = Vec<AdjudicatedItem<Balance, BlockNumber>>>,
{
	/// True while an item waits for the payer or arbitration.
	pub fn is_waiting(&self) -> bool {
		self.items.iter().any(|i| i.adjudication.status.is_waiting())
	}

	/// The outcome its items add up to.
	pub fn outcome_of_items(&self) -> ClaimOutcome {
		let count = |f: fn(&ItemStatus) -> bool| self.items.iter().filter(|i| f(&i.adjudication.status)).count();
		let total = self.items.len();
		let waiting = count(ItemStatus::is_waiting);
		let rejected = count(|s| *s == ItemStatus::Rejected);
		if total > 0 && rejected == total {
			ClaimOutcome::Error
		} else if waiting == 0 && rejected == 0 {
			ClaimOutcome::Complete
		} else if waiting == total {
			ClaimOutcome::Queued
		} else {
			ClaimOutcome::Partial
		}
	}
}

/// How a payer decides a queued item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum PayerDecision<Balance> {
	/// Pay `benefit` (at most the item's amount) from escrow; for a preauthorization or
	/// predetermination, approve it without payment.
	#[codec(index = 0)]
	Approve { benefit: Balance },
	/// Deny it; the provider may appeal.
	#[codec(index = 1)]
	Deny,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Saturating, Zero};

	pub(crate) type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A plan's covered services.
	pub type CoveredOf<T> = BoundedVec<CoveredService<BalanceOf<T>>, <T as Config>::MaxCoveredServices>;
	/// A plan's terms.
	pub type PlanTermsOf<T> = PlanTerms<BalanceOf<T>, CoveredOf<T>>;
	/// A plan as stored.
	pub type PlanOf<T> = Plan<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>, CoveredOf<T>>;
	/// The items of a claim as submitted.
	pub type ItemsOf<T> = BoundedVec<ClaimItem<BalanceOf<T>>, <T as Config>::MaxItems>;
	/// The items of a claim with their adjudication.
	pub type AdjudicatedItemsOf<T> =
		BoundedVec<AdjudicatedItem<BalanceOf<T>, BlockNumberFor<T>>, <T as Config>::MaxItems>;
	/// The evidence records of a claim.
	pub type EvidenceOf<T> = BoundedVec<RecordId, <T as Config>::MaxEvidence>;
	/// A claim as stored.
	pub type ClaimOf<T> = Claim<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		AdjudicatedItemsOf<T>,
		EvidenceOf<T>,
	>;
	/// An enrollment as stored.
	pub type EnrollmentOf<T> = Enrollment<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency of escrow, payments and deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason> + Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Credential status of payers and providers.
		type Credentials: CredentialInspect<Self::AccountId>;

		/// Evidence records: their patient, type and status (pallet-records).
		type Records: RecordInspect<RecordId, Self::AccountId>;

		/// Whether a provider has `TREAT` access to the evidence, and who represents a patient
		/// (the patient and, by it, the guardian).
		type AccessPolicy: AccessPolicy<Self::AccountId>;

		/// Decides appeals: the consortium's arbitration track.
		type ArbitrationOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Today's date, for service dates and filing windows.
		type UnixTime: UnixTime;

		/// How long after a denial the provider may appeal, in blocks.
		#[pallet::constant]
		type AppealWindow: Get<BlockNumberFor<Self>>;

		/// How many days after the service a claim may be filed.
		#[pallet::constant]
		type TimelyFilingDays: Get<u32>;

		/// Held from a payer per plan.
		#[pallet::constant]
		type PlanDeposit: Get<BalanceOf<Self>>;

		/// Held from a patient or guardian per enrollment.
		#[pallet::constant]
		type EnrollmentDeposit: Get<BalanceOf<Self>>;

		/// Held from a provider per claim, until it is archived.
		#[pallet::constant]
		type ClaimDeposit: Get<BalanceOf<Self>>;

		/// Held from a provider per item of a claim, until it is archived.
		#[pallet::constant]
		type ItemDeposit: Get<BalanceOf<Self>>;

		/// The most services a plan covers.
		#[pallet::constant]
		type MaxCoveredServices: Get<u32>;

		/// The most items in one claim.
		#[pallet::constant]
		type MaxItems: Get<u32>;

		/// The most evidence records one claim cites.
		#[pallet::constant]
		type MaxEvidence: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up credentials, records and access for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A plan's escrow, held from its payer.
		#[codec(index = 0)]
		Escrow,
		/// A payer's deposit for a plan.
		#[codec(index = 1)]
		PlanDeposit,
		/// A patient's or guardian's deposit for an enrollment.
		#[codec(index = 2)]
		EnrollmentDeposit,
		/// A provider's deposit for a claim on chain.
		#[codec(index = 3)]
		ClaimDeposit,
	}

	/// The id the next plan gets.
	#[pallet::storage]
	pub type NextPlanId<T> = StorageValue<_, PlanId, ValueQuery>;

	/// Published plans.
	#[pallet::storage]
	pub type Plans<T: Config> = StorageMap<_, Twox64Concat, PlanId, PlanOf<T>, OptionQuery>;

	/// Enrollments: a patient's plan with each payer.
	#[pallet::storage]
	pub type Enrollments<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		EnrollmentOf<T>,
		OptionQuery,
	>;

	/// The id the next claim gets.
	#[pallet::storage]
	pub type NextClaimId<T> = StorageValue<_, ClaimId, ValueQuery>;

	/// Claims not archived.
	#[pallet::storage]
	pub type Claims<T: Config> = StorageMap<_, Twox64Concat, ClaimId, ClaimOf<T>, OptionQuery>;

	/// The claimed item of each fingerprint: hash of (patient, provider, service, service date).
	#[pallet::storage]
	pub type Fingerprints<T> = StorageMap<_, Identity, H256, (ClaimId, u32), OptionQuery>;

	/// Benefit paid per patient, plan and calendar year of service: the annual limit's count.
	#[pallet::storage]
	pub type BenefitUsed<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, (PlanId, u32), BalanceOf<T>, ValueQuery>;

	/// Records a payer may read for payment, with the number of its claims that cite each.
	#[pallet::storage]
	pub type PayerEvidence<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RecordId, u32, OptionQuery>;

	/// A patient's claims.
	#[pallet::storage]
	pub type PatientClaims<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ClaimId, (), OptionQuery>;

	/// A provider's claims.
	#[pallet::storage]
	pub type ProviderClaims<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ClaimId, (), OptionQuery>;

	/// Claims against a payer's plans.
	#[pallet::storage]
	pub type PayerClaims<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ClaimId, (), OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A payer published a plan.
		PlanPublished { plan: PlanId, payer: T::AccountId, covered: u32 },
		/// A payer put funds into a plan's escrow.
		EscrowFunded { plan: PlanId, payer: T::AccountId, amount: BalanceOf<T> },
		/// A payer took unused funds out of a plan's escrow.
		EscrowWithdrawn { plan: PlanId, payer: T::AccountId, amount: BalanceOf<T> },
		/// A patient enrolled: the payer may read cited evidence for payment (`HPAYMT`).
		Enrolled { plan: PlanId, payer: T::AccountId, patient: T::AccountId, by: T::AccountId },
		/// An enrollment ended.
		Disenrolled { plan: PlanId, payer: T::AccountId, patient: T::AccountId, by: T::AccountId },
		/// A provider submitted a claim; each item's decision follows in `ItemAdjudicated`.
		ClaimSubmitted {
			claim: ClaimId,
			plan: PlanId,
			payer: T::AccountId,
			patient: T::AccountId,
			provider: T::AccountId,
			claim_use: ClaimUse,
			outcome: ClaimOutcome,
		},
		/// An item was decided (at submission, by the payer or by arbitration), with its reason.
		ItemAdjudicated {
			claim: ClaimId,
			item: u32,
			status: ItemStatus,
			reason: ItemReason,
			benefit: BalanceOf<T>,
			outcome: ClaimOutcome,
		},
		/// An item was rejected: the same service was claimed before, in `earlier_claim`.
		DuplicateRejected {
			claim: ClaimId,
			item: u32,
			provider: T::AccountId,
			patient: T::AccountId,
			earlier_claim: ClaimId,
			earlier_item: u32,
		},
		/// A benefit was paid from a plan's escrow.
		BenefitPaid { claim: ClaimId, item: u32, payer: T::AccountId, provider: T::AccountId, amount: BalanceOf<T> },
		/// A provider appealed a denied item.
		ItemAppealed { claim: ClaimId, item: u32, provider: T::AccountId },
		/// A claim was archived and its deposit returned.
		ClaimArchived { claim: ClaimId, provider: T::AccountId, by: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller holds no active `Payer` credential.
		NotPayer,
		/// The caller holds no active `Practitioner` or `Organization` credential.
		NotProvider,
		/// No plan with this id.
		PlanNotFound,
		/// Only the plan's payer may do this.
		NotPlanPayer,
		/// A plan must cover at least one service.
		NoCoveredServices,
		/// A service code, evidence record or item appears twice.
		Duplicate,
		/// The caller is neither the patient nor the patient's guardian.
		NotPatientOrGuardian,
		/// The patient is already enrolled with this payer.
		AlreadyEnrolled,
		/// The patient is not enrolled in this plan.
		NotEnrolled,
		/// An amount must not be zero.
		ZeroAmount,
		/// The escrow holds less than asked.
		EscrowInsufficient,
		/// A claim against the plan is open: an item waits, or a denial may still be appealed.
		ClaimsOpen,
		/// A claim needs at least one item.
		NoItems,
		/// A claim must cite at least one evidence record.
		NoEvidence,
		/// An evidence record does not exist.
		EvidenceNotFound,
		/// An evidence record belongs to another patient.
		EvidenceOfOtherPatient,
		/// An evidence record was erased or entered in error.
		EvidenceNotUsable,
		/// The patient has not permitted disclosure of an evidence record to the plan's payer
		/// for payment: a consent permit for `HPAYMT` and `disclose` to the payer.
		NoDisclosureConsent,
		/// The provider has no `TREAT` access to an evidence record (`ConsentApi::check_access`
		/// says why).
		NoTreatmentAccess,
		/// A provider cannot claim for their own care.
		ProviderIsPatient,
		/// A service date lies in the future.
		ServiceDateInFuture,
		/// A service date lies before the timely filing window.
		FilingWindowPassed,
		/// No claim with this id.
		ClaimNotFound,
		/// Only the claim's provider may do this.
		NotClaimProvider,
		/// The claim has no item with this index.
		ItemNotFound,
		/// The item is not queued for the payer.
		ItemNotQueued,
		/// The item is not denied.
		ItemNotDenied,
		/// The item is not under appeal.
		ItemNotAppealed,
		/// Arbitration already upheld this denial; it is final.
		AppealAlreadyDecided,
		/// The appeal window of this denial is over.
		AppealWindowOver,
		/// A benefit cannot exceed the item's amount.
		BenefitExceedsAmount,
		/// The claim cannot be archived yet: an item waits, an appeal window or the filing window
		/// is open.
		ClaimNotFinal,
		/// An id counter overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publishes a plan with `terms`; holds the plan deposit.
		///
		/// Origin: an account with an active `Payer` credential. Emits `PlanPublished`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::publish_plan(terms.covered.len() as u32))]
		pub fn publish_plan(origin: OriginFor<T>, terms: PlanTermsOf<T>) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			ensure!(T::Credentials::is_active(&payer, Role::Payer), Error::<T>::NotPayer);
			ensure!(!terms.covered.is_empty(), Error::<T>::NoCoveredServices);
			let codes: Vec<ServiceCode> = terms.covered.iter().map(|c| c.service).collect();
			ensure!(all_distinct(&codes), Error::<T>::Duplicate);
			let id = NextPlanId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::PlanDeposit::get();
			Self::hold(HoldReason::PlanDeposit, &payer, deposit)?;
			let covered = terms.covered.len() as u32;
			Plans::<T>::insert(
				id,
				Plan {
					payer: payer.clone(),
					terms,
					escrow: Escrow::default(),
					open_claims: 0,
					appealable_until: Zero::zero(),
					deposit,
				},
			);
			NextPlanId::<T>::put(next);
			Self::deposit_event(Event::PlanPublished { plan: id, payer, covered });
			Ok(())
		}

		/// Puts `amount` into `plan`'s escrow, held from the payer's balance.
		///
		/// Origin: the plan's payer. Emits `EscrowFunded`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::fund_escrow())]
		pub fn fund_escrow(origin: OriginFor<T>, plan: PlanId, amount: BalanceOf<T>) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut entry = Self::plan_of_payer(plan, &payer)?;
			T::Currency::hold(&HoldReason::Escrow.into(), &payer, amount)?;
			entry.escrow.funded = entry.escrow.funded.saturating_add(amount);
			Plans::<T>::insert(plan, entry);
			Self::deposit_event(Event::EscrowFunded { plan, payer, amount });
			Ok(())
		}

		/// Takes `amount` of unused escrow back from `plan`, when no claim against it is open.
		///
		/// Origin: the plan's payer. Emits `EscrowWithdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_escrow())]
		pub fn withdraw_escrow(origin: OriginFor<T>, plan: PlanId, amount: BalanceOf<T>) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut entry = Self::plan_of_payer(plan, &payer)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(entry.open_claims == 0 && now > entry.appealable_until, Error::<T>::ClaimsOpen);
			ensure!(amount <= Self::available(&entry), Error::<T>::EscrowInsufficient);
			T::Currency::release(&HoldReason::Escrow.into(), &payer, amount, Precision::Exact)?;
			entry.escrow.withdrawn = entry.escrow.withdrawn.saturating_add(amount);
			Plans::<T>::insert(plan, entry);
			Self::deposit_event(Event::EscrowWithdrawn { plan, payer, amount });
			Ok(())
		}

		/// Enrolls `patient` in `plan`: the patient's `HPAYMT` consent to the plan's payer.
		/// Holds the enrollment deposit.
		///
		/// Origin: the patient or the patient's guardian. Emits `Enrolled`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::enroll())]
		pub fn enroll(origin: OriginFor<T>, plan: PlanId, patient: T::AccountId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			ensure!(Self::represents(&by, &patient), Error::<T>::NotPatientOrGuardian);
			let payer = Plans::<T>::get(plan).ok_or(Error::<T>::PlanNotFound)?.payer;
			ensure!(!Enrollments::<T>::contains_key(&patient, &payer), Error::<T>::AlreadyEnrolled);
			let deposit = T::EnrollmentDeposit::get();
			Self::hold(HoldReason::EnrollmentDeposit, &by, deposit)?;
			let enrolled_at = frame_system::Pallet::<T>::block_number();
			Enrollments::<T>::insert(&patient, &payer, Enrollment { plan, enrolled_at, depositor: by.clone(), deposit });
			Self::deposit_event(Event::Enrolled { plan, payer, patient, by });
			Ok(())
		}

		/// Ends `patient`'s enrollment with `payer` and returns the deposit to whoever paid it.
		/// Claims already submitted go on; new ones are refused.
		///
		/// Origin: the patient, the patient's guardian or the payer. Emits `Disenrolled`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::disenroll())]
		pub fn disenroll(origin: OriginFor<T>, patient: T::AccountId, payer: T::AccountId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			ensure!(by == payer || Self::represents(&by, &patient), Error::<T>::NotPatientOrGuardian);
			let enrollment = Enrollments::<T>::take(&patient, &payer).ok_or(Error::<T>::NotEnrolled)?;
			Self::release(HoldReason::EnrollmentDeposit, &enrollment.depositor, enrollment.deposit);
			Self::deposit_event(Event::Disenrolled { plan: enrollment.plan, payer, patient, by });
			Ok(())
		}

		/// Submits a claim against `plan` for `patient`'s `items`, citing `evidence`, and
		/// adjudicates every item at once (see the crate docs). Holds the claim deposit.
		///
		/// Origin: an active practitioner or organization with `TREAT` access to every evidence
		/// record. Emits `ClaimSubmitted`, then per item `ItemAdjudicated`, and `BenefitPaid` or
		/// `DuplicateRejected` where they apply.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::submit_claim(items.len() as u32, evidence.len() as u32))]
		pub fn submit_claim(
			origin: OriginFor<T>,
			plan: PlanId,
			patient: T::AccountId,
			claim_use: ClaimUse,
			items: ItemsOf<T>,
			evidence: EvidenceOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			ensure!(
				T::Credentials::is_active(&provider, Role::Practitioner) ||
					T::Credentials::is_active(&provider, Role::Organization),
				Error::<T>::NotProvider
			);
			ensure!(provider != patient, Error::<T>::ProviderIsPatient);
			let mut entry = Plans::<T>::get(plan).ok_or(Error::<T>::PlanNotFound)?;
			ensure!(
				Enrollments::<T>::get(&patient, &entry.payer).is_some_and(|e| e.plan == plan),
				Error::<T>::NotEnrolled
			);
			ensure!(!items.is_empty(), Error::<T>::NoItems);
			ensure!(!evidence.is_empty(), Error::<T>::NoEvidence);
			ensure!(all_distinct(&evidence), Error::<T>::Duplicate);
			let today = Self::today();
			for item in items.iter() {
				ensure!(item.service_date <= today, Error::<T>::ServiceDateInFuture);
				ensure!(
					today.saturating_sub(item.service_date) <= T::TimelyFilingDays::get(),
					Error::<T>::FilingWindowPassed
				);
			}
			for record in evidence.iter() {
				Self::ensure_evidence(&provider, &entry.payer, &patient, *record)?;
			}

			let id = NextClaimId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::ItemDeposit::get()
				.saturating_mul((items.len() as u32).into())
				.saturating_add(T::ClaimDeposit::get());
			Self::hold(HoldReason::ClaimDeposit, &provider, deposit)?;

			let now = frame_system::Pallet::<T>::block_number();
			let mut claim = ClaimOf::<T> {
				plan,
				payer: entry.payer.clone(),
				patient: patient.clone(),
				provider: provider.clone(),
				claim_use,
				items: BoundedVec::new(),
				evidence,
				submitted_at: now,
				outcome: ClaimOutcome::Queued,
				deposit,
			};
			let mut decisions = Vec::with_capacity(items.len());
			for (index, item) in items.into_iter().enumerate() {
				let index = index as u32;
				let adjudication = Self::adjudicate(id, index, &mut entry, &claim, &item, now);
				decisions.push((index, adjudication));
				// Bounded by `MaxItems` like `items`.
				let _ = claim.items.try_push(AdjudicatedItem { item, adjudication });
			}
			claim.outcome = claim.outcome_of_items();
			if claim.is_waiting() {
				entry.open_claims.saturating_inc();
			}
			for record in claim.evidence.iter() {
				PayerEvidence::<T>::mutate(&claim.payer, record, |count| {
					*count = Some(count.unwrap_or(0).saturating_add(1))
				});
			}
			PatientClaims::<T>::insert(&patient, id, ());
			ProviderClaims::<T>::insert(&provider, id, ());
			PayerClaims::<T>::insert(&claim.payer, id, ());
			NextClaimId::<T>::put(next);
			Self::deposit_event(Event::ClaimSubmitted {
				claim: id,
				plan,
				payer: claim.payer.clone(),
				patient,
				provider,
				claim_use,
				outcome: claim.outcome,
			});
			for (index, adjudication) in decisions {
				Self::deposit_event(Event::ItemAdjudicated {
					claim: id,
					item: index,
					status: adjudication.status,
					reason: adjudication.reason,
					benefit: adjudication.benefit,
					outcome: claim.outcome,
				});
			}
			Claims::<T>::insert(id, claim);
			Plans::<T>::insert(plan, entry);
			Ok(())
		}

		/// Decides queued item `item` of `claim`: approve with a benefit (paid from escrow for a
		/// payment claim, counted towards the annual limit) or deny.
		///
		/// Origin: the plan's payer, with an active `Payer` credential. Emits `ItemAdjudicated`,
		/// and `BenefitPaid` when paid.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::decide_item())]
		pub fn decide_item(
			origin: OriginFor<T>,
			claim: ClaimId,
			item: u32,
			decision: PayerDecision<BalanceOf<T>>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			let mut entry = Claims::<T>::get(claim).ok_or(Error::<T>::ClaimNotFound)?;
			ensure!(entry.payer == payer, Error::<T>::NotPlanPayer);
			ensure!(T::Credentials::is_active(&payer, Role::Payer), Error::<T>::NotPayer);
			let current = Self::item_of(&entry, item)?;
			ensure!(current.adjudication.status == ItemStatus::Queued, Error::<T>::ItemNotQueued);
			let (award, reason) = match decision {
				PayerDecision::Approve { benefit } => (Some(benefit), ItemReason::PayerApproved),
				PayerDecision::Deny => (None, ItemReason::PayerDenied),
			};
			Self::conclude(claim, &mut entry, item, current, award, reason)
		}

		/// Appeals denied item `item` of `claim`, within the appeal window of the denial.
		///
		/// Origin: the claim's provider. Emits `ItemAppealed`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::appeal_item())]
		pub fn appeal_item(origin: OriginFor<T>, claim: ClaimId, item: u32) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			let mut entry = Claims::<T>::get(claim).ok_or(Error::<T>::ClaimNotFound)?;
			ensure!(entry.provider == provider, Error::<T>::NotClaimProvider);
			let mut current = Self::item_of(&entry, item)?;
			ensure!(current.adjudication.status == ItemStatus::Denied, Error::<T>::ItemNotDenied);
			ensure!(current.adjudication.is_appealable(), Error::<T>::AppealAlreadyDecided);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now <= current.adjudication.decided_at.saturating_add(T::AppealWindow::get()),
				Error::<T>::AppealWindowOver
			);
			let was_waiting = entry.is_waiting();
			current.adjudication.status = ItemStatus::Appealed;
			Self::store_item(&mut entry, item, current)?;
			entry.outcome = entry.outcome_of_items();
			if !was_waiting {
				Plans::<T>::mutate(entry.plan, |plan| {
					if let Some(plan) = plan {
						plan.open_claims.saturating_inc();
					}
				});
			}
			Claims::<T>::insert(claim, entry);
			Self::deposit_event(Event::ItemAppealed { claim, item, provider });
			Ok(())
		}

		/// Decides the appeal of item `item` of `claim`: `award` pays that benefit from escrow
		/// (counted towards the annual limit); `None` upholds the denial.
		///
		/// Origin: the arbitration origin. Emits `ItemAdjudicated`, and `BenefitPaid` when paid.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::decide_appeal())]
		pub fn decide_appeal(
			origin: OriginFor<T>,
			claim: ClaimId,
			item: u32,
			award: Option<BalanceOf<T>>,
		) -> DispatchResult {
			T::ArbitrationOrigin::ensure_origin(origin)?;
			let mut entry = Claims::<T>::get(claim).ok_or(Error::<T>::ClaimNotFound)?;
			let current = Self::item_of(&entry, item)?;
			ensure!(current.adjudication.status == ItemStatus::Appealed, Error::<T>::ItemNotAppealed);
			let reason = if award.is_some() { ItemReason::AppealGranted } else { ItemReason::AppealDenied };
			Self::conclude(claim, &mut entry, item, current, award, reason)
		}

		/// Removes `claim`, which nothing can change any more, with its fingerprints, and
		/// returns the provider's deposit.
		///
		/// Origin: signed, anyone. Emits `ClaimArchived`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::archive_claim(T::MaxItems::get(), T::MaxEvidence::get()))]
		pub fn archive_claim(origin: OriginFor<T>, claim: ClaimId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			let entry = Claims::<T>::get(claim).ok_or(Error::<T>::ClaimNotFound)?;
			ensure!(Self::is_final(&entry), Error::<T>::ClaimNotFinal);
			for (index, adjudicated) in entry.items.iter().enumerate() {
				let fingerprint = Self::fingerprint(&entry.patient, &entry.provider, &adjudicated.item);
				if Fingerprints::<T>::get(fingerprint) == Some((claim, index as u32)) {
					Fingerprints::<T>::remove(fingerprint);
				}
			}
			for record in entry.evidence.iter() {
				PayerEvidence::<T>::mutate_exists(&entry.payer, record, |count| {
					*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
				});
			}
			Claims::<T>::remove(claim);
			PatientClaims::<T>::remove(&entry.patient, claim);
			ProviderClaims::<T>::remove(&entry.provider, claim);
			PayerClaims::<T>::remove(&entry.payer, claim);
			Self::release(HoldReason::ClaimDeposit, &entry.provider, entry.deposit);
			Self::deposit_event(Event::ClaimArchived { claim, provider: entry.provider, by });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Today as days since 1970-01-01.
		pub fn today() -> ServiceDate {
			ServiceDate::try_from(T::UnixTime::now().as_secs() / 86_400).unwrap_or(ServiceDate::MAX)
		}

		/// The duplicate-detection key of `item` claimed by `provider` for `patient`.
		pub fn fingerprint(patient: &T::AccountId, provider: &T::AccountId, item: &ClaimItem<BalanceOf<T>>) -> H256 {
			(patient, provider, item.service, item.service_date)
				.using_encoded(polkadot_sdk::sp_io::hashing::blake2_256)
				.into()
		}

		/// What `plan`'s escrow can still pay.
		pub fn available(plan: &PlanOf<T>) -> BalanceOf<T> {
			plan.escrow.funded.saturating_sub(plan.escrow.paid).saturating_sub(plan.escrow.withdrawn)
		}

		/// What is left of `patient`'s annual limit in `plan` for the year of `date`.
		pub fn remaining_limit(patient: &T::AccountId, plan_id: PlanId, plan: &PlanOf<T>, date: ServiceDate) -> BalanceOf<T> {
			plan.terms
				.annual_limit
				.saturating_sub(BenefitUsed::<T>::get(patient, (plan_id, year_of(date))))
		}

		fn represents(who: &T::AccountId, patient: &T::AccountId) -> bool {
			caduceus_primitives::represents::<_, T::AccessPolicy>(who, patient)
		}

		fn hold(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			if !amount.is_zero() {
				T::Currency::hold(&reason.into(), who, amount)?;
			}
			Ok(())
		}

		fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
			// Placed with the item being removed; `do_try_state` checks it is there.
			let _ = T::Currency::release(&reason.into(), who, amount, Precision::BestEffort);
		}

		fn plan_of_payer(plan: PlanId, payer: &T::AccountId) -> Result<PlanOf<T>, DispatchError> {
			let entry = Plans::<T>::get(plan).ok_or(Error::<T>::PlanNotFound)?;
			ensure!(entry.payer == *payer, Error::<T>::NotPlanPayer);
			Ok(entry)
		}

		fn item_of(
			claim: &ClaimOf<T>,
			item: u32,
		) -> Result<AdjudicatedItem<BalanceOf<T>, BlockNumberFor<T>>, DispatchError> {
			claim.items.get(item as usize).copied().ok_or_else(|| Error::<T>::ItemNotFound.into())
		}

		fn store_item(
			claim: &mut ClaimOf<T>,
			item: u32,
			value: AdjudicatedItem<BalanceOf<T>, BlockNumberFor<T>>,
		) -> DispatchResult {
			*claim.items.get_mut(item as usize).ok_or(Error::<T>::ItemNotFound)? = value;
			Ok(())
		}

		/// The evidence record exists, is the patient's, usable, readable by the provider for
		/// treatment, and the patient permits its disclosure to the payer for payment. The
		/// provider alone does not decide what a payer gets to read.
		fn ensure_evidence(
			provider: &T::AccountId,
			payer: &T::AccountId,
			patient: &T::AccountId,
			record: RecordId,
		) -> DispatchResult {
			let owner = T::Records::patient(&record).ok_or(Error::<T>::EvidenceNotFound)?;
			ensure!(owner == *patient, Error::<T>::EvidenceOfOtherPatient);
			ensure!(
				matches!(T::Records::status(&record), Some(RecordStatus::Current | RecordStatus::Superseded)),
				Error::<T>::EvidenceNotUsable
			);
			let target = AccessTarget::record(record, T::Records::record_type(&record).ok_or(Error::<T>::EvidenceNotFound)?);
			for (who, purpose, action, refusal) in [
				(provider, PurposeOfUse::Treatment, ConsentAction::Access, Error::<T>::NoTreatmentAccess),
				(payer, PurposeOfUse::Payment, ConsentAction::Disclose, Error::<T>::NoDisclosureConsent),
			] {
				T::AccessPolicy::check(who, patient, target, purpose, action).map_err(|_| refusal)?;
			}
			Ok(())
		}

		/// Adjudicates one submitted item by the plan's rules, paying it when it passes.
		fn adjudicate(
			claim_id: ClaimId,
			index: u32,
			plan: &mut PlanOf<T>,
			claim: &ClaimOf<T>,
			item: &ClaimItem<BalanceOf<T>>,
			now: BlockNumberFor<T>,
		) -> Adjudication<BalanceOf<T>, BlockNumberFor<T>> {
			let zero = Zero::zero();
			let decided = |status, reason, eligible, copay, benefit| Adjudication {
				status,
				reason,
				eligible,
				copay,
				benefit,
				decided_at: now,
			};
			let paying = claim.claim_use == ClaimUse::Claim;
			if paying {
				let fingerprint = Self::fingerprint(&claim.patient, &claim.provider, item);
				if let Some((earlier_claim, earlier_item)) = Fingerprints::<T>::get(fingerprint) {
					Self::deposit_event(Event::DuplicateRejected {
						claim: claim_id,
						item: index,
						provider: claim.provider.clone(),
						patient: claim.patient.clone(),
						earlier_claim,
						earlier_item,
					});
					let reason = ItemReason::DuplicateOf { claim: earlier_claim, item: earlier_item };
					return decided(ItemStatus::Rejected, reason, zero, zero, zero);
				}
				Fingerprints::<T>::insert(fingerprint, (claim_id, index));
			}
			let Some(rule) = plan.terms.covered.iter().find(|c| c.service == item.service) else {
				return decided(ItemStatus::Queued, ItemReason::ServiceNotCovered, zero, zero, zero);
			};
			let eligible = item.amount.min(rule.allowed);
			let copay = plan.terms.copay.mul_ceil(eligible);
			let full = eligible.saturating_sub(copay);
			let benefit = full.min(Self::remaining_limit(&claim.patient, claim.plan, plan, item.service_date));
			let reason = if benefit < full { ItemReason::AnnualLimitReached } else { ItemReason::WithinPlan };
			if !paying {
				return decided(ItemStatus::Approved, reason, eligible, copay, benefit);
			}
			if benefit.is_zero() && !full.is_zero() {
				Self::open_appeal_window(plan, now);
				return decided(ItemStatus::Denied, reason, eligible, copay, zero);
			}
			if Self::pay(claim_id, index, claim.plan, plan, claim, item, benefit).is_err() {
				return decided(ItemStatus::Queued, ItemReason::EscrowInsufficient, eligible, copay, zero);
			}
			decided(ItemStatus::Paid, reason, eligible, copay, benefit)
		}

		/// Pays `benefit` for `item` from the plan's escrow to the provider and counts it towards
		/// the patient's annual limit.
		fn pay(
			claim_id: ClaimId,
			index: u32,
			plan_id: PlanId,
			plan: &mut PlanOf<T>,
			claim: &ClaimOf<T>,
			item: &ClaimItem<BalanceOf<T>>,
			benefit: BalanceOf<T>,
		) -> DispatchResult {
			ensure!(benefit <= Self::available(plan), Error::<T>::EscrowInsufficient);
			if !benefit.is_zero() {
				T::Currency::transfer_on_hold(
					&HoldReason::Escrow.into(),
					&plan.payer,
					&claim.provider,
					benefit,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Polite,
				)?;
			}
			plan.escrow.paid = plan.escrow.paid.saturating_add(benefit);
			BenefitUsed::<T>::mutate(&claim.patient, (plan_id, year_of(item.service_date)), |used| {
				*used = used.saturating_add(benefit)
			});
			Self::deposit_event(Event::BenefitPaid {
				claim: claim_id,
				item: index,
				payer: plan.payer.clone(),
				provider: claim.provider.clone(),
				amount: benefit,
			});
			Ok(())
		}

		/// Lets denials decided at `now` be appealed until the appeal window ends.
		fn open_appeal_window(plan: &mut PlanOf<T>, now: BlockNumberFor<T>) {
			plan.appealable_until = plan.appealable_until.max(now.saturating_add(T::AppealWindow::get()));
		}

		/// Records a decision of the payer or arbitration on a waiting item: `award` pays (or, for
		/// a preauthorization or predetermination, approves) that benefit, `None` denies. Keeps
		/// the plan's open-claim count and appeal horizon.
		fn conclude(
			claim_id: ClaimId,
			claim: &mut ClaimOf<T>,
			index: u32,
			mut current: AdjudicatedItem<BalanceOf<T>, BlockNumberFor<T>>,
			award: Option<BalanceOf<T>>,
			reason: ItemReason,
		) -> DispatchResult {
			let (status, benefit) = match award {
				Some(benefit) => {
					ensure!(benefit <= current.item.amount, Error::<T>::BenefitExceedsAmount);
					let status =
						if claim.claim_use == ClaimUse::Claim { ItemStatus::Paid } else { ItemStatus::Approved };
					(status, benefit)
				},
				None => (ItemStatus::Denied, Zero::zero()),
			};
			let mut plan = Plans::<T>::get(claim.plan).ok_or(Error::<T>::PlanNotFound)?;
			let now = frame_system::Pallet::<T>::block_number();
			if status == ItemStatus::Paid {
				Self::pay(claim_id, index, claim.plan, &mut plan, claim, &current.item, benefit)?;
			}
			current.adjudication = Adjudication { status, reason, benefit, decided_at: now, ..current.adjudication };
			if current.adjudication.is_appealable() {
				Self::open_appeal_window(&mut plan, now);
			}
			Self::store_item(claim, index, current)?;
			claim.outcome = claim.outcome_of_items();
			if !claim.is_waiting() {
				plan.open_claims.saturating_dec();
			}
			Plans::<T>::insert(claim.plan, plan);
			Claims::<T>::insert(claim_id, &*claim);
			Self::deposit_event(Event::ItemAdjudicated {
				claim: claim_id,
				item: index,
				status,
				reason,
				benefit,
				outcome: claim.outcome,
			});
			Ok(())
		}

		/// Nothing can change `claim` any more: no item waits, every denial's appeal window and
		/// every service's filing window is over.
		pub fn is_final(claim: &ClaimOf<T>) -> bool {
			let now = frame_system::Pallet::<T>::block_number();
			let today = Self::today();
			let window = T::AppealWindow::get();
			claim.items.iter().all(|i| {
				let a = &i.adjudication;
				!a.status.is_waiting() &&
					(!a.is_appealable() || now > a.decided_at.saturating_add(window)) &&
					today > i.item.service_date.saturating_add(T::TimelyFilingDays::get())
			})
		}

		/// May `accessor` act on `patient`'s records as the payer of the patient's plan? Only
		/// `access` for `HPAYMT`, to records cited in claims against the payer's plans, while
		/// the payer's credential is active.
		pub fn check(
			accessor: &T::AccountId,
			patient: &T::AccountId,
			target: AccessTarget,
			purpose: PurposeOfUse,
			action: ConsentAction,
		) -> Result<AccessBasis, AccessDenied> {
			let enrollment = Enrollments::<T>::get(patient, accessor).ok_or(AccessDenied::NoBasis)?;
			if purpose != PurposeOfUse::Payment {
				return Err(AccessDenied::PurposeNotPermitted);
			}
			if action != ConsentAction::Access {
				return Err(AccessDenied::ActionNotPermitted);
			}
			let cited = target.record.is_some_and(|record| PayerEvidence::<T>::contains_key(accessor, record));
			if !cited {
				return Err(AccessDenied::RecordNotCovered);
			}
			if !T::Credentials::is_active(accessor, Role::Payer) {
				return Err(AccessDenied::CredentialInactive);
			}
			Ok(AccessBasis::Enrollment(enrollment.plan))
		}

		/// Up to `limit` claims in index `Index` of `who`, after `start_after` (the last id of
		/// the previous page), in storage order.
		fn page<Index>(who: &T::AccountId, start_after: Option<ClaimId>, limit: u32) -> Vec<(ClaimId, ClaimOf<T>)>
		where
			Index: frame_support::storage::IterableStorageDoubleMap<T::AccountId, ClaimId, ()>
				+ frame_support::storage::StorageDoubleMap<T::AccountId, ClaimId, ()>,
		{
			let ids: Vec<ClaimId> = match start_after {
				Some(after) => Index::iter_key_prefix_from(who, Index::hashed_key_for(who, after))
					.take(limit as usize)
					.collect(),
				None => Index::iter_key_prefix(who).take(limit as usize).collect(),
			};
			ids.into_iter().filter_map(|id| Claims::<T>::get(id).map(|c| (id, c))).collect()
		}

		/// `patient`'s claims, up to `limit`, after `start_after`.
		pub fn claims_of_patient(patient: &T::AccountId, start_after: Option<ClaimId>, limit: u32) -> Vec<(ClaimId, ClaimOf<T>)> {
			Self::page::<PatientClaims<T>>(patient, start_after, limit)
		}

		/// `provider`'s claims, up to `limit`, after `start_after`.
		pub fn claims_of_provider(provider: &T::AccountId, start_after: Option<ClaimId>, limit: u32) -> Vec<(ClaimId, ClaimOf<T>)> {
			Self::page::<ProviderClaims<T>>(provider, start_after, limit)
		}

		/// Claims against `payer`'s plans, up to `limit`, after `start_after`.
		pub fn claims_of_payer(payer: &T::AccountId, start_after: Option<ClaimId>, limit: u32) -> Vec<(ClaimId, ClaimOf<T>)> {
			Self::page::<PayerClaims<T>>(payer, start_after, limit)
		}

		/// Checks the pallet's invariants: each payer's escrow hold is its plans' funded − paid −
		/// withdrawn; deposits are held; indices, fingerprints and open-claim counts match the
		/// claims.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::fungible::InspectHold;
			let held = |reason: HoldReason, who: &T::AccountId| T::Currency::balance_on_hold(&reason.into(), who);
			let add = |sums: &mut BTreeMap<T::AccountId, BalanceOf<T>>, who: &T::AccountId, amount: BalanceOf<T>| {
				let sum = sums.entry(who.clone()).or_default();
				*sum = sum.saturating_add(amount);
			};
			let next_plan = NextPlanId::<T>::get();
			let mut escrow = BTreeMap::new();
			let mut plan_deposits = BTreeMap::new();
			let mut open: BTreeMap<PlanId, u32> = BTreeMap::new();
			for (id, plan) in Plans::<T>::iter() {
				ensure!(id < next_plan, "plan id at or past the next id");
				let e = plan.escrow;
				ensure!(e.paid.saturating_add(e.withdrawn) <= e.funded, "escrow paid out more than funded");
				add(&mut escrow, &plan.payer, Self::available(&plan));
				add(&mut plan_deposits, &plan.payer, plan.deposit);
				open.insert(id, 0);
			}
			for (payer, expected) in escrow {
				ensure!(held(HoldReason::Escrow, &payer) == expected, "escrow held differs from funded − paid − withdrawn");
			}
			for (payer, expected) in plan_deposits {
				ensure!(held(HoldReason::PlanDeposit, &payer) == expected, "plan deposits not held");
			}
			let mut enrollment_deposits = BTreeMap::new();
			for (_, payer, enrollment) in Enrollments::<T>::iter() {
				let plan = Plans::<T>::get(enrollment.plan).ok_or("enrollment in a missing plan")?;
				ensure!(plan.payer == payer, "enrollment filed under another payer");
				add(&mut enrollment_deposits, &enrollment.depositor, enrollment.deposit);
			}
			for (who, expected) in enrollment_deposits {
				ensure!(held(HoldReason::EnrollmentDeposit, &who) == expected, "enrollment deposits not held");
			}
			let next_claim = NextClaimId::<T>::get();
			let mut claim_deposits = BTreeMap::new();
			let mut citations: BTreeMap<(T::AccountId, RecordId), u32> = BTreeMap::new();
			let mut count = 0usize;
			for (id, claim) in Claims::<T>::iter() {
				count += 1;
				ensure!(id < next_claim, "claim id at or past the next id");
				ensure!(claim.outcome == claim.outcome_of_items(), "claim outcome differs from its items");
				ensure!(PatientClaims::<T>::contains_key(&claim.patient, id), "claim missing from its patient");
				ensure!(ProviderClaims::<T>::contains_key(&claim.provider, id), "claim missing from its provider");
				ensure!(PayerClaims::<T>::contains_key(&claim.payer, id), "claim missing from its payer");
				let plan = open.get_mut(&claim.plan).ok_or("claim against a missing plan")?;
				if claim.is_waiting() {
					*plan = plan.saturating_add(1);
				}
				add(&mut claim_deposits, &claim.provider, claim.deposit);
				for record in claim.evidence.iter() {
					let n = citations.entry((claim.payer.clone(), *record)).or_default();
					*n = n.saturating_add(1);
				}
			}
			for (id, expected) in open {
				ensure!(Plans::<T>::get(id).map(|p| p.open_claims) == Some(expected), "open claim count wrong");
			}
			for (provider, expected) in claim_deposits {
				ensure!(held(HoldReason::ClaimDeposit, &provider) == expected, "claim deposits not held");
			}
			ensure!(PatientClaims::<T>::iter().count() == count, "a patient index names no claim");
			ensure!(ProviderClaims::<T>::iter().count() == count, "a provider index names no claim");
			ensure!(PayerClaims::<T>::iter().count() == count, "a payer index names no claim");
			for (payer, record, n) in PayerEvidence::<T>::iter() {
				ensure!(citations.remove(&(payer, record)) == Some(n), "evidence citation count wrong");
			}
			ensure!(citations.is_empty(), "cited evidence missing from the payer's index");
			for (fingerprint, (claim, item)) in Fingerprints::<T>::iter() {
				let entry = Claims::<T>::get(claim).ok_or("fingerprint of a missing claim")?;
				let adjudicated = entry.items.get(item as usize).ok_or("fingerprint of a missing item")?;
				ensure!(
					Self::fingerprint(&entry.patient, &entry.provider, &adjudicated.item) == fingerprint,
					"fingerprint names another item"
				);
			}
			Ok(())
		}
	}

	impl<T: Config> AccessPolicy<T::AccountId> for Pallet<T> {
		fn check(
			accessor: &T::AccountId,
			patient: &T::AccountId,
			target: AccessTarget,
			purpose: PurposeOfUse,
			action: ConsentAction,
		) -> Result<AccessBasis, AccessDenied> {
			Pallet::<T>::check(accessor, patient, target, purpose, action)
		}
	}
}

/// Sets up what the benchmarks need and the runtime provides.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` hold an active credential for `role`.
	fn activate(who: &AccountId, role: Role);
	/// Lets `provider` read `patient`'s records for treatment, through the policy's most
	/// expensive grant.
	fn grant_treatment(provider: &AccountId, patient: &AccountId);
	/// Lets `patient`'s records be disclosed to `payer` for payment.
	fn grant_disclosure(payer: &AccountId, patient: &AccountId);
	/// Creates a current record of `patient`; returns its id.
	fn evidence(patient: &AccountId) -> RecordId;
	/// Moves the clock `days` days on.
	fn advance_days(days: u32);
}

sp_api::decl_runtime_apis! {
	/// Plans and claims, for patients, providers, payers and dApps.
	pub trait ClaimsApi<AccountId, Balance, PlanRecord, ClaimRecord>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		PlanRecord: codec::Codec,
		ClaimRecord: codec::Codec,
	{
		/// A plan: its payer, terms, escrow and open claims.
		fn plan(plan: PlanId) -> Option<PlanRecord>;
		/// A claim with its adjudication.
		fn claim(claim: ClaimId) -> Option<ClaimRecord>;
		/// A patient's claims, up to `limit` (at most 100), after `start_after`.
		fn claims_of_patient(patient: AccountId, start_after: Option<ClaimId>, limit: u32) -> Vec<(ClaimId, ClaimRecord)>;
		/// A provider's claims, up to `limit` (at most 100), after `start_after`.
		fn claims_of_provider(provider: AccountId, start_after: Option<ClaimId>, limit: u32) -> Vec<(ClaimId, ClaimRecord)>;
		/// Claims against a payer's plans, up to `limit` (at most 100), after `start_after`.
		fn claims_of_payer(payer: AccountId, start_after: Option<ClaimId>, limit: u32) -> Vec<(ClaimId, ClaimRecord)>;
		/// What is left of a patient's annual limit in a plan for the calendar year of `date`.
		fn remaining_benefit(patient: AccountId, plan: PlanId, date: ServiceDate) -> Balance;
	}
}
