//! # Credentials pallet
//!
//! The consortium's registry of who is who: which organizations belong to the consortium, and
//! which accounts may act in which [`Role`] for them. Every other Caduceus pallet asks this one,
//! through [`CredentialInspect::is_active`], before it lets an account act as a practitioner,
//! payer, emergency responder, custodian, researcher or privacy officer.
//!
//! - [`Config`]
//! - [`Call`]
//!
//! ## Overview
//!
//! ### Organizations
//! A hospital, clinic, laboratory, payer, public agency or research institute is registered by
//! the **registrar** (the consortium's `credentialing` referendum track). Registration names the
//! organization's **admin** account, its kind, its jurisdiction and the roles it may hold. A deposit is held from the admin for the organization and for each
//! credential it stores, and released when they are removed.
//!
//! ### Roles
//! - `Practitioner`: a licensed clinician acting for the organization.
//! - `Organization`: an account acting for the organization as a whole (e.g. its records system).
//! - `Payer`: an insurer's account that adjudicates and pays claims.
//! - `Researcher`: a researcher under an approved protocol.
//! - `EmergencyResponder`: a certified responder who may break the glass.
//! - `Custodian`: the operator of an off-chain store of encrypted documents.
//! - `PrivacyOfficer`: reviews emergency access and handles privacy complaints (HIPAA).
//!
//! ### A credential's lifecycle
//! ```text
//!   issue_credential (registrar) / add_staff (organization admin)
//!            │
//!            ▼         suspend_credential / on_abuse        
//!         Active  ─────────────────────────────────────▶  Suspended
//!            ▲  ◀─────────────────────────────────────        │
//!            │              reinstate_credential              │
//!   renew_credential                                          │
//!            │  revoke_credential / remove_staff / remove_lapsed_credential
//!            └──────────────────────────┬─────────────────────┘
//!                                       ▼
//!                               removed (deposit released)
//! ```
//! A credential records its role, the issuing organization, a salted commitment to the licence
//! (never the licence itself), the jurisdiction that licensed it, the block it is valid until,
//! and its status. [`CredentialInspect::is_active`] is true only while the credential is
//! `Active`, not past `valid_until`, and its organization is `Active`. Suspending an
//! organization, a credential, or letting it expire thus takes effect in every pallet at once,
//! without iterating over anything.
//!
//! A member rotates to a new key with [`Pallet::rotate_account`]: all its credentials move to
//! the new account, which records the old one in `rotated_from`.
//!
//! ### What stays for good, and who pays for it
//! Deposits pay for what can be removed (organizations, credentials). What is kept for good, so
//! that losing a credential never erases a professional's past, is paid once by a burned
//! [`Config::ProfessionalEntryFee`]: an account's [`Professionals`] entry and its sanctions (by
//! the depositor of its first credential), and each rotation's key lineage (by the holder).
//!
//! ### Consequences
//! Other pallets report abuse through [`OnCredentialAbuse`] (for example, when an emergency
//! access review finds abuse); the credential is suspended until the registrar decides. When a
//! finding is disputed, the **disciplinary origin** (the consortium's `arbitration` track) may
//! also suspend or reinstate the credential.
//!
//! ## Dispatchable functions and their complexity
//! Every call touches a constant number of storage items (O(1)), except `rotate_account`, which
//! moves at most one credential per role, i.e. O(|Role|) = O(7).
//!
//! | call | origin |
//! | --- | --- |
//! | `register_organization`, `suspend_organization`, `reinstate_organization`, `revoke_organization` | registrar |
//! | `remove_organization` | registrar or the organization's admin |
//! | `issue_credential`, `renew_credential`, `revoke_credential` | registrar |
//! | `suspend_credential`, `reinstate_credential` | registrar or disciplinary origin |
//! | `add_staff`, `remove_staff` | the organization's admin |
//! | `rotate_account` | the credential holder |
//! | `remove_lapsed_credential` | anyone, once the credential expired or its organization was revoked |

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use caduceus_primitives::{
	Affiliation, CredentialActionReason, CredentialInspect, OnCredentialAbuse, OrganizationId, Role,
};
pub use pallet::*;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support, frame_system, sp_core::H256, sp_runtime};
use scale_info::TypeInfo;

/// How many roles there are; an organization may hold each at most once.
pub const MAX_ROLES: u32 = 7;
const _: () = assert!(Role::ALL.len() == MAX_ROLES as usize);

/// What kind of organization a consortium member is.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum OrganizationKind {
	/// An acute-care hospital.
	#[codec(index = 0)]
	Hospital,
	/// An outpatient clinic or practice.
	#[codec(index = 1)]
	Clinic,
	/// A diagnostic or pathology laboratory.
	#[codec(index = 2)]
	Laboratory,
	/// An insurer or health plan.
	#[codec(index = 3)]
	Payer,
	/// A public-health or licensing agency.
	#[codec(index = 4)]
	Agency,
	/// A research institute.
	#[codec(index = 5)]
	ResearchInstitute,
}

/// Whether an organization's credentials may be used.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum OrganizationStatus {
	/// In good standing: its active credentials work.
	#[codec(index = 0)]
	Active,
	/// Temporarily barred: none of its credentials work until it is reinstated.
	#[codec(index = 1)]
	Suspended,
	/// Expelled for good: its credentials never work again and may be removed by anyone.
	#[codec(index = 2)]
	Revoked,
}

