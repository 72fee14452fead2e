//! # Records pallet
//!
//! Anchors of clinical documents that patients control. A document never touches the chain: it is
//! encrypted with a per-document data key and held off chain by a **custodian** (a hospital store,
//! a pinning service). The chain holds what every party must be able to trust:
//!
//! - a salted **commitment** (H256) to the document, so a reader can check what it was given;
//! - an opaque **locator** at the custodian (e.g. a CID), never a readable URL or any PHI;
//! - the FHIR resource type, author, custodian, status and the link to the previous version;
//! - **key envelopes**: the data key wrapped to each grantee's public key;
//! - the patient's **access log**: every read, who made it, why, and on what basis.
//!
//! - [`Config`]
//! - [`Call`]
//!
//! ## Overview
//!
//! ### Creating and versioning
//! A record is created by its patient, or by an author to whom the [`AccessPolicy`] grants
//! [`ConsentAction::Collect`] on the patient's records of that type. A non-patient author must
//! hold an active `Practitioner` or `Organization` credential, unless the policy grants as
//! guardian. The custodian must hold an active `Custodian` credential; a professional author may
//! name only a custodian of an organization it acts for, so that no custodian answers for
//! documents it never agreed to hold. A deposit (base plus per locator byte) is held from the
//! author.
//!
//! `amend_record` stores a new version that supersedes the current one (FHIR Provenance
//! `revision`), with an [`AmendmentReason`]. It is allowed to the patient and to authors the
//! policy grants [`ConsentAction::Correct`]. `mark_entered_in_error` flags a version as a
//! mistake. History is never rewritten: every version keeps its commitment and status,
//! `previous` / `superseded_by` link the versions both ways, and a re-keyed version keeps every
//! commitment it had in [`PastCommitments`].
//!
//! ### Who maintains a version
//! The patient and an in-force guardian may flag a version, share or withdraw its key and
//! re-key it. Its author may only while the policy grants it, for treatment and on this record,
//! `correct` (to flag or re-key) or `disclose` (to share or withdraw a key envelope), with an
//! active practitioner or organization credential. An author whose consent was revoked, whose
//! credential is gone, or who was the patient's guardian once keeps no control.
//!
//! ### Key envelopes and revocation
//! The data key wrapped to a grantee is stored with `add_key_envelope`. Revoking a share must
//! stop future reads, not only hide a flag, so `rekey` replaces the commitment (the document was
//! re-encrypted under a new key) and all envelopes in one call; the old commitment moves to
//! [`PastCommitments`] (at most [`MAX_REKEYS`] per version, a deposit each). Each envelope's
//! deposit is held from whoever added it.
//!
//! ### Verifiable erasure (crypto-shredding)
//! The patient erases a version with `erase_record`. Its envelopes and locator are removed, its
//! status becomes `erased`, and its deposits are released. Without the envelopes, no grantee can
//! unwrap the data key. The erasure stays **pending** until the custodian attests with
//! `attest_erasure` that it destroyed its copy. Pending erasures are in storage
//! ([`PendingErasures`]), so anyone can see which custodian has not confirmed yet.
//!
//! ### Access with an audit that cannot be skipped
//! `access_record(record, purpose)` succeeds only if the policy grants
//! [`ConsentAction::Access`] for that purpose. It appends an entry to the patient's access log
//! (accessor, record, purpose, basis, block) and emits `RecordAccessed`. The accessor pays
//! [`Config::AccessLogFee`] for the entry's storage, since the log is kept for good. A refused
//! access is a dispatch error and changes nothing.
//!
//! **The custodian's contract.** A custodian releases a document's ciphertext (and a grantee
//! unwraps its envelope) only against an access-log entry: the custodian looks up
//! [`AccessLog`] for an entry naming the requester and the record, in a block it considers
//! recent, before serving the request. An access that is not on chain is therefore never served,
//! so the on-chain log is complete by construction.
//!
//! The patient, a guardian and privacy officers page through the log with the runtime API
//! [`RecordsApi::access_log`]. Chain state is public, so this is a convenience filter, not
//! secrecy. The log holds pseudonymous accounts and codes only, no PHI.
//!
//! ### Device batches
//! Wearables produce many small readings. `anchor_batch` anchors the Merkle root of `count`
//! readings taken by one device over a period in one O(1) call, so block capacity is counted in
//! batches, not readings. A reading's membership is checked with
//! [`RecordsApi::verify_batch_membership`] against a proof from the device's gateway (see
//! [`merkle`]).
//!
//! ## Dispatchable functions and their complexity
//! All calls are O(1) except where noted; E = [`Config::MaxKeyEnvelopes`].
//!
//! | call | origin | complexity |
//! | --- | --- | --- |
//! | `create_record` | patient, or an author granted `collect` | O(1) |
//! | `amend_record` | patient, or an author granted `correct` | O(1) |
//! | `mark_entered_in_error` | patient, guardian, or the author granted `correct` | O(1) |
//! | `add_key_envelope`, `remove_key_envelope` | patient, guardian, or the author granted `disclose` | O(1) |
//! | `rekey` | patient, guardian, or the author granted `correct` | O(E) |
//! | `erase_record` | patient | O(E) |
//! | `attest_erasure` | the record's custodian | O(1) |
//! | `access_record` | anyone the policy grants `access` | O(1) |
//! | `anchor_batch` | patient, or an author granted `collect` on `Observation` | O(1) |
//! | `remove_batch` | the batch's patient or author | O(1) |
//!
//! ### Weight of the policy check
//! The benchmarks run as a practitioner granted through [`Config::BenchmarkedGrant`] (consent),
//! so each measured weight holds that member's worst-case check. A call adds what the other
//! members can cost for the action and purpose it asks ([`Pallet::with_policy`], from each
//! member's [`AccessPolicy::check_weight`]): nothing for creating, amending or a treatment read,
//! the break-glass check for an ETREAT read, the claims check for an HPAYMT read. The patient,
//! whom the policy answers before any member reads, is refunded the whole check post-dispatch.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod merkle;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use caduceus_primitives::{
	AccessBasis, AccessDenied, AccessPolicy, AccessTarget, ConsentAction, CredentialInspect, PurposeOfUse,
	RecordInspect, RecordStatus, RecordType, Role,
};
pub use pallet::*;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support, frame_system, sp_api, sp_core::H256, sp_runtime};
use scale_info::TypeInfo;

pub use caduceus_primitives::RecordId;

/// The most times one record version may be re-keyed; after that, amend it (a new version).
pub const MAX_REKEYS: u32 = 16;
/// Bytes a [`PastCommitment`] stores beyond its depositor: the commitment, block and deposit.
const PAST_COMMITMENT_BYTES: usize = 32 + 4 + 16;

