//! Benchmarks of pallet-records, each at its worst case: a non-patient author on a consent
//! basis (policy and credential checks), the longest locator and wrapped keys, and the most
//! envelopes a version may have.
//!
//! The signer is `whitelisted_caller`, as in the SDK, except where the call releases a deposit
//! that may sit on another account than the signer's (an envelope's depositor, a version's
//! author): there the benchmark keeps every account counted.

use super::*;
use crate::pallet::BalanceOf;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_runtime::traits::Bounded};

const SEED: u32 = 0;

fn fund<T: Config>(who: T::AccountId) -> T::AccountId {
	// Plenty for every deposit and fee of a benchmark, without overflowing any balance type.
	let balance = BalanceOf::<T>::max_value() / 1_000u32.into();
	T::Currency::set_balance(&who, balance);
	who
}

/// Who signs the benchmarked call. That party is `whitelisted_caller`, as in the SDK's
/// benchmarks: the transaction's fee payment has already read and written its account.
#[derive(PartialEq)]
enum Signer {
	Patient,
	Author,
	Custodian,
	/// Nobody whitelisted: the call's deposits may belong to others than its signer.
	Other,
}

/// A patient, an author and a custodian, `signer` of them whitelisted. The author is a
/// credentialed practitioner the policy grants on consent, or the patient if the runtime's
/// policy grants only owners.
fn parties<T: Config>(signer: Signer) -> (T::AccountId, T::AccountId, T::AccountId) {
	let party = |role: Signer, name: &'static str| {
		fund::<T>(if role == signer { whitelisted_caller() } else { account(name, 0, SEED) })
	};
	let patient = party(Signer::Patient, "patient");
	let practitioner = party(Signer::Author, "author");
	let custodian = party(Signer::Custodian, "custodian");
	T::BenchmarkHelper::activate(&practitioner, Role::Practitioner);
	T::BenchmarkHelper::activate_colleague(&custodian, &practitioner, Role::Custodian);
	let author =
		if T::BenchmarkHelper::grant(&practitioner, &patient) { practitioner } else { patient.clone() };
	(patient, author, custodian)
}

fn locator<T: Config>(len: u32) -> LocatorOf<T> {
	BoundedVec::truncate_from(vec![b'b'; len.max(1) as usize])
}

fn wrapped_key<T: Config>(len: u32) -> WrappedKeyOf<T> {
	BoundedVec::truncate_from(vec![7u8; len.max(1) as usize])
}

/// A current record of `patient` by `author`, with the longest locator and `envelopes`
/// envelopes of the longest wrapped key.
fn record<T: Config>(
	patient: &T::AccountId,
	author: &T::AccountId,
	custodian: &T::AccountId,
	envelopes: u32,
) -> Result<RecordId, BenchmarkError> {
	let id = NextRecordId::<T>::get();
	Pallet::<T>::create_record(
		RawOrigin::Signed(author.clone()).into(),
		patient.clone(),
		RecordType::DiagnosticReport,
		PurposeOfUse::Treatment,
		H256::repeat_byte(1),
		custodian.clone(),
		locator::<T>(T::MaxLocatorLen::get()),
	)?;
	for i in 0..envelopes {
		Pallet::<T>::add_key_envelope(
			RawOrigin::Signed(author.clone()).into(),
			id,
			account("grantee", i, SEED),
			wrapped_key::<T>(T::MaxWrappedKeyLen::get()),
		)?;
	}
	Ok(id)
}

