//! pallet-records and pallet-consent as wired in the runtime: the policy is the patient, then
//! consent; credentials come from the registrar and their suspension cuts consent off at once;
//! the runtime APIs serve the record, the patient's records, the access log and the consent
//! check.

use super::genesis_ext;
use crate::{AccountId, Consent, Credentials, Records, Runtime, RuntimeOrigin};
use polkadot_sdk::*;

use caduceus_primitives::{
	AccessBasis, AccessDenied, AccessTarget, ConsentAction, CredentialActionReason, ProvisionType, PurposeOfUse,
	RecordType, Role,
};
use frame_support::{assert_noop, assert_ok};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};

#[test]
fn a_patient_anchors_consents_to_reads_and_erases_a_record_through_the_runtime() {
	genesis_ext("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let (patient, custodian, doctor) = (Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
		super::hospital_with_staff(
			Dave.to_account_id(),
			&[(custodian.clone(), Role::Custodian), (doctor.clone(), Role::Practitioner)],
		);
		super::patient_record(&patient, RecordType::Immunization, &custodian);
		// Without consent a credentialed doctor is refused.
		let read = |who: &AccountId| Records::access_record(RuntimeOrigin::signed(who.clone()), 0, PurposeOfUse::Treatment);
		assert_noop!(read(&doctor), pallet_records::Error::<Runtime>::NoAccessBasis);
		// The patient consents to the hospital's staff reading immunizations for treatment.
		assert_ok!(Consent::record_consent(
			RuntimeOrigin::signed(patient.clone()),
			patient.clone(),
			ProvisionType::Permit,
			pallet_consent::Grantee::Organization(0),
			pallet_consent::ConsentScope::RecordTypes(vec![RecordType::Immunization].try_into().expect("fits")),
			vec![PurposeOfUse::Treatment].try_into().expect("fits"),
			vec![ConsentAction::Access].try_into().expect("fits"),
			None,
			None,
		));
		assert_eq!(
			Consent::check(&doctor, &patient, AccessTarget::record(0, RecordType::Immunization), PurposeOfUse::Treatment, ConsentAction::Access),
			Ok(AccessBasis::Consent(0))
		);
		assert_ok!(read(&doctor));
		let log = Records::access_log(&patient, &patient, 0, 10).expect("the patient reads the log");
		assert_eq!((log[0].accessor.clone(), log[0].basis), (doctor.clone(), AccessBasis::Consent(0)));
		// Suspending the doctor's credential cuts the consent off with no other transaction.
		assert_ok!(Credentials::suspend_credential(
			RuntimeOrigin::root(),
			doctor.clone(),
			Role::Practitioner,
			CredentialActionReason::Investigation,
		));
		assert_noop!(read(&doctor), pallet_records::Error::<Runtime>::CredentialInactive);
		assert_ok!(Credentials::reinstate_credential(RuntimeOrigin::root(), doctor.clone(), Role::Practitioner));
		assert_ok!(read(&doctor));
		// Revocation takes effect at once.
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(patient.clone()), 0));
		assert_noop!(read(&doctor), pallet_records::Error::<Runtime>::NoAccessBasis);
		assert_eq!(
			Consent::check(&doctor, &patient, AccessTarget::record(0, RecordType::Immunization), PurposeOfUse::Treatment, ConsentAction::Access),
			Err(AccessDenied::NoBasis)
		);
		assert_ok!(Records::access_record(RuntimeOrigin::signed(patient.clone()), 0, PurposeOfUse::Treatment));
		assert_eq!(Records::records_of(&patient, None, 10), vec![0]);
		let log = Records::access_log(&patient, &patient, 0, 10).expect("the patient reads the log");
		assert_eq!(log.len(), 3);
		assert_eq!(Records::access_log(&doctor, &patient, 0, 10), Err(pallet_records::AccessLogRefused::NotAuthorized));
		assert_ok!(Records::erase_record(RuntimeOrigin::signed(patient.clone()), 0));
		assert!(pallet_records::PendingErasures::<Runtime>::contains_key(0));
		assert_ok!(Records::attest_erasure(RuntimeOrigin::signed(custodian), 0));
		assert!(!pallet_records::PendingErasures::<Runtime>::contains_key(0));
	});
}