/// A commitment a version had before a `rekey` replaced it: history is never rewritten.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct PastCommitment<AccountId, Balance, BlockNumber> {
	/// The replaced commitment.
	pub commitment: H256,
	/// The block of the `rekey` that replaced it.
	pub replaced_at: BlockNumber,
	/// Who re-keyed, and paid the deposit for this entry.
	pub depositor: AccountId,
	/// The deposit held (under `RecordDeposit`).
	pub deposit: Balance,
}
/// Identifies an anchored device batch.
pub type BatchId = u64;

/// Why a new version supersedes the current one (FHIR Provenance `revision`).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum AmendmentReason {
	/// The previous version was wrong and this one corrects it.
	#[codec(index = 0)]
	Correction,
	/// New information: e.g. a preliminary result made final.
	#[codec(index = 1)]
	Update,
	/// Information added without changing what was there.
	#[codec(index = 2)]
	Addendum,
	/// The patient asked for an amendment (HIPAA right to amend, 45 CFR 164.526).
	#[codec(index = 3)]
	PatientRequest,
}

/// One version of a record.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Record<AccountId, Balance, BlockNumber, Locator> {
	/// Whose health information the document is.
	pub patient: AccountId,
	/// Who anchored this version (the patient, a practitioner, an organization, a guardian).
	pub author: AccountId,
	/// The FHIR resource type of the document.
	pub record_type: RecordType,
	/// Salted hash of the document: lets a reader verify what the custodian served.
	pub commitment: H256,
	/// Who holds the encrypted document off chain.
	pub custodian: AccountId,
	/// Where the custodian holds it: an opaque identifier such as a CID. Empty once erased.
	pub locator: Locator,
	/// When this version was anchored.
	pub created: BlockNumber,
	/// When this version last changed (status, commitment, envelopes).
	pub updated: BlockNumber,
	/// Lifecycle status.
	pub status: RecordStatus,
	/// The version this one supersedes, if any.
	pub previous: Option<RecordId>,
	/// The version that superseded this one, if any.
	pub superseded_by: Option<RecordId>,
	/// Why this version superseded `previous`.
	pub amendment: Option<AmendmentReason>,
	/// How many key envelopes are stored for this version.
	pub envelopes: u32,
	/// The deposit held from `author` for this version.
	pub deposit: Balance,
}

/// A document's data key wrapped to one grantee's public key.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct KeyEnvelope<AccountId, Balance, WrappedKey> {
	/// The wrapped key: only the grantee's private key unwraps it.
	pub wrapped_key: WrappedKey,
	/// Who stored it and holds its deposit.
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
}

/// One entry of a patient's access log (FHIR AuditEvent, action R).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct AccessEntry<AccountId, BlockNumber> {
	/// Who read.
	pub accessor: AccountId,
	/// Which record version.
	pub record: RecordId,
	/// Why (FHIR PurposeOfUse).
	pub purpose: PurposeOfUse,
	/// On what basis the policy allowed it: owner, guardian, consent or emergency session.
	pub basis: AccessBasis,
	/// When.
	pub block: BlockNumber,
}

/// An erasure the custodian has not yet attested.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct PendingErasure<AccountId, BlockNumber> {
	/// The custodian that must attest deletion of its copy.
	pub custodian: AccountId,
	/// When the patient erased the record.
	pub requested: BlockNumber,
}

/// The Merkle root of a device's readings over a period.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct DeviceBatch<AccountId, Balance, BlockNumber> {
	/// Whose readings they are.
	pub patient: AccountId,
	/// Who anchored them.
	pub author: AccountId,
	/// An opaque identifier of the device (e.g. a salted hash of its serial number).
	pub device: H256,
	/// Root of the binary Merkle tree over the readings' leaf hashes (see [`merkle`]).
	pub root: H256,
	/// How many readings (leaves) the tree has.
	pub count: u32,
	/// First and last moment covered, in the device's clock (Unix seconds).
	pub period: (u64, u64),
	/// When it was anchored.
	pub anchored: BlockNumber,
	/// The deposit held from `author`.
	pub deposit: Balance,
}

