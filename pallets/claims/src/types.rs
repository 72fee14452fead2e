//! The claims pallet's types: plans and their rules, enrollments, claims and their adjudication
//! (FHIR `Coverage`, `Claim` and `ClaimResponse`).

use crate::{ClaimId, ClaimOutcome, ClaimUse, PlanId};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_runtime::Percent;
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
	/// Coinsurance: the share of the eligible amount the patient pays (FHIR adjudication
	/// category `eligpercent` gives its complement). Each item's amount of it is the item's
	/// `copay` (FHIR category `copay`, the patient's share).
	pub coinsurance: Percent,
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

/// Which providers a plan pays at submission, and how much: what a payer decides before it
/// lets the chain pay without asking. Anything outside these rules waits for the payer.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ProviderRules<Balance, BlockNumber, Network> {
	/// The organizations whose practitioners and organization accounts are in network. Empty:
	/// nobody is paid without the payer's decision.
	pub network: Network,
	/// The length of a limit period, in blocks (at least one).
	pub period: BlockNumber,
	/// The most one provider is paid at submission per period; the rest waits for the payer.
	pub per_provider_limit: Balance,
}

impl<Balance: Default, BlockNumber: From<u8>, Network: Default> Default for ProviderRules<Balance, BlockNumber, Network> {
	fn default() -> Self {
		Self { network: Network::default(), period: BlockNumber::from(1), per_provider_limit: Balance::default() }
	}
}

/// What one provider was paid at submission in the current period of a plan, and how many of
/// its claims against the plan are on chain (the entry goes with the last of them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ProviderUsage<Balance, BlockNumber> {
	/// The first block of the period `paid` counts.
	pub period_start: BlockNumber,
	/// Paid at submission in that period.
	pub paid: Balance,
	/// The provider's claims against the plan on chain.
	pub claims: u32,
}

/// A health plan.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Plan<AccountId, Balance, BlockNumber, Covered, Network> {
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
	/// Who is paid at submission, and how much.
	pub rules: ProviderRules<Balance, BlockNumber, Network>,
	/// Claims against it on chain (not archived).
	pub claims: u32,
	/// True once the payer retired it: no new enrollment or claim.
	pub retired: bool,
}

/// Whose agreement an enrollment still needs. It is the payer's decision as well as the
/// patient's: only an active enrollment can be claimed against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum EnrollmentStatus {
	/// The patient (or guardian) asked; the payer has not accepted.
	#[codec(index = 0)]
	AwaitingPayer,
	/// The payer offered; the patient (or guardian) has not accepted.
	#[codec(index = 1)]
	AwaitingPatient,
	/// Both agreed.
	#[codec(index = 2)]
	Active,
}

/// A patient's enrollment in a payer's plan.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Enrollment<AccountId, Balance, BlockNumber> {
	/// The plan.
	pub plan: PlanId,
	/// When it was asked for.
	pub enrolled_at: BlockNumber,
	/// Who paid the deposit: whoever asked first (the patient, the guardian or the payer).
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
	/// Whose agreement it still needs.
	pub status: EnrollmentStatus,
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
	/// True for a denial the provider may still appeal (until its deadline): any denial but
	/// one that arbitration upheld or let lapse.
	pub fn is_appealable(&self) -> bool {
		self.status == ItemStatus::Denied &&
			!matches!(self.reason, ItemReason::AppealDenied | ItemReason::ArbitrationDidNotDecide)
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
	/// The provider's organization is not in the plan's network: the payer decides.
	#[codec(index = 9)]
	OutOfNetwork,
	/// Paying it would take the provider past the plan's limit for the period: the payer
	/// decides.
	#[codec(index = 10)]
	ProviderLimitReached,
	/// The payer did not decide by the deadline: denied, and the provider may appeal.
	#[codec(index = 11)]
	PayerDidNotDecide,
	/// Arbitration did not decide the appeal by the deadline: the denial stands, for good.
	#[codec(index = 12)]
	ArbitrationDidNotDecide,
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
	/// The block of the latest decision (of submission while queued, of the appeal while
	/// appealed).
	pub decided_at: BlockNumber,
	/// Queued: the payer's last block to decide. Denied: the last block to appeal. Appealed:
	/// arbitration's last block to decide. Fixed when the state is entered, so later policy
	/// changes do not move it.
	pub deadline: BlockNumber,
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

	/// The outcome its items add up to, with FHIR remittance-outcome's meanings: `error` once
	/// any item was rejected (its reason is the `ClaimResponse.error`; other items may still be
	/// paid or wait), else `queued` while every item waits, `complete` once none does, and
	/// `partial` in between.
	pub fn outcome_of_items(&self) -> ClaimOutcome {
		let count = |f: fn(&ItemStatus) -> bool| self.items.iter().filter(|i| f(&i.adjudication.status)).count();
		let waiting = count(ItemStatus::is_waiting);
		let rejected = count(|s| *s == ItemStatus::Rejected);
		if rejected > 0 {
			ClaimOutcome::Error
		} else if waiting == 0 {
			ClaimOutcome::Complete
		} else if waiting == self.items.len() {
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

