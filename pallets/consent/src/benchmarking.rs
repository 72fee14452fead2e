//! Benchmarks of pallet-consent, each at its worst case: the guardian signing (one more read),
//! full consent lists, the most named record versions, a research permit to an organization
//! (the cohort index is written), and for the check every list it reads full. The signer is
//! `whitelisted_caller`, as in the SDK, and a deposit the call releases belongs to someone else
//! where any origin allows that.

use super::*;
use crate::pallet::BalanceOf;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use polkadot_sdk::{frame_benchmarking, sp_runtime::traits::Bounded};

const SEED: u32 = 0;

fn fund<T: Config>(who: T::AccountId) -> T::AccountId {
	// Plenty for every deposit of a benchmark, without overflowing any balance type.
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000u32.into());
	who
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	fund::<T>(account(name, index, SEED))
}

/// Who signs the benchmarked call. That party is `whitelisted_caller`, as in the SDK's
/// benchmarks: the transaction's fee payment has already read and written its account.
#[derive(PartialEq)]
enum Signer {
	Patient,
	Guardian,
	Other,
}

/// A patient with a guardian appointed by the patient, who signs for the patient; `signer` of
/// them whitelisted.
fn patient_and_guardian<T: Config>(signer: Signer) -> Result<(T::AccountId, T::AccountId), BenchmarkError> {
	let party = |role: Signer, name: &'static str| {
		fund::<T>(if role == signer { whitelisted_caller() } else { account(name, 0, SEED) })
	};
	let patient = party(Signer::Patient, "patient");
	let guardian = party(Signer::Guardian, "guardian");
	Pallet::<T>::appoint_guardian(RawOrigin::Signed(patient.clone()).into(), patient.clone(), guardian.clone(), None)?;
	Ok((patient, guardian))
}

/// A research permit over `records` named versions (all records if none).
fn research_scope<T: Config>(records: u32) -> ScopeOf<T> {
	if records == 0 {
		ConsentScope::AllRecords
	} else {
		ConsentScope::Records(BoundedVec::truncate_from((0..u64::from(records)).collect::<Vec<_>>()))
	}
}

fn every_purpose() -> PurposeList {
	PurposeList::truncate_from(PurposeOfUse::ALL.to_vec())
}

fn every_action() -> ActionList {
	ActionList::truncate_from(ConsentAction::ALL.to_vec())
}

/// `by` records for `patient` a research permit to `grantee` over `records` named versions,
/// ending at `valid_until`.
fn research_permit<T: Config>(
	by: &T::AccountId,
	patient: &T::AccountId,
	grantee: &GranteeOf<T>,
	records: u32,
	valid_until: Option<BlockNumberFor<T>>,
) -> Result<ConsentId, BenchmarkError> {
	let id = NextConsentId::<T>::get();
	Pallet::<T>::record_consent(
		RawOrigin::Signed(by.clone()).into(),
		patient.clone(),
		ProvisionType::Permit,
		grantee.clone(),
		research_scope::<T>(records),
		every_purpose(),
		every_action(),
		None,
		valid_until,
	)?;
	Ok(id)
}

/// A research organization's grantee, with its list for `patient` full but for `room`.
fn full_list<T: Config>(
	by: &T::AccountId,
	patient: &T::AccountId,
	room: u32,
) -> Result<GranteeOf<T>, BenchmarkError> {
	let researcher = funded::<T>("researcher", 0);
	let grantee = Grantee::Organization(T::BenchmarkHelper::affiliate(&researcher, Role::Researcher));
	for _ in room..T::MaxConsentsPerGrantee::get() {
		research_permit::<T>(by, patient, &grantee, T::MaxScopedRecords::get(), None)?;
	}
	Ok(grantee)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `r`: record versions the consent names.
	#[benchmark]
	fn record_consent(r: Linear<0, { T::MaxScopedRecords::get() }>) -> Result<(), BenchmarkError> {
		let (patient, guardian) = patient_and_guardian::<T>(Signer::Guardian)?;
		let grantee = full_list::<T>(&guardian, &patient, 1)?;
		let id = NextConsentId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(guardian.clone()),
			patient.clone(),
			ProvisionType::Permit,
			grantee.clone(),
			research_scope::<T>(r),
			every_purpose(),
			every_action(),
			None,
			None,
		);

		assert_eq!(ConsentLocation::<T>::get(id), Some((patient, grantee)));
		Ok(())
	}

	/// The guardian revokes a permit the patient paid for: the deposit goes back to an account
	/// the fee payment did not touch.
	#[benchmark]
	fn revoke_consent() -> Result<(), BenchmarkError> {
		let (patient, guardian) = patient_and_guardian::<T>(Signer::Guardian)?;
		let grantee = full_list::<T>(&guardian, &patient, 1)?;
		let id = research_permit::<T>(&patient, &patient, &grantee, T::MaxScopedRecords::get(), None)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(guardian), id);

		assert!(ConsentLocation::<T>::get(id).is_none());
		Ok(())
	}

	#[benchmark]
	fn remove_expired_consent() -> Result<(), BenchmarkError> {
		let (patient, guardian) = patient_and_guardian::<T>(Signer::Other)?;
		let grantee = full_list::<T>(&guardian, &patient, 1)?;
		let now = frame_system::Pallet::<T>::block_number();
		let id = research_permit::<T>(&guardian, &patient, &grantee, T::MaxScopedRecords::get(), Some(now))?;
		frame_system::Pallet::<T>::set_block_number(now + 1u32.into());
		let caller = fund::<T>(whitelisted_caller());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(ConsentLocation::<T>::get(id).is_none());
		Ok(())
	}

	#[benchmark]
	fn appoint_guardian() -> Result<(), BenchmarkError> {
		let patient = fund::<T>(whitelisted_caller());
		let guardian: T::AccountId = account("guardian", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone(), guardian, None);

		assert!(Guardians::<T>::contains_key(&patient));
		Ok(())
	}

	/// The guardian resigns: the deposit goes back to the patient, whose account the fee
	/// payment did not touch.
	#[benchmark]
	fn end_guardianship() -> Result<(), BenchmarkError> {
		let (patient, guardian) = patient_and_guardian::<T>(Signer::Guardian)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(guardian), patient.clone());

		assert!(!Guardians::<T>::contains_key(&patient));
		Ok(())
	}

	/// `AccessPolicy::check` at its worst: the accessor acts for two organizations, and the
	/// four lists it reads are full.
	#[benchmark]
	fn check_access() -> Result<(), BenchmarkError> {
		let patient = funded::<T>("patient", 0);
		let accessor = funded::<T>("accessor", 0);
		for role in acting_roles(PurposeOfUse::Treatment) {
			T::BenchmarkHelper::affiliate(&accessor, *role);
		}
		let permit = Pallet::<T>::set_up_worst_case_check(&accessor, &patient, PurposeOfUse::Treatment)?;
		let target = AccessTarget::record(0, RecordType::Observation);
		let answer;

		#[block]
		{
			answer = Pallet::<T>::check(&accessor, &patient, target, PurposeOfUse::Treatment, ConsentAction::Access);
		}

		assert_eq!(answer, Ok(AccessBasis::Consent(permit)));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
