//! # Consent pallet
//!
//! Patient-controlled, purpose-bound, expiring access to health records: the chain's
//! [`AccessPolicy`] for everything except emergencies.
//!
//! - [`Config`]
//! - [`Call`]
//!
//! ## Overview
//!
//! ### Consents
//! A consent is one FHIR `Consent.provision` of a patient: a [`ProvisionType`] (permit or deny),
//! a [`Grantee`], a [`ConsentScope`] (all records, some record types, or named record versions),
//! the purposes of use and actions it covers, and an optional first and last block in force.
//! The patient, or the patient's guardian, records it with `record_consent`; a deposit is held
//! from whoever signs, and returned when the consent is removed.
//!
//! - **Grantees.** A permit names an account or a whole organization registered in
//!   pallet-credentials. An organization grant covers every account that holds an *active*
//!   credential of that organization, in a role that acts for the purpose of use (see
//!   [`acting_roles`]). A deny may also name [`Grantee::Everyone`].
//! - **Deny overrides permit.** If an in-force deny covers a request, it is refused whatever
//!   permits exist (FHIR `provision.type = deny`), here and in every other policy of the
//!   runtime's composition except break-glass emergency access
//!   (see [`AccessPolicy`](caduceus_primitives::AccessPolicy)).
//! - **Purposes nest.** A deny of a purpose also covers its specialisations in HL7
//!   v3-ActReason ([`PurposeOfUse::is_a`]): a deny of `TREAT` covers `ETREAT`, a deny of
//!   `HPAYMT` covers `COVERAGE`. A permit covers exactly the purposes it names.
//! - **Revocation** (`revoke_consent`) removes the consent at once and returns its deposit.
//! - **Expiry** needs no transaction: every check compares the consent's period with the
//!   current block. Anyone may later remove an expired consent with `remove_expired_consent`,
//!   which returns the deposit to whoever paid it.
//! - **Credentials are checked at use.** A professional grantee (an account that holds or ever
//!   held a credential, in any state: [`CredentialInspect::is_professional`]) gets nothing from
//!   its permits unless it holds an active credential in a role that acts for the purpose. So
//!   suspension, revocation, removal or expiry of a credential cuts off every grant at once,
//!   without iterating over them; losing the credential never turns a professional back into a
//!   private person. A patient's personal grant to an account that never held a credential (a
//!   family member) needs no credential.
//!
//! FHIR `Consent.status` is derived, not stored: a consent is `active` while in force and
//! `inactive` before its start, after its expiry or once revoked (a revoked consent no longer
//! exists; its event trail remains).
//!
//! ### Guardians
//! A guardian (parent of a minor, representative of an incapacitated patient) manages consent
//! on the patient's behalf and is the patient's personal representative for every access
//! ([`AccessBasis::Guardian`]). The patient appoints one with `appoint_guardian`, or the
//! [`Config::GuardianAuthority`] (a court order, through governance) does. A guardianship may
//! end at a block, e.g. the age of majority. `end_guardianship` lets the guardian resign, the
//! authority discharge, and the patient take control: at any time if the patient appointed the
//! guardian, otherwise once the guardianship has lapsed.
//!
//! ### Research cohorts
//! A permit for purpose `HRESCH` to an organization enrols the patient in that organization's
//! cohort. [`ConsentApi::research_participants`] pages through the patients whose research
//! permit is in force and who have no blanket research deny, so a study learns who consented
//! and nothing else. Every read is still checked like any other.
//!
//! ### The check
//! [`Pallet::check`] (the [`AccessPolicy`] implementation, also [`ConsentApi::check_access`])
//! answers in this order: the patient is granted as owner and the guardian as guardian; an in-force deny that covers the
//! request refuses with [`AccessDenied::DeniedByPatient`]; an in-force permit that covers it
//! grants [`AccessBasis::Consent`]; otherwise the most specific near miss is reported, from
//! least to most specific: no basis, record type not covered, record version not covered,
//! purpose, action, not yet in force or expired, credential inactive.
//!
//! It reads the guardianship, the accessor's credentials in the purpose's acting roles (at
//! most two), and at most four consent lists: the accessor's own, `Everyone`'s, and one per
//! organization the accessor acts for. Each list holds at most
//! [`Config::MaxConsentsPerGrantee`] consents, so a check is bounded by a constant.
//!
//! ## Dispatchable functions and their complexity
//! R = [`Config::MaxScopedRecords`], G = [`Config::MaxConsentsPerGrantee`].
//!
//! | call | origin | complexity |
//! | --- | --- | --- |
//! | `record_consent` | patient or guardian | O(R + G) |
//! | `revoke_consent` | patient or guardian | O(G) |
//! | `remove_expired_consent` | anyone, once expired | O(G) |
//! | `appoint_guardian` | patient, or the guardian authority | O(1) |
//! | `end_guardianship` | guardian, authority, patient (see above) | O(1) |

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod property;
#[cfg(test)]
mod tests;
pub mod weights;