/// Why the runtime API refused to show an access log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum AccessLogRefused {
	/// The requester is not the patient, a guardian or an active privacy officer.
	NotAuthorized,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
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
	/// An opaque locator at the custodian.
	pub type LocatorOf<T> = BoundedVec<u8, <T as Config>::MaxLocatorLen>;
	/// A wrapped data key.
	pub type WrappedKeyOf<T> = BoundedVec<u8, <T as Config>::MaxWrappedKeyLen>;
	/// A stored record version.
	pub type RecordOf<T> =
		Record<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>, LocatorOf<T>>;
	/// A stored key envelope.
	pub type KeyEnvelopeOf<T> =
		KeyEnvelope<<T as frame_system::Config>::AccountId, BalanceOf<T>, WrappedKeyOf<T>>;
	/// A stored access-log entry.
	pub type AccessEntryOf<T> = AccessEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// A stored device batch.
	pub type DeviceBatchOf<T> =
		DeviceBatch<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// The envelopes `rekey` installs: (grantee, wrapped key).
	pub type EnvelopesOf<T> = BoundedVec<
		(<T as frame_system::Config>::AccountId, WrappedKeyOf<T>),
		<T as Config>::MaxKeyEnvelopes,
	>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The currency deposits are held in and access fees paid with.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason> + codec::Encode;

		/// Who may act on a patient's records, and on what basis.
		type AccessPolicy: AccessPolicy<Self::AccountId>;

		/// Credential status of authors, custodians and privacy officers.
		type Credentials: CredentialInspect<Self::AccountId>;

		/// Deposit held per record version or device batch, on top of the per-byte deposit.
		#[pallet::constant]
		type RecordBaseDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per stored byte of a locator or wrapped key.
		#[pallet::constant]
		type ByteDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per key envelope, on top of the per-byte deposit.
		#[pallet::constant]
		type EnvelopeBaseDeposit: Get<BalanceOf<Self>>;

		/// Paid (and burned) by the accessor for each access-log entry, which is kept for good.
		#[pallet::constant]
		type AccessLogFee: Get<BalanceOf<Self>>;

		/// Paid (and burned) by the patient who erases a version: the erased entry, its place in
		/// the patient's index and its pending erasure stay for good, as proof of the erasure,
		/// while every deposit of the version is returned.
		#[pallet::constant]
		type ErasureFee: Get<BalanceOf<Self>>;

		/// The longest locator.
		#[pallet::constant]
		type MaxLocatorLen: Get<u32>;

		/// The longest wrapped key.
		#[pallet::constant]
		type MaxWrappedKeyLen: Get<u32>;

		/// The most key envelopes one record version may have.
		#[pallet::constant]
		type MaxKeyEnvelopes: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// The member of [`Config::AccessPolicy`] through which [`BenchmarkHelper::grant`]
		/// grants (in the runtime: consent). Each call's benchmark measures this member's check;
		/// the other members' checks are added from their own
		/// [`check_weight`](AccessPolicy::check_weight) for the action and purpose the call asks,
		/// so a member added to the policy is charged where it can answer, and nowhere else.
		type BenchmarkedGrant: AccessPolicy<Self::AccountId>;

		/// Sets up credentials and grants for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A record version or device batch.
		#[codec(index = 0)]
		RecordDeposit,
		/// A key envelope.
		#[codec(index = 1)]
		EnvelopeDeposit,
	}

	/// The id the next record version gets.
	#[pallet::storage]
	pub type NextRecordId<T> = StorageValue<_, RecordId, ValueQuery>;

	/// Every record version.
	#[pallet::storage]
	pub type RecordVersions<T: Config> = StorageMap<_, Twox64Concat, RecordId, RecordOf<T>, OptionQuery>;

	/// The record versions of each patient, for paging.
	#[pallet::storage]
	pub type PatientRecords<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RecordId, (), OptionQuery>;

	/// The commitments each version had before it was re-keyed, oldest first.
	#[pallet::storage]
	pub type PastCommitments<T: Config> = StorageMap<
		_,
		Twox64Concat,
		RecordId,
		BoundedVec<
			PastCommitment<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
			ConstU32<MAX_REKEYS>,
		>,
		ValueQuery,
	>;

	/// Key envelopes per record version and grantee.
	#[pallet::storage]
	pub type KeyEnvelopes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		RecordId,
		Blake2_128Concat,
		T::AccountId,
		KeyEnvelopeOf<T>,
		OptionQuery,
	>;

	/// Erased records whose custodian has not attested deletion of its copy.
	#[pallet::storage]
	pub type PendingErasures<T: Config> = StorageMap<
		_,
		Twox64Concat,
		RecordId,
		PendingErasure<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// How many entries each patient's access log has.
	#[pallet::storage]
	pub type AccessLogLength<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Each patient's access log, by entry number from 0.
	#[pallet::storage]
	pub type AccessLog<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u64,
		AccessEntryOf<T>,
		OptionQuery,
	>;

	/// The id the next device batch gets.
	#[pallet::storage]
	pub type NextBatchId<T> = StorageValue<_, BatchId, ValueQuery>;

	/// Anchored device batches.
	#[pallet::storage]
	pub type DeviceBatches<T: Config> =
		StorageMap<_, Twox64Concat, BatchId, DeviceBatchOf<T>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A record was anchored (FHIR AuditEvent action C).
		RecordCreated {
			record: RecordId,
			patient: T::AccountId,
			author: T::AccountId,
			record_type: RecordType,
			custodian: T::AccountId,
			basis: AccessBasis,
		},
		/// A new version superseded `previous` (FHIR Provenance revision, AuditEvent action U).
		RecordAmended {
			record: RecordId,
			previous: RecordId,
			patient: T::AccountId,
			author: T::AccountId,
			reason: AmendmentReason,
		},
		/// A version was flagged as entered in error.
		RecordEnteredInError { record: RecordId, patient: T::AccountId, by: T::AccountId },
		/// A data key was wrapped to `grantee`.
		KeyEnvelopeAdded { record: RecordId, patient: T::AccountId, grantee: T::AccountId, by: T::AccountId },
		/// `grantee`'s envelope was removed.
		KeyEnvelopeRemoved {
			record: RecordId,
			patient: T::AccountId,
			grantee: T::AccountId,
			by: T::AccountId,
		},
		/// The document was re-encrypted: new commitment, `envelopes` new envelopes, all old
		/// ones removed.
		RecordRekeyed {
			record: RecordId,
			patient: T::AccountId,
			by: T::AccountId,
			envelopes: u32,
			/// The commitment replaced; kept in [`PastCommitments`].
			previous_commitment: H256,
			commitment: H256,
		},
		/// The patient erased a version; deletion by `custodian` is pending (AuditEvent action D).
		RecordErased { record: RecordId, patient: T::AccountId, custodian: T::AccountId },
		/// The custodian attested that it destroyed its copy: the erasure is complete.
		ErasureAttested { record: RecordId, patient: T::AccountId, custodian: T::AccountId },
		/// A record was read (FHIR AuditEvent action R); entry `entry` of the patient's log.
		RecordAccessed {
			record: RecordId,
			patient: T::AccountId,
			accessor: T::AccountId,
			purpose: PurposeOfUse,
			basis: AccessBasis,
			entry: u64,
		},
		/// A device batch was anchored.
		BatchAnchored {
			batch: BatchId,
			patient: T::AccountId,
			author: T::AccountId,
			device: H256,
			count: u32,
		},
		/// A device batch's anchor was removed and its deposit returned to its author.
		BatchRemoved { batch: BatchId, patient: T::AccountId, by: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No record version with this id.
		RecordNotFound,
		/// The policy refused: nothing covers this accessor.
		NoAccessBasis,
		/// The policy refused: the consent expired.
		ConsentExpired,
		/// The policy refused: the consent was revoked.
		ConsentRevoked,
		/// The policy refused: the consent does not cover this record type.
		RecordTypeNotCovered,
		/// The policy refused: the consent does not permit this purpose of use.
		PurposeNotPermitted,
		/// The policy refused: the consent does not permit this action.
		ActionNotPermitted,
		/// The actor's credential is not active.
		CredentialInactive,
		/// The author is neither the patient, a guardian, nor an active practitioner or
		/// organization.
		AuthorNotCredentialed,
		/// The custodian does not hold an active `Custodian` credential.
		CustodianNotCredentialed,
		/// The locator is empty.
		EmptyLocator,
		/// The wrapped key is empty.
		EmptyWrappedKey,
		/// Only the current version may be amended, re-keyed or get envelopes.
		NotCurrent,
		/// The version is erased.
		RecordErased,
		/// The caller is neither the patient (or guardian) nor the record's author.
		NotPatientOrAuthor,
		/// The version was re-keyed [`MAX_REKEYS`] times; amend it instead.
		TooManyRekeys,
		/// Only the patient may do this.
		NotPatient,
		/// Only the record's custodian may attest its erasure.
		NotCustodian,
		/// The version already has the maximum number of key envelopes.
		TooManyEnvelopes,
		/// The grantee already has an envelope for this version.
		EnvelopeExists,
		/// The grantee has no envelope for this version.
		EnvelopeNotFound,
		/// The same grantee appears twice in the new envelopes.
		DuplicateGrantee,
		/// The version is already flagged as entered in error.
		AlreadyEnteredInError,
		/// No erasure of this version is pending.
		NoPendingErasure,
		/// A batch must hold at least one reading and its period must not end before it starts.
		InvalidBatch,
		/// No device batch with this id.
		BatchNotFound,
		/// An id counter overflowed.
		Overflow,
		/// The policy refused: a deny provision of the patient covers the request.
		DeniedByPatient,
		/// The policy refused: the consent is not in force yet.
		ConsentNotYetInForce,
		/// The policy refused: the consent names other record versions.
		RecordNotCovered,
		/// A professional author named a custodian of an organization it does not act for.
		CustodianOfAnotherOrganization,
		/// A re-key named the version's current or an earlier commitment.
		CommitmentReused,
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
		/// Anchors a new record of `patient`.
		///
		/// Origin: the patient, or an author the policy grants `collect` for `purpose`. A
		/// non-patient author must be an active practitioner or organization, unless it acts as
		/// guardian, and names a custodian of an organization it acts for. Emits `RecordCreated`.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::with_policy(T::WeightInfo::create_record(locator.len() as u32), ConsentAction::Collect, *purpose))]
		pub fn create_record(
			origin: OriginFor<T>,
			patient: T::AccountId,
			record_type: RecordType,
			purpose: PurposeOfUse,
			commitment: H256,
			custodian: T::AccountId,
			locator: LocatorOf<T>,
		) -> DispatchResultWithPostInfo {
			let author = ensure_signed(origin)?;
			let declared =
				Self::with_policy(T::WeightInfo::create_record(locator.len() as u32), ConsentAction::Collect, purpose);
			let (basis, asked) =
				Self::ensure_author(&author, &patient, AccessTarget::of_type(record_type), purpose, ConsentAction::Collect)?;
			Self::ensure_custodian_of(&custodian, &author, &basis)?;
			let record = Self::store_version(
				author.clone(),
				patient.clone(),
				record_type,
				commitment,
				custodian.clone(),
				locator,
				None,
			)?;
			Self::deposit_event(Event::RecordCreated { record, patient, author, record_type, custodian, basis });
			Ok(Self::refund_unasked(declared, ConsentAction::Collect, purpose, asked))
		}

		/// Stores a new version that supersedes the current version `record`.
		///
		/// Origin: the patient, or an author the policy grants `correct` for `purpose`. Emits
		/// `RecordAmended`.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::with_policy(T::WeightInfo::amend_record(locator.len() as u32), ConsentAction::Correct, *purpose))]
		pub fn amend_record(
			origin: OriginFor<T>,
			record: RecordId,
			purpose: PurposeOfUse,
			reason: AmendmentReason,
			commitment: H256,
			locator: LocatorOf<T>,
		) -> DispatchResultWithPostInfo {
			let author = ensure_signed(origin)?;
			let declared =
				Self::with_policy(T::WeightInfo::amend_record(locator.len() as u32), ConsentAction::Correct, purpose);
			let old = RecordVersions::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(old.status == RecordStatus::Current, Error::<T>::NotCurrent);
			let (_, asked) = Self::ensure_author(
				&author,
				&old.patient,
				AccessTarget::record(record, old.record_type),
				purpose,
				ConsentAction::Correct,
			)?;
			Self::ensure_custodian(&old.custodian)?;
			let patient = old.patient.clone();
			let new = Self::store_version(
				author.clone(),
				patient.clone(),
				old.record_type,
				commitment,
				old.custodian.clone(),
				locator,
				Some((record, reason)),
			)?;
			RecordVersions::<T>::mutate(record, |old| {
				if let Some(old) = old {
					old.status = RecordStatus::Superseded;
					old.superseded_by = Some(new);
					old.updated = frame_system::Pallet::<T>::block_number();
				}
			});
			Self::deposit_event(Event::RecordAmended { record: new, previous: record, patient, author, reason });
			Ok(Self::refund_unasked(declared, ConsentAction::Correct, purpose, asked))
		}

		/// Flags a version as entered in error: it stays in the history, marked as a mistake.
		///
		/// Origin: the patient or the version's author. Emits `RecordEnteredInError`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::mark_entered_in_error().saturating_add(Pallet::<T>::maintenance_policy_weight(ConsentAction::Correct)))]
		pub fn mark_entered_in_error(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let patient = RecordVersions::<T>::try_mutate(record, |entry| {
				let entry = entry.as_mut().ok_or(Error::<T>::RecordNotFound)?;
				Self::ensure_may_maintain(&who, record, entry, ConsentAction::Correct)?;
				ensure!(entry.status != RecordStatus::Erased, Error::<T>::RecordErased);
				ensure!(entry.status != RecordStatus::EnteredInError, Error::<T>::AlreadyEnteredInError);
				entry.status = RecordStatus::EnteredInError;
				entry.updated = frame_system::Pallet::<T>::block_number();
				Ok::<_, DispatchError>(entry.patient.clone())
			})?;
			Self::deposit_event(Event::RecordEnteredInError { record, patient, by: who });
			Ok(())
		}

		/// Stores the data key of the current version `record`, wrapped to `grantee`.
		///
		/// Origin: the patient or the version's author, who pays the envelope's deposit. Emits
		/// `KeyEnvelopeAdded`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_key_envelope(wrapped_key.len() as u32).saturating_add(Pallet::<T>::maintenance_policy_weight(ConsentAction::Disclose)))]
		pub fn add_key_envelope(
			origin: OriginFor<T>,
			record: RecordId,
			grantee: T::AccountId,
			wrapped_key: WrappedKeyOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut entry = RecordVersions::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			Self::ensure_may_maintain(&who, record, &entry, ConsentAction::Disclose)?;
			ensure!(entry.status == RecordStatus::Current, Error::<T>::NotCurrent);
			ensure!(entry.envelopes < T::MaxKeyEnvelopes::get(), Error::<T>::TooManyEnvelopes);
			ensure!(!KeyEnvelopes::<T>::contains_key(record, &grantee), Error::<T>::EnvelopeExists);
			Self::store_envelope(record, &who, grantee.clone(), wrapped_key)?;
			entry.envelopes.saturating_inc();
			entry.updated = frame_system::Pallet::<T>::block_number();
			let patient = entry.patient.clone();
			RecordVersions::<T>::insert(record, entry);
			Self::deposit_event(Event::KeyEnvelopeAdded { record, patient, grantee, by: who });
			Ok(())
		}

		/// Removes `grantee`'s envelope and releases its deposit. To stop the grantee reading a
		/// copy it may already hold, follow with `rekey`.
		///
		/// Origin: the patient or the version's author. Emits `KeyEnvelopeRemoved`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_key_envelope().saturating_add(Pallet::<T>::maintenance_policy_weight(ConsentAction::Disclose)))]
		pub fn remove_key_envelope(
			origin: OriginFor<T>,
			record: RecordId,
			grantee: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut entry = RecordVersions::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			Self::ensure_may_maintain(&who, record, &entry, ConsentAction::Disclose)?;
			let envelope = KeyEnvelopes::<T>::take(record, &grantee).ok_or(Error::<T>::EnvelopeNotFound)?;
			Self::release(HoldReason::EnvelopeDeposit, &envelope.depositor, envelope.deposit);
			entry.envelopes.saturating_dec();
			entry.updated = frame_system::Pallet::<T>::block_number();
			let patient = entry.patient.clone();
			RecordVersions::<T>::insert(record, entry);
			Self::deposit_event(Event::KeyEnvelopeRemoved { record, patient, grantee, by: who });
			Ok(())
		}

		/// Re-keys the current version `record`: the document was re-encrypted under a new data
		/// key, so its commitment (and, if it moved, its locator) change, every old envelope is
		/// removed and `envelopes` are stored instead. This is how a revoked grantee loses
		/// access to future reads.
		///
		/// Origin: the patient or the version's author, who pays the new envelopes' deposits.
		/// Emits `RecordRekeyed`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::rekey(T::MaxKeyEnvelopes::get(), envelopes.len() as u32).saturating_add(Pallet::<T>::maintenance_policy_weight(ConsentAction::Correct)))]
		pub fn rekey(
			origin: OriginFor<T>,
			record: RecordId,
			commitment: H256,
			locator: Option<LocatorOf<T>>,
			envelopes: EnvelopesOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut entry = RecordVersions::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			Self::ensure_may_maintain(&who, record, &entry, ConsentAction::Correct)?;
			ensure!(entry.status == RecordStatus::Current, Error::<T>::NotCurrent);
			// A re-key encrypts under a fresh data key, so the document's commitment is new: one
			// used before would let a custodian serve a ciphertext the re-key meant to retire.
			ensure!(
				commitment != entry.commitment &&
					!PastCommitments::<T>::get(record).iter().any(|past| past.commitment == commitment),
				Error::<T>::CommitmentReused
			);
			for (i, (grantee, key)) in envelopes.iter().enumerate() {
				ensure!(!key.is_empty(), Error::<T>::EmptyWrappedKey);
				ensure!(
					!envelopes.iter().skip(i.saturating_add(1)).any(|(other, _)| other == grantee),
					Error::<T>::DuplicateGrantee
				);
			}
			if let Some(locator) = locator {
				ensure!(!locator.is_empty(), Error::<T>::EmptyLocator);
				let deposit = Self::deposit_for(T::RecordBaseDeposit::get(), locator.len());
				Self::rehold(HoldReason::RecordDeposit, &entry.author, entry.deposit, deposit)?;
				entry.deposit = deposit;
				entry.locator = locator;
			}
			// The replaced commitment stays on record, paid for by whoever re-keys.
			let history_deposit = Self::deposit_for(Zero::zero(), PAST_COMMITMENT_BYTES);
			PastCommitments::<T>::try_mutate(record, |past| {
				past.try_push(PastCommitment {
					commitment: entry.commitment,
					replaced_at: frame_system::Pallet::<T>::block_number(),
					depositor: who.clone(),
					deposit: history_deposit,
				})
				.map_err(|_| Error::<T>::TooManyRekeys)
			})?;
			if !history_deposit.is_zero() {
				T::Currency::hold(&HoldReason::RecordDeposit.into(), &who, history_deposit)?;
			}
			let removed = Self::remove_envelopes(record);
			let added = envelopes.len() as u32;
			for (grantee, key) in envelopes {
				Self::store_envelope(record, &who, grantee, key)?;
			}
			let previous_commitment = entry.commitment;
			entry.commitment = commitment;
			entry.envelopes = added;
			entry.updated = frame_system::Pallet::<T>::block_number();
			let patient = entry.patient.clone();
			RecordVersions::<T>::insert(record, entry);
			Self::deposit_event(Event::RecordRekeyed {
				record,
				patient,
				by: who,
				envelopes: added,
				previous_commitment,
				commitment,
			});
			Ok(Some(T::WeightInfo::rekey(removed, added).saturating_add(Self::maintenance_policy_weight(ConsentAction::Correct))).into())
		}

		/// Erases version `record` (crypto-shredding): removes its envelopes and locator, marks it
		/// `erased` and releases its deposits. The erasure stays pending until the custodian
		/// attests deletion of its copy. The patient pays [`Config::ErasureFee`] (burned) for
		/// the entry that stays as proof.
		///
		/// Origin: the patient. Emits `RecordErased`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::erase_record(T::MaxKeyEnvelopes::get()))]
		pub fn erase_record(origin: OriginFor<T>, record: RecordId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut entry = RecordVersions::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(entry.patient == who, Error::<T>::NotPatient);
			ensure!(entry.status != RecordStatus::Erased, Error::<T>::RecordErased);
			let fee = T::ErasureFee::get();
			if !fee.is_zero() {
				T::Currency::burn_from(&who, fee, Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;
			}
			let removed = Self::remove_envelopes(record);
			Self::release(HoldReason::RecordDeposit, &entry.author, entry.deposit);
			let now = frame_system::Pallet::<T>::block_number();
			entry.deposit = Zero::zero();
			entry.locator = Default::default();
			entry.envelopes = 0;
			entry.status = RecordStatus::Erased;
			entry.updated = now;
			let custodian = entry.custodian.clone();
			RecordVersions::<T>::insert(record, entry);
			PendingErasures::<T>::insert(record, PendingErasure { custodian: custodian.clone(), requested: now });
			Self::deposit_event(Event::RecordErased { record, patient: who, custodian });
			Ok(Some(T::WeightInfo::erase_record(removed)).into())
		}

		/// Attests that the custodian destroyed its copy of erased version `record`.
		///
		/// Origin: the record's custodian. Emits `ErasureAttested`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::attest_erasure())]
		pub fn attest_erasure(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let pending = PendingErasures::<T>::get(record).ok_or(Error::<T>::NoPendingErasure)?;
			ensure!(pending.custodian == who, Error::<T>::NotCustodian);
			PendingErasures::<T>::remove(record);
			let patient = RecordVersions::<T>::get(record).map(|r| r.patient).ok_or(Error::<T>::RecordNotFound)?;
			Self::deposit_event(Event::ErasureAttested { record, patient, custodian: who });
			Ok(())
		}

		/// Reads version `record` for `purpose`: allowed only if the policy grants `access`. The
		/// access is appended to the patient's log, and the accessor pays
		/// [`Config::AccessLogFee`] for it. A custodian serves the document only against such an
		/// entry.
		///
		/// Origin: signed. Emits `RecordAccessed`.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::with_policy(T::WeightInfo::access_record(), ConsentAction::Access, *purpose))]
		pub fn access_record(origin: OriginFor<T>, record: RecordId, purpose: PurposeOfUse) -> DispatchResultWithPostInfo {
			let accessor = ensure_signed(origin)?;
			let declared = Self::with_policy(T::WeightInfo::access_record(), ConsentAction::Access, purpose);
			let entry = RecordVersions::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(entry.status != RecordStatus::Erased, Error::<T>::RecordErased);
			let (answer, asked) = T::AccessPolicy::check_metered(
				&accessor,
				&entry.patient,
				AccessTarget::record(record, entry.record_type),
				purpose,
				ConsentAction::Access,
			);
			let basis = answer.map_err(Error::<T>::from)?;
			let fee = T::AccessLogFee::get();
			if !fee.is_zero() {
				T::Currency::burn_from(&accessor, fee, Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;
			}
			let patient = entry.patient;
			let number = AccessLogLength::<T>::get(&patient);
			let next = number.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let block = frame_system::Pallet::<T>::block_number();
			AccessLog::<T>::insert(&patient, number, AccessEntry { accessor: accessor.clone(), record, purpose, basis, block });
			AccessLogLength::<T>::insert(&patient, next);
			Self::deposit_event(Event::RecordAccessed { record, patient, accessor, purpose, basis, entry: number });
			Ok(Self::refund_unasked(declared, ConsentAction::Access, purpose, asked))
		}

		/// Anchors the Merkle root of `count` readings that `device` took for `patient` over
		/// `period` (Unix seconds, inclusive).
		///
		/// Origin: the patient, or an author the policy grants `collect` on `Observation` for
		/// `purpose`, who pays the deposit. Emits `BatchAnchored`.
		#[pallet::call_index(9)]
		#[pallet::weight(Pallet::<T>::with_policy(T::WeightInfo::anchor_batch(), ConsentAction::Collect, *purpose))]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			patient: T::AccountId,
			purpose: PurposeOfUse,
			device: H256,
			root: H256,
			count: u32,
			period: (u64, u64),
		) -> DispatchResultWithPostInfo {
			let author = ensure_signed(origin)?;
			let declared = Self::with_policy(T::WeightInfo::anchor_batch(), ConsentAction::Collect, purpose);
			ensure!(count > 0 && period.0 <= period.1, Error::<T>::InvalidBatch);
			let (_, asked) = Self::ensure_author(
				&author,
				&patient,
				AccessTarget::of_type(RecordType::Observation),
				purpose,
				ConsentAction::Collect,
			)?;
			let batch = NextBatchId::<T>::get();
			let next = batch.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::RecordBaseDeposit::get();
			T::Currency::hold(&HoldReason::RecordDeposit.into(), &author, deposit)?;
			let anchored = frame_system::Pallet::<T>::block_number();
			DeviceBatches::<T>::insert(
				batch,
				DeviceBatch { patient: patient.clone(), author: author.clone(), device, root, count, period, anchored, deposit },
			);
			NextBatchId::<T>::put(next);
			Self::deposit_event(Event::BatchAnchored { batch, patient, author, device, count });
			Ok(Self::refund_unasked(declared, ConsentAction::Collect, purpose, asked))
		}

		/// Removes device batch `batch`'s anchor and returns its deposit to its author: the
		/// patient erasing device data, or the author withdrawing an anchor.
		///
		/// Origin: the batch's patient or author. Emits `BatchRemoved`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::remove_batch())]
		pub fn remove_batch(origin: OriginFor<T>, batch: BatchId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let entry = DeviceBatches::<T>::get(batch).ok_or(Error::<T>::BatchNotFound)?;
			ensure!(who == entry.patient || who == entry.author, Error::<T>::NotPatientOrAuthor);
			DeviceBatches::<T>::remove(batch);
			Self::release(HoldReason::RecordDeposit, &entry.author, entry.deposit);
			Self::deposit_event(Event::BatchRemoved { batch, patient: entry.patient, by: who });
			Ok(())
		}
	}

	impl<T: Config> From<AccessDenied> for Error<T> {
		fn from(denied: AccessDenied) -> Self {
			match denied {
				AccessDenied::NoBasis => Error::<T>::NoAccessBasis,
				AccessDenied::Expired => Error::<T>::ConsentExpired,
				AccessDenied::Revoked => Error::<T>::ConsentRevoked,
				AccessDenied::RecordTypeNotCovered => Error::<T>::RecordTypeNotCovered,
				AccessDenied::PurposeNotPermitted => Error::<T>::PurposeNotPermitted,
				AccessDenied::ActionNotPermitted => Error::<T>::ActionNotPermitted,
				AccessDenied::CredentialInactive => Error::<T>::CredentialInactive,
				AccessDenied::DeniedByPatient => Error::<T>::DeniedByPatient,
				AccessDenied::NotYetInForce => Error::<T>::ConsentNotYetInForce,
				AccessDenied::RecordNotCovered => Error::<T>::RecordNotCovered,
			}
		}
	}

	impl<T: Config> Pallet<T> {
		/// The patient acts as owner; anyone else needs the policy's grant for `action`, and a
		/// non-guardian also an active practitioner or organization credential. Also returns
		/// what the policy's check cost (nothing for the patient).
		fn ensure_author(
			author: &T::AccountId,
			patient: &T::AccountId,
			target: AccessTarget,
			purpose: PurposeOfUse,
			action: ConsentAction,
		) -> Result<(AccessBasis, Weight), DispatchError> {
			if author == patient {
				return Ok((AccessBasis::Owner, Weight::zero()));
			}
			let (answer, asked) = T::AccessPolicy::check_metered(author, patient, target, purpose, action);
			let basis = answer.map_err(Error::<T>::from)?;
			let credentialed = matches!(basis, AccessBasis::Owner | AccessBasis::Guardian) ||
				T::Credentials::is_active(author, Role::Practitioner) ||
				T::Credentials::is_active(author, Role::Organization);
			ensure!(credentialed, Error::<T>::AuthorNotCredentialed);
			Ok((basis, asked))
		}

		fn ensure_custodian(custodian: &T::AccountId) -> DispatchResult {
			ensure!(T::Credentials::is_active(custodian, Role::Custodian), Error::<T>::CustodianNotCredentialed);
			Ok(())
		}

		/// A new record's custodian must be active, and a professional author may only name a
		/// custodian of an organization it acts for: otherwise anyone could make any custodian
		/// answer for documents (and pending erasures) it never agreed to hold. The patient and a
		/// guardian choose any active custodian, with which they arrange storage off chain.
		fn ensure_custodian_of(custodian: &T::AccountId, author: &T::AccountId, basis: &AccessBasis) -> DispatchResult {
			Self::ensure_custodian(custodian)?;
			if matches!(basis, AccessBasis::Owner | AccessBasis::Guardian) {
				return Ok(());
			}
			let store = T::Credentials::affiliation(custodian, Role::Custodian).map(|a| a.organization);
			let colleague = [Role::Practitioner, Role::Organization].into_iter().any(|role| {
				T::Credentials::affiliation(author, role)
					.is_some_and(|a| a.active && Some(a.organization) == store)
			});
			ensure!(colleague, Error::<T>::CustodianOfAnotherOrganization);
			Ok(())
		}

		/// `base`, a benchmarked weight that holds [`Config::BenchmarkedGrant`]'s check, plus
		/// what the policy's other members can cost for `action` and `purpose`.
		pub fn with_policy(base: Weight, action: ConsentAction, purpose: PurposeOfUse) -> Weight {
			base.saturating_add(caduceus_primitives::unbenchmarked_check_weight::<_, T::AccessPolicy, T::BenchmarkedGrant>(
				action, purpose,
			))
		}

		/// What the policy can cost a maintenance call beyond its benchmark, which runs as the
		/// author: the representation check, then the author's check for `action` (treatment).
		pub fn maintenance_policy_weight(action: ConsentAction) -> Weight {
			let (represents_action, represents_purpose) = caduceus_primitives::REPRESENTATION;
			Self::with_policy(Self::with_policy(Weight::zero(), represents_action, represents_purpose), action, PurposeOfUse::Treatment)
		}

		/// `declared` less the policy members the check of (`action`, `purpose`) did not ask,
		/// given that what it asked cost `asked`: the patient, whom the policy answers first,
		/// pays for no member's check.
		fn refund_unasked(declared: Weight, action: ConsentAction, purpose: PurposeOfUse, asked: Weight) -> frame_support::dispatch::PostDispatchInfo {
			let unasked = T::AccessPolicy::check_weight(action, purpose).saturating_sub(asked);
			Some(declared.saturating_sub(unasked)).into()
		}

		/// May `who` maintain version `record` (flag it, share or withdraw its key, re-key it)?
		/// The patient and an in-force guardian may. The author may only while the policy grants
		/// it `action` on this record for treatment now, with an active credential: an author
		/// whose consent was revoked, whose credential is gone, or who was the guardian once,
		/// keeps no control.
		fn ensure_may_maintain(
			who: &T::AccountId,
			record: RecordId,
			entry: &RecordOf<T>,
			action: ConsentAction,
		) -> DispatchResult {
			if caduceus_primitives::represents::<_, T::AccessPolicy>(who, &entry.patient) {
				return Ok(());
			}
			ensure!(*who == entry.author, Error::<T>::NotPatientOrAuthor);
			Self::ensure_author(
				who,
				&entry.patient,
				AccessTarget::record(record, entry.record_type),
				PurposeOfUse::Treatment,
				action,
			)
			.map(|_| ())
		}

		/// `base` plus `bytes` stored bytes at the per-byte rate.
		fn deposit_for(base: BalanceOf<T>, bytes: usize) -> BalanceOf<T> {
			T::ByteDeposit::get().saturating_mul((bytes as u32).into()).saturating_add(base)
		}

		/// Stores a new version, holding its deposit from `author`; returns its id.
		fn store_version(
			author: T::AccountId,
			patient: T::AccountId,
			record_type: RecordType,
			commitment: H256,
			custodian: T::AccountId,
			locator: LocatorOf<T>,
			amends: Option<(RecordId, AmendmentReason)>,
		) -> Result<RecordId, DispatchError> {
			ensure!(!locator.is_empty(), Error::<T>::EmptyLocator);
			let id = NextRecordId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = Self::deposit_for(T::RecordBaseDeposit::get(), locator.len());
			T::Currency::hold(&HoldReason::RecordDeposit.into(), &author, deposit)?;
			let now = frame_system::Pallet::<T>::block_number();
			PatientRecords::<T>::insert(&patient, id, ());
			RecordVersions::<T>::insert(
				id,
				Record {
					patient,
					author,
					record_type,
					commitment,
					custodian,
					locator,
					created: now,
					updated: now,
					status: RecordStatus::Current,
					previous: amends.map(|(previous, _)| previous),
					superseded_by: None,
					amendment: amends.map(|(_, reason)| reason),
					envelopes: 0,
					deposit,
				},
			);
			NextRecordId::<T>::put(next);
			Ok(id)
		}

		fn store_envelope(
			record: RecordId,
			depositor: &T::AccountId,
			grantee: T::AccountId,
			wrapped_key: WrappedKeyOf<T>,
		) -> DispatchResult {
			ensure!(!wrapped_key.is_empty(), Error::<T>::EmptyWrappedKey);
			let deposit = Self::deposit_for(T::EnvelopeBaseDeposit::get(), wrapped_key.len());
			T::Currency::hold(&HoldReason::EnvelopeDeposit.into(), depositor, deposit)?;
			KeyEnvelopes::<T>::insert(
				record,
				grantee,
				KeyEnvelope { wrapped_key, depositor: depositor.clone(), deposit },
			);
			Ok(())
		}

		/// Removes every envelope of `record`, releasing each deposit; returns how many.
		/// At most `MaxKeyEnvelopes` exist, as every insertion checks.
		fn remove_envelopes(record: RecordId) -> u32 {
			let mut removed = 0u32;
			for (_, envelope) in KeyEnvelopes::<T>::drain_prefix(record) {
				Self::release(HoldReason::EnvelopeDeposit, &envelope.depositor, envelope.deposit);
				removed.saturating_inc();
			}
			removed
		}

		/// Releases `amount` held for `reason` from `who`. Never fails: a shortfall (which
		/// `do_try_state` rules out) releases what is there.
		fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
			let _ = T::Currency::release(&reason.into(), who, amount, Precision::BestEffort);
		}

		/// Changes the amount held from `who` for `reason` from `old` to `new`.
		fn rehold(reason: HoldReason, who: &T::AccountId, old: BalanceOf<T>, new: BalanceOf<T>) -> DispatchResult {
			if new > old {
				T::Currency::hold(&reason.into(), who, new.saturating_sub(old))
			} else {
				Self::release(reason, who, old.saturating_sub(new));
				Ok(())
			}
		}

		/// Up to `limit` record ids of `patient`, after `start_after` (in storage order).
		pub fn records_of(patient: &T::AccountId, start_after: Option<RecordId>, limit: u32) -> Vec<RecordId> {
			let iter = match start_after {
				Some(after) => PatientRecords::<T>::iter_key_prefix_from(
					patient,
					PatientRecords::<T>::hashed_key_for(patient, after),
				),
				None => PatientRecords::<T>::iter_key_prefix(patient),
			};
			iter.take(limit as usize).collect()
		}

		/// The versions of `record`, from it back to the first, at most `limit`.
		pub fn versions(record: RecordId, limit: u32) -> Vec<RecordId> {
			let mut out = Vec::new();
			let mut next = Some(record);
			while let Some(id) = next {
				if out.len() >= limit as usize {
					break;
				}
				let Some(entry) = RecordVersions::<T>::get(id) else { break };
				out.push(id);
				next = entry.previous;
			}
			out
		}

		/// Entries `from..from + limit` of `patient`'s access log, if `requester` is the
		/// patient, a guardian (per the policy) or an active privacy officer.
		pub fn access_log(
			requester: &T::AccountId,
			patient: &T::AccountId,
			from: u64,
			limit: u32,
		) -> Result<Vec<AccessEntryOf<T>>, AccessLogRefused> {
			let allowed = caduceus_primitives::represents::<_, T::AccessPolicy>(requester, patient) ||
				T::Credentials::is_active(requester, Role::PrivacyOfficer);
			if !allowed {
				return Err(AccessLogRefused::NotAuthorized);
			}
			let end = from.saturating_add(u64::from(limit)).min(AccessLogLength::<T>::get(patient));
			Ok((from..end).filter_map(|n| AccessLog::<T>::get(patient, n)).collect())
		}

		/// Whether `leaf` is reading number `index` of batch `batch`, by `proof`.
		pub fn verify_batch_membership(batch: BatchId, leaf: H256, index: u32, proof: &[H256]) -> bool {
			DeviceBatches::<T>::get(batch)
				.is_some_and(|b| merkle::verify(b.root, b.count, leaf, index, proof))
		}

		/// What storage says each account owes under this pallet's hold reasons: an author its
		/// versions' and device batches' deposits, whoever re-keyed a version the deposits of its
		/// past commitments, a depositor its key envelopes'.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn owed_holds() -> caduceus_primitives::HoldLedger<T::AccountId, T::RuntimeHoldReason, BalanceOf<T>> {
			let mut ledger = caduceus_primitives::HoldLedger::new();
			for record in RecordVersions::<T>::iter_values() {
				// An erased version is kept as proof of the erasure, paid for by the burned
				// `ErasureFee`: the only way to erase.
				if record.status == RecordStatus::Erased {
					ledger.owe(&record.author, HoldReason::RecordDeposit, record.deposit);
				} else {
					ledger.owe_deposit(&record.author, HoldReason::RecordDeposit, record.deposit);
				}
			}
			for entry in PastCommitments::<T>::iter_values().flatten() {
				ledger.owe_deposit(&entry.depositor, HoldReason::RecordDeposit, entry.deposit);
			}
			for batch in DeviceBatches::<T>::iter_values() {
				ledger.owe_deposit(&batch.author, HoldReason::RecordDeposit, batch.deposit);
			}
			for envelope in KeyEnvelopes::<T>::iter_values() {
				ledger.owe_deposit(&envelope.depositor, HoldReason::EnvelopeDeposit, envelope.deposit);
			}
			ledger
		}

		/// Checks the pallet's invariants:
		/// - version links are consistent: `previous` of a version is superseded by it;
		/// - every record is indexed under its patient, and every index entry has a record;
		/// - erased versions hold no envelope, no locator and no deposit, and every pending
		///   erasure is of an erased version;
		/// - each version's envelope count matches its envelopes;
		/// - the deposits held from each account are exactly its recorded deposits;
		/// - every access-log entry is below its patient's log length.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use frame_support::traits::fungible::InspectHold;
			let next = NextRecordId::<T>::get();
			Self::owed_holds().check_held(|reason, who| T::Currency::balance_on_hold(reason, who))?;
			for (id, record) in RecordVersions::<T>::iter() {
				ensure!(id < next, "record id at or above NextRecordId");
				ensure!(PatientRecords::<T>::contains_key(&record.patient, id), "record not indexed under its patient");
				if let Some(previous) = record.previous {
					let old = RecordVersions::<T>::get(previous).ok_or("previous version missing")?;
					ensure!(old.superseded_by == Some(id), "previous version not superseded by this one");
					ensure!(old.patient == record.patient, "versions of different patients");
				}
				if let Some(newer) = record.superseded_by {
					let new = RecordVersions::<T>::get(newer).ok_or("superseding version missing")?;
					ensure!(new.previous == Some(id), "superseding version does not point back");
				}
				let envelopes = KeyEnvelopes::<T>::iter_prefix(id).count() as u32;
				ensure!(envelopes == record.envelopes, "envelope count mismatch");
				if record.status == RecordStatus::Erased {
					ensure!(envelopes == 0, "erased record holds an envelope");
					ensure!(record.locator.is_empty(), "erased record keeps its locator");
					ensure!(record.deposit.is_zero(), "erased record keeps its deposit");
				}
			}
			for (patient, id) in PatientRecords::<T>::iter_keys() {
				let record = RecordVersions::<T>::get(id).ok_or("indexed record missing")?;
				ensure!(record.patient == patient, "record indexed under another patient");
			}
			for (id, _) in PendingErasures::<T>::iter() {
				let record = RecordVersions::<T>::get(id).ok_or("pending erasure of a missing record")?;
				ensure!(record.status == RecordStatus::Erased, "pending erasure of a record not erased");
			}
			for (id, past) in PastCommitments::<T>::iter() {
				let record = RecordVersions::<T>::get(id).ok_or("past commitments of a missing record")?;
				ensure!(past.iter().all(|p| p.commitment != record.commitment), "current commitment listed as past");
			}
			for (patient, n, _) in AccessLog::<T>::iter() {
				ensure!(n < AccessLogLength::<T>::get(&patient), "access-log entry beyond the log length");
			}
			Ok(())
		}
	}

	impl<T: Config> RecordInspect<RecordId, T::AccountId> for Pallet<T> {
		fn patient(record: &RecordId) -> Option<T::AccountId> {
			RecordVersions::<T>::get(record).map(|r| r.patient)
		}
		fn record_type(record: &RecordId) -> Option<RecordType> {
			RecordVersions::<T>::get(record).map(|r| r.record_type)
		}
		fn status(record: &RecordId) -> Option<RecordStatus> {
			RecordVersions::<T>::get(record).map(|r| r.status)
		}
	}
}