/// Whether a credential may be used (subject also to expiry and its organization's status).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum CredentialStatus {
	/// Usable until `valid_until`.
	#[codec(index = 0)]
	Active,
	/// Barred until the registrar reinstates it.
	#[codec(index = 1)]
	Suspended,
}

/// The longest jurisdiction code: ISO 3166-2, e.g. `US-CA` or `DE-BY` (at most 6 bytes).
pub const MAX_JURISDICTION_LEN: u32 = 6;

/// The jurisdiction that licensed a credential or hosts an organization: an ISO 3166-1 alpha-2
/// country code, optionally followed by `-` and an ISO 3166-2 subdivision of 1–3 letters/digits.
pub type Jurisdiction = frame_support::BoundedVec<u8, frame_support::traits::ConstU32<MAX_JURISDICTION_LEN>>;

/// Whether `code` is a well-formed ISO 3166 jurisdiction code (see [`Jurisdiction`]).
pub fn is_valid_jurisdiction(code: &[u8]) -> bool {
	let mut parts = code.splitn(2, |b| *b == b'-');
	let country = parts.next().unwrap_or_default();
	let subdivision = parts.next();
	let country_ok = country.len() == 2 && country.iter().all(u8::is_ascii_uppercase);
	let subdivision_ok = subdivision.map_or(true, |s| {
		(1..=3).contains(&s.len()) &&
			s.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
	});
	country_ok && subdivision_ok
}

/// A consortium member organization.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Organization<AccountId, Balance, Roles> {
	/// The account that manages its staff and pays its deposits.
	pub admin: AccountId,
	/// What kind of organization it is.
	pub kind: OrganizationKind,
	/// The roles its accounts may hold.
	pub roles: Roles,
	/// Where it is registered.
	pub jurisdiction: Jurisdiction,
	/// Whether its credentials may be used.
	pub status: OrganizationStatus,
	/// How many credentials it has issued that are still stored.
	pub credentials: u32,
	/// The deposit held from `admin` for this entry.
	pub deposit: Balance,
}

/// A disciplinary decision against a person in a role, kept whatever happens to the credential:
/// removal, re-issue by any organization, or key rotation. Only the registrar or the
/// disciplinary origin lifts it.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Sanction<BlockNumber> {
	/// Suspended (until reinstated) or revoked (until the registrar issues anew).
	pub kind: SanctionKind,
	/// Why.
	pub reason: CredentialActionReason,
	/// The block it was imposed.
	pub since: BlockNumber,
}

/// What a [`Sanction`] bars.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum SanctionKind {
	/// The credential is suspended; organization admins may not issue the person any credential.
	#[codec(index = 0)]
	Suspended,
	/// The credential was revoked for cause; only the registrar may issue the person one again.
	#[codec(index = 1)]
	Revoked,
}