use caduceus_primitives::all_distinct;
pub use caduceus_primitives::{
	AccessBasis, AccessDenied, AccessPolicy, AccessTarget, ConsentAction, ConsentId, ConsentStatus,
	CredentialInspect, OrganizationId, ProvisionType, PurposeOfUse, RecordId, RecordType, Role,
};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{self, traits::ConstU32, BoundedVec},
	frame_system, sp_api, sp_runtime,
};
use scale_info::TypeInfo;

/// Every purpose of use at most once.
pub type PurposeList = BoundedVec<PurposeOfUse, ConstU32<{ PurposeOfUse::ALL.len() as u32 }>>;
/// Every consent action at most once.
pub type ActionList = BoundedVec<ConsentAction, ConstU32<{ ConsentAction::ALL.len() as u32 }>>;
/// Every record type at most once.
pub type RecordTypeList = BoundedVec<RecordType, ConstU32<{ RecordType::ALL.len() as u32 }>>;

/// Whom a consent is about.
#[derive(
	Clone,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Grantee<AccountId> {
	/// One account: a practitioner, or a family member with no credential.
	#[codec(index = 0)]
	Account(AccountId),
	/// Every account acting for the organization under an active credential.
	#[codec(index = 1)]
	Organization(OrganizationId),
	/// Everyone but the patient and guardian; deny provisions only.
	#[codec(index = 2)]
	Everyone,
}

/// Which of the patient's records a consent covers (FHIR `Consent.provision.class` /
/// `provision.data`).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ConsentScope<RecordList> {
	/// Every record of the patient, present and future.
	#[codec(index = 0)]
	AllRecords,
	/// Records of these FHIR resource types.
	#[codec(index = 1)]
	RecordTypes(RecordTypeList),
	/// These record versions only; a later version needs a consent of its own.
	#[codec(index = 2)]
	Records(RecordList),
}

impl<RecordList: AsRef<[RecordId]>> ConsentScope<RecordList> {
	/// `Ok` if the scope covers `target`, else the reason it does not.
	fn covers(&self, target: &AccessTarget) -> Result<(), AccessDenied> {
		match self {
			ConsentScope::AllRecords => Ok(()),
			ConsentScope::RecordTypes(types) if types.contains(&target.record_type) => Ok(()),
			ConsentScope::RecordTypes(_) => Err(AccessDenied::RecordTypeNotCovered),
			ConsentScope::Records(records) => match target.record {
				Some(record) if records.as_ref().contains(&record) => Ok(()),
				_ => Err(AccessDenied::RecordNotCovered),
			},
		}
	}

	/// How many record versions the scope names.
	fn named_records(&self) -> u32 {
		match self {
			ConsentScope::Records(records) => records.as_ref().len() as u32,
			_ => 0,
		}
	}
}

/// One consent provision of a patient.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ConsentEntry<AccountId, Balance, BlockNumber, RecordList> {
	/// Its id, unique for good.
	pub id: ConsentId,
	/// Permit or deny.
	pub provision: ProvisionType,
	/// Which records.
	pub scope: ConsentScope<RecordList>,
	/// For which purposes of use.
	pub purposes: PurposeList,
	/// Which actions.
	pub actions: ActionList,
	/// The first block in force; `None`: from the block it was recorded.
	pub valid_from: Option<BlockNumber>,
	/// The last block in force; `None`: until revoked.
	pub valid_until: Option<BlockNumber>,
	/// Who paid the deposit: the patient or the guardian.
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
}

impl<AccountId, Balance, BlockNumber: PartialOrd + Copy, RecordList: AsRef<[RecordId]>>
	ConsentEntry<AccountId, Balance, BlockNumber, RecordList>
{
	/// `Ok` if this consent, whatever its provision type, covers the request now, else the
	/// reason it does not. Checked from the least to the most specific reason.
	fn covers(
		&self,
		target: &AccessTarget,
		purpose: PurposeOfUse,
		action: ConsentAction,
		now: BlockNumber,
	) -> Result<(), AccessDenied> {
		self.scope.covers(target)?;
		// A deny of a purpose covers its specialisations (a deny of HPAYMT reaches COVERAGE);
		// a permit covers exactly the purposes it names.
		let purpose_covered = match self.provision {
			ProvisionType::Deny => self.purposes.iter().any(|denied| purpose.is_a(*denied)),
			ProvisionType::Permit => self.purposes.contains(&purpose),
		};
		if !purpose_covered {
			return Err(AccessDenied::PurposeNotPermitted);
		}
		if !self.actions.contains(&action) {
			return Err(AccessDenied::ActionNotPermitted);
		}
		self.in_force(now)
	}

	/// `Ok` while `now` is within the consent's period.
	fn in_force(&self, now: BlockNumber) -> Result<(), AccessDenied> {
		if self.valid_from.is_some_and(|from| now < from) {
			return Err(AccessDenied::NotYetInForce);
		}
		if self.valid_until.is_some_and(|until| now > until) {
			return Err(AccessDenied::Expired);
		}
		Ok(())
	}

	/// FHIR `Consent.status` at block `now`: `active` until its period has ended, then
	/// `inactive`. One whose period starts later is `active` too: FHIR says "not yet in force"
	/// with a future `provision.period`, not with the status. Whether it grants now is
	/// `in_force`'s question.
	pub fn status(&self, now: BlockNumber) -> ConsentStatus {
		if self.valid_until.is_some_and(|until| now > until) {
			ConsentStatus::Inactive
		} else {
			ConsentStatus::Active
		}
	}
}

