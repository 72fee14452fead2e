//! Benchmarks of pallet-emergency-access, each at its worst case: a responder at its limit of
//! live sessions, the most accounts to notify, an independent privacy officer reviewing (the
//! representative check runs first and fails), the patient settling a session, and an
//! uncontested finding of abuse taking effect (the bond moves and the responder is sanctioned).

use super::*;
use crate::pallet::BalanceOf;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_runtime::traits::Bounded};

const SEED: u32 = 0;
const JUSTIFICATION: H256 = H256::repeat_byte(0x5a);

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000u32.into());
	who
}

fn responder<T: Config>() -> T::AccountId {
	let responder = funded::<T>("responder", 0);
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
fn patient<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let patient = funded::<T>("patient", 0);
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

fn officer<T: Config>() -> T::AccountId {
	let officer = funded::<T>("officer", 0);
	T::BenchmarkHelper::activate(&officer, Role::PrivacyOfficer);
	officer
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn declare_emergency() -> Result<(), BenchmarkError> {
		let responder = responder::<T>();
		let patient = patient::<T>()?;
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
		let responder = responder::<T>();
		let patient = patient::<T>()?;
		let id = full_session::<T>(&responder, &patient)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(responder), id);

		assert_eq!(Sessions::<T>::get(id).map(|s| s.status), Some(SessionStatus::Closed));
		Ok(())
	}

	/// An independent officer's provisional finding of abuse on an ended session.
	#[benchmark]
	fn review_session() -> Result<(), BenchmarkError> {
		let responder = responder::<T>();
		let patient = patient::<T>()?;
		let id = full_session::<T>(&responder, &patient)?;
		let officer = officer::<T>();
		end_window::<T>(id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), id, ReviewOutcome::Abuse);

		assert_eq!(Sessions::<T>::get(id).map(|s| s.status), Some(SessionStatus::FoundAbuse));
		Ok(())
	}

	/// The patient finds a live session at the responder's limit justified: it is settled.
	#[benchmark]
	fn review_session_by_patient() -> Result<(), BenchmarkError> {
		let responder = responder::<T>();
		let patient = patient::<T>()?;
		let id = full_session::<T>(&responder, &patient)?;

		#[extrinsic_call]
		review_session(RawOrigin::Signed(patient), id, ReviewOutcome::Justified);

		assert!(!Sessions::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn contest_finding() -> Result<(), BenchmarkError> {
		let responder = responder::<T>();
		let patient = patient::<T>()?;
		let id = full_session::<T>(&responder, &patient)?;
		end_window::<T>(id)?;
		Pallet::<T>::review_session(RawOrigin::Signed(officer::<T>()).into(), id, ReviewOutcome::Abuse)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(responder), id);

		assert_eq!(Sessions::<T>::get(id).map(|s| s.status), Some(SessionStatus::Disputed));
		Ok(())
	}

	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let responder = responder::<T>();
		let patient = patient::<T>()?;
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
		let responder = responder::<T>();
		let patient = patient::<T>()?;
		let id = full_session::<T>(&responder, &patient)?;
		end_window::<T>(id)?;
		Pallet::<T>::review_session(RawOrigin::Signed(officer::<T>()).into(), id, ReviewOutcome::Abuse)?;
		let review_by = Sessions::<T>::get(id).map(|s| s.review_by).ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(review_by + 1u32.into());
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Sessions::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn set_emergency_preferences() -> Result<(), BenchmarkError> {
		let patient = funded::<T>("patient", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone(), full_preferences::<T>());

		assert!(Preferences::<T>::contains_key(&patient));
		Ok(())
	}

	#[benchmark]
	fn clear_emergency_preferences() -> Result<(), BenchmarkError> {
		let patient = patient::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone());

		assert!(!Preferences::<T>::contains_key(&patient));
		Ok(())
	}

	/// `AccessPolicy::check` through a live session, with the largest preferences.
	#[benchmark]
	fn check_access() -> Result<(), BenchmarkError> {
		let responder = responder::<T>();
		let patient = patient::<T>()?;
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
