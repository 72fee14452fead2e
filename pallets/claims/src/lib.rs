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
//! codes it covers, each with its allowed amount, a coinsurance percentage and a per-patient annual
//! limit ([`PlanTerms`]). A deposit is held for the plan. The payer funds the plan's escrow with
//! `fund_escrow` (a hold on its own balance): every payment comes from there and nowhere else.
//! It takes unused escrow back with `withdraw_escrow`, but only while no claim against the plan
//! is open: no item waits for a decision or an appeal, and every denial's appeal deadline is
//! over. The payer decides who is paid without asking with `set_provider_rules`
//! ([`ProviderRules`]: a network of organizations and a limit per provider and period); a plan
//! starts with none, so nothing is paid at submission until its payer says so. Plans follow their
//! payer's key rotation ([`CredentialInspect::current_key`]). `retire_plan` stops new
//! enrollments and claims; `remove_plan` returns the deposit once nothing is left.
//!
//! ### Enrollment
//! Membership is both sides' decision: the patient (or guardian) and the plan's payer each call
//! `enroll`, in either order ([`EnrollmentStatus`]); the first holds the deposit. Either side
//! leaves with `disenroll`. One plan per payer and patient. An active enrollment is the patient's
//! `HPAYMT` consent to the payer: this pallet is an [`AccessPolicy`] that lets the payer `access`
//! the records cited as evidence in claims against its plans, for payment, and nothing else
//! (the HIPAA minimum necessary), while its credential is active.
//!
//! ### Claims and adjudication
//! An active practitioner or organization, neither the payer nor of its organization, submits a
//! claim for a patient with an active enrollment with
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
//!   the service. If nothing is left it is **denied** (`AnnualLimitReached`). It is **queued**
//!   instead if the provider is out of the plan's network (`OutOfNetwork`), if paying would take
//!   the provider past its limit for the period (`ProviderLimitReached`), or if the escrow cannot
//!   pay it (`EscrowInsufficient`).
//!
//! Every waiting item has a deadline fixed when it starts waiting: [`Config::DecisionPeriod`]
//! for the payer, [`Config::ArbitrationPeriod`] for an appeal. Past it, anyone may `lapse_item`:
//! a queued item is denied and may be appealed, an appeal keeps its denial for good.
//!
//! A preauthorization or predetermination is adjudicated in the same way but pays nothing,
//! registers no fingerprint and uses none of the annual limit: covered items are **approved**
//! with the benefit the plan would pay. The claim's [`ClaimOutcome`] follows its items.
//!
//! ### Appeals
//! The provider may appeal a denied item with `appeal_item` until its deadline,
//! [`Config::AppealWindow`] blocks after the denial. [`Config::ArbitrationOrigin`] (the
//! consortium's arbitration track) decides with `decide_appeal`: an award is paid from escrow and
//! counts towards the annual limit; no award upholds the denial.
//!
//! ### Archiving
//! Claims stay on chain, with their fingerprints, until nothing can happen to them any more:
//! no item waits, every appeal deadline is over and every service date is older than
//! [`Config::MaxTimelyFilingDays`] (so a resubmission would be refused as late, whatever the
//! filing window then). Then anyone may `archive_claim`, which removes it and returns the
//! provider's deposit. A patient's count of benefit for a year goes with `clear_benefit_count`
//! once no claim can add to it.
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
//! | `set_provider_rules` | the plan's payer | O(N), N the network's size |
//! | `lapse_item` | anyone, once the item's deadline passed | O(I) |
//! | `retire_plan`, `remove_plan` | the plan's payer | O(1) |
//! | `clear_benefit_count` | anyone, once no claim can add to the count | O(1) |

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
	CredentialInspect, OrganizationId, PlanId, PurposeOfUse, RecordId, RecordInspect, RecordStatus, RecordType, Role,
};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use polkadot_sdk::{
	frame_support::{self, BoundedVec},
	frame_system, sp_api,
	sp_core::H256,
	sp_runtime,
};