fn new_envelopes<T: Config>(count: u32) -> EnvelopesOf<T> {
	let envelopes: Vec<_> = (0..count)
		.map(|i| (account("new-grantee", i, SEED), wrapped_key::<T>(T::MaxWrappedKeyLen::get())))
		.collect();
	BoundedVec::truncate_from(envelopes)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_record(l: Linear<1, { T::MaxLocatorLen::get() }>) -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Author);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(author),
			patient,
			RecordType::DiagnosticReport,
			PurposeOfUse::Treatment,
			H256::repeat_byte(1),
			custodian,
			locator::<T>(l),
		);
		assert!(RecordVersions::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn amend_record(l: Linear<1, { T::MaxLocatorLen::get() }>) -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Author);
		let old = record::<T>(&patient, &author, &custodian, 0)?;
		#[extrinsic_call]
		_(
			RawOrigin::Signed(author),
			old,
			PurposeOfUse::Treatment,
			AmendmentReason::Correction,
			H256::repeat_byte(2),
			locator::<T>(l),
		);
		assert_eq!(RecordVersions::<T>::get(old).map(|r| r.status), Some(RecordStatus::Superseded));
		Ok(())
	}

	#[benchmark]
	fn mark_entered_in_error() -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Author);
		let id = record::<T>(&patient, &author, &custodian, 0)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(author), id);
		assert_eq!(RecordVersions::<T>::get(id).map(|r| r.status), Some(RecordStatus::EnteredInError));
		Ok(())
	}

	#[benchmark]
	fn add_key_envelope(k: Linear<1, { T::MaxWrappedKeyLen::get() }>) -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Author);
		let id = record::<T>(&patient, &author, &custodian, T::MaxKeyEnvelopes::get().saturating_sub(1))?;
		let grantee: T::AccountId = account("last-grantee", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(author), id, grantee.clone(), wrapped_key::<T>(k));
		assert!(KeyEnvelopes::<T>::contains_key(id, grantee));
		Ok(())
	}

	#[benchmark]
	fn remove_key_envelope() -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Other);
		let id = record::<T>(&patient, &author, &custodian, T::MaxKeyEnvelopes::get())?;
		let grantee: T::AccountId = account("grantee", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(author), id, grantee.clone());
		assert!(!KeyEnvelopes::<T>::contains_key(id, grantee));
		Ok(())
	}

	#[benchmark]
	fn rekey(
		r: Linear<0, { T::MaxKeyEnvelopes::get() }>,
		a: Linear<0, { T::MaxKeyEnvelopes::get() }>,
	) -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Other);
		let id = record::<T>(&patient, &author, &custodian, r)?;
		let envelopes = new_envelopes::<T>(a);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(author),
			id,
			H256::repeat_byte(3),
			Some(locator::<T>(T::MaxLocatorLen::get())),
			envelopes,
		);
		assert_eq!(RecordVersions::<T>::get(id).map(|r| r.envelopes), Some(a));
		Ok(())
	}

	#[benchmark]
	fn erase_record(e: Linear<0, { T::MaxKeyEnvelopes::get() }>) -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Patient);
		let id = record::<T>(&patient, &author, &custodian, e)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(patient), id);
		assert!(PendingErasures::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn attest_erasure() -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Custodian);
		let id = record::<T>(&patient, &author, &custodian, 0)?;
		Pallet::<T>::erase_record(RawOrigin::Signed(patient).into(), id)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(custodian), id);
		assert!(!PendingErasures::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn access_record() -> Result<(), BenchmarkError> {
		let (patient, author, custodian) = parties::<T>(Signer::Author);
		let id = record::<T>(&patient, &author, &custodian, 0)?;
		// A log that already has entries.
		Pallet::<T>::access_record(RawOrigin::Signed(author.clone()).into(), id, PurposeOfUse::Treatment)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(author), id, PurposeOfUse::Treatment);
		assert_eq!(AccessLogLength::<T>::get(&patient), 2);
		Ok(())
	}

	#[benchmark]
	fn anchor_batch() -> Result<(), BenchmarkError> {
		let (patient, author, _) = parties::<T>(Signer::Author);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(author),
			patient,
			PurposeOfUse::Treatment,
			H256::repeat_byte(4),
			H256::repeat_byte(5),
			u32::MAX,
			(0, u64::MAX),
		);
		assert!(DeviceBatches::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn remove_batch() -> Result<(), BenchmarkError> {
		let (patient, author, _) = parties::<T>(Signer::Patient);
		Pallet::<T>::anchor_batch(
			RawOrigin::Signed(author).into(),
			patient.clone(),
			PurposeOfUse::Treatment,
			H256::repeat_byte(4),
			H256::repeat_byte(5),
			u32::MAX,
			(0, u64::MAX),
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(patient), 0);
		assert!(!DeviceBatches::<T>::contains_key(0));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