/// An account's credential for one role.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Credential<AccountId, Balance, BlockNumber> {
	/// The organization the holder acts for.
	pub organization: OrganizationId,
	/// Salted hash of the licence document (never the licence itself): lets an auditor who is
	/// shown the licence and salt verify it.
	pub licence_commitment: H256,
	/// The jurisdiction that licensed the holder.
	pub jurisdiction: Jurisdiction,
	/// The last block in which the credential is valid.
	pub valid_until: BlockNumber,
	/// Whether it is usable.
	pub status: CredentialStatus,
	/// When it was issued.
	pub issued_at: BlockNumber,
	/// The account that holds the deposit for it (the organization's admin at issue).
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
	/// The holder's previous account, if the credential moved here by key rotation.
	pub rotated_from: Option<AccountId>,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation},
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Saturating, Zero};

	pub(crate) type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The roles an organization may hold: each [`Role`] at most once.
	pub type OrganizationRoles = BoundedVec<Role, ConstU32<MAX_ROLES>>;
	pub(crate) type OrganizationOf<T> =
		Organization<<T as frame_system::Config>::AccountId, BalanceOf<T>, OrganizationRoles>;
	pub(crate) type CredentialRecordOf<T> =
		Credential<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// The in-code storage version: 1 added [`Professionals`], [`Sanctions`] and key lineage.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason> + Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason> + codec::Encode;

		/// Who registers organizations and issues, renews, suspends, reinstates and revokes
		/// credentials: the consortium's credentialing track.
		type RegistrarOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who, besides the registrar, may suspend and reinstate a credential: the consortium's
		/// arbitration track, which settles disputed abuse findings.
		type DisciplinaryOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit held from an organization's admin for the organization entry.
		#[pallet::constant]
		type OrganizationDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from an organization's admin for each credential it stores.
		#[pallet::constant]
		type CredentialDeposit: Get<BalanceOf<Self>>;

		/// Burned for what a professional account leaves on chain for good: its
		/// [`Professionals`] entry, its sanctions (one per role at most) and other pallets'
		/// histories of it. Paid by the depositor of an account's first credential, and by the
		/// holder on each [`Pallet::rotate_account`], whose key lineage is kept too.
		#[pallet::constant]
		type ProfessionalEntryFee: Get<BalanceOf<Self>>;

		/// The longest a credential may be valid from the block it is issued or renewed.
		#[pallet::constant]
		type MaxCredentialValidity: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Held from an admin for an organization entry.
		#[codec(index = 0)]
		OrganizationDeposit,
		/// Held from an admin for each credential of its organization.
		#[codec(index = 1)]
		CredentialDeposit,
	}

	/// The id the next organization gets.
	#[pallet::storage]
	pub type NextOrganizationId<T> = StorageValue<_, OrganizationId, ValueQuery>;

	/// Registered organizations.
	#[pallet::storage]
	pub type Organizations<T: Config> =
		StorageMap<_, Twox64Concat, OrganizationId, OrganizationOf<T>, OptionQuery>;

	/// Credentials by holder and role: an account has at most one credential per role.
	#[pallet::storage]
	pub type CredentialOf<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Role,
		CredentialRecordOf<T>,
		OptionQuery,
	>;

	/// Every account that ever held a credential, with the block it first did. Never removed:
	/// losing a credential does not turn a professional back into a private person, so a
	/// permit to a professional always needs an active credential in an acting role.
	#[pallet::storage]
	pub type Professionals<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Disciplinary decisions by person and role; see [`Sanction`].
	#[pallet::storage]
	pub type Sanctions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Role,
		Sanction<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// For an account that rotated or was rotated to: the first account of its key lineage.
	#[pallet::storage]
	pub type LineageRoot<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// For the first account of a key lineage: the account its credentials last rotated to. An
	/// abuse finding against any key of the lineage reaches this one too.
	#[pallet::storage]
	pub type CurrentKey<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// Who acted: the registrar (governance), or an account.
	#[derive(
		Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
	)]
	pub enum Actor<AccountId> {
		/// The registrar origin (a referendum, or Root).
		#[codec(index = 0)]
		Registrar,
		/// A signed account: an organization admin or the credential holder.
		#[codec(index = 1)]
		Account(AccountId),
		/// Another pallet's consequence hook (e.g. an emergency-access review).
		#[codec(index = 2)]
		AbuseReport,
		/// The disciplinary origin (an arbitration referendum).
		#[codec(index = 3)]
		Arbitration,
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An organization joined the consortium.
		OrganizationRegistered {
			organization: OrganizationId,
			admin: T::AccountId,
			kind: OrganizationKind,
			roles: OrganizationRoles,
		},
		/// An organization's credentials stopped working until it is reinstated.
		OrganizationSuspended { organization: OrganizationId, reason: CredentialActionReason },
		/// A suspended organization's credentials work again.
		OrganizationReinstated { organization: OrganizationId },
		/// An organization was expelled; its credentials never work again.
		OrganizationRevoked { organization: OrganizationId, reason: CredentialActionReason },
		/// An organization entry was removed and its deposit released.
		OrganizationRemoved { organization: OrganizationId, actor: Actor<T::AccountId> },
		/// A credential was issued.
		CredentialIssued {
			actor: Actor<T::AccountId>,
			holder: T::AccountId,
			role: Role,
			organization: OrganizationId,
			valid_until: BlockNumberFor<T>,
		},
		/// A credential's validity was extended or shortened.
		CredentialRenewed { holder: T::AccountId, role: Role, valid_until: BlockNumberFor<T> },
		/// A credential stopped working until reinstated.
		CredentialSuspended {
			actor: Actor<T::AccountId>,
			holder: T::AccountId,
			role: Role,
			reason: CredentialActionReason,
		},
		/// A suspended credential works again.
		CredentialReinstated { actor: Actor<T::AccountId>, holder: T::AccountId, role: Role },
		/// A credential was removed and its deposit released.
		CredentialRemoved {
			actor: Actor<T::AccountId>,
			holder: T::AccountId,
			role: Role,
			organization: OrganizationId,
			reason: CredentialActionReason,
		},
		/// A holder moved its credentials to a new account.
		AccountRotated { old: T::AccountId, new: T::AccountId, roles: OrganizationRoles },
		/// A sanction was recorded against a person in a role.
		SanctionImposed {
			actor: Actor<T::AccountId>,
			holder: T::AccountId,
			role: Role,
			kind: SanctionKind,
			reason: CredentialActionReason,
		},
		/// A sanction was lifted by the registrar or the disciplinary origin.
		SanctionLifted { actor: Actor<T::AccountId>, holder: T::AccountId, role: Role },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No organization has this id.
		OrganizationNotFound,
		/// The organization is suspended or revoked.
		OrganizationNotActive,
		/// The organization is not suspended.
		OrganizationNotSuspended,
		/// The organization was revoked; that is final.
		OrganizationRevoked,
		/// The organization still stores credentials; remove them first.
		OrganizationHasCredentials,
		/// The caller is not the organization's admin.
		NotOrganizationAdmin,
		/// An organization must hold at least one role.
		NoRoles,
		/// A role was listed twice.
		DuplicateRole,
		/// The organization may not hold this role.
		RoleNotHeldByOrganization,
		/// Not an ISO 3166 code such as `US` or `US-CA`.
		InvalidJurisdiction,
		/// The account already holds a credential for this role.
		CredentialExists,
		/// The account holds no credential for this role.
		CredentialNotFound,
		/// The credential is not suspended.
		CredentialNotSuspended,
		/// The credential is already suspended.
		CredentialAlreadySuspended,
		/// `valid_until` is not after the current block.
		ValidityInPast,
		/// `valid_until` is further away than `MaxCredentialValidity`.
		ValidityTooLong,
		/// The credential is still valid and its organization not revoked.
		CredentialStillValid,
		/// The new account already holds a credential for one of the roles.
		RotationTargetHasCredential,
		/// The account holds no credentials to rotate.
		NothingToRotate,
		/// The new account is the old one.
		SameAccount,
		/// All organization ids are used.
		OrganizationIdsExhausted,
		/// The depositor cannot cover the deposit.
		InsufficientDeposit,
		/// The account is under a sanction in some role: only the registrar may issue it a
		/// credential.
		HolderSanctioned,
		/// The account has neither a suspended credential nor a sanction for this role.
		NothingToReinstate,
		/// The account was struck off for cause in this role: only the registrar may lift that.
		RevocationNeedsRegistrar,
		/// The new account already belongs to another lineage of rotated keys.
		RotationTargetHasLineage,
		/// The payer cannot pay [`Config::ProfessionalEntryFee`] and keep its account alive.
		CannotPayEntryFee,
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
		/// Registers an organization with `admin`, holding `OrganizationDeposit` from `admin`.
		///
		/// Origin: registrar. Emits `OrganizationRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_organization())]
		pub fn register_organization(
			origin: OriginFor<T>,
			admin: T::AccountId,
			kind: OrganizationKind,
			roles: OrganizationRoles,
			jurisdiction: Jurisdiction,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			ensure!(!roles.is_empty(), Error::<T>::NoRoles);
			for (i, role) in roles.iter().enumerate() {
				ensure!(!roles.iter().skip(i.saturating_add(1)).any(|r| r == role), Error::<T>::DuplicateRole);
			}
			ensure!(is_valid_jurisdiction(&jurisdiction), Error::<T>::InvalidJurisdiction);
			let organization = NextOrganizationId::<T>::get();
			let next = organization.checked_add(1).ok_or(Error::<T>::OrganizationIdsExhausted)?;
			let deposit = T::OrganizationDeposit::get();
			Self::hold(&HoldReason::OrganizationDeposit, &admin, deposit)?;
			Organizations::<T>::insert(
				organization,
				Organization {
					admin: admin.clone(),
					kind,
					roles: roles.clone(),
					jurisdiction,
					status: OrganizationStatus::Active,
					credentials: 0,
					deposit,
				},
			);
			NextOrganizationId::<T>::put(next);
			Self::deposit_event(Event::OrganizationRegistered { organization, admin, kind, roles });
			Ok(())
		}

		/// Suspends an organization: none of its credentials work until it is reinstated.
		///
		/// Origin: registrar. Emits `OrganizationSuspended`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend_organization())]
		pub fn suspend_organization(
			origin: OriginFor<T>,
			organization: OrganizationId,
			reason: CredentialActionReason,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::set_organization_status(
				organization,
				|status| status == OrganizationStatus::Active,
				Error::<T>::OrganizationNotActive,
				OrganizationStatus::Suspended,
			)?;
			Self::deposit_event(Event::OrganizationSuspended { organization, reason });
			Ok(())
		}

		/// Reinstates a suspended organization.
		///
		/// Origin: registrar. Emits `OrganizationReinstated`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate_organization())]
		pub fn reinstate_organization(
			origin: OriginFor<T>,
			organization: OrganizationId,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::set_organization_status(
				organization,
				|status| status == OrganizationStatus::Suspended,
				Error::<T>::OrganizationNotSuspended,
				OrganizationStatus::Active,
			)?;
			Self::deposit_event(Event::OrganizationReinstated { organization });
			Ok(())
		}

		/// Revokes an organization for good. Its credentials stop working at once; anyone may
		/// then remove them with `remove_lapsed_credential`, releasing their deposits.
		///
		/// Origin: registrar. Emits `OrganizationRevoked`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke_organization())]
		pub fn revoke_organization(
			origin: OriginFor<T>,
			organization: OrganizationId,
			reason: CredentialActionReason,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::set_organization_status(
				organization,
				|status| status != OrganizationStatus::Revoked,
				Error::<T>::OrganizationRevoked,
				OrganizationStatus::Revoked,
			)?;
			Self::deposit_event(Event::OrganizationRevoked { organization, reason });
			Ok(())
		}

		/// Removes an organization that stores no credentials, releasing its deposit.
		///
		/// Origin: registrar, or the organization's admin. Emits `OrganizationRemoved`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_organization())]
		pub fn remove_organization(
			origin: OriginFor<T>,
			organization: OrganizationId,
		) -> DispatchResult {
			let actor = Self::registrar_or_signed(origin)?;
			let entry = Organizations::<T>::get(organization).ok_or(Error::<T>::OrganizationNotFound)?;
			if let Actor::Account(ref who) = actor {
				ensure!(*who == entry.admin, Error::<T>::NotOrganizationAdmin);
			}
			ensure!(entry.credentials == 0, Error::<T>::OrganizationHasCredentials);
			Self::release(&HoldReason::OrganizationDeposit, &entry.admin, entry.deposit)?;
			Organizations::<T>::remove(organization);
			Self::deposit_event(Event::OrganizationRemoved { organization, actor });
			Ok(())
		}

		/// Issues `holder` a credential for `role` on behalf of `organization`, holding
		/// `CredentialDeposit` from the organization's admin.
		///
		/// Origin: registrar. Emits `CredentialIssued`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::issue_credential())]
		pub fn issue_credential(
			origin: OriginFor<T>,
			holder: T::AccountId,
			role: Role,
			organization: OrganizationId,
			licence_commitment: H256,
			jurisdiction: Jurisdiction,
			valid_until: BlockNumberFor<T>,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			// The registrar's new decision replaces its earlier one for this role.
			if Sanctions::<T>::take(&holder, role).is_some() {
				Self::deposit_event(Event::SanctionLifted { actor: Actor::Registrar, holder: holder.clone(), role });
			}
			Self::do_issue(
				Actor::Registrar,
				holder,
				role,
				organization,
				licence_commitment,
				jurisdiction,
				valid_until,
			)
		}

		/// Sets a credential's last valid block to `valid_until`.
		///
		/// Origin: registrar. Emits `CredentialRenewed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::renew_credential())]
		pub fn renew_credential(
			origin: OriginFor<T>,
			holder: T::AccountId,
			role: Role,
			valid_until: BlockNumberFor<T>,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			Self::ensure_validity(valid_until)?;
			CredentialOf::<T>::try_mutate(&holder, role, |credential| {
				let credential = credential.as_mut().ok_or(Error::<T>::CredentialNotFound)?;
				credential.valid_until = valid_until;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::CredentialRenewed { holder, role, valid_until });
			Ok(())
		}

		/// Suspends a credential until the registrar reinstates it.
		///
		/// Origin: registrar or disciplinary origin. Emits `CredentialSuspended`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::suspend_credential())]
		pub fn suspend_credential(
			origin: OriginFor<T>,
			holder: T::AccountId,
			role: Role,
			reason: CredentialActionReason,
		) -> DispatchResult {
			let actor = Self::registrar_or_disciplinary(origin)?;
			Self::do_suspend(actor, holder, role, reason)
		}

		/// Reinstates a suspended credential.
		///
		/// Origin: registrar or disciplinary origin. Emits `CredentialReinstated`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::reinstate_credential())]
		pub fn reinstate_credential(
			origin: OriginFor<T>,
			holder: T::AccountId,
			role: Role,
		) -> DispatchResult {
			let actor = Self::registrar_or_disciplinary(origin)?;
			// A revocation for cause is the registrar's decision to undo, by re-issuing or here;
			// arbitration may lift a suspension but not a striking-off.
			let sanction = Sanctions::<T>::get(&holder, role);
			if sanction.as_ref().is_some_and(|s| s.kind == SanctionKind::Revoked) {
				ensure!(actor == Actor::Registrar, Error::<T>::RevocationNeedsRegistrar);
			}
			let sanctioned = sanction.is_some();
			Sanctions::<T>::remove(&holder, role);
			let reinstated = CredentialOf::<T>::mutate(&holder, role, |credential| match credential {
				Some(c) if c.status == CredentialStatus::Suspended => {
					c.status = CredentialStatus::Active;
					true
				},
				_ => false,
			});
			ensure!(sanctioned || reinstated, Error::<T>::NothingToReinstate);
			if sanctioned {
				Self::deposit_event(Event::SanctionLifted { actor: actor.clone(), holder: holder.clone(), role });
			}
			if reinstated {
				Self::deposit_event(Event::CredentialReinstated { actor, holder, role });
			}
			Ok(())
		}

		/// Revokes a credential: removes it and releases its deposit.
		///
		/// Origin: registrar. Emits `CredentialRemoved`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::revoke_credential())]
		pub fn revoke_credential(
			origin: OriginFor<T>,
			holder: T::AccountId,
			role: Role,
			reason: CredentialActionReason,
		) -> DispatchResult {
			T::RegistrarOrigin::ensure_origin(origin)?;
			let (holder, credential) = Self::credential_in_lineage(holder, role)?;
			if reason != CredentialActionReason::Administrative {
				Self::impose(Actor::Registrar, &holder, role, SanctionKind::Revoked, reason);
			}
			Self::do_remove(Actor::Registrar, holder, role, credential, reason)
		}

		/// An organization's admin gives a staff account a credential for one of the
		/// organization's roles, holding `CredentialDeposit` from the admin.
		///
		/// Origin: signed by the organization's admin. Emits `CredentialIssued`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::add_staff())]
		pub fn add_staff(
			origin: OriginFor<T>,
			organization: OrganizationId,
			holder: T::AccountId,
			role: Role,
			licence_commitment: H256,
			jurisdiction: Jurisdiction,
			valid_until: BlockNumberFor<T>,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let entry = Organizations::<T>::get(organization).ok_or(Error::<T>::OrganizationNotFound)?;
			ensure!(entry.admin == admin, Error::<T>::NotOrganizationAdmin);
			// A registrar's or arbitration's decision binds every organization.
			ensure!(Sanctions::<T>::iter_prefix(&holder).next().is_none(), Error::<T>::HolderSanctioned);
			Self::do_issue(
				Actor::Account(admin),
				holder,
				role,
				organization,
				licence_commitment,
				jurisdiction,
				valid_until,
			)
		}

		/// An organization's admin removes a staff credential, releasing its deposit.
		///
		/// Origin: signed by the admin of the credential's organization. Emits
		/// `CredentialRemoved`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::remove_staff())]
		pub fn remove_staff(origin: OriginFor<T>, holder: T::AccountId, role: Role) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let credential = CredentialOf::<T>::get(&holder, role).ok_or(Error::<T>::CredentialNotFound)?;
			let entry = Organizations::<T>::get(credential.organization)
				.ok_or(Error::<T>::OrganizationNotFound)?;
			ensure!(entry.admin == admin, Error::<T>::NotOrganizationAdmin);
			Self::do_remove(
				Actor::Account(admin),
				holder,
				role,
				credential,
				CredentialActionReason::Administrative,
			)
		}

		/// Moves all of the caller's credentials to `new` (key rotation). Each moved credential
		/// records the caller in `rotated_from`; status, validity and deposits are unchanged. The
		/// caller pays [`Config::ProfessionalEntryFee`] (burned) for the lineage kept for good.
		///
		/// Origin: signed by the holder. Emits `AccountRotated`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::rotate_account())]
		pub fn rotate_account(origin: OriginFor<T>, new: T::AccountId) -> DispatchResult {
			let old = ensure_signed(origin)?;
			ensure!(old != new, Error::<T>::SameAccount);
			let held: Vec<Role> =
				Role::ALL.iter().copied().filter(|role| CredentialOf::<T>::contains_key(&old, role)).collect();
			ensure!(!held.is_empty(), Error::<T>::NothingToRotate);
			ensure!(
				!held.iter().any(|role| CredentialOf::<T>::contains_key(&new, role)),
				Error::<T>::RotationTargetHasCredential
			);
			// A key that was ever part of a lineage keeps it: re-pointing it would let two people
			// who share keys steer later findings away from the one they concern.
			let root = LineageRoot::<T>::get(&old).unwrap_or_else(|| old.clone());
			ensure!(
				LineageRoot::<T>::get(&new).map_or(true, |theirs| theirs == root),
				Error::<T>::RotationTargetHasLineage
			);
			for role in &held {
				if let Some(mut credential) = CredentialOf::<T>::take(&old, role) {
					credential.rotated_from = Some(old.clone());
					CredentialOf::<T>::insert(&new, role, credential);
				}
			}
			// Discipline follows the person: the new key carries every sanction of the old one
			// (the old key keeps them), and later findings against any key of the lineage reach
			// the current one.
			let sanctions: Vec<_> = Sanctions::<T>::iter_prefix(&old).collect();
			for (role, sanction) in sanctions {
				if !Sanctions::<T>::contains_key(&new, role) {
					Sanctions::<T>::insert(&new, role, sanction);
				}
			}
			// The new lineage entries and the new key's professional entry are paid for at once.
			Self::burn_entry_fee(&old)?;
			LineageRoot::<T>::insert(&old, &root);
			LineageRoot::<T>::insert(&new, &root);
			CurrentKey::<T>::insert(&root, &new);
			if !Professionals::<T>::contains_key(&new) {
				Professionals::<T>::insert(&new, frame_system::Pallet::<T>::block_number());
			}
			let roles = OrganizationRoles::truncate_from(held);
			Self::deposit_event(Event::AccountRotated { old, new, roles });
			Ok(())
		}

		/// Removes a credential that can never work again: past `valid_until`, or issued by a
		/// revoked organization. Releases its deposit to the depositor. Anyone may call it, so
		/// dead credentials do not linger.
		///
		/// Origin: signed (anyone). Emits `CredentialRemoved`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::remove_lapsed_credential())]
		pub fn remove_lapsed_credential(
			origin: OriginFor<T>,
			holder: T::AccountId,
			role: Role,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let credential = CredentialOf::<T>::get(&holder, role).ok_or(Error::<T>::CredentialNotFound)?;
			let expired = credential.valid_until < frame_system::Pallet::<T>::block_number();
			let organization_revoked = Organizations::<T>::get(credential.organization)
				.map_or(true, |o| o.status == OrganizationStatus::Revoked);
			ensure!(expired || organization_revoked, Error::<T>::CredentialStillValid);
			let reason = if organization_revoked {
				CredentialActionReason::LicenceWithdrawn
			} else {
				CredentialActionReason::Administrative
			};
			Self::do_remove(Actor::Account(caller), holder, role, credential, reason)
		}
	}

	impl<T: Config> Pallet<T> {
		fn registrar_or_disciplinary(
			origin: OriginFor<T>,
		) -> Result<Actor<T::AccountId>, DispatchError> {
			match T::RegistrarOrigin::try_origin(origin) {
				Ok(_) => Ok(Actor::Registrar),
				Err(origin) => {
					T::DisciplinaryOrigin::ensure_origin(origin)?;
					Ok(Actor::Arbitration)
				},
			}
		}

		fn registrar_or_signed(origin: OriginFor<T>) -> Result<Actor<T::AccountId>, DispatchError> {
			match T::RegistrarOrigin::try_origin(origin) {
				Ok(_) => Ok(Actor::Registrar),
				Err(origin) => Ok(Actor::Account(ensure_signed(origin)?)),
			}
		}

		/// Moves an organization to status `to` if `allowed(current status)`, else fails with
		/// `otherwise`.
		fn set_organization_status(
			organization: OrganizationId,
			allowed: impl FnOnce(OrganizationStatus) -> bool,
			otherwise: Error<T>,
			to: OrganizationStatus,
		) -> DispatchResult {
			Organizations::<T>::try_mutate(organization, |entry| {
				let entry = entry.as_mut().ok_or(Error::<T>::OrganizationNotFound)?;
				ensure!(allowed(entry.status), otherwise);
				entry.status = to;
				Ok(())
			})
		}

		fn ensure_validity(valid_until: BlockNumberFor<T>) -> DispatchResult {
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(valid_until > now, Error::<T>::ValidityInPast);
			ensure!(
				valid_until <= now.saturating_add(T::MaxCredentialValidity::get()),
				Error::<T>::ValidityTooLong
			);
			Ok(())
		}

		fn hold(reason: &HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::hold(&(*reason).into(), who, amount)
				.map_err(|_| Error::<T>::InsufficientDeposit.into())
		}

		fn release(reason: &HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			// Best effort: the full amount was held by this pallet under this reason.
			T::Currency::release(&(*reason).into(), who, amount, Precision::BestEffort)?;
			Ok(())
		}

		/// Marks `who` a professional for good; the first time, `payer` pays the entry fee.
		fn mark_professional(who: &T::AccountId, payer: &T::AccountId) -> DispatchResult {
			if !Professionals::<T>::contains_key(who) {
				Self::burn_entry_fee(payer)?;
				Professionals::<T>::insert(who, frame_system::Pallet::<T>::block_number());
			}
			Ok(())
		}

		fn burn_entry_fee(payer: &T::AccountId) -> DispatchResult {
			let fee = T::ProfessionalEntryFee::get();
			if !fee.is_zero() {
				T::Currency::burn_from(payer, fee, Preservation::Preserve, Precision::Exact, Fortitude::Polite)
					.map_err(|_| Error::<T>::CannotPayEntryFee)?;
			}
			Ok(())
		}

		/// Records a sanction against `holder` in `role`, replacing a milder one.
		fn impose(
			actor: Actor<T::AccountId>,
			holder: &T::AccountId,
			role: Role,
			kind: SanctionKind,
			reason: CredentialActionReason,
		) {
			let since = frame_system::Pallet::<T>::block_number();
			Sanctions::<T>::mutate(holder, role, |sanction| match sanction {
				Some(existing) if existing.kind == SanctionKind::Revoked => {},
				_ => *sanction = Some(Sanction { kind, reason, since }),
			});
			Self::deposit_event(Event::SanctionImposed { actor, holder: holder.clone(), role, kind, reason });
		}

		/// `named`'s credential for `role`, or, if `named` rotated away since a decision against
		/// it was proposed, the credential of the key its lineage rotated to.
		fn credential_in_lineage(
			named: T::AccountId,
			role: Role,
		) -> Result<(T::AccountId, CredentialRecordOf<T>), DispatchError> {
			if let Some(credential) = CredentialOf::<T>::get(&named, role) {
				return Ok((named, credential));
			}
			let current = Self::current_key(&named).ok_or(Error::<T>::CredentialNotFound)?;
			let credential = CredentialOf::<T>::get(&current, role).ok_or(Error::<T>::CredentialNotFound)?;
			Ok((current, credential))
		}

		/// The key `who`'s lineage rotated to last, if it is not `who`.
		pub fn current_key(who: &T::AccountId) -> Option<T::AccountId> {
			let root = LineageRoot::<T>::get(who)?;
			CurrentKey::<T>::get(&root).filter(|current| current != who)
		}

		/// Suspends `holder`'s credential for `role` if it is active, and records the sanction
		/// either way, so the finding binds even when the credential is gone.
		fn discipline(
			actor: Actor<T::AccountId>,
			holder: &T::AccountId,
			role: Role,
			reason: CredentialActionReason,
		) {
			Self::impose(actor.clone(), holder, role, SanctionKind::Suspended, reason);
			let suspended = CredentialOf::<T>::mutate(holder, role, |credential| match credential {
				Some(c) if c.status == CredentialStatus::Active => {
					c.status = CredentialStatus::Suspended;
					true
				},
				_ => false,
			});
			if suspended {
				Self::deposit_event(Event::CredentialSuspended { actor, holder: holder.clone(), role, reason });
			}
		}

		fn do_issue(
			actor: Actor<T::AccountId>,
			holder: T::AccountId,
			role: Role,
			organization: OrganizationId,
			licence_commitment: H256,
			jurisdiction: Jurisdiction,
			valid_until: BlockNumberFor<T>,
		) -> DispatchResult {
			ensure!(is_valid_jurisdiction(&jurisdiction), Error::<T>::InvalidJurisdiction);
			Self::ensure_validity(valid_until)?;
			ensure!(!CredentialOf::<T>::contains_key(&holder, role), Error::<T>::CredentialExists);
			let mut entry = Organizations::<T>::get(organization).ok_or(Error::<T>::OrganizationNotFound)?;
			ensure!(entry.status == OrganizationStatus::Active, Error::<T>::OrganizationNotActive);
			ensure!(entry.roles.contains(&role), Error::<T>::RoleNotHeldByOrganization);
			entry.credentials = entry.credentials.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
			let deposit = T::CredentialDeposit::get();
			Self::hold(&HoldReason::CredentialDeposit, &entry.admin, deposit)?;
			CredentialOf::<T>::insert(
				&holder,
				role,
				Credential {
					organization,
					licence_commitment,
					jurisdiction,
					valid_until,
					status: CredentialStatus::Active,
					issued_at: frame_system::Pallet::<T>::block_number(),
					depositor: entry.admin.clone(),
					deposit,
					rotated_from: None,
				},
			);
			Self::mark_professional(&holder, &entry.admin)?;
			Organizations::<T>::insert(organization, entry);
			Self::deposit_event(Event::CredentialIssued { actor, holder, role, organization, valid_until });
			Ok(())
		}

		fn do_suspend(
			actor: Actor<T::AccountId>,
			holder: T::AccountId,
			role: Role,
			reason: CredentialActionReason,
		) -> DispatchResult {
			let (holder, credential) = Self::credential_in_lineage(holder, role)?;
			ensure!(credential.status == CredentialStatus::Active, Error::<T>::CredentialAlreadySuspended);
			Self::discipline(actor, &holder, role, reason);
			Ok(())
		}

		fn do_remove(
			actor: Actor<T::AccountId>,
			holder: T::AccountId,
			role: Role,
			credential: CredentialRecordOf<T>,
			reason: CredentialActionReason,
		) -> DispatchResult {
			Self::release(&HoldReason::CredentialDeposit, &credential.depositor, credential.deposit)?;
			CredentialOf::<T>::remove(&holder, role);
			Organizations::<T>::mutate(credential.organization, |entry| {
				if let Some(entry) = entry {
					entry.credentials = entry.credentials.saturating_sub(1);
				}
			});
			let organization = credential.organization;
			Self::deposit_event(Event::CredentialRemoved { actor, holder, role, organization, reason });
			Ok(())
		}

		/// What storage says each account owes under this pallet's hold reasons: an admin its
		/// organization's deposit, a depositor its credentials'.
		#[cfg(any(test, feature = "std", feature = "try-runtime"))]
		pub fn owed_holds() -> caduceus_primitives::HoldLedger<T::AccountId, T::RuntimeHoldReason, BalanceOf<T>> {
			let mut ledger = caduceus_primitives::HoldLedger::new();
			for entry in Organizations::<T>::iter_values() {
				ledger.owe_deposit(&entry.admin, HoldReason::OrganizationDeposit, entry.deposit);
			}
			for credential in CredentialOf::<T>::iter_values() {
				ledger.owe_deposit(&credential.depositor, HoldReason::CredentialDeposit, credential.deposit);
			}
			ledger
		}

		/// Checks the pallet's invariants:
		/// - every organization's `credentials` equals the number of stored credentials naming it;
		/// - every credential names an existing organization that may hold its role;
		/// - no organization id is at or above `NextOrganizationId`;
		/// - no credential of a revoked organization is active;
		/// - every depositor holds exactly the deposits recorded for it;
		/// - every credential holder is a professional, and every suspended credential has a
		///   sanction;
		/// - every rotated key is a professional, whose entry fee paid for its lineage (sanctions
		///   of a non-professional come only from governance or another pallet's finding);
		/// - every key lineage has a root that is its own root and a current key.
		#[cfg(any(test, feature = "std", feature = "try-runtime"))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::fungible::InspectHold;
			let next = NextOrganizationId::<T>::get();
			let mut counted: BTreeMap<OrganizationId, u32> = BTreeMap::new();
			Self::owed_holds().check_held(|reason, who| T::Currency::balance_on_hold(reason, who))?;
			for (holder, role, credential) in CredentialOf::<T>::iter() {
				let entry = Organizations::<T>::get(credential.organization)
					.ok_or("credential names a missing organization")?;
				ensure!(entry.roles.contains(&role), "credential for a role its organization lacks");
				let count = counted.entry(credential.organization).or_default();
				*count = count.saturating_add(1);
				ensure!(
					!(entry.status == OrganizationStatus::Revoked && Self::is_active(&holder, role)),
					"active credential of a revoked organization"
				);
			}
			for (holder, role, credential) in CredentialOf::<T>::iter() {
				ensure!(Professionals::<T>::contains_key(&holder), "credential holder not marked professional");
				if credential.status == CredentialStatus::Suspended {
					ensure!(Sanctions::<T>::contains_key(&holder, role), "suspended credential without a sanction");
				}
			}
			for (key, root) in LineageRoot::<T>::iter() {
				ensure!(LineageRoot::<T>::get(&root).as_ref() == Some(&root), "lineage root is not its own root");
				ensure!(CurrentKey::<T>::contains_key(&root), "lineage without a current key");
				ensure!(key == root || Professionals::<T>::contains_key(&key), "rotated key not professional");
			}
			for (id, entry) in Organizations::<T>::iter() {
				ensure!(id < next, "organization id at or above NextOrganizationId");
				ensure!(
					counted.get(&id).copied().unwrap_or_default() == entry.credentials,
					"organization credential count does not match its credentials"
				);
			}
			Ok(())
		}
	}

	impl<T: Config> CredentialInspect<T::AccountId> for Pallet<T> {
		fn affiliation(who: &T::AccountId, role: Role) -> Option<Affiliation> {
			let credential = CredentialOf::<T>::get(who, role)?;
			let active = credential.status == CredentialStatus::Active &&
				frame_system::Pallet::<T>::block_number() <= credential.valid_until &&
				Organizations::<T>::get(credential.organization)
					.is_some_and(|o| o.status == OrganizationStatus::Active);
			Some(Affiliation { organization: credential.organization, active })
		}

		fn is_professional(who: &T::AccountId) -> bool {
			Professionals::<T>::contains_key(who)
		}

		fn organization_exists(organization: OrganizationId) -> bool {
			Organizations::<T>::contains_key(organization)
		}

		fn current_key(who: &T::AccountId) -> Option<T::AccountId> {
			Pallet::<T>::current_key(who)
		}
	}

	impl<T: Config> OnCredentialAbuse<T::AccountId> for Pallet<T> {
		fn on_abuse(who: &T::AccountId, role: Role, reason: CredentialActionReason) {
			// The finding binds the person: the key it names and the key its credentials
			// rotated to since, whether or not a credential is still there to suspend.
			Self::discipline(Actor::AbuseReport, who, role, reason);
			if let Some(current) = Self::current_key(who) {
				Self::discipline(Actor::AbuseReport, &current, role, reason);
			}
		}
	}
}

extern crate alloc;
use alloc::vec::Vec;
