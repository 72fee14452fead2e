//! Benchmarks of pallet-emergency-access, each at its worst case: a responder at its limit of
//! live sessions, the most accounts to notify, an independent privacy officer reviewing (the
//! representative check runs first and fails), the patient settling a session, and an
//! uncontested finding of abuse taking effect (the bond moves and the responder is sanctioned).
//! The signer is `whitelisted_caller`, as in the SDK, except where the call touches an account
//! that another origin's path would not have paid fees from (a preferences deposit goes back to
//! whoever paid it, not to the signer).

use super::*;
use crate::pallet::BalanceOf;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_runtime::traits::Bounded};

const SEED: u32 = 0;
const JUSTIFICATION: H256 = H256::repeat_byte(0x5a);

fn fund<T: Config>(who: T::AccountId) -> T::AccountId {
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000u32.into());
	who
}

/// Who signs the benchmarked call. That party is `whitelisted_caller`, as in the SDK's
/// benchmarks: the transaction's fee payment has already read and written its account.
#[derive(Clone, Copy, PartialEq)]
enum Signer {
	Responder,
	Patient,
	Officer,
	/// Governance, a third party or nobody (a policy check).
	Other,
}

/// The funded account of `role`, whitelisted if it is the `signer`.
fn party<T: Config>(role: Signer, signer: Signer, name: &'static str) -> T::AccountId {
	fund::<T>(if role == signer { whitelisted_caller() } else { account(name, 0, SEED) })
}

fn responder<T: Config>(signer: Signer) -> T::AccountId {
	let responder = party::<T>(Signer::Responder, signer, "responder");
	T::BenchmarkHelper::activate(&responder, Role::EmergencyResponder);
	responder
}

/// The largest preferences: every record type, the most accounts to notify.
fn full_preferences<T: Config>() -> PreferencesOf<T> {
	EmergencyPreferences {
		opted_out: false,
		scope: EmergencyScope::truncate_from(RecordType::ALL.to_vec()),
		notify: BoundedVec::truncate_from((0..T::MaxNotified::get()).map(|i| account("notified", i, SEED)).collect::<Vec<_>>()),
	}
}

/// A patient with the largest preferences.
fn patient<T: Config>(signer: Signer) -> Result<T::AccountId, BenchmarkError> {
	let patient = party::<T>(Signer::Patient, signer, "patient");
	Pallet::<T>::set_emergency_preferences(RawOrigin::Signed(patient.clone()).into(), patient.clone(), full_preferences::<T>())?;
	Ok(patient)
}

/// `responder` opens sessions for other patients until one slot is left.
fn fill_but_one<T: Config>(responder: &T::AccountId) -> Result<(), BenchmarkError> {
	let limit = T::MaxOpenSessions::get().min(MAX_OPEN_SESSIONS);
	for i in 1..limit {
		let other: T::AccountId = account("other-patient", i, SEED);
		Pallet::<T>::declare_emergency(RawOrigin::Signed(responder.clone()).into(), other, EmergencyReason::MassCasualty, JUSTIFICATION)?;
	}
	Ok(())
}

/// A live session of `responder` for `patient`, with the responder at its limit.
fn full_session<T: Config>(responder: &T::AccountId, patient: &T::AccountId) -> Result<EmergencySessionId, BenchmarkError> {
	fill_but_one::<T>(responder)?;
	let id = NextSessionId::<T>::get();
	Pallet::<T>::declare_emergency(RawOrigin::Signed(responder.clone()).into(), patient.clone(), EmergencyReason::LifeThreatening, JUSTIFICATION)?;
	Ok(id)
}

/// Moves the clock past session `id`'s window.
fn end_window<T: Config>(id: EmergencySessionId) -> Result<(), BenchmarkError> {
	let expires_at = Sessions::<T>::get(id).map(|s| s.expires_at).ok_or(BenchmarkError::Weightless)?;
	frame_system::Pallet::<T>::set_block_number(expires_at);
	Ok(())
}