mod adjudication;
pub mod migrations;
mod types;
pub use types::*;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{One, Saturating, Zero};

	pub(crate) type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A plan's covered services.
	pub type CoveredOf<T> = BoundedVec<CoveredService<BalanceOf<T>>, <T as Config>::MaxCoveredServices>;
	/// A plan's terms.
	pub type PlanTermsOf<T> = PlanTerms<BalanceOf<T>, CoveredOf<T>>;
	/// The organizations of a plan's network.
	pub type NetworkOf<T> = BoundedVec<OrganizationId, <T as Config>::MaxNetwork>;
	/// A plan's rules for paying providers at submission.
	pub type ProviderRulesOf<T> = ProviderRules<BalanceOf<T>, BlockNumberFor<T>, NetworkOf<T>>;
	/// A plan as stored.
	pub type PlanOf<T> =
		Plan<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>, CoveredOf<T>, NetworkOf<T>>;
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

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency of escrow, payments and deposits.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason> + Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason> + codec::Encode;

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

		/// How many days after the service a claim may be filed. Read at most as
		/// [`Config::MaxTimelyFilingDays`].
		#[pallet::constant]
		type TimelyFilingDays: Get<u32>;

		/// The longest filing window governance may set. A claim stays on chain, with its
		/// fingerprints, until its services are this old, so a wider window later cannot let a
		/// paid service be claimed again.
		#[pallet::constant]
		type MaxTimelyFilingDays: Get<u32>;

		/// How long the payer has to decide a queued item, in blocks; then it is denied and the
		/// provider may appeal.
		#[pallet::constant]
		type DecisionPeriod: Get<BlockNumberFor<Self>>;

		/// How long arbitration has to decide an appeal, in blocks; then the denial stands.
		#[pallet::constant]
		type ArbitrationPeriod: Get<BlockNumberFor<Self>>;

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

		/// The most organizations in a plan's network.
		#[pallet::constant]
		type MaxNetwork: Get<u32>;

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

	/// What each provider with claims on chain against a plan was paid at submission in the
	/// current period. Paid for by those claims' deposits: it goes with the last of them.
	#[pallet::storage]
	pub type ProviderUsageOf<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		PlanId,
		Blake2_128Concat,
		T::AccountId,
		ProviderUsage<BalanceOf<T>, BlockNumberFor<T>>,
		OptionQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A payer published a plan.
		PlanPublished { plan: PlanId, payer: T::AccountId, covered: u32 },
		/// A payer put funds into a plan's escrow.
		EscrowFunded { plan: PlanId, payer: T::AccountId, amount: BalanceOf<T> },
		/// A payer took unused funds out of a plan's escrow.
		EscrowWithdrawn { plan: PlanId, payer: T::AccountId, amount: BalanceOf<T> },
		/// One side asked for an enrollment; it waits for the other (`status`).
		EnrollmentRequested {
			plan: PlanId,
			payer: T::AccountId,
			patient: T::AccountId,
			by: T::AccountId,
			status: EnrollmentStatus,
		},
		/// Patient and payer both agreed: the enrollment is active, claims may be filed and the
		/// payer may read cited evidence for payment (`HPAYMT`).
		Enrolled { plan: PlanId, payer: T::AccountId, patient: T::AccountId, by: T::AccountId },
		/// The payer set who is paid at submission, and how much.
		ProviderRulesSet { plan: PlanId, network: u32, period: BlockNumberFor<T>, per_provider_limit: BalanceOf<T> },
		/// The payer retired a plan: no new enrollment or claim.
		PlanRetired { plan: PlanId },
		/// A retired plan with nothing left on chain was removed and its deposit returned.
		PlanRemoved { plan: PlanId, payer: T::AccountId },
		/// A patient's count of benefit paid in a year, which no claim can add to any more, was
		/// removed.
		BenefitCountCleared { patient: T::AccountId, plan: PlanId, year: u32 },
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
		/// The enrollment still waits for the payer's or the patient's agreement.
		EnrollmentNotActive,
		/// This side already agreed to the enrollment.
		AlreadyAgreed,
		/// The provider is the payer, shares the payer's organization, or is the patient's
		/// payer: it may not be paid from this plan's escrow.
		SelfDealing,
		/// The plan is retired.
		PlanRetired,
		/// Only a retired plan can be removed.
		PlanNotRetired,
		/// The plan still has claims on chain, a denial that may be appealed, or escrow.
		PlanInUse,
		/// A network names an organization that is not registered.
		UnknownOrganization,
		/// A limit period must be at least one block.
		ZeroPeriod,
		/// The item is neither queued nor appealed.
		ItemNotWaiting,
		/// The item's deadline has not passed.
		DeadlineNotReached,
		/// No benefit was counted for this patient, plan and year.
		NoBenefitCount,
		/// A claim for a service of that year can still be filed.
		BenefitCountInUse,
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
		/// Publishes a plan with `terms`; holds the plan deposit. Nobody is paid at submission
		/// until the payer sets the plan's network with `set_provider_rules`.
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
					rules: ProviderRules::default(),
					claims: 0,
					retired: false,
				},
			);
			NextPlanId::<T>::put(next);
			Self::deposit_event(Event::PlanPublished { plan: id, payer, covered });
			Ok(())
		}

		/// Puts `amount` into `plan`'s escrow. It is held on the plan's payer account; a payer
		/// who rotated keys funds it from the current key.
		///
		/// Origin: the plan's payer (its current key). Emits `EscrowFunded`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::fund_escrow())]
		pub fn fund_escrow(origin: OriginFor<T>, plan: PlanId, amount: BalanceOf<T>) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut entry = Self::plan_of_payer(plan, &caller)?;
			if caller == entry.payer {
				T::Currency::hold(&HoldReason::Escrow.into(), &caller, amount)?;
			} else {
				T::Currency::transfer_and_hold(
					&HoldReason::Escrow.into(),
					&caller,
					&entry.payer,
					amount,
					Precision::Exact,
					Preservation::Preserve,
					Fortitude::Polite,
				)?;
			}
			entry.escrow.funded = entry.escrow.funded.saturating_add(amount);
			Plans::<T>::insert(plan, entry);
			Self::deposit_event(Event::EscrowFunded { plan, payer: caller, amount });
			Ok(())
		}

		/// Takes `amount` of unused escrow back from `plan`, to the caller, when no claim against
		/// it is open.
		///
		/// Origin: the plan's payer (its current key). Emits `EscrowWithdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_escrow())]
		pub fn withdraw_escrow(origin: OriginFor<T>, plan: PlanId, amount: BalanceOf<T>) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut entry = Self::plan_of_payer(plan, &caller)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(entry.open_claims == 0 && now > entry.appealable_until, Error::<T>::ClaimsOpen);
			ensure!(amount <= Self::available(&entry), Error::<T>::EscrowInsufficient);
			Self::pay_out(HoldReason::Escrow, &entry.payer, &caller, amount, Precision::Exact)?;
			entry.escrow.withdrawn = entry.escrow.withdrawn.saturating_add(amount);
			Plans::<T>::insert(plan, entry);
			Self::deposit_event(Event::EscrowWithdrawn { plan, payer: caller, amount });
			Ok(())
		}

		/// Asks for, or agrees to, `patient`'s enrollment in `plan`. Membership is both sides'
		/// decision: the patient (or guardian) and the plan's payer each call this, in either
		/// order. The first call holds the enrollment deposit from its caller and emits
		/// `EnrollmentRequested`; the second makes it active (`Enrolled`). Only an active
		/// enrollment is the patient's `HPAYMT` consent to the payer and can be claimed against.
		///
		/// Origin: the patient, the patient's guardian, or the plan's payer (its current key,
		/// with an active `Payer` credential).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::enroll().saturating_add(Pallet::<T>::representation_weight()))]
		pub fn enroll(origin: OriginFor<T>, plan: PlanId, patient: T::AccountId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			let entry = Plans::<T>::get(plan).ok_or(Error::<T>::PlanNotFound)?;
			ensure!(!entry.retired, Error::<T>::PlanRetired);
			let payer = entry.payer.clone();
			let side = if Self::is_payer_key(&by, &entry) {
				ensure!(T::Credentials::is_active(&by, Role::Payer), Error::<T>::NotPayer);
				ensure!(by != patient, Error::<T>::SelfDealing);
				EnrollmentStatus::AwaitingPatient
			} else {
				ensure!(Self::represents(&by, &patient), Error::<T>::NotPatientOrGuardian);
				EnrollmentStatus::AwaitingPayer
			};
			match Enrollments::<T>::get(&patient, &payer) {
				Some(mut enrollment) => {
					ensure!(enrollment.plan == plan, Error::<T>::AlreadyEnrolled);
					// The other side asked: this call is the agreement that was missing.
					ensure!(
						enrollment.status != EnrollmentStatus::Active && enrollment.status != side,
						Error::<T>::AlreadyAgreed
					);
					enrollment.status = EnrollmentStatus::Active;
					Enrollments::<T>::insert(&patient, &payer, enrollment);
					Self::deposit_event(Event::Enrolled { plan, payer, patient, by });
				},
				None => {
					let deposit = T::EnrollmentDeposit::get();
					Self::hold(HoldReason::EnrollmentDeposit, &by, deposit)?;
					let enrolled_at = frame_system::Pallet::<T>::block_number();
					let enrollment =
						Enrollment { plan, enrolled_at, depositor: by.clone(), deposit, status: side };
					Enrollments::<T>::insert(&patient, &payer, enrollment);
					Self::deposit_event(Event::EnrollmentRequested { plan, payer, patient, by, status: side });
				},
			}
			Ok(())
		}

		/// Ends `patient`'s enrollment with `payer`, or withdraws the request, and returns the
		/// deposit to whoever paid it. Claims already submitted go on; new ones are refused.
		///
		/// Origin: the patient, the patient's guardian or the payer (its current key); anyone
		/// once the plan was removed.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::disenroll().saturating_add(Pallet::<T>::representation_weight()))]
		pub fn disenroll(origin: OriginFor<T>, patient: T::AccountId, payer: T::AccountId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			let enrollment = Enrollments::<T>::get(&patient, &payer).ok_or(Error::<T>::NotEnrolled)?;
			let allowed = match Plans::<T>::get(enrollment.plan) {
				Some(plan) => Self::is_payer_key(&by, &plan) || Self::represents(&by, &patient),
				None => true,
			};
			ensure!(allowed, Error::<T>::NotPatientOrGuardian);
			Enrollments::<T>::remove(&patient, &payer);
			Self::release(HoldReason::EnrollmentDeposit, &enrollment.depositor, enrollment.deposit);
			Self::deposit_event(Event::Disenrolled { plan: enrollment.plan, payer, patient, by });
			Ok(())
		}

		/// Submits a claim against `plan` for `patient`'s `items`, citing `evidence`, and
		/// adjudicates every item at once (see the crate docs). Holds the claim deposit.
		///
		/// Origin: an active practitioner or organization with `TREAT` access to every evidence
		/// record, who is neither the payer nor of the payer's organization. Emits
		/// `ClaimSubmitted`, then per item `ItemAdjudicated`, and `BenefitPaid` or
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
			let organization = Self::provider_organization(&provider).ok_or(Error::<T>::NotProvider)?;
			ensure!(provider != patient, Error::<T>::ProviderIsPatient);
			let mut entry = Plans::<T>::get(plan).ok_or(Error::<T>::PlanNotFound)?;
			ensure!(!entry.retired, Error::<T>::PlanRetired);
			ensure!(!Self::is_self_dealing(&provider, organization, &patient, &entry), Error::<T>::SelfDealing);
			let enrollment = Enrollments::<T>::get(&patient, &entry.payer)
				.filter(|e| e.plan == plan)
				.ok_or(Error::<T>::NotEnrolled)?;
			ensure!(enrollment.status == EnrollmentStatus::Active, Error::<T>::EnrollmentNotActive);
			ensure!(!items.is_empty(), Error::<T>::NoItems);
			ensure!(!evidence.is_empty(), Error::<T>::NoEvidence);
			ensure!(all_distinct(&evidence), Error::<T>::Duplicate);
			let today = Self::today();
			let filing_days = Self::filing_days();
			for item in items.iter() {
				ensure!(item.service_date <= today, Error::<T>::ServiceDateInFuture);
				ensure!(today.saturating_sub(item.service_date) <= filing_days, Error::<T>::FilingWindowPassed);
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
			let mut usage = Self::usage_now(plan, &provider, &entry, now);
			let in_network = entry.rules.network.contains(&organization);
			let mut decisions = Vec::with_capacity(items.len());
			for (index, item) in items.into_iter().enumerate() {
				let index = index as u32;
				let adjudication = Self::adjudicate(id, index, &mut entry, &claim, &item, in_network, &mut usage, now);
				decisions.push((index, adjudication));
				// Bounded by `MaxItems` like `items`.
				let _ = claim.items.try_push(AdjudicatedItem { item, adjudication });
			}
			usage.claims.saturating_inc();
			ProviderUsageOf::<T>::insert(plan, &provider, usage);
			entry.claims.saturating_inc();
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
		/// Origin: the plan's payer (its current key), with an active `Payer` credential. Emits
		/// `ItemAdjudicated`, and `BenefitPaid` when paid.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::decide_item())]
		pub fn decide_item(
			origin: OriginFor<T>,
			claim: ClaimId,
			item: u32,
			decision: PayerDecision<BalanceOf<T>>,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let mut entry = Claims::<T>::get(claim).ok_or(Error::<T>::ClaimNotFound)?;
			ensure!(Self::payer_key(&entry.payer) == caller, Error::<T>::NotPlanPayer);
			ensure!(T::Credentials::is_active(&caller, Role::Payer), Error::<T>::NotPayer);
			let current = Self::item_of(&entry, item)?;
			ensure!(current.adjudication.status == ItemStatus::Queued, Error::<T>::ItemNotQueued);
			let (award, reason) = match decision {
				PayerDecision::Approve { benefit } => (Some(benefit), ItemReason::PayerApproved),
				PayerDecision::Deny => (None, ItemReason::PayerDenied),
			};
			Self::conclude(claim, &mut entry, item, current, award, reason)
		}

		/// Appeals denied item `item` of `claim`, by the denial's deadline. Arbitration then
		/// has [`Config::ArbitrationPeriod`] to decide.
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
			ensure!(now <= current.adjudication.deadline, Error::<T>::AppealWindowOver);
			let was_waiting = entry.is_waiting();
			current.adjudication.status = ItemStatus::Appealed;
			current.adjudication.decided_at = now;
			current.adjudication.deadline = now.saturating_add(T::ArbitrationPeriod::get());
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
			ProviderUsageOf::<T>::mutate_exists(entry.plan, &entry.provider, |usage| {
				if let Some(u) = usage {
					u.claims.saturating_dec();
					if u.claims == 0 {
						*usage = None;
					}
				}
			});
			Plans::<T>::mutate(entry.plan, |plan| {
				if let Some(plan) = plan {
					plan.claims.saturating_dec();
				}
			});
			Claims::<T>::remove(claim);
			PatientClaims::<T>::remove(&entry.patient, claim);
			ProviderClaims::<T>::remove(&entry.provider, claim);
			PayerClaims::<T>::remove(&entry.payer, claim);
			Self::release(HoldReason::ClaimDeposit, &entry.provider, entry.deposit);
			Self::deposit_event(Event::ClaimArchived { claim, provider: entry.provider, by });
			Ok(())
		}

		/// Sets which providers `plan` pays at submission and how much: the organizations of its
		/// network, and the most one provider is paid per period. Items outside these rules are
		/// queued for the payer. Applies to claims submitted afterwards.
		///
		/// Origin: the plan's payer (its current key). Emits `ProviderRulesSet`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_provider_rules(rules.network.len() as u32))]
		pub fn set_provider_rules(origin: OriginFor<T>, plan: PlanId, rules: ProviderRulesOf<T>) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let mut entry = Self::plan_of_payer(plan, &caller)?;
			ensure!(!rules.period.is_zero(), Error::<T>::ZeroPeriod);
			ensure!(all_distinct(&rules.network), Error::<T>::Duplicate);
			ensure!(
				rules.network.iter().all(|o| T::Credentials::organization_exists(*o)),
				Error::<T>::UnknownOrganization
			);
			Self::deposit_event(Event::ProviderRulesSet {
				plan,
				network: rules.network.len() as u32,
				period: rules.period,
				per_provider_limit: rules.per_provider_limit,
			});
			entry.rules = rules;
			Plans::<T>::insert(plan, entry);
			Ok(())
		}

		/// Settles a waiting item whose deadline passed: a queued item the payer did not decide
		/// is denied (`PayerDidNotDecide`) and may be appealed; an appeal arbitration did not
		/// decide keeps its denial for good (`ArbitrationDidNotDecide`). So no claim waits, and
		/// no escrow stays locked, for ever.
		///
		/// Origin: signed, anyone. Emits `ItemAdjudicated`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::lapse_item())]
		pub fn lapse_item(origin: OriginFor<T>, claim: ClaimId, item: u32) -> DispatchResult {
			ensure_signed(origin)?;
			let mut entry = Claims::<T>::get(claim).ok_or(Error::<T>::ClaimNotFound)?;
			let current = Self::item_of(&entry, item)?;
			let reason = match current.adjudication.status {
				ItemStatus::Queued => ItemReason::PayerDidNotDecide,
				ItemStatus::Appealed => ItemReason::ArbitrationDidNotDecide,
				_ => return Err(Error::<T>::ItemNotWaiting.into()),
			};
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now > current.adjudication.deadline, Error::<T>::DeadlineNotReached);
			Self::conclude(claim, &mut entry, item, current, None, reason)
		}

		/// Retires `plan`: it takes no new enrollment or claim. Claims on chain go on.
		///
		/// Origin: the plan's payer (its current key). Emits `PlanRetired`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::retire_plan())]
		pub fn retire_plan(origin: OriginFor<T>, plan: PlanId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let mut entry = Self::plan_of_payer(plan, &caller)?;
			ensure!(!entry.retired, Error::<T>::PlanRetired);
			entry.retired = true;
			Plans::<T>::insert(plan, entry);
			Self::deposit_event(Event::PlanRetired { plan });
			Ok(())
		}

		/// Removes a retired plan that has nothing left on chain (no claim, no appealable
		/// denial, no escrow) and returns its deposit to the caller. Its enrollments may then be
		/// ended by anyone, returning their deposits.
		///
		/// Origin: the plan's payer (its current key). Emits `PlanRemoved`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::remove_plan())]
		pub fn remove_plan(origin: OriginFor<T>, plan: PlanId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let entry = Self::plan_of_payer(plan, &caller)?;
			ensure!(entry.retired, Error::<T>::PlanNotRetired);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				entry.claims == 0 && now > entry.appealable_until && Self::available(&entry).is_zero(),
				Error::<T>::PlanInUse
			);
			Self::pay_out(HoldReason::PlanDeposit, &entry.payer, &caller, entry.deposit, Precision::BestEffort)?;
			Plans::<T>::remove(plan);
			Self::deposit_event(Event::PlanRemoved { plan, payer: caller });
			Ok(())
		}

		/// Removes `patient`'s count of benefit paid by `plan` for calendar year `year`, once no
		/// claim for a service of that year can be filed any more (every such service is older
		/// than [`Config::MaxTimelyFilingDays`]), so the count outlives its claims by no more.
		///
		/// Origin: signed, anyone. Emits `BenefitCountCleared`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::clear_benefit_count())]
		pub fn clear_benefit_count(origin: OriginFor<T>, patient: T::AccountId, plan: PlanId, year: u32) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(BenefitUsed::<T>::contains_key(&patient, (plan, year)), Error::<T>::NoBenefitCount);
			// The oldest service that may still be filed today; its year and later ones count.
			let oldest_filable = Self::today().saturating_sub(T::MaxTimelyFilingDays::get());
			ensure!(year < year_of(oldest_filable), Error::<T>::BenefitCountInUse);
			BenefitUsed::<T>::remove(&patient, (plan, year));
			Self::deposit_event(Event::BenefitCountCleared { patient, plan, year });
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

		/// What asking [`Config::AccessPolicy`] whether a caller speaks for a patient can cost,
		/// from the policy's members. Calls that anyone may try for a patient (`enroll`,
		/// `disenroll`) charge it on top of their benchmark, which ran with the patient as caller.
		pub fn representation_weight() -> Weight {
			caduceus_primitives::represents_weight::<T::AccountId, T::AccessPolicy>()
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

		/// Moves `amount` held under `reason` on `holder` to `to`'s free balance: a release when
		/// they are the same account.
		fn pay_out(
			reason: HoldReason,
			holder: &T::AccountId,
			to: &T::AccountId,
			amount: BalanceOf<T>,
			precision: Precision,
		) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			if holder == to {
				T::Currency::release(&reason.into(), holder, amount, precision)?;
			} else {
				T::Currency::transfer_on_hold(
					&reason.into(),
					holder,
					to,
					amount,
					precision,
					Restriction::Free,
					Fortitude::Polite,
				)?;
			}
			Ok(())
		}

		/// The key that acts for `payer` now: `payer`, or the key its credentials were rotated
		/// to. Plans follow their payer's key rotation; the old key loses them.
		pub fn payer_key(payer: &T::AccountId) -> T::AccountId {
			T::Credentials::current_key(payer).unwrap_or_else(|| payer.clone())
		}

		fn is_payer_key(who: &T::AccountId, plan: &PlanOf<T>) -> bool {
			Self::payer_key(&plan.payer) == *who
		}

		/// `plan` if `caller` acts for its payer.
		fn plan_of_payer(plan: PlanId, caller: &T::AccountId) -> Result<PlanOf<T>, DispatchError> {
			let entry = Plans::<T>::get(plan).ok_or(Error::<T>::PlanNotFound)?;
			ensure!(Self::is_payer_key(caller, &entry), Error::<T>::NotPlanPayer);
			Ok(entry)
		}

		/// The organization `who` provides care for: of its active practitioner credential, or
		/// else of its active organization credential.
		fn provider_organization(who: &T::AccountId) -> Option<OrganizationId> {
			[Role::Practitioner, Role::Organization]
				.into_iter()
				.filter_map(|role| T::Credentials::affiliation(who, role))
				.find(|a| a.active)
				.map(|a| a.organization)
		}

		/// A provider paid from `plan`'s escrow must be someone other than its payer: not the
		/// payer's key or the patient's, and not of the payer's organization. Otherwise the
		/// payer could move escrow to itself around the withdrawal lock.
		fn is_self_dealing(
			provider: &T::AccountId,
			organization: OrganizationId,
			patient: &T::AccountId,
			plan: &PlanOf<T>,
		) -> bool {
			let payer_key = Self::payer_key(&plan.payer);
			*provider == plan.payer ||
				*provider == payer_key ||
				*patient == plan.payer ||
				*patient == payer_key ||
				T::Credentials::affiliation(&payer_key, Role::Payer).is_some_and(|a| a.organization == organization)
		}

		/// The filing window in force: governance's value, never past the longest allowed.
		fn filing_days() -> u32 {
			T::TimelyFilingDays::get().min(T::MaxTimelyFilingDays::get())
		}

		/// `provider`'s usage of `plan` with its period rolled forward to the one `now` is in.
		fn usage_now(
			plan_id: PlanId,
			provider: &T::AccountId,
			plan: &PlanOf<T>,
			now: BlockNumberFor<T>,
		) -> ProviderUsage<BalanceOf<T>, BlockNumberFor<T>> {
			let mut usage = ProviderUsageOf::<T>::get(plan_id, provider).unwrap_or_default();
			let period = plan.rules.period.max(One::one());
			if usage.claims == 0 || now >= usage.period_start.saturating_add(period) {
				usage.period_start = now.saturating_sub(now % period);
				usage.paid = Zero::zero();
			}
			usage
		}

		pub(crate) fn item_of(
			claim: &ClaimOf<T>,
			item: u32,
		) -> Result<AdjudicatedItem<BalanceOf<T>, BlockNumberFor<T>>, DispatchError> {
			claim.items.get(item as usize).copied().ok_or_else(|| Error::<T>::ItemNotFound.into())
		}

		pub(crate) fn store_item(
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

		/// May `accessor` act on `patient`'s records as the payer of the patient's plan? Only
		/// `access` for `HPAYMT`, to records cited in claims against the payer's plans, while
		/// the payer's credential is active. Any other action or purpose has no basis here,
		/// answered before any read.
		pub fn check(
			accessor: &T::AccountId,
			patient: &T::AccountId,
			target: AccessTarget,
			purpose: PurposeOfUse,
			action: ConsentAction,
		) -> Result<AccessBasis, AccessDenied> {
			// Before any read, so that creating, amending or reading for another purpose pays
			// nothing for this leg (see `check_weight`).
			if !Self::answers(action, purpose) {
				return Err(AccessDenied::NoBasis);
			}
			let enrollment = Enrollments::<T>::get(patient, accessor)
				.filter(|e| e.status == EnrollmentStatus::Active)
				.ok_or(AccessDenied::NoBasis)?;
			let cited = target.record.is_some_and(|record| PayerEvidence::<T>::contains_key(accessor, record));
			if !cited {
				return Err(AccessDenied::RecordNotCovered);
			}
			if !T::Credentials::is_active(accessor, Role::Payer) {
				return Err(AccessDenied::CredentialInactive);
			}
			Ok(AccessBasis::Enrollment(enrollment.plan))
		}

		/// An enrollment grants only `access` for HPAYMT.
		fn answers(action: ConsentAction, purpose: PurposeOfUse) -> bool {
			action == ConsentAction::Access && purpose == PurposeOfUse::Payment
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

		/// What storage says each account owes under this pallet's hold reasons: a payer its
		/// plans' escrow (funded − paid − withdrawn) and deposits, an enrollment's depositor its
		/// deposit, a provider its claims' deposits.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn owed_holds() -> caduceus_primitives::HoldLedger<T::AccountId, T::RuntimeHoldReason, BalanceOf<T>> {
			let mut ledger = caduceus_primitives::HoldLedger::new();
			for (_, plan) in Plans::<T>::iter() {
				ledger.owe(&plan.payer, HoldReason::Escrow, Self::available(&plan));
				ledger.owe_deposit(&plan.payer, HoldReason::PlanDeposit, plan.deposit);
			}
			for (_, _, enrollment) in Enrollments::<T>::iter() {
				ledger.owe_deposit(&enrollment.depositor, HoldReason::EnrollmentDeposit, enrollment.deposit);
			}
			for (_, claim) in Claims::<T>::iter() {
				ledger.owe_deposit(&claim.provider, HoldReason::ClaimDeposit, claim.deposit);
			}
			ledger
		}

		/// Checks the pallet's invariants: each payer's escrow hold is its plans' funded − paid −
		/// withdrawn; deposits are held; indices, fingerprints and open-claim counts match the
		/// claims.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::fungible::InspectHold;
			Self::owed_holds().check_held(|reason, who| T::Currency::balance_on_hold(reason, who))?;
			let next_plan = NextPlanId::<T>::get();
			let mut open: BTreeMap<PlanId, u32> = BTreeMap::new();
			let mut on_chain: BTreeMap<PlanId, u32> = BTreeMap::new();
			let mut per_provider: BTreeMap<(PlanId, T::AccountId), u32> = BTreeMap::new();
			for (id, plan) in Plans::<T>::iter() {
				ensure!(id < next_plan, "plan id at or past the next id");
				let e = plan.escrow;
				ensure!(e.paid.saturating_add(e.withdrawn) <= e.funded, "escrow paid out more than funded");
				ensure!(!plan.rules.period.is_zero(), "plan with a zero limit period");
				open.insert(id, 0);
				on_chain.insert(id, 0);
			}
			for (_, payer, enrollment) in Enrollments::<T>::iter() {
				// A removed plan's enrollments wait for anyone to end them.
				if let Some(plan) = Plans::<T>::get(enrollment.plan) {
					ensure!(plan.payer == payer, "enrollment filed under another payer");
				}
			}
			let next_claim = NextClaimId::<T>::get();
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
				*on_chain.entry(claim.plan).or_default() += 1;
				*per_provider.entry((claim.plan, claim.provider.clone())).or_default() += 1;
				for record in claim.evidence.iter() {
					let n = citations.entry((claim.payer.clone(), *record)).or_default();
					*n = n.saturating_add(1);
				}
			}
			for (id, expected) in open {
				ensure!(Plans::<T>::get(id).map(|p| p.open_claims) == Some(expected), "open claim count wrong");
			}
			for (id, expected) in on_chain {
				ensure!(Plans::<T>::get(id).map(|p| p.claims) == Some(expected), "plan claim count wrong");
			}
			// A provider's usage entry lives exactly as long as its claims against the plan.
			for (plan, provider, usage) in ProviderUsageOf::<T>::iter() {
				ensure!(
					per_provider.remove(&(plan, provider)) == Some(usage.claims),
					"provider usage names a wrong claim count"
				);
			}
			ensure!(per_provider.is_empty(), "a provider's claims have no usage entry");
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

		/// An enrollment answers only HPAYMT reads; any other request reads nothing.
		fn check_weight(action: ConsentAction, purpose: PurposeOfUse) -> Weight {
			if Self::answers(action, purpose) {
				T::WeightInfo::check_access()
			} else {
				Weight::zero()
			}
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