/// Who appointed a guardian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Appointer {
	/// The patient, who may take control back at any time.
	#[codec(index = 0)]
	Patient,
	/// The guardian authority (e.g. a court order, through governance).
	#[codec(index = 1)]
	Authority,
}

/// A patient's guardian.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Guardianship<AccountId, Balance, BlockNumber> {
	/// The guardian.
	pub guardian: AccountId,
	/// The last block of the guardianship, e.g. the eve of the age of majority.
	pub until: Option<BlockNumber>,
	/// Who appointed the guardian.
	pub appointed_by: Appointer,
	/// The deposit held from the patient; zero when the authority appointed.
	pub deposit: Balance,
}

impl<AccountId, Balance, BlockNumber: PartialOrd> Guardianship<AccountId, Balance, BlockNumber> {
	/// True while the guardianship lasts.
	pub fn in_force(&self, now: BlockNumber) -> bool {
		self.until.as_ref().is_none_or(|until| now <= *until)
	}
}

/// How a guardianship ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum GuardianshipEnd {
	/// The guardian resigned.
	#[codec(index = 0)]
	Resigned,
	/// The guardian authority discharged the guardian.
	#[codec(index = 1)]
	Discharged,
	/// The patient took control.
	#[codec(index = 2)]
	PatientTookControl,
	/// It had lapsed, and somebody removed it.
	#[codec(index = 3)]
	Lapsed,
}

/// The roles an account may act in for `purpose`: only an active credential in one of them
/// makes a professional grantee, or an organization's staff, eligible for a permit.
pub const fn acting_roles(purpose: PurposeOfUse) -> &'static [Role] {
	match purpose {
		PurposeOfUse::Treatment => &[Role::Practitioner, Role::Organization],
		PurposeOfUse::EmergencyTreatment => &[Role::EmergencyResponder, Role::Practitioner],
		PurposeOfUse::Payment => &[Role::Payer, Role::Organization],
		PurposeOfUse::Operations => &[Role::Organization, Role::PrivacyOfficer],
		PurposeOfUse::Research => &[Role::Researcher],
		PurposeOfUse::Coverage => &[Role::Payer],
	}
}

/// The most acting roles any purpose has.
pub const MAX_ACTING_ROLES: u32 = 2;

