//! pallet-emergency-access as wired in the runtime: a responder breaks the glass and reads an
//! emergency-scope record through pallet-records' `access_record`, is refused a record outside
//! the scope and any read after the window; the patient then reviews the session.

use super::genesis_ext;
use crate::{configs::parameters::emergency, Balances, EmergencyAccess, Records, Runtime, RuntimeOrigin};
use polkadot_sdk::*;

use caduceus_primitives::{AccessBasis, PurposeOfUse, RecordType, Role};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Get},
};
use pallet_emergency_access::{EmergencyReason, HoldReason, ReviewOutcome};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};

#[test]
fn a_responder_reads_the_emergency_scope_only_within_the_window() {
	genesis_ext("development").execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let (patient, custodian, responder) = (Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
		super::hospital_with_staff(
			Dave.to_account_id(),
			&[(custodian.clone(), Role::Custodian), (responder.clone(), Role::EmergencyResponder)],
		);
		for record_type in [RecordType::AllergyIntolerance, RecordType::Observation] {
			super::patient_record(&patient, record_type, &custodian);
		}
		let (allergy, observation) = (0, 1);
		let read = |record, purpose| Records::access_record(RuntimeOrigin::signed(responder.clone()), record, purpose);
		assert_noop!(read(allergy, PurposeOfUse::EmergencyTreatment), pallet_records::Error::<Runtime>::NoAccessBasis);

		assert_ok!(EmergencyAccess::declare_emergency(
			RuntimeOrigin::signed(responder.clone()),
			patient.clone(),
			EmergencyReason::PatientUnresponsive,
			sp_core::H256::repeat_byte(9),
		));
		let bond = emergency::ResponderBond::get();
		assert_eq!(Balances::balance_on_hold(&HoldReason::ResponderBond.into(), &responder), bond);
		assert_ok!(read(allergy, PurposeOfUse::EmergencyTreatment));
		let log = Records::access_log(&patient, &patient, 0, 10).expect("the patient reads the log");
		assert_eq!((log[0].accessor.clone(), log[0].basis), (responder.clone(), AccessBasis::Emergency(0)));
		// Outside the emergency scope, for another purpose, or after the window: refused.
		assert_noop!(read(observation, PurposeOfUse::EmergencyTreatment), pallet_records::Error::<Runtime>::RecordTypeNotCovered);
		assert_noop!(read(allergy, PurposeOfUse::Treatment), pallet_records::Error::<Runtime>::NoAccessBasis);
		let window: crate::BlockNumber = emergency::AccessWindow::get();
		frame_system::Pallet::<Runtime>::set_block_number(window);
		assert_ok!(read(allergy, PurposeOfUse::EmergencyTreatment));
		frame_system::Pallet::<Runtime>::set_block_number(1 + window);
		assert_noop!(read(allergy, PurposeOfUse::EmergencyTreatment), pallet_records::Error::<Runtime>::ConsentExpired);

		// The patient finds the access justified: the bond is released.
		assert_eq!(EmergencyAccess::sessions_awaiting_review(&patient).len(), 1);
		assert_ok!(EmergencyAccess::review_session(RuntimeOrigin::signed(patient.clone()), 0, ReviewOutcome::Justified));
		assert_eq!(Balances::balance_on_hold(&HoldReason::ResponderBond.into(), &responder), 0);
	});
}
