//! # Emergency access pallet
//!
//! Break-glass access to a patient's records that is fast, bounded and answerable: the HIPAA
//! emergency access procedure (45 CFR 164.312(a)(2)(ii)).
//!
//! - [`Config`]
//! - [`Call`]
//!
//! ## Overview
//!
//! ### Breaking the glass
//! An account with an active `EmergencyResponder` credential opens a session for a patient with
//! `declare_emergency`, giving an [`EmergencyReason`] code and a salted commitment to its written
//! justification (the text stays off chain). No consent transaction is needed. A bond
//! ([`Config::ResponderBond`]) is held from the responder. The session grants `access` (read only)
//! for purpose `ETREAT` to the patient's **emergency scope**, until [`Config::AccessWindow`]
//! blocks have passed or the responder closes it with `close_session`. The emergency scope is
//! [`DEFAULT_EMERGENCY_SCOPE`] (allergies, medications, conditions, immunizations) unless the
//! patient set another.
//!
//! The `EmergencyAccessStarted` event follows the FHIR AuditEvent break-glass pattern: type DCM
//! 110113 "Security Alert", subtype 110127 "Emergency Override Started", purpose `ETREAT`. It
//! names the accounts the patient asked to be notified.
//!
//! ### Patient preferences
//! With `set_emergency_preferences` the patient (or guardian) opts out entirely, narrows or
//! widens the emergency scope, and names up to [`Config::MaxNotified`] accounts to notify. A
//! deposit is held for the entry; `clear_emergency_preferences` restores the defaults and returns
//! it. Opting out refuses new sessions and cuts off live ones at once.
//!
//! ### Review and consequences
//! Every session is reviewed within [`Config::ReviewPeriod`] blocks of its end with
//! `review_session`, never by its responder. Review authority is split so that no party judges
//! its own cause (docs/emergency-access.md has the reasoning):
//! - **The patient or guardian** may find it **justified** (the bond is released at once) or
//!   **dispute** it (arbitration decides), also while it is live (which ends it) and against an
//!   officer's finding. They may not find **abuse**: the slashed bond is paid to the patient.
//! - **An independent privacy officer**, one of an organization other than the one the
//!   responder acted for ([`SessionOrganization`]), reviews once the session has ended, so no
//!   stranger can cut off care. A finding of **justified** or **abuse** is provisional for one
//!   more review period: the patient may dispute the first, the responder may contest the second
//!   with `contest_finding`. Uncontested, it takes effect through `release_unreviewed`.
//! - **Arbitration** ([`Config::ArbitrationOrigin`], the consortium's arbitration track) settles
//!   disputed sessions with `resolve_dispute`.
//!
//! Abuse slashes the bond **to the patient**, whose records were read without cause (there is no
//! treasury on this chain); a slash that cannot be made fails the call instead of passing
//! silently. The responder is sanctioned through [`Config::OnAbuse`], which follows the person
//! across key rotation. A session nobody reviewed in time is settled by anyone with
//! `release_unreviewed`: the bond goes back to the responder and the session is removed, so no
//! state lingers. Each responder's outcomes are counted in [`ResponderRecord`].
//!
//! ### Rate limit
//! A responder may hold at most [`Config::MaxOpenSessions`] live sessions at once (at most
//! [`MAX_OPEN_SESSIONS`] whatever the parameter says), and one per patient.
//!
//! ## Dispatchable functions and their complexity
//! All calls are O(1) except where noted; N = [`MAX_OPEN_SESSIONS`], S = the number of record
//! types, M = [`Config::MaxNotified`].
//!
//! | call | origin | complexity |
//! | --- | --- | --- |
//! | `declare_emergency` | active emergency responder | O(N + M) |
//! | `close_session` | the session's responder | O(N) |
//! | `review_session` | patient, guardian, or an independent privacy officer | O(N) |
//! | `contest_finding` | the session's responder, against an officer's finding of abuse | O(N) |
//! | `resolve_dispute` | arbitration | O(N) |
//! | `release_unreviewed` | anyone, after the review period (settles findings too) | O(N) |
//! | `set_emergency_preferences` | patient or guardian | O(S + M) |
//! | `clear_emergency_preferences` | patient or guardian | O(1) |

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use caduceus_primitives::all_distinct;
pub use caduceus_primitives::{
	AccessBasis, AccessDenied, AccessPolicy, AccessTarget, ConsentAction, CredentialActionReason,
	CredentialInspect, EmergencySessionId, OnCredentialAbuse, OrganizationId, PurposeOfUse, RecordType, Role,
};
pub use pallet::*;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{self, traits::ConstU32, BoundedVec},
	frame_system, sp_api,
	sp_core::H256,
	sp_runtime,
};
use scale_info::TypeInfo;

/// The most live sessions one responder may hold, whatever [`Config::MaxOpenSessions`] says.
pub const MAX_OPEN_SESSIONS: u32 = 16;

/// What a responder may read when the patient set no emergency scope.
pub const DEFAULT_EMERGENCY_SCOPE: [RecordType; 4] = [
	RecordType::AllergyIntolerance,
	RecordType::MedicationStatement,
	RecordType::Condition,
	RecordType::Immunization,
];