/// Each record call charges the policy members that can answer it, from their own benchmarks:
/// creating and amending never reach break-glass or claims, an ETREAT read reaches break-glass
/// only, an HPAYMT read claims only, a treatment read neither.
#[test]
fn record_calls_charge_only_the_policy_legs_they_can_reach() {
	use caduceus_primitives::{ConsentAction, PurposeOfUse, RecordType};
	use sp_keyring::Sr25519Keyring::{Bob, Charlie};
	use frame_support::dispatch::GetDispatchInfo;
	use pallet_records::WeightInfo as _;
	type Records = pallet_records::weights::SubstrateWeight<Runtime>;
	let emergency = <pallet_emergency_access::weights::SubstrateWeight<Runtime> as pallet_emergency_access::WeightInfo>::check_access();
	let claims = <pallet_claims::weights::SubstrateWeight<Runtime> as pallet_claims::WeightInfo>::check_access();
	let locator = frame_support::BoundedVec::truncate_from(vec![b'b'; 59]);
	let create = |purpose| {
		crate::RuntimeCall::Records(pallet_records::Call::create_record {
			patient: Bob.to_account_id(),
			record_type: RecordType::Observation,
			purpose,
			commitment: Default::default(),
			custodian: Charlie.to_account_id(),
			locator: locator.clone(),
		})
		.get_dispatch_info()
		.call_weight
	};
	let read = |purpose| {
		crate::RuntimeCall::Records(pallet_records::Call::access_record { record: 0, purpose }).get_dispatch_info().call_weight
	};
	for purpose in PurposeOfUse::ALL.iter().copied() {
		assert_eq!(create(purpose), Records::create_record(59), "{purpose:?}");
	}
	assert_eq!(read(PurposeOfUse::Treatment), Records::access_record());
	assert_eq!(read(PurposeOfUse::EmergencyTreatment), Records::access_record() + emergency);
	assert_eq!(read(PurposeOfUse::Payment), Records::access_record() + claims);
	// Maintenance asks for treatment only.
	assert_eq!(pallet_records::Pallet::<Runtime>::maintenance_policy_weight(ConsentAction::Correct), frame_support::weights::Weight::zero());
	let zero = frame_support::weights::Weight::zero();
	assert!(emergency != zero && claims != zero);
}

/// The patient, whom the policy answers before any member reads, is refunded every member's
/// check; a practitioner granted on consent pays the whole declared weight.
#[test]
fn the_patient_is_refunded_the_policy_check() {
	use caduceus_primitives::{AccessPolicy, ConsentAction, PurposeOfUse, RecordType, Role};
	use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave, Eve};
	use frame_support::dispatch::GetDispatchInfo;
	super::genesis_ext("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let (patient, doctor, custodian) = (Bob.to_account_id(), Dave.to_account_id(), Charlie.to_account_id());
		super::hospital_with_staff(Eve.to_account_id(), &[(doctor.clone(), Role::Practitioner), (custodian.clone(), Role::Custodian)]);
		super::consent_to(
			&patient,
			caduceus_primitives::ProvisionType::Permit,
			pallet_consent::Grantee::Account(doctor.clone()),
			&[PurposeOfUse::Treatment],
			&[ConsentAction::Collect],
		);
		let call = pallet_records::Call::<Runtime>::create_record {
			patient: patient.clone(),
			record_type: RecordType::Observation,
			purpose: PurposeOfUse::Treatment,
			commitment: Default::default(),
			custodian,
			locator: frame_support::BoundedVec::truncate_from(vec![b'b'; 59]),
		};
		let declared = call.get_dispatch_info().call_weight;
		let policy = <<Runtime as pallet_records::Config>::AccessPolicy as AccessPolicy<AccountId>>::check_weight(
			ConsentAction::Collect,
			PurposeOfUse::Treatment,
		);
		// A stranger the policy refuses gets no refund: the refusal pays the declared weight.
		let refused = frame_support::traits::UnfilteredDispatchable::dispatch_bypass_filter(
			call.clone(),
			RuntimeOrigin::signed(Alice.to_account_id()),
		)
		.expect_err("a stranger may not create");
		assert_eq!(refused.post_info.actual_weight, None);
		let by_patient = frame_support::traits::UnfilteredDispatchable::dispatch_bypass_filter(call.clone(), RuntimeOrigin::signed(patient))
			.expect("the patient creates");
		assert_eq!(by_patient.actual_weight, Some(declared - policy));
		let by_doctor = frame_support::traits::UnfilteredDispatchable::dispatch_bypass_filter(call, RuntimeOrigin::signed(doctor))
			.expect("the consented practitioner creates");
		assert_eq!(by_doctor.actual_weight, Some(declared));
		assert!(policy != frame_support::weights::Weight::zero());
	});
}
