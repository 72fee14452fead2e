//! pallet-claims as wired in the runtime: a payer's plan pays a hospital doctor's claim at
//! submission from escrow, rejects the same visit claimed again naming the first claim, and the
//! enrollment lets the payer read the cited record for payment through pallet-records.

use super::genesis_ext;
use crate::{Balances, Claims, Consent, Records, Runtime, RuntimeEvent, RuntimeOrigin, System, UNIT};
use polkadot_sdk::*;

use caduceus_primitives::{AccessBasis, ClaimOutcome, ClaimUse, ConsentAction, ProvisionType, PurposeOfUse, RecordType, Role};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use pallet_claims::{ClaimItem, CoveredService, HoldReason, ItemReason, ItemStatus, PlanTerms};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::Percent;

/// 2026-11-22 as days since 1970-01-01.
const TODAY: u32 = 20_779;
/// An office visit (CPT 99213).
const VISIT: pallet_claims::ServiceCode = 99213;

#[test]
fn an_auto_adjudicated_claim_pays_the_provider_and_a_duplicate_is_rejected() {
	genesis_ext("development").execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(u64::from(TODAY) * 86_400_000 + 3_600_000);
		let (patient, custodian, doctor, payer, admin) =
			(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id(), Dave.to_account_id(), Eve.to_account_id());
		super::hospital_with_staff(admin, &[(custodian.clone(), Role::Custodian), (doctor.clone(), Role::Practitioner)]);
		super::insurer(&payer);
		// The patient's encounter record, and treatment access for the doctor.
		super::patient_record(&patient, RecordType::Encounter, &custodian);
		assert_ok!(Consent::record_consent(
			RuntimeOrigin::signed(patient.clone()),
			patient.clone(),
			ProvisionType::Permit,
			pallet_consent::Grantee::Account(doctor.clone()),
			pallet_consent::ConsentScope::AllRecords,
			vec![PurposeOfUse::Treatment].try_into().expect("fits"),
			vec![ConsentAction::Access].try_into().expect("fits"),
			None,
			None,
		));

		// The payer publishes a plan (visit allowed 100 UNIT, 20% copay) and funds it.
		let terms = PlanTerms {
			covered: vec![CoveredService { service: VISIT, allowed: 100 * UNIT }].try_into().expect("fits"),
			coinsurance: Percent::from_percent(20),
			annual_limit: 1_000 * UNIT,
		};
		assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(payer.clone()), terms));
		assert_ok!(Claims::fund_escrow(RuntimeOrigin::signed(payer.clone()), 0, 500 * UNIT));
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(patient.clone()), 0, patient.clone()));
		// The payer accepts the patient and puts the hospital in its network.
		super::payer_accepts(&payer, 0, &patient, &[0]);
		// The patient lets the cited records be disclosed to the payer for payment.
		super::consent_to(
			&patient,
			ProvisionType::Permit,
			pallet_consent::Grantee::Account(payer.clone()),
			&[PurposeOfUse::Payment],
			&[ConsentAction::Disclose],
		);

		let claim = |items: Vec<ClaimItem<crate::Balance>>| {
			Claims::submit_claim(
				RuntimeOrigin::signed(doctor.clone()),
				0,
				patient.clone(),
				ClaimUse::Claim,
				items.try_into().expect("fits"),
				vec![0].try_into().expect("fits"),
			)
		};
		let visit = ClaimItem { service: VISIT, service_date: TODAY - 2, amount: 150 * UNIT };
		// Someone without treatment access cannot claim for the patient.
		assert_noop!(
			Claims::submit_claim(
				RuntimeOrigin::signed(Ferdie.to_account_id()),
				0,
				patient.clone(),
				ClaimUse::Claim,
				vec![visit].try_into().expect("fits"),
				vec![0].try_into().expect("fits"),
			),
			pallet_claims::Error::<Runtime>::NotProvider
		);

		let doctor_free = Balances::free_balance(&doctor);
		assert_ok!(claim(vec![visit]));
		// Eligible 100, copay 20: the doctor is paid 80 from the payer's escrow.
		let first = pallet_claims::Claims::<Runtime>::get(0).expect("stored");
		assert_eq!(first.outcome, ClaimOutcome::Complete);
		assert_eq!(first.items[0].adjudication.status, ItemStatus::Paid);
		assert_eq!(first.items[0].adjudication.benefit, 80 * UNIT);
		let deposit = first.deposit;
		assert_eq!(Balances::free_balance(&doctor), doctor_free + 80 * UNIT - deposit);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Escrow.into(), &payer), 420 * UNIT);

		// The same visit again is rejected, naming claim 0; nothing more is paid.
		assert_ok!(claim(vec![ClaimItem { amount: 140 * UNIT, ..visit }]));
		let second = pallet_claims::Claims::<Runtime>::get(1).expect("stored");
		assert_eq!(second.outcome, ClaimOutcome::Error);
		assert_eq!(second.items[0].adjudication.reason, ItemReason::DuplicateOf { claim: 0, item: 0 });
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Claims(pallet_claims::Event::DuplicateRejected { claim: 1, earlier_claim: 0, earlier_item: 0, .. })
		)));
		assert_eq!(Balances::balance_on_hold(&HoldReason::Escrow.into(), &payer), 420 * UNIT);

		// The enrollment is the payer's HPAYMT basis for the cited record, and nothing else.
		assert_ok!(Records::access_record(RuntimeOrigin::signed(payer.clone()), 0, PurposeOfUse::Payment));
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Records(pallet_records::Event::RecordAccessed { basis: AccessBasis::Enrollment(0), .. })
		)));
		assert_noop!(
			Records::access_record(RuntimeOrigin::signed(payer), 0, PurposeOfUse::Treatment),
			pallet_records::Error::<Runtime>::PurposeNotPermitted
		);
	});
}