/// DICOM (DCM) code of the AuditEvent type of a break-glass event: "Security Alert".
pub const DCM_SECURITY_ALERT: u32 = 110113;
/// DICOM (DCM) code of the AuditEvent subtype: "Emergency Override Started".
pub const DCM_EMERGENCY_OVERRIDE_STARTED: u32 = 110127;
/// DICOM (DCM) code of the AuditEvent subtype: "Emergency Override Stopped".
pub const DCM_EMERGENCY_OVERRIDE_STOPPED: u32 = 110138;

/// Every record type at most once.
pub type EmergencyScope = BoundedVec<RecordType, ConstU32<{ RecordType::ALL.len() as u32 }>>;

/// Why the glass was broken. Codes only: the written justification stays off chain, committed
/// to by a salted hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum EmergencyReason {
	/// The patient is unconscious or cannot communicate.
	#[codec(index = 0)]
	PatientUnresponsive,
	/// A life-threatening condition needs treatment before consent can be sought.
	#[codec(index = 1)]
	LifeThreatening,
	/// The patient lacks capacity and no guardian can be reached.
	#[codec(index = 2)]
	NoRepresentativeReachable,
	/// A mass-casualty or disaster response.
	#[codec(index = 3)]
	MassCasualty,
	/// Another reason, explained in the justification.
	#[codec(index = 4)]
	Other,
}

/// A reviewer's finding on a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ReviewOutcome {
	/// The access was justified: the bond is released.
	#[codec(index = 0)]
	Justified,
	/// The access was abuse: the bond is slashed and the credential suspended.
	#[codec(index = 1)]
	Abuse,
	/// The reviewer disputes it: arbitration decides.
	#[codec(index = 2)]
	Disputed,
}

/// Where a session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum SessionStatus {
	/// Granting access until `expires_at`, or awaiting review once that has passed.
	#[codec(index = 0)]
	Open,
	/// Closed early by the responder; awaiting review.
	#[codec(index = 1)]
	Closed,
	/// A reviewer disputed it; awaiting arbitration.
	#[codec(index = 2)]
	Disputed,
	/// An independent privacy officer found it justified; the patient may still dispute until
	/// `review_by`, after which the bond is released.
	#[codec(index = 3)]
	FoundJustified,
	/// An independent privacy officer found abuse; the responder may contest until `review_by`,
	/// after which the bond is slashed and the responder sanctioned.
	#[codec(index = 4)]
	FoundAbuse,
}

/// A break-glass session.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Session<AccountId, Balance, BlockNumber> {
	/// Who broke the glass.
	pub responder: AccountId,
	/// Whose records.
	pub patient: AccountId,
	/// Why.
	pub reason: EmergencyReason,
	/// Salted hash of the written justification, kept off chain for the review.
	pub justification: H256,
	/// The block the session opened.
	pub opened_at: BlockNumber,
	/// The first block with no access: the end of the window.
	pub expires_at: BlockNumber,
	/// The last block in which a review is accepted.
	pub review_by: BlockNumber,
	/// Where it stands.
	pub status: SessionStatus,
	/// The bond held from the responder.
	pub bond: Balance,
}

impl<AccountId, Balance, BlockNumber: PartialOrd> Session<AccountId, Balance, BlockNumber> {
	/// True while the session grants access.
	pub fn is_live(&self, now: BlockNumber) -> bool {
		self.status == SessionStatus::Open && now < self.expires_at
	}
}

/// A patient's emergency preferences.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct EmergencyPreferences<Notified> {
	/// No break-glass access at all.
	pub opted_out: bool,
	/// The record types a responder may read.
	pub scope: EmergencyScope,
	/// Accounts to notify when the glass is broken (named in the event).
	pub notify: Notified,
}

/// Preferences as stored, with the deposit held for them.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct StoredPreferences<AccountId, Balance, Notified> {
	/// The preferences.
	pub preferences: EmergencyPreferences<Notified>,
	/// Who paid the deposit: the patient or the guardian.
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
}