/// The least to the most specific reason a consent missed a request: the check reports the
/// most specific one among all consents it looked at.
fn specificity(denied: AccessDenied) -> u8 {
	match denied {
		AccessDenied::NoBasis | AccessDenied::Revoked | AccessDenied::DeniedByPatient => 0,
		AccessDenied::RecordTypeNotCovered => 1,
		AccessDenied::RecordNotCovered => 2,
		AccessDenied::PurposeNotPermitted => 3,
		AccessDenied::ActionNotPermitted => 4,
		AccessDenied::NotYetInForce | AccessDenied::Expired => 5,
		AccessDenied::CredentialInactive => 6,
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Precision,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Saturating, Zero};

	pub(crate) type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The record versions a consent may name.
	pub type RecordListOf<T> = BoundedVec<RecordId, <T as Config>::MaxScopedRecords>;
	/// A consent as stored.
	pub type ConsentOf<T> = ConsentEntry<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		RecordListOf<T>,
	>;
	/// A consent's scope as given to `record_consent`.
	pub type ScopeOf<T> = ConsentScope<RecordListOf<T>>;
	/// A grantee as stored.
	pub type GranteeOf<T> = Grantee<<T as frame_system::Config>::AccountId>;
	/// A guardianship as stored.
	pub type GuardianshipOf<T> =
		Guardianship<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason> + Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason> + codec::Encode;

		/// Credential status of grantees and organizations.
		type Credentials: CredentialInspect<Self::AccountId>;

		/// Who may appoint and discharge a guardian without the patient's signature: a court
		/// order, carried out through governance.
		type GuardianAuthority: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit held per consent, on top of the per-record deposit.
		#[pallet::constant]
		type ConsentDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per record version a consent names.
		#[pallet::constant]
		type ScopedRecordDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a patient who appoints a guardian.
		#[pallet::constant]
		type GuardianshipDeposit: Get<BalanceOf<Self>>;

		/// The most consents, permits and denies together, a patient may have.
		#[pallet::constant]
		type MaxConsentsPerPatient: Get<u32>;

		/// The most consents a patient may have for one grantee; bounds the cost of a check.
		#[pallet::constant]
		type MaxConsentsPerGrantee: Get<u32>;

		/// The most record versions one consent may name.
		#[pallet::constant]
		type MaxScopedRecords: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up credentials for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A consent.
		#[codec(index = 0)]
		ConsentDeposit,
		/// A guardianship the patient appointed.
		#[codec(index = 1)]
		GuardianshipDeposit,
	}

	/// The id the next consent gets.
	#[pallet::storage]
	pub type NextConsentId<T> = StorageValue<_, ConsentId, ValueQuery>;

	/// A patient's consents for one grantee: what a check reads.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		GranteeOf<T>,
		BoundedVec<ConsentOf<T>, T::MaxConsentsPerGrantee>,
		ValueQuery,
	>;

	/// Where consent `id` is stored: its patient and grantee.
	#[pallet::storage]
	pub type ConsentLocation<T: Config> =
		StorageMap<_, Twox64Concat, ConsentId, (T::AccountId, GranteeOf<T>), OptionQuery>;

	/// How many consents a patient has.
	#[pallet::storage]
	pub type ConsentCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Each patient's guardian, if any.
	#[pallet::storage]
	pub type Guardians<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, GuardianshipOf<T>, OptionQuery>;

	/// Research cohorts: for an organization and a patient, how many research permits the
	/// patient gave the organization.
	#[pallet::storage]
	pub type ResearchCohort<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrganizationId, Blake2_128Concat, T::AccountId, u32, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A consent was recorded by the patient or guardian `by`.
		ConsentRecorded {
			consent: ConsentId,
			patient: T::AccountId,
			grantee: GranteeOf<T>,
			provision: ProvisionType,
			by: T::AccountId,
		},
		/// A consent was revoked, effective at once.
		ConsentRevoked { consent: ConsentId, patient: T::AccountId, grantee: GranteeOf<T>, by: T::AccountId },
		/// An expired consent was removed and its deposit returned.
		ExpiredConsentRemoved { consent: ConsentId, patient: T::AccountId, grantee: GranteeOf<T>, by: T::AccountId },
		/// A guardian was appointed.
		GuardianAppointed {
			patient: T::AccountId,
			guardian: T::AccountId,
			until: Option<BlockNumberFor<T>>,
			appointed_by: Appointer,
		},
		/// A guardianship ended.
		GuardianshipEnded { patient: T::AccountId, guardian: T::AccountId, how: GuardianshipEnd },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signer is neither the patient nor the patient's guardian.
		NotPatientOrGuardian,
		/// A permit may not name `Everyone`; only a deny may.
		EveryoneMayOnlyBeDenied,
		/// The patient needs no consent to their own records.
		GranteeIsPatient,
		/// No organization with this id is registered.
		UnknownOrganization,
		/// A consent must name at least one purpose of use.
		NoPurpose,
		/// A consent must name at least one action.
		NoAction,
		/// A scope of record types or record versions must name at least one.
		EmptyScope,
		/// A purpose, action, record type or record version appears twice.
		Duplicate,
		/// The period ends before it starts, or has already ended.
		InvalidPeriod,
		/// The patient has the most consents allowed.
		TooManyConsents,
		/// The patient has the most consents allowed for this grantee.
		TooManyConsentsForGrantee,
		/// No consent with this id.
		ConsentNotFound,
		/// The consent has not expired.
		NotExpired,
		/// The patient already has a guardian.
		GuardianExists,
		/// A patient cannot be their own guardian.
		GuardianIsPatient,
		/// The patient has no guardian.
		NoGuardian,
		/// The guardianship was appointed by the authority and has not lapsed; only the guardian
		/// or the authority may end it.
		GuardianshipInForce,
		/// An id counter overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxConsentsPerGrantee::get() > 0, "a grantee needs room for a consent");
			assert!(
				T::MaxConsentsPerGrantee::get() <= T::MaxConsentsPerPatient::get(),
				"a grantee cannot have more consents than its patient"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Records a consent provision of `patient`: a `provision` (permit or deny) for
		/// `grantee`, over `scope`, for `purposes` and `actions`, in force from `valid_from`
		/// to `valid_until` (inclusive; `None`: from now, until revoked).
		///
		/// Origin: the patient or the patient's guardian, who pays the deposit. Emits
		/// `ConsentRecorded`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::record_consent(scope.named_records()))]
		pub fn record_consent(
			origin: OriginFor<T>,
			patient: T::AccountId,
			provision: ProvisionType,
			grantee: GranteeOf<T>,
			scope: ScopeOf<T>,
			purposes: PurposeList,
			actions: ActionList,
			valid_from: Option<BlockNumberFor<T>>,
			valid_until: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let by = ensure_signed(origin)?;
			Self::ensure_patient_or_guardian(&by, &patient)?;
			match &grantee {
				Grantee::Account(account) => ensure!(*account != patient, Error::<T>::GranteeIsPatient),
				Grantee::Organization(organization) => ensure!(
					T::Credentials::organization_exists(*organization),
					Error::<T>::UnknownOrganization
				),
				Grantee::Everyone =>
					ensure!(provision == ProvisionType::Deny, Error::<T>::EveryoneMayOnlyBeDenied),
			}
			ensure!(!purposes.is_empty(), Error::<T>::NoPurpose);
			ensure!(!actions.is_empty(), Error::<T>::NoAction);
			ensure!(all_distinct(&purposes) && all_distinct(&actions), Error::<T>::Duplicate);
			match &scope {
				ConsentScope::AllRecords => {},
				ConsentScope::RecordTypes(types) => {
					ensure!(!types.is_empty(), Error::<T>::EmptyScope);
					ensure!(all_distinct(types), Error::<T>::Duplicate);
				},
				ConsentScope::Records(records) => {
					ensure!(!records.is_empty(), Error::<T>::EmptyScope);
					ensure!(all_distinct(records), Error::<T>::Duplicate);
				},
			}
			let now = frame_system::Pallet::<T>::block_number();
			if let Some(until) = valid_until {
				ensure!(until >= now && valid_from.is_none_or(|from| from <= until), Error::<T>::InvalidPeriod);
			}

			let count = ConsentCount::<T>::get(&patient);
			ensure!(count < T::MaxConsentsPerPatient::get(), Error::<T>::TooManyConsents);
			let id = NextConsentId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::ScopedRecordDeposit::get()
				.saturating_mul(scope.named_records().into())
				.saturating_add(T::ConsentDeposit::get());
			let research_organization = match (&grantee, provision) {
				(Grantee::Organization(organization), ProvisionType::Permit)
					if purposes.contains(&PurposeOfUse::Research) =>
					Some(*organization),
				_ => None,
			};
			let consent = ConsentEntry {
				id,
				provision,
				scope,
				purposes,
				actions,
				valid_from,
				valid_until,
				depositor: by.clone(),
				deposit,
			};
			Consents::<T>::try_mutate(&patient, &grantee, |list| {
				list.try_push(consent).map_err(|_| Error::<T>::TooManyConsentsForGrantee)
			})?;
			if !deposit.is_zero() {
				T::Currency::hold(&HoldReason::ConsentDeposit.into(), &by, deposit)?;
			}
			NextConsentId::<T>::put(next);
			ConsentCount::<T>::insert(&patient, count.saturating_add(1));
			ConsentLocation::<T>::insert(id, (patient.clone(), grantee.clone()));
			if let Some(organization) = research_organization {
				ResearchCohort::<T>::mutate(organization, &patient, |n| {
					*n = Some(n.unwrap_or(0).saturating_add(1));
				});
			}
			Self::deposit_event(Event::ConsentRecorded { consent: id, patient, grantee, provision, by });
			Ok(())
		}

		/// Revokes consent `consent` at once and returns its deposit to whoever paid it.
		///
		/// Origin: the patient or the patient's guardian. Emits `ConsentRevoked`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_consent())]
		pub fn revoke_consent(origin: OriginFor<T>, consent: ConsentId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			let (patient, grantee) = ConsentLocation::<T>::get(consent).ok_or(Error::<T>::ConsentNotFound)?;
			Self::ensure_patient_or_guardian(&by, &patient)?;
			Self::remove(consent, &patient, &grantee, |_| Ok(()))?;
			Self::deposit_event(Event::ConsentRevoked { consent, patient, grantee, by });
			Ok(())
		}

		/// Removes consent `consent`, whose last block in force has passed, and returns its
		/// deposit to whoever paid it. Cleanup only: an expired consent grants nothing anyway.
		///
		/// Origin: signed, anyone. Emits `ExpiredConsentRemoved`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_expired_consent())]
		pub fn remove_expired_consent(origin: OriginFor<T>, consent: ConsentId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			let (patient, grantee) = ConsentLocation::<T>::get(consent).ok_or(Error::<T>::ConsentNotFound)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::remove(consent, &patient, &grantee, |c| {
				ensure!(c.valid_until.is_some_and(|until| now > until), Error::<T>::NotExpired);
				Ok(())
			})?;
			Self::deposit_event(Event::ExpiredConsentRemoved { consent, patient, grantee, by });
			Ok(())
		}

		/// Appoints `guardian` for `patient` until block `until` (inclusive; `None`: until ended).
		///
		/// Origin: the patient, who pays the deposit and may take control back at any time; or
		/// the guardian authority, with no deposit. Emits `GuardianAppointed`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::appoint_guardian())]
		pub fn appoint_guardian(
			origin: OriginFor<T>,
			patient: T::AccountId,
			guardian: T::AccountId,
			until: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let appointed_by = match T::GuardianAuthority::try_origin(origin) {
				Ok(_) => Appointer::Authority,
				Err(origin) => {
					ensure!(ensure_signed(origin)? == patient, Error::<T>::NotPatientOrGuardian);
					Appointer::Patient
				},
			};
			ensure!(guardian != patient, Error::<T>::GuardianIsPatient);
			ensure!(!Guardians::<T>::contains_key(&patient), Error::<T>::GuardianExists);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(until.is_none_or(|until| until >= now), Error::<T>::InvalidPeriod);
			let deposit = match appointed_by {
				Appointer::Patient => T::GuardianshipDeposit::get(),
				Appointer::Authority => Zero::zero(),
			};
			if !deposit.is_zero() {
				T::Currency::hold(&HoldReason::GuardianshipDeposit.into(), &patient, deposit)?;
			}
			Guardians::<T>::insert(&patient, Guardianship { guardian: guardian.clone(), until, appointed_by, deposit });
			Self::deposit_event(Event::GuardianAppointed { patient, guardian, until, appointed_by });
			Ok(())
		}

		/// Ends `patient`'s guardianship and returns its deposit to the patient.
		///
		/// Origin: the guardian authority (discharge); the guardian (resignation); the patient
		/// (taking control), at any time if the patient appointed the guardian, otherwise once
		/// the guardianship has lapsed; anyone, once it has lapsed. Emits `GuardianshipEnded`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::end_guardianship())]
		pub fn end_guardianship(origin: OriginFor<T>, patient: T::AccountId) -> DispatchResult {
			let guardianship = Guardians::<T>::get(&patient).ok_or(Error::<T>::NoGuardian)?;
			let lapsed = !guardianship.in_force(frame_system::Pallet::<T>::block_number());
			let how = match T::GuardianAuthority::try_origin(origin) {
				Ok(_) => GuardianshipEnd::Discharged,
				Err(origin) => {
					let by = ensure_signed(origin)?;
					if by == guardianship.guardian {
						GuardianshipEnd::Resigned
					} else if by == patient && (lapsed || guardianship.appointed_by == Appointer::Patient) {
						GuardianshipEnd::PatientTookControl
					} else {
						ensure!(lapsed, Error::<T>::GuardianshipInForce);
						GuardianshipEnd::Lapsed
					}
				},
			};
			Guardians::<T>::remove(&patient);
			// Nothing is held for an authority's appointment. The hold was placed with the
			// appointment otherwise; `do_try_state` checks it is there.
			let _ = T::Currency::release(
				&HoldReason::GuardianshipDeposit.into(),
				&patient,
				guardianship.deposit,
				Precision::BestEffort,
			);
			Self::deposit_event(Event::GuardianshipEnded { patient, guardian: guardianship.guardian, how });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The patient, or the patient's guardian while the guardianship lasts.
		fn ensure_patient_or_guardian(who: &T::AccountId, patient: &T::AccountId) -> DispatchResult {
			ensure!(
				who == patient || Self::is_guardian(who, patient, frame_system::Pallet::<T>::block_number()),
				Error::<T>::NotPatientOrGuardian
			);
			Ok(())
		}

		fn is_guardian(who: &T::AccountId, patient: &T::AccountId, now: BlockNumberFor<T>) -> bool {
			Guardians::<T>::get(patient).is_some_and(|g| g.guardian == *who && g.in_force(now))
		}

		/// Removes consent `id` from its list and every index, and releases its deposit, if
		/// `allowed` accepts the consent.
		fn remove(
			id: ConsentId,
			patient: &T::AccountId,
			grantee: &GranteeOf<T>,
			allowed: impl FnOnce(&ConsentOf<T>) -> Result<(), Error<T>>,
		) -> DispatchResult {
			let consent = Consents::<T>::try_mutate_exists(patient, grantee, |maybe_list| {
				let list = maybe_list.as_mut().ok_or(Error::<T>::ConsentNotFound)?;
				let (position, found) =
					list.iter().enumerate().find(|(_, c)| c.id == id).ok_or(Error::<T>::ConsentNotFound)?;
				allowed(found)?;
				let consent = list.remove(position);
				if list.is_empty() {
					*maybe_list = None;
				}
				Ok::<_, Error<T>>(consent)
			})?;
			ConsentLocation::<T>::remove(id);
			ConsentCount::<T>::mutate_exists(patient, |count| {
				*count = count.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
			});
			if let Grantee::Organization(organization) = grantee {
				if consent.provision == ProvisionType::Permit && consent.purposes.contains(&PurposeOfUse::Research) {
					ResearchCohort::<T>::mutate_exists(organization, patient, |n| {
						*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
					});
				}
			}
			// The hold was placed with the consent; `do_try_state` checks it is there.
			let _ = T::Currency::release(
				&HoldReason::ConsentDeposit.into(),
				&consent.depositor,
				consent.deposit,
				Precision::BestEffort,
			);
			Ok(())
		}

		/// May `accessor` perform `action` on `patient`'s records described by `target`, for
		/// `purpose`? The consent half of the chain's access policy; see the crate docs.
		pub fn check(
			accessor: &T::AccountId,
			patient: &T::AccountId,
			target: AccessTarget,
			purpose: PurposeOfUse,
			action: ConsentAction,
		) -> Result<AccessBasis, AccessDenied> {
			if accessor == patient {
				return Ok(AccessBasis::Owner);
			}
			let now = frame_system::Pallet::<T>::block_number();
			if Self::is_guardian(accessor, patient, now) {
				return Ok(AccessBasis::Guardian);
			}
			// The organizations the accessor acts for in this purpose's roles. A deny naming an
			// organization reaches its staff whatever their credential's state; a permit only
			// reaches those whose credential is active.
			let mut organizations: Vec<(OrganizationId, bool)> = Vec::new();
			for role in acting_roles(purpose) {
				if let Some(affiliation) = T::Credentials::affiliation(accessor, *role) {
					match organizations.iter_mut().find(|(o, _)| *o == affiliation.organization) {
						Some((_, active)) => *active |= affiliation.active,
						None => organizations.push((affiliation.organization, affiliation.active)),
					}
				}
			}
			let acts_in_role = organizations.iter().any(|(_, active)| *active);

			let mut permit = None;
			let mut denied = AccessDenied::NoBasis;
			let mut note = |reason: AccessDenied| {
				if specificity(reason) > specificity(denied) {
					denied = reason;
				}
			};
			let mut consider = |grantee: GranteeOf<T>, eligible: bool| -> Result<(), AccessDenied> {
				for consent in Consents::<T>::get(patient, &grantee) {
					match (consent.provision, consent.covers(&target, purpose, action, now)) {
						(ProvisionType::Deny, Ok(())) => return Err(AccessDenied::DeniedByPatient),
						(ProvisionType::Permit, Ok(())) if eligible => {
							permit.get_or_insert(consent.id);
						},
						(ProvisionType::Permit, Ok(())) => note(AccessDenied::CredentialInactive),
						(ProvisionType::Permit, Err(reason)) => note(reason),
						(ProvisionType::Deny, Err(_)) => {},
					}
				}
				Ok(())
			};
			// A professional (anyone who ever held a credential) needs an active credential in an
			// acting role; a family member (never credentialed) does not.
			let account_eligible = acts_in_role || !T::Credentials::is_professional(accessor);
			consider(Grantee::Account(accessor.clone()), account_eligible)?;
			consider(Grantee::Everyone, false)?;
			for (organization, active) in organizations {
				consider(Grantee::Organization(organization), active)?;
			}
			permit.map(AccessBasis::Consent).ok_or(denied)
		}

		/// Up to `limit` patients in `organization`'s research cohort after `start_after`:
		/// those with an in-force research permit for the organization and no in-force deny of
		/// all research on all records, to the organization or to everyone.
		pub fn research_participants(
			organization: OrganizationId,
			start_after: Option<T::AccountId>,
			limit: u32,
		) -> Vec<T::AccountId> {
			let now = frame_system::Pallet::<T>::block_number();
			let iter = match start_after {
				Some(patient) =>
					ResearchCohort::<T>::iter_prefix_from(organization, ResearchCohort::<T>::hashed_key_for(organization, patient)),
				None => ResearchCohort::<T>::iter_prefix(organization),
			};
			let research_permit = |c: &ConsentOf<T>| {
				c.provision == ProvisionType::Permit &&
					c.purposes.contains(&PurposeOfUse::Research) &&
					c.in_force(now).is_ok()
			};
			let blanket_deny = |c: &ConsentOf<T>| {
				c.provision == ProvisionType::Deny &&
					c.scope == ConsentScope::AllRecords &&
					c.purposes.contains(&PurposeOfUse::Research) &&
					c.in_force(now).is_ok()
			};
			iter.map(|(patient, _)| patient)
				.filter(|patient| {
					let to_organization = Consents::<T>::get(patient, Grantee::Organization(organization));
					to_organization.iter().any(research_permit) &&
						!to_organization.iter().any(blanket_deny) &&
						!Consents::<T>::get(patient, GranteeOf::<T>::Everyone).iter().any(blanket_deny)
				})
				.take(limit as usize)
				.collect()
		}

		/// What storage says each account owes under this pallet's hold reasons: a consent's
		/// depositor its deposit, a patient the deposits of guardians it appointed.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn owed_holds() -> caduceus_primitives::HoldLedger<T::AccountId, T::RuntimeHoldReason, BalanceOf<T>> {
			let mut ledger = caduceus_primitives::HoldLedger::new();
			for consent in Consents::<T>::iter_values().flatten() {
				ledger.owe_deposit(&consent.depositor, HoldReason::ConsentDeposit, consent.deposit);
			}
			for (patient, guardianship) in Guardians::<T>::iter() {
				// An authority's appointment (a court's, say) is governance's, and holds nothing.
				if guardianship.appointed_by == Appointer::Patient {
					ledger.owe_deposit(&patient, HoldReason::GuardianshipDeposit, guardianship.deposit);
				} else {
					ledger.owe(&patient, HoldReason::GuardianshipDeposit, guardianship.deposit);
				}
			}
			ledger
		}

		/// Checks the pallet's invariants: every consent is where its location says, counts and
		/// cohorts match the consents, and every deposit is held exactly.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::fungible::InspectHold;
			let next = NextConsentId::<T>::get();
			let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
			let mut cohorts: BTreeMap<(OrganizationId, T::AccountId), u32> = BTreeMap::new();
			Self::owed_holds().check_held(|reason, who| T::Currency::balance_on_hold(reason, who))?;
			let mut located = 0usize;
			for (patient, grantee, list) in Consents::<T>::iter() {
				ensure!(!list.is_empty(), "an empty consent list is stored");
				for consent in list {
					ensure!(consent.id < next, "consent id at or past the next id");
					ensure!(
						ConsentLocation::<T>::get(consent.id) == Some((patient.clone(), grantee.clone())),
						"consent not where its location says"
					);
					located += 1;
					*counts.entry(patient.clone()).or_default() += 1;
					if let Grantee::Organization(organization) = grantee {
						if consent.provision == ProvisionType::Permit &&
							consent.purposes.contains(&PurposeOfUse::Research)
						{
							*cohorts.entry((organization, patient.clone())).or_default() += 1;
						}
					}
				}
			}
			ensure!(ConsentLocation::<T>::iter().count() == located, "a location names no consent");
			ensure!(ConsentCount::<T>::iter().collect::<BTreeMap<_, _>>() == counts, "consent counts are off");
			for count in counts.values() {
				ensure!(*count <= T::MaxConsentsPerPatient::get(), "a patient has too many consents");
			}
			let stored: BTreeMap<_, _> = ResearchCohort::<T>::iter().map(|(o, p, n)| ((o, p), n)).collect();
			ensure!(stored == cohorts, "research cohorts do not match the research permits");
			for (patient, guardianship) in Guardians::<T>::iter() {
				ensure!(guardianship.guardian != patient, "a patient is their own guardian");
				ensure!(
					guardianship.appointed_by == Appointer::Patient || guardianship.deposit.is_zero(),
					"an authority appointment holds a deposit"
				);
			}
			Ok(())
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl<T: Config> Pallet<T> {
		/// Sets up the most expensive check of `accessor` on `patient`'s records for
		/// `purpose`: every list the check reads is full (as far as the patient's bound allows),
		/// with near misses that name the most record versions, plus one permit of every action
		/// on all records (last in the accessor's own list); returns its id. The accessor's credentials must already be in
		/// place: one list is read per organization it acts for. Other pallets' benchmarks use
		/// this to charge the policy's worst case.
		pub fn set_up_worst_case_check(
			accessor: &T::AccountId,
			patient: &T::AccountId,
			purpose: PurposeOfUse,
		) -> Result<ConsentId, DispatchError> {
			use sp_runtime::traits::Bounded;
			T::Currency::set_balance(patient, BalanceOf::<T>::max_value() / 1_000u32.into());
			let mut grantees = alloc::vec![Grantee::Account(accessor.clone()), Grantee::Everyone];
			for role in acting_roles(purpose) {
				if let Some(affiliation) = T::Credentials::affiliation(accessor, *role) {
					let grantee = Grantee::Organization(affiliation.organization);
					if !grantees.contains(&grantee) {
						grantees.push(grantee);
					}
				}
			}
			// Versions that do not exist, so no near miss covers the request.
			let far: RecordListOf<T> =
				BoundedVec::truncate_from((0..T::MaxScopedRecords::get()).map(|i| RecordId::MAX - u64::from(i)).collect());
			let every_purpose = PurposeList::truncate_from(PurposeOfUse::ALL.to_vec());
			let every_action = ActionList::truncate_from(ConsentAction::ALL.to_vec());
			let per_grantee = T::MaxConsentsPerGrantee::get();
			let mut permit = None;
			for grantee in grantees {
				for i in 0..per_grantee {
					if ConsentCount::<T>::get(patient) >= T::MaxConsentsPerPatient::get() {
						break;
					}
					let the_permit = matches!(grantee, Grantee::Account(_)) && i + 1 == per_grantee;
					let (provision, scope) = match (&grantee, the_permit) {
						(_, true) => (ProvisionType::Permit, ConsentScope::AllRecords),
						(Grantee::Everyone, _) => (ProvisionType::Deny, ConsentScope::Records(far.clone())),
						_ => (ProvisionType::Permit, ConsentScope::Records(far.clone())),
					};
					if the_permit {
						permit = Some(NextConsentId::<T>::get());
					}
					Self::record_consent(
						frame_system::RawOrigin::Signed(patient.clone()).into(),
						patient.clone(),
						provision,
						grantee.clone(),
						scope,
						every_purpose.clone(),
						every_action.clone(),
						None,
						None,
					)?;
				}
			}
			permit.ok_or(DispatchError::Other("no room for the permit"))
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

		/// Every request may reach the worst case: the patient's guardians, then every consent
		/// the accessor's organizations and roles are named in.
		fn check_weight(_: ConsentAction, _: PurposeOfUse) -> Weight {
			T::WeightInfo::check_access()
		}
	}
}

/// Sets up what the benchmarks need and the runtime provides: credentials and organizations.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers a new organization and makes `who` hold an active credential of it for `role`;
	/// returns the organization.
	fn affiliate(who: &AccountId, role: Role) -> OrganizationId;
}

