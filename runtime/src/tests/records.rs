//! pallet-records as wired in the runtime: the patient is the only one the policy grants until
//! consent lands; the custodian must hold a credential issued by the registrar; the runtime API
//! serves the record, the patient's records and the access log.

use super::genesis_ext;
use crate::{Credentials, Records, Runtime, RuntimeOrigin};
use polkadot_sdk::*;

use caduceus_primitives::{PurposeOfUse, RecordType, Role};
use frame_support::{assert_noop, assert_ok};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};

#[test]
fn a_patient_anchors_reads_and_erases_a_record_through_the_runtime() {
	genesis_ext("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let (patient, custodian, doctor) = (Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
		let jurisdiction: pallet_credentials::Jurisdiction = b"US-CA".to_vec().try_into().expect("fits");
		assert_ok!(Credentials::register_organization(
			RuntimeOrigin::root(),
			Dave.to_account_id(),
			pallet_credentials::OrganizationKind::Hospital,
			vec![Role::Custodian, Role::Practitioner].try_into().expect("fits"),
			jurisdiction.clone(),
		));
		assert_ok!(Credentials::issue_credential(
			RuntimeOrigin::root(),
			custodian.clone(),
			Role::Custodian,
			0,
			Default::default(),
			jurisdiction,
			1_000,
		));
		let locator: pallet_records::LocatorOf<Runtime> = b"bafybeigdyrzt".to_vec().try_into().expect("fits");
		assert_ok!(Records::create_record(
			RuntimeOrigin::signed(patient.clone()),
			patient.clone(),
			RecordType::Immunization,
			PurposeOfUse::Treatment,
			sp_core::H256::repeat_byte(1),
			custodian.clone(),
			locator,
		));
		// Nobody but the patient is granted yet, credentialed or not.
		assert_noop!(
			Records::access_record(RuntimeOrigin::signed(doctor.clone()), 0, PurposeOfUse::Treatment),
			pallet_records::Error::<Runtime>::NoAccessBasis
		);
		assert_ok!(Records::access_record(RuntimeOrigin::signed(patient.clone()), 0, PurposeOfUse::Treatment));
		assert_eq!(Records::records_of(&patient, None, 10), vec![0]);
		let log = Records::access_log(&patient, &patient, 0, 10).expect("the patient reads the log");
		assert_eq!(log.len(), 1);
		assert_eq!(Records::access_log(&doctor, &patient, 0, 10), Err(pallet_records::AccessLogRefused::NotAuthorized));
		assert_ok!(Records::erase_record(RuntimeOrigin::signed(patient.clone()), 0));
		assert!(pallet_records::PendingErasures::<Runtime>::contains_key(0));
		assert_ok!(Records::attest_erasure(RuntimeOrigin::signed(custodian), 0));
		assert!(!pallet_records::PendingErasures::<Runtime>::contains_key(0));
	});
}