/// How a responder's sessions ended, counted.
#[derive(
	Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ResponderHistory {
	/// Sessions opened.
	pub opened: u32,
	/// Found justified, by a reviewer or by arbitration.
	pub justified: u32,
	/// Found abuse, by a reviewer or by arbitration.
	pub abused: u32,
	/// Disputed by a reviewer.
	pub disputed: u32,
	/// Never reviewed within the review period.
	pub unreviewed: u32,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{Saturating, Zero};

	pub(crate) type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The accounts a patient asks to be notified.
	pub type NotifiedOf<T> = BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxNotified>;
	/// A session as stored.
	pub type SessionOf<T> = Session<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// Preferences as given by the patient.
	pub type PreferencesOf<T> = EmergencyPreferences<NotifiedOf<T>>;
	/// Preferences as stored.
	pub type StoredPreferencesOf<T> =
		StoredPreferences<<T as frame_system::Config>::AccountId, BalanceOf<T>, NotifiedOf<T>>;
	/// A responder's live sessions and when each expires.
	pub type LiveListOf<T> = BoundedVec<(EmergencySessionId, BlockNumberFor<T>), ConstU32<MAX_OPEN_SESSIONS>>;

	/// The in-code storage version: 1 added [`SessionOrganization`].
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency bonds and deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason> + Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason> + codec::Encode;

		/// Credential status of responders and privacy officers.
		type Credentials: CredentialInspect<Self::AccountId>;

		/// Suspends a responder's credential when a review finds abuse.
		type OnAbuse: OnCredentialAbuse<Self::AccountId>;

		/// Who acts for a patient: the policy is asked whether an account is the patient's owner
		/// or guardian (pallet-consent in the runtime).
		type Representatives: AccessPolicy<Self::AccountId>;

		/// Settles disputed reviews: the consortium's arbitration track.
		type ArbitrationOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// How long a session grants access, in blocks.
		#[pallet::constant]
		type AccessWindow: Get<BlockNumberFor<Self>>;

		/// Held from the responder for each session; slashed on abuse.
		#[pallet::constant]
		type ResponderBond: Get<BalanceOf<Self>>;

		/// How long after a session's end a review is accepted, in blocks.
		#[pallet::constant]
		type ReviewPeriod: Get<BlockNumberFor<Self>>;

		/// Live sessions one responder may hold at once (capped at [`MAX_OPEN_SESSIONS`]).
		#[pallet::constant]
		type MaxOpenSessions: Get<u32>;

		/// Held from a patient or guardian for stored emergency preferences.
		#[pallet::constant]
		type PreferencesDeposit: Get<BalanceOf<Self>>;

		/// The most accounts a patient may ask to be notified.
		#[pallet::constant]
		type MaxNotified: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up credentials and representatives for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A responder's bond for a session.
		#[codec(index = 0)]
		ResponderBond,
		/// A patient's stored emergency preferences.
		#[codec(index = 1)]
		PreferencesDeposit,
	}

	/// The id the next session gets.
	#[pallet::storage]
	pub type NextSessionId<T> = StorageValue<_, EmergencySessionId, ValueQuery>;

	/// Sessions not yet settled: live, or awaiting review or arbitration.
	#[pallet::storage]
	pub type Sessions<T: Config> = StorageMap<_, Twox64Concat, EmergencySessionId, SessionOf<T>, OptionQuery>;

	/// The organization a session's responder acted for when breaking the glass: its privacy
	/// officers are not independent reviewers of the session.
	#[pallet::storage]
	pub type SessionOrganization<T: Config> =
		StorageMap<_, Twox64Concat, EmergencySessionId, OrganizationId, OptionQuery>;

	/// A responder's latest session for a patient: what the access check reads.
	#[pallet::storage]
	pub type LatestSession<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		EmergencySessionId,
		OptionQuery,
	>;

	/// A patient's unsettled sessions.
	#[pallet::storage]
	pub type PatientSessions<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, EmergencySessionId, (), OptionQuery>;

	/// A responder's unsettled sessions.
	#[pallet::storage]
	pub type ResponderSessions<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, EmergencySessionId, (), OptionQuery>;

	/// A responder's sessions that may still be live: the rate limit counts those not expired.
	#[pallet::storage]
	pub type LiveSessions<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, LiveListOf<T>, ValueQuery>;

	/// How each responder's sessions ended.
	#[pallet::storage]
	pub type ResponderRecord<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ResponderHistory, ValueQuery>;

	/// Patients' emergency preferences; absent means the defaults.
	#[pallet::storage]
	pub type Preferences<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, StoredPreferencesOf<T>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The glass was broken (AuditEvent type `audit_type`, subtype `audit_subtype`, purpose
		/// `purpose`); `notify` are the accounts the patient asked to be told.
		EmergencyAccessStarted {
			session: EmergencySessionId,
			responder: T::AccountId,
			patient: T::AccountId,
			reason: EmergencyReason,
			expires_at: BlockNumberFor<T>,
			notify: NotifiedOf<T>,
			audit_type: u32,
			audit_subtype: u32,
			purpose: PurposeOfUse,
		},
		/// The responder closed the session before its window ended (AuditEvent subtype
		/// `audit_subtype`, "Emergency Override Stopped").
		EmergencyAccessClosed {
			session: EmergencySessionId,
			responder: T::AccountId,
			patient: T::AccountId,
			audit_subtype: u32,
		},
		/// A reviewer gave its finding.
		SessionReviewed {
			session: EmergencySessionId,
			responder: T::AccountId,
			patient: T::AccountId,
			reviewer: T::AccountId,
			outcome: ReviewOutcome,
		},
		/// Arbitration settled a disputed session.
		DisputeResolved {
			session: EmergencySessionId,
			responder: T::AccountId,
			patient: T::AccountId,
			outcome: ReviewOutcome,
		},
		/// The bond was slashed to the patient.
		BondSlashed { session: EmergencySessionId, responder: T::AccountId, patient: T::AccountId, amount: BalanceOf<T> },
		/// Nobody reviewed the session in time; the bond went back to the responder.
		UnreviewedReleased { session: EmergencySessionId, responder: T::AccountId, patient: T::AccountId, by: T::AccountId },
		/// The responder contested a privacy officer's finding of abuse: arbitration decides.
		FindingContested { session: EmergencySessionId, responder: T::AccountId, patient: T::AccountId },
		/// An officer's finding stood uncontested through the review period and took effect.
		FindingFinal { session: EmergencySessionId, responder: T::AccountId, patient: T::AccountId, outcome: ReviewOutcome },
		/// A patient's emergency preferences were set.
		PreferencesSet { patient: T::AccountId, opted_out: bool, by: T::AccountId },
		/// A patient's emergency preferences went back to the defaults.
		PreferencesCleared { patient: T::AccountId, by: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller holds no active `EmergencyResponder` credential.
		NotResponder,
		/// The patient opted out of emergency access.
		PatientOptedOut,
		/// A responder cannot break the glass on their own records.
		ResponderIsPatient,
		/// This responder already has a live session for this patient.
		SessionAlreadyOpen,
		/// The responder holds the most live sessions allowed.
		TooManyOpenSessions,
		/// No unsettled session with this id.
		SessionNotFound,
		/// Only the session's responder may close it.
		NotSessionResponder,
		/// The session is not live.
		SessionNotLive,
		/// The caller is not the patient, the patient's guardian or an active privacy officer, or
		/// is the session's responder.
		NotReviewer,
		/// The review period of this session is over.
		ReviewPeriodOver,
		/// The review period of this session has not ended.
		ReviewPeriodNotOver,
		/// The session is disputed: only arbitration settles it.
		SessionDisputed,
		/// The session is not disputed.
		NotDisputed,
		/// Arbitration must find the session justified or abuse.
		DisputeNeedsFinding,
		/// The caller is neither the patient nor the patient's guardian.
		NotPatientOrGuardian,
		/// A record type or notified account appears twice.
		Duplicate,
		/// The patient has no stored preferences.
		NoPreferences,
		/// An id counter overflowed.
		Overflow,
		/// The patient (or guardian) receives a slashed bond, so may find a session justified or
		/// dispute it, but not find abuse: an independent officer or arbitration decides that.
		PatientMayNotFindAbuse,
		/// The privacy officer acts for the responder's own organization.
		ReviewerNotIndependent,
		/// A privacy officer reviews a session only once it has ended.
		SessionLive,
		/// A privacy officer already gave a finding on this session.
		AlreadyReviewed,
		/// The session has no finding of abuse to contest.
		NoFindingToContest,
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
		/// Breaks the glass on `patient`'s records for `reason`; `justification` is a salted hash
		/// of the written justification. Holds the responder's bond.
		///
		/// Origin: an account with an active `EmergencyResponder` credential. Emits
		/// `EmergencyAccessStarted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::declare_emergency())]
		pub fn declare_emergency(
			origin: OriginFor<T>,
			patient: T::AccountId,
			reason: EmergencyReason,
			justification: H256,
		) -> DispatchResult {
			let responder = ensure_signed(origin)?;
			ensure!(T::Credentials::is_active(&responder, Role::EmergencyResponder), Error::<T>::NotResponder);
			ensure!(responder != patient, Error::<T>::ResponderIsPatient);
			let preferences = Preferences::<T>::get(&patient).map(|p| p.preferences);
			ensure!(!preferences.as_ref().is_some_and(|p| p.opted_out), Error::<T>::PatientOptedOut);
			let now = frame_system::Pallet::<T>::block_number();
			if let Some(latest) = LatestSession::<T>::get(&patient, &responder).and_then(Sessions::<T>::get) {
				ensure!(!latest.is_live(now), Error::<T>::SessionAlreadyOpen);
			}
			let id = NextSessionId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let expires_at = now.saturating_add(T::AccessWindow::get());
			let limit = T::MaxOpenSessions::get().min(MAX_OPEN_SESSIONS) as usize;
			LiveSessions::<T>::try_mutate(&responder, |live| {
				live.retain(|(_, expires)| now < *expires);
				ensure!(live.len() < limit, Error::<T>::TooManyOpenSessions);
				live.try_push((id, expires_at)).map_err(|_| Error::<T>::TooManyOpenSessions)
			})?;
			let bond = T::ResponderBond::get();
			if !bond.is_zero() {
				T::Currency::hold(&HoldReason::ResponderBond.into(), &responder, bond)?;
			}
			let session = Session {
				responder: responder.clone(),
				patient: patient.clone(),
				reason,
				justification,
				opened_at: now,
				expires_at,
				review_by: expires_at.saturating_add(T::ReviewPeriod::get()),
				status: SessionStatus::Open,
				bond,
			};
			Sessions::<T>::insert(id, session);
			if let Some(affiliation) = T::Credentials::affiliation(&responder, Role::EmergencyResponder) {
				SessionOrganization::<T>::insert(id, affiliation.organization);
			}
			NextSessionId::<T>::put(next);
			LatestSession::<T>::insert(&patient, &responder, id);
			PatientSessions::<T>::insert(&patient, id, ());
			ResponderSessions::<T>::insert(&responder, id, ());
			ResponderRecord::<T>::mutate(&responder, |r| r.opened.saturating_inc());
			Self::deposit_event(Event::EmergencyAccessStarted {
				session: id,
				responder,
				patient,
				reason,
				expires_at,
				notify: preferences.map(|p| p.notify).unwrap_or_default(),
				audit_type: DCM_SECURITY_ALERT,
				audit_subtype: DCM_EMERGENCY_OVERRIDE_STARTED,
				purpose: PurposeOfUse::EmergencyTreatment,
			});
			Ok(())
		}

		/// Ends live session `session` before its window does. It still awaits review.
		///
		/// Origin: the session's responder. Emits `EmergencyAccessClosed`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::close_session())]
		pub fn close_session(origin: OriginFor<T>, session: EmergencySessionId) -> DispatchResult {
			let responder = ensure_signed(origin)?;
			let mut entry = Sessions::<T>::get(session).ok_or(Error::<T>::SessionNotFound)?;
			ensure!(entry.responder == responder, Error::<T>::NotSessionResponder);
			ensure!(entry.is_live(frame_system::Pallet::<T>::block_number()), Error::<T>::SessionNotLive);
			entry.status = SessionStatus::Closed;
			Sessions::<T>::insert(session, &entry);
			LiveSessions::<T>::mutate(&responder, |live| live.retain(|(id, _)| *id != session));
			Self::deposit_event(Event::EmergencyAccessClosed {
				session,
				responder,
				patient: entry.patient,
				audit_subtype: DCM_EMERGENCY_OVERRIDE_STOPPED,
			});
			Ok(())
		}

		/// Gives the review finding on `session`. Who may find what (see docs/emergency-access.md):
		/// - the patient or guardian: `Justified` (settles it, the bond is released) or
		///   `Disputed` (arbitration decides), at any time in the review period, also on a live
		///   session (which ends it) and against an officer's finding; never `Abuse`, since the
		///   slashed bond goes to the patient;
		/// - an active privacy officer of an organization other than the one the responder acted
		///   for, once the session has ended: `Justified` or `Abuse` as a provisional finding that
		///   the patient (resp. the responder) may dispute (resp. contest) for one more
		///   [`Config::ReviewPeriod`]; or `Disputed`.
		///
		/// Origin: as above, never the session's responder, until the session's `review_by`
		/// block. Emits `SessionReviewed`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::review_session().max(T::WeightInfo::review_session_by_patient()))]
		pub fn review_session(
			origin: OriginFor<T>,
			session: EmergencySessionId,
			outcome: ReviewOutcome,
		) -> DispatchResult {
			let reviewer = ensure_signed(origin)?;
			let mut entry = Sessions::<T>::get(session).ok_or(Error::<T>::SessionNotFound)?;
			// Nobody reviews their own break-glass, even as a privacy officer.
			ensure!(reviewer != entry.responder, Error::<T>::NotReviewer);
			ensure!(entry.status != SessionStatus::Disputed, Error::<T>::SessionDisputed);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= entry.review_by, Error::<T>::ReviewPeriodOver);
			let by_patient = Self::represents(&reviewer, &entry.patient);
			if by_patient {
				ensure!(outcome != ReviewOutcome::Abuse, Error::<T>::PatientMayNotFindAbuse);
			} else {
				Self::ensure_independent_officer(&reviewer, session, &entry)?;
				ensure!(!entry.is_live(now), Error::<T>::SessionLive);
				ensure!(
					matches!(entry.status, SessionStatus::Open | SessionStatus::Closed),
					Error::<T>::AlreadyReviewed
				);
			}
			Self::deposit_event(Event::SessionReviewed {
				session,
				responder: entry.responder.clone(),
				patient: entry.patient.clone(),
				reviewer,
				outcome,
			});
			match (outcome, by_patient) {
				(ReviewOutcome::Disputed, _) => {
					Self::escalate(session, &mut entry);
				},
				(ReviewOutcome::Justified, true) => Self::settle(session, entry, ReviewOutcome::Justified)?,
				(finding, _) => {
					// Provisional: the other side gets a whole review period to answer.
					entry.status = if finding == ReviewOutcome::Abuse {
						SessionStatus::FoundAbuse
					} else {
						SessionStatus::FoundJustified
					};
					entry.review_by = entry.review_by.max(now.saturating_add(T::ReviewPeriod::get()));
					Sessions::<T>::insert(session, &entry);
				},
			}
			Ok(())
		}

		/// The responder contests a privacy officer's finding of abuse on `session`: arbitration
		/// decides, and the bond stays held until it does.
		///
		/// Origin: the session's responder, until the session's `review_by` block. Emits
		/// `FindingContested`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::contest_finding())]
		pub fn contest_finding(origin: OriginFor<T>, session: EmergencySessionId) -> DispatchResult {
			let responder = ensure_signed(origin)?;
			let mut entry = Sessions::<T>::get(session).ok_or(Error::<T>::SessionNotFound)?;
			ensure!(entry.responder == responder, Error::<T>::NotSessionResponder);
			ensure!(entry.status == SessionStatus::FoundAbuse, Error::<T>::NoFindingToContest);
			ensure!(frame_system::Pallet::<T>::block_number() <= entry.review_by, Error::<T>::ReviewPeriodOver);
			Self::escalate(session, &mut entry);
			Self::deposit_event(Event::FindingContested { session, responder, patient: entry.patient });
			Ok(())
		}

		/// Settles disputed session `session` with `outcome`, justified or abuse.
		///
		/// Origin: the arbitration origin. Emits `DisputeResolved`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			session: EmergencySessionId,
			outcome: ReviewOutcome,
		) -> DispatchResult {
			T::ArbitrationOrigin::ensure_origin(origin)?;
			ensure!(outcome != ReviewOutcome::Disputed, Error::<T>::DisputeNeedsFinding);
			let entry = Sessions::<T>::get(session).ok_or(Error::<T>::SessionNotFound)?;
			ensure!(entry.status == SessionStatus::Disputed, Error::<T>::NotDisputed);
			Self::deposit_event(Event::DisputeResolved {
				session,
				responder: entry.responder.clone(),
				patient: entry.patient.clone(),
				outcome,
			});
			Self::settle(session, entry, outcome)?;
			Ok(())
		}

		/// Settles `session` once its review period is over: an officer's uncontested finding
		/// takes effect (justified: the bond is released; abuse: slashed to the patient and the
		/// responder sanctioned); a session nobody reviewed is removed and its bond returned.
		///
		/// Origin: signed, anyone. Emits `FindingFinal` or `UnreviewedReleased`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::release_unreviewed())]
		pub fn release_unreviewed(origin: OriginFor<T>, session: EmergencySessionId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			let entry = Sessions::<T>::get(session).ok_or(Error::<T>::SessionNotFound)?;
			ensure!(entry.status != SessionStatus::Disputed, Error::<T>::SessionDisputed);
			ensure!(frame_system::Pallet::<T>::block_number() > entry.review_by, Error::<T>::ReviewPeriodNotOver);
			let finding = match entry.status {
				SessionStatus::FoundAbuse => Some(ReviewOutcome::Abuse),
				SessionStatus::FoundJustified => Some(ReviewOutcome::Justified),
				_ => None,
			};
			if let Some(outcome) = finding {
				Self::deposit_event(Event::FindingFinal {
					session,
					responder: entry.responder.clone(),
					patient: entry.patient.clone(),
					outcome,
				});
				return Self::settle(session, entry, outcome);
			}
			ResponderRecord::<T>::mutate(&entry.responder, |r| r.unreviewed.saturating_inc());
			Self::deposit_event(Event::UnreviewedReleased {
				session,
				responder: entry.responder.clone(),
				patient: entry.patient.clone(),
				by,
			});
			Self::remove(session, &entry);
			Self::release_bond(&entry);
			Ok(())
		}

		/// Sets `patient`'s emergency preferences: opt out, the record types a responder may read,
		/// and the accounts to notify. Holds a deposit the first time.
		///
		/// Origin: the patient or the patient's guardian. Emits `PreferencesSet`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_emergency_preferences().saturating_add(Pallet::<T>::representation_weight()))]
		pub fn set_emergency_preferences(
			origin: OriginFor<T>,
			patient: T::AccountId,
			preferences: PreferencesOf<T>,
		) -> DispatchResult {
			let by = ensure_signed(origin)?;
			ensure!(Self::represents(&by, &patient), Error::<T>::NotPatientOrGuardian);
			ensure!(all_distinct(&preferences.scope) && all_distinct(&preferences.notify), Error::<T>::Duplicate);
			let opted_out = preferences.opted_out;
			let stored = match Preferences::<T>::get(&patient) {
				Some(old) => StoredPreferences { preferences, ..old },
				None => {
					let deposit = T::PreferencesDeposit::get();
					if !deposit.is_zero() {
						T::Currency::hold(&HoldReason::PreferencesDeposit.into(), &by, deposit)?;
					}
					StoredPreferences { preferences, depositor: by.clone(), deposit }
				},
			};
			Preferences::<T>::insert(&patient, stored);
			Self::deposit_event(Event::PreferencesSet { patient, opted_out, by });
			Ok(())
		}

		/// Restores `patient`'s default emergency preferences and returns the deposit to whoever
		/// paid it.
		///
		/// Origin: the patient or the patient's guardian. Emits `PreferencesCleared`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::clear_emergency_preferences().saturating_add(Pallet::<T>::representation_weight()))]
		pub fn clear_emergency_preferences(origin: OriginFor<T>, patient: T::AccountId) -> DispatchResult {
			let by = ensure_signed(origin)?;
			ensure!(Self::represents(&by, &patient), Error::<T>::NotPatientOrGuardian);
			let stored = Preferences::<T>::take(&patient).ok_or(Error::<T>::NoPreferences)?;
			// The hold was placed with the entry; `do_try_state` checks it is there.
			let _ = T::Currency::release(
				&HoldReason::PreferencesDeposit.into(),
				&stored.depositor,
				stored.deposit,
				Precision::BestEffort,
			);
			Self::deposit_event(Event::PreferencesCleared { patient, by });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Is `who` the patient, or the patient's guardian?
		/// What asking [`Config::Representatives`] whether a caller speaks for a patient can
		/// cost, from the policy's members. Calls that anyone may try for a patient (setting and
		/// clearing emergency preferences) charge it on top of their benchmark, which ran with
		/// the patient as caller.
		pub fn representation_weight() -> Weight {
			caduceus_primitives::represents_weight::<T::AccountId, T::Representatives>()
		}

		fn represents(who: &T::AccountId, patient: &T::AccountId) -> bool {
			caduceus_primitives::represents::<_, T::Representatives>(who, patient)
		}

		/// Is `officer` an active privacy officer of an organization other than the one the
		/// session's responder acted for? Sessions opened before that was recorded fall back to
		/// the responder's current credential.
		fn ensure_independent_officer(
			officer: &T::AccountId,
			session: EmergencySessionId,
			entry: &SessionOf<T>,
		) -> DispatchResult {
			let affiliation = T::Credentials::affiliation(officer, Role::PrivacyOfficer)
				.filter(|a| a.active)
				.ok_or(Error::<T>::NotReviewer)?;
			let responders = SessionOrganization::<T>::get(session).or_else(|| {
				T::Credentials::affiliation(&entry.responder, Role::EmergencyResponder).map(|a| a.organization)
			});
			ensure!(responders != Some(affiliation.organization), Error::<T>::ReviewerNotIndependent);
			Ok(())
		}

		/// Sends a session to arbitration; the bond stays held.
		fn escalate(session: EmergencySessionId, entry: &mut SessionOf<T>) {
			entry.status = SessionStatus::Disputed;
			Sessions::<T>::insert(session, &*entry);
			LiveSessions::<T>::mutate(&entry.responder, |live| live.retain(|(id, _)| *id != session));
			ResponderRecord::<T>::mutate(&entry.responder, |r| r.disputed.saturating_inc());
		}

		/// Settles a session found justified or abuse, and removes it. Fails, changing nothing,
		/// if the slash cannot be made.
		fn settle(session: EmergencySessionId, entry: SessionOf<T>, outcome: ReviewOutcome) -> DispatchResult {
			if outcome == ReviewOutcome::Abuse {
				// The bond was held when the session opened (`do_try_state` checks it): a failure
				// here means the punishment did not happen, so it must not pass silently.
				let slashed = T::Currency::transfer_on_hold(
					&HoldReason::ResponderBond.into(),
					&entry.responder,
					&entry.patient,
					entry.bond,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
				Self::remove(session, &entry);
				T::OnAbuse::on_abuse(&entry.responder, Role::EmergencyResponder, CredentialActionReason::EmergencyAccessAbuse);
				ResponderRecord::<T>::mutate(&entry.responder, |r| r.abused.saturating_inc());
				Self::deposit_event(Event::BondSlashed {
					session,
					responder: entry.responder,
					patient: entry.patient,
					amount: slashed,
				});
			} else {
				Self::remove(session, &entry);
				ResponderRecord::<T>::mutate(&entry.responder, |r| r.justified.saturating_inc());
				Self::release_bond(&entry);
			}
			Ok(())
		}

		/// Removes a settled session and every index entry naming it.
		fn remove(session: EmergencySessionId, entry: &SessionOf<T>) {
			Sessions::<T>::remove(session);
			SessionOrganization::<T>::remove(session);
			if LatestSession::<T>::get(&entry.patient, &entry.responder) == Some(session) {
				LatestSession::<T>::remove(&entry.patient, &entry.responder);
			}
			PatientSessions::<T>::remove(&entry.patient, session);
			ResponderSessions::<T>::remove(&entry.responder, session);
			LiveSessions::<T>::mutate_exists(&entry.responder, |live| {
				if let Some(list) = live {
					list.retain(|(id, _)| *id != session);
					if list.is_empty() {
						*live = None;
					}
				}
			});
		}

		fn release_bond(entry: &SessionOf<T>) {
			// The bond was held when the session opened; `do_try_state` checks it is there.
			let _ = T::Currency::release(
				&HoldReason::ResponderBond.into(),
				&entry.responder,
				entry.bond,
				Precision::BestEffort,
			);
		}

		/// The record types a responder may read of `patient`'s records, and whether the patient
		/// opted out.
		pub fn emergency_scope(patient: &T::AccountId) -> (bool, EmergencyScope) {
			match Preferences::<T>::get(patient) {
				Some(stored) => (stored.preferences.opted_out, stored.preferences.scope),
				None => (false, EmergencyScope::truncate_from(DEFAULT_EMERGENCY_SCOPE.to_vec())),
			}
		}

		/// May `accessor` act on `patient`'s records through a live break-glass session? Only
		/// `access` for `ETREAT` within the emergency scope, while the session is live, the
		/// responder's credential active and the patient not opted out. Any other action or
		/// purpose has no basis here, answered before any read.
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
			let id = LatestSession::<T>::get(patient, accessor).ok_or(AccessDenied::NoBasis)?;
			let session = Sessions::<T>::get(id).ok_or(AccessDenied::NoBasis)?;
			// Closed early or past its window: either way the session is over.
			if !session.is_live(frame_system::Pallet::<T>::block_number()) {
				return Err(AccessDenied::Expired);
			}
			let (opted_out, scope) = Self::emergency_scope(patient);
			if opted_out {
				return Err(AccessDenied::DeniedByPatient);
			}
			if !scope.contains(&target.record_type) {
				return Err(AccessDenied::RecordTypeNotCovered);
			}
			if !T::Credentials::is_active(accessor, Role::EmergencyResponder) {
				return Err(AccessDenied::CredentialInactive);
			}
			Ok(AccessBasis::Emergency(id))
		}

		/// Break-glass grants only `access` for ETREAT.
		fn answers(action: ConsentAction, purpose: PurposeOfUse) -> bool {
			action == ConsentAction::Access && purpose == PurposeOfUse::EmergencyTreatment
		}

		/// `patient`'s sessions that grant access now.
		pub fn live_sessions(patient: &T::AccountId) -> Vec<(EmergencySessionId, SessionOf<T>)> {
			let now = frame_system::Pallet::<T>::block_number();
			Self::sessions_of_patient(patient).into_iter().filter(|(_, s)| s.is_live(now)).collect()
		}

		/// `patient`'s sessions awaiting review (ended, within the review period) or arbitration.
		pub fn sessions_awaiting_review(patient: &T::AccountId) -> Vec<(EmergencySessionId, SessionOf<T>)> {
			let now = frame_system::Pallet::<T>::block_number();
			Self::sessions_of_patient(patient)
				.into_iter()
				.filter(|(_, s)| s.status == SessionStatus::Disputed || (!s.is_live(now) && now <= s.review_by))
				.collect()
		}

		fn sessions_of_patient(patient: &T::AccountId) -> Vec<(EmergencySessionId, SessionOf<T>)> {
			Self::load(PatientSessions::<T>::iter_key_prefix(patient))
		}

		/// The stored sessions among `ids`.
		fn load(ids: impl Iterator<Item = EmergencySessionId>) -> Vec<(EmergencySessionId, SessionOf<T>)> {
			ids.filter_map(|id| Sessions::<T>::get(id).map(|s| (id, s))).collect()
		}

		/// How `responder`'s sessions ended, and those not yet settled.
		pub fn responder_history(responder: &T::AccountId) -> (ResponderHistory, Vec<(EmergencySessionId, SessionOf<T>)>) {
			(ResponderRecord::<T>::get(responder), Self::load(ResponderSessions::<T>::iter_key_prefix(responder)))
		}

		/// What storage says each account owes under this pallet's hold reasons: a responder the
		/// bonds of its unsettled sessions, a depositor its stored preferences' deposit.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn owed_holds() -> caduceus_primitives::HoldLedger<T::AccountId, T::RuntimeHoldReason, BalanceOf<T>> {
			let mut ledger = caduceus_primitives::HoldLedger::new();
			for session in Sessions::<T>::iter_values() {
				ledger.owe_deposit(&session.responder, HoldReason::ResponderBond, session.bond);
			}
			for stored in Preferences::<T>::iter_values() {
				ledger.owe_deposit(&stored.depositor, HoldReason::PreferencesDeposit, stored.deposit);
			}
			ledger
		}

		/// Checks the pallet's invariants: indices match the sessions, every session expires
		/// after it opens, and held bonds and deposits are exactly the recorded ones.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use frame_support::traits::fungible::InspectHold;
			let next = NextSessionId::<T>::get();
			Self::owed_holds().check_held(|reason, who| T::Currency::balance_on_hold(reason, who))?;
			let mut count = 0usize;
			for (id, session) in Sessions::<T>::iter() {
				count += 1;
				ensure!(id < next, "session id at or past the next id");
				ensure!(session.expires_at > session.opened_at, "a session expires when it opens");
				ensure!(session.review_by >= session.expires_at, "review ends before the session");
				ensure!(PatientSessions::<T>::contains_key(&session.patient, id), "session missing from its patient");
				ensure!(ResponderSessions::<T>::contains_key(&session.responder, id), "session missing from its responder");
			}
			ensure!(PatientSessions::<T>::iter().count() == count, "a patient index names no session");
			ensure!(ResponderSessions::<T>::iter().count() == count, "a responder index names no session");
			for (patient, responder, id) in LatestSession::<T>::iter() {
				let session = Sessions::<T>::get(id).ok_or("latest session not stored")?;
				ensure!(session.patient == patient && session.responder == responder, "latest session misfiled");
			}
			for (responder, live) in LiveSessions::<T>::iter() {
				for (id, expires_at) in live {
					let session = Sessions::<T>::get(id).ok_or("live session not stored")?;
					ensure!(session.responder == responder && session.expires_at == expires_at, "live session misfiled");
				}
			}
			for (id, _) in SessionOrganization::<T>::iter() {
				ensure!(Sessions::<T>::contains_key(id), "organization of a settled session");
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

		/// A break-glass session answers only ETREAT reads; any other request reads nothing.
		fn check_weight(action: ConsentAction, purpose: PurposeOfUse) -> Weight {
			if Self::answers(action, purpose) {
				T::WeightInfo::check_access()
			} else {
				Weight::zero()
			}
		}
	}
}

use alloc::vec::Vec;

/// Sets up what the benchmarks need and the runtime provides.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` hold an active credential for `role`.
	fn activate(who: &AccountId, role: Role);
}

sp_api::decl_runtime_apis! {
	/// Break-glass sessions, for patients, privacy officers and dApps.
	pub trait EmergencyAccessApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// The patient's sessions that grant access now.
		fn live_sessions(patient: AccountId) -> Vec<(EmergencySessionId, Session<AccountId, Balance, BlockNumber>)>;
		/// The patient's sessions awaiting review or arbitration.
		fn sessions_awaiting_review(patient: AccountId) -> Vec<(EmergencySessionId, Session<AccountId, Balance, BlockNumber>)>;
		/// How the responder's sessions ended, and those not yet settled.
		fn responder_history(responder: AccountId) -> (ResponderHistory, Vec<(EmergencySessionId, Session<AccountId, Balance, BlockNumber>)>);
	}
}