/// Sets up what the benchmarks need and the runtime provides: credentials and grants.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` hold an active credential for `role`.
	fn activate(who: &AccountId, role: Role);
	/// Makes `who` hold an active credential for `role` from the organization of `colleague`'s
	/// practitioner credential: a custodian an author may name.
	fn activate_colleague(who: &AccountId, colleague: &AccountId, role: Role) {
		let _ = colleague;
		Self::activate(who, role)
	}
	/// Makes the policy grant `accessor` every action on `patient`'s records, on a basis
	/// other than ownership (the more expensive path). Returns false if the runtime's policy
	/// cannot grant anyone but the patient; the benchmarks then act as the patient.
	fn grant(accessor: &AccountId, patient: &AccountId) -> bool;
}

sp_api::decl_runtime_apis! {
	/// Read access to record anchors, for dApps and custodians.
	pub trait RecordsApi<AccountId, Balance, BlockNumber, Locator>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
		Locator: codec::Codec,
	{
		/// One record version.
		fn record(record: RecordId) -> Option<Record<AccountId, Balance, BlockNumber, Locator>>;
		/// Up to `limit` record ids of `patient`, after `start_after`; pass the last id of a
		/// page to get the next.
		fn records_of(patient: AccountId, start_after: Option<RecordId>, limit: u32) -> alloc::vec::Vec<RecordId>;
		/// The versions of `record`, newest first, back to the first version; at most `limit`.
		fn versions(record: RecordId, limit: u32) -> alloc::vec::Vec<RecordId>;
		/// Entries `from..from + limit` of `patient`'s access log, for the patient, a guardian
		/// or a privacy officer.
		fn access_log(
			requester: AccountId,
			patient: AccountId,
			from: u64,
			limit: u32,
		) -> Result<alloc::vec::Vec<AccessEntry<AccountId, BlockNumber>>, AccessLogRefused>;
		/// Whether `leaf` is reading `index` of device batch `batch`, by Merkle `proof`.
		fn verify_batch_membership(batch: BatchId, leaf: H256, index: u32, proof: alloc::vec::Vec<H256>) -> bool;
	}
}