fn officer<T: Config>(signer: Signer) -> T::AccountId {
	let officer = party::<T>(Signer::Officer, signer, "officer");
	T::BenchmarkHelper::activate(&officer, Role::PrivacyOfficer);
	officer
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn declare_emergency() -> Result<(), BenchmarkError> {
		let signer = Signer::Responder;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		// An earlier session for this patient, over by now: the latest-session read finds it.
		Pallet::<T>::declare_emergency(RawOrigin::Signed(responder.clone()).into(), patient.clone(), EmergencyReason::Other, JUSTIFICATION)?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + T::AccessWindow::get());
		fill_but_one::<T>(&responder)?;
		let id = NextSessionId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(responder), patient, EmergencyReason::LifeThreatening, JUSTIFICATION);

		assert!(Sessions::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn close_session() -> Result<(), BenchmarkError> {
		let signer = Signer::Responder;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		let id = full_session::<T>(&responder, &patient)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(responder), id);

		assert_eq!(Sessions::<T>::get(id).map(|s| s.status), Some(SessionStatus::Closed));
		Ok(())
	}

	/// An independent officer's provisional finding of abuse on an ended session.
	#[benchmark]
	fn review_session() -> Result<(), BenchmarkError> {
		let signer = Signer::Officer;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		let id = full_session::<T>(&responder, &patient)?;
		let officer = officer::<T>(signer);
		end_window::<T>(id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), id, ReviewOutcome::Abuse);

		assert_eq!(Sessions::<T>::get(id).map(|s| s.status), Some(SessionStatus::FoundAbuse));
		Ok(())
	}

	/// The patient finds a live session at the responder's limit justified: it is settled.
	#[benchmark]
	fn review_session_by_patient() -> Result<(), BenchmarkError> {
		let signer = Signer::Patient;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		let id = full_session::<T>(&responder, &patient)?;

		#[extrinsic_call]
		review_session(RawOrigin::Signed(patient), id, ReviewOutcome::Justified);

		assert!(!Sessions::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn contest_finding() -> Result<(), BenchmarkError> {
		let signer = Signer::Responder;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		let id = full_session::<T>(&responder, &patient)?;
		end_window::<T>(id)?;
		Pallet::<T>::review_session(RawOrigin::Signed(officer::<T>(signer)).into(), id, ReviewOutcome::Abuse)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(responder), id);

		assert_eq!(Sessions::<T>::get(id).map(|s| s.status), Some(SessionStatus::Disputed));
		Ok(())
	}

	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		let id = full_session::<T>(&responder, &patient)?;
		Pallet::<T>::review_session(RawOrigin::Signed(patient).into(), id, ReviewOutcome::Disputed)?;
		let origin = T::ArbitrationOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, ReviewOutcome::Abuse);

		assert!(!Sessions::<T>::contains_key(id));
		Ok(())
	}

	/// The worst case: an officer's uncontested finding of abuse takes effect (slash and
	/// sanction).
	#[benchmark]
	fn release_unreviewed() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		let id = full_session::<T>(&responder, &patient)?;
		end_window::<T>(id)?;
		Pallet::<T>::review_session(RawOrigin::Signed(officer::<T>(signer)).into(), id, ReviewOutcome::Abuse)?;
		let review_by = Sessions::<T>::get(id).map(|s| s.review_by).ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(review_by + 1u32.into());
		let caller = fund::<T>(whitelisted_caller());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Sessions::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn set_emergency_preferences() -> Result<(), BenchmarkError> {
		let patient = fund::<T>(whitelisted_caller());

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone(), full_preferences::<T>());

		assert!(Preferences::<T>::contains_key(&patient));
		Ok(())
	}

	#[benchmark]
	fn clear_emergency_preferences() -> Result<(), BenchmarkError> {
		// The deposit goes back to whoever paid it, who need not be the signer.
		let signer = Signer::Other;
		let patient = patient::<T>(signer)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone());

		assert!(!Preferences::<T>::contains_key(&patient));
		Ok(())
	}

	/// `AccessPolicy::check` through a live session, with the largest preferences.
	#[benchmark]
	fn check_access() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let responder = responder::<T>(signer);
		let patient = patient::<T>(signer)?;
		let id = full_session::<T>(&responder, &patient)?;
		let target = AccessTarget::record(0, RecordType::Claim);
		let answer;

		#[block]
		{
			answer = Pallet::<T>::check(&responder, &patient, target, PurposeOfUse::EmergencyTreatment, ConsentAction::Access);
		}

		assert_eq!(answer, Ok(AccessBasis::Emergency(id)));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
