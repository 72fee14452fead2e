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