sp_api::decl_runtime_apis! {
	/// Consent queries for dApps, custodians and studies.
	///
	/// Version 2: `check_access` answers with the runtime's whole access policy (the one
	/// pallet-records enforces), and `check_consent` asks this pallet alone.
	#[api_version(2)]
	pub trait ConsentApi<AccountId>
	where
		AccountId: codec::Codec,
	{
		/// What the chain would answer for this request now, with the same policy pallet-records
		/// enforces on every read: the basis, or why not.
		fn check_access(
			accessor: AccountId,
			patient: AccountId,
			target: AccessTarget,
			purpose: PurposeOfUse,
			action: ConsentAction,
		) -> Result<AccessBasis, AccessDenied>;
		/// What the patient's consents alone answer (guardians, permits, denies), without
		/// break-glass sessions or claim enrollments.
		#[api_version(2)]
		fn check_consent(
			accessor: AccountId,
			patient: AccountId,
			target: AccessTarget,
			purpose: PurposeOfUse,
			action: ConsentAction,
		) -> Result<AccessBasis, AccessDenied>;
		/// Up to `limit` patients in `organization`'s research cohort after `start_after`; pass
		/// the last patient of a page to get the next.
		fn research_participants(
			organization: OrganizationId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> alloc::vec::Vec<AccountId>;
	}
}
