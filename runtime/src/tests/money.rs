//! Attacks on money: escrow that a provider drains, plans a payer's key rotation strands, policy
//! numbers that reopen settled claims, and XCM that mints the native token. Each test is one
//! defect of docs/security.md ("Money"), through the real pallets as the runtime wires them.

use super::{consent_to, genesis_ext, insurer, organization_with_staff, patient_record};
use crate::{
	configs::parameters::{claims as claims_policy, emergency as emergency_policy, RuntimeParameters},
	AccountId, Balance, Balances, Claims, Credentials, Parameters, Runtime, RuntimeOrigin, System, UNIT,
};
use polkadot_sdk::*;

use caduceus_primitives::{ClaimUse, ConsentAction, ProvisionType::Permit, PurposeOfUse, RecordType, Role};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchResult,
	traits::{fungible::Inspect, Get},
};
use sp_runtime::traits::Dispatchable;
use pallet_claims::{ClaimItem, CoveredService, ItemStatus, PayerDecision, PlanTerms};
use pallet_consent::Grantee;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::Percent;

type ClaimsError = pallet_claims::Error<Runtime>;

/// 2026-11-22 as days since 1970-01-01.
const TODAY: u32 = 20_779;
/// An office visit (CPT 99213), covered by the plan.
const VISIT: pallet_claims::ServiceCode = 99213;
/// A service the plan does not cover, so the payer decides it.
const UNCOVERED: pallet_claims::ServiceCode = 99499;
/// Organization 0: the hospital; organization 1: the insurer.
const HOSPITAL: u32 = 0;
const INSURER: u32 = 1;

fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn set_today(day: u32) {
	pallet_timestamp::Now::<Runtime>::put(u64::from(day) * 86_400_000 + 3_600_000);
}

/// The cast: custodian Bob and doctor Charlie of Eve's hospital (organization 0), payer Dave of
/// its own insurer (organization 1, administered by Dave), and Dave's plan 0 covering visits
/// (100 UNIT allowed, 20% copay, 1,000 UNIT a year), funded with 500 UNIT.
fn insurer_and_hospital() -> (AccountId, AccountId, AccountId) {
	System::set_block_number(1);
	set_today(TODAY);
	let (custodian, doctor, payer, admin) =
		(Bob.to_account_id(), Charlie.to_account_id(), Dave.to_account_id(), Eve.to_account_id());
	let staff = [(custodian.clone(), Role::Custodian), (doctor.clone(), Role::Practitioner)];
	assert_eq!(organization_with_staff(&admin, pallet_credentials::OrganizationKind::Hospital, &staff), HOSPITAL);
	assert_eq!(insurer(&payer), INSURER);
	let terms = PlanTerms {
		covered: vec![CoveredService { service: VISIT, allowed: 100 * UNIT }].try_into().expect("fits"),
		coinsurance: Percent::from_percent(20),
		annual_limit: 1_000 * UNIT,
	};
	assert_ok!(Claims::publish_plan(signed(&payer), terms));
	assert_ok!(Claims::fund_escrow(signed(&payer), 0, 500 * UNIT));
	(custodian, doctor, payer)
}

/// `patient` asks to join plan 0, keeps a record with `custodian` (record `record`), and lets
/// `doctor` treat and `payer` be told for payment.
fn patient_of(patient: &AccountId, custodian: &AccountId, doctor: &AccountId, payer: &AccountId) {
	assert_ok!(Claims::enroll(signed(patient), 0, patient.clone()));
	patient_record(patient, RecordType::Encounter, custodian);
	consent_to(patient, Permit, Grantee::Account(doctor.clone()), &[PurposeOfUse::Treatment], &[ConsentAction::Access]);
	consent_to(patient, Permit, Grantee::Account(payer.clone()), &[PurposeOfUse::Payment], &[ConsentAction::Disclose]);
}

/// The cast of [`insurer_and_hospital`], with patient Alice accepted into plan 0 by both sides
/// and an uncovered visit `days_ago` claimed (claim 0), queued for the payer.
fn queued_visit(days_ago: u32) -> (AccountId, AccountId, AccountId) {
	let (custodian, doctor, payer) = insurer_and_hospital();
	let patient = Alice.to_account_id();
	patient_of(&patient, &custodian, &doctor, &payer);
	// The payer's side of the enrollment (the code before the fix asked for none).
	let _ = Claims::enroll(signed(&payer), 0, patient.clone());
	let uncovered = ClaimItem { service: UNCOVERED, service_date: TODAY - days_ago, amount: 80 * UNIT };
	assert_ok!(claim(&doctor, &patient, vec![uncovered], 0));
	assert_eq!(item_status(0, 0), ItemStatus::Queued);
	(patient, doctor, payer)
}

fn claim(provider: &AccountId, patient: &AccountId, items: Vec<ClaimItem<Balance>>, record: u64) -> DispatchResult {
	Claims::submit_claim(
		signed(provider),
		0,
		patient.clone(),
		ClaimUse::Claim,
		items.try_into().expect("fits"),
		vec![record].try_into().expect("fits"),
	)
}

fn visit(days_ago: u32) -> ClaimItem<Balance> {
	ClaimItem { service: VISIT, service_date: TODAY - days_ago, amount: 150 * UNIT }
}

fn escrow_paid() -> Balance {
	pallet_claims::Plans::<Runtime>::get(0).expect("plan 0").escrow.paid
}

fn item_status(claim: u64, item: usize) -> ItemStatus {
	pallet_claims::Claims::<Runtime>::get(claim).expect("claim").items[item].adjudication.status
}

fn set_parameter(origin: RuntimeOrigin, key_value: RuntimeParameters) -> DispatchResult {
	Parameters::set_parameter(origin, key_value)
}

// ---- 1. a provider cannot drain a payer ----

#[test]
fn a_fake_patient_and_a_friendly_provider_cannot_drain_a_payers_escrow() {
	genesis_ext("development").execute_with(|| {
		let (custodian, doctor, payer) = insurer_and_hospital();
		// A fresh account enrolls itself, keeps a record and consents, all on its own.
		let fake = Ferdie.to_account_id();
		patient_of(&fake, &custodian, &doctor, &payer);
		let before = Balances::balance(&doctor);
		// Sixteen visits on sixteen days, each a distinct service to the duplicate check.
		let _ = claim(&doctor, &fake, (1..=16).map(visit).collect(), 0);
		assert_eq!(escrow_paid(), 0, "the payer's escrow paid a claim it never agreed to");
		assert!(Balances::balance(&doctor) <= before);
	});
}

// ---- 2. a payer's key rotation strands nothing ----

#[test]
fn a_payer_who_rotated_its_key_still_decides_and_withdraws() {
	genesis_ext("development").execute_with(|| {
		let (_, _, payer) = queued_visit(1);

		let new_key = Ferdie.to_account_id();
		assert_ok!(Credentials::rotate_account(signed(&payer), new_key.clone()));
		// The old key lost the plan with its credential; the new one decides.
		assert_noop!(Claims::decide_item(signed(&payer), 0, 0, PayerDecision::Deny), ClaimsError::NotPlanPayer);
		assert_ok!(Claims::decide_item(signed(&new_key), 0, 0, PayerDecision::Deny));
		// Once the appeal window is over, the escrow comes back to the new key.
		System::set_block_number(1 + <Runtime as pallet_claims::Config>::AppealWindow::get() + 1);
		// The old key still has the escrow held on its account, but cannot take it back.
		assert_noop!(Claims::withdraw_escrow(signed(&payer), 0, 500 * UNIT), ClaimsError::NotPlanPayer);
		let before = Balances::balance(&new_key);
		assert_ok!(Claims::withdraw_escrow(signed(&new_key), 0, 500 * UNIT));
		assert_eq!(Balances::balance(&new_key), before + 500 * UNIT);
	});
}

// ---- 3. every stored item is paid for, and every hold has an owner ----

#[test]
fn a_hold_nobody_owes_and_an_item_nobody_paid_for_are_caught() {
	genesis_ext("development").execute_with(|| {
		use frame_support::traits::{fungible::MutateHold, tokens::Precision};
		System::set_block_number(1);
		// A hold under a domain reason on an account no storage item names.
		let stranger = Ferdie.to_account_id();
		let reason = crate::RuntimeHoldReason::Records(pallet_records::HoldReason::RecordDeposit);
		assert_ok!(Balances::hold(&reason, &stranger, UNIT));
		assert!(pallet_records::Pallet::<Runtime>::do_try_state().is_ok(), "the pallet alone cannot see it");
		assert!(crate::invariants::every_hold_has_an_owner().is_err(), "a hold nobody owes went unnoticed");
		assert_ok!(Balances::release(&reason, &stranger, UNIT, Precision::Exact));

		// A consent kept with its deposit released: stored, but paid for by nobody.
		let patient = Alice.to_account_id();
		let id = consent_to(&patient, Permit, Grantee::Account(Bob.to_account_id()), &[PurposeOfUse::Treatment], &[ConsentAction::Access]);
		let (owner, grantee) = pallet_consent::ConsentLocation::<Runtime>::get(id).expect("located");
		let mut list = pallet_consent::Consents::<Runtime>::get(&owner, &grantee);
		let deposit = core::mem::take(&mut list[0].deposit);
		let consent_reason = crate::RuntimeHoldReason::Consent(pallet_consent::HoldReason::ConsentDeposit);
		assert_ok!(Balances::release(&consent_reason, &patient, deposit, Precision::Exact));
		pallet_consent::Consents::<Runtime>::insert(&owner, &grantee, list.clone());
		assert!(pallet_consent::Pallet::<Runtime>::do_try_state().is_err(), "an unpaid consent went unnoticed");
		// Put back as it was, for the checks after the test.
		list[0].deposit = deposit;
		assert_ok!(Balances::hold(&consent_reason, &patient, deposit));
		pallet_consent::Consents::<Runtime>::insert(&owner, &grantee, list);
	});
}

// ---- 5. policy numbers cannot reopen what was settled ----

#[test]
fn raising_the_filing_window_does_not_let_a_paid_visit_be_claimed_again() {
	genesis_ext("development").execute_with(|| {
		let (patient, doctor, payer) = queued_visit(2);
		let uncovered = pallet_claims::Claims::<Runtime>::get(0).expect("claim 0").items[0].item;
		// The payer pays a visit it decided by hand.
		assert_ok!(Claims::decide_item(signed(&payer), 0, 0, PayerDecision::Approve { benefit: 80 * UNIT }));
		assert_eq!(escrow_paid(), 80 * UNIT);
		// Long after (by the calendar), the claim is archived, and governance widens the filing
		// window.
		set_today(TODAY + 1_000);
		assert_ok!(Claims::archive_claim(signed(&Eve.to_account_id()), 0));
		let _ = set_parameter(
			RuntimeOrigin::root(),
			RuntimeParameters::Claims(claims_policy::Parameters::TimelyFilingDays(
				claims_policy::TimelyFilingDays,
				Some(3_650),
			)),
		);
		// The same visit again: refused as late, never queued for payment a second time.
		assert_noop!(claim(&doctor, &patient, vec![uncovered], 0), ClaimsError::FilingWindowPassed);
	});
}

#[test]
fn raising_the_appeal_window_does_not_reopen_a_denial_after_the_payer_withdrew() {
	genesis_ext("development").execute_with(|| {
		let (_, doctor, payer) = queued_visit(1);
		assert_ok!(Claims::decide_item(signed(&payer), 0, 0, PayerDecision::Deny));
		let window: u32 = <Runtime as pallet_claims::Config>::AppealWindow::get();
		System::set_block_number(1 + window + 1);
		assert_ok!(Claims::withdraw_escrow(signed(&payer), 0, 500 * UNIT));
		let _ = set_parameter(
			RuntimeOrigin::root(),
			RuntimeParameters::Claims(claims_policy::Parameters::AppealWindow(
				claims_policy::AppealWindow,
				Some(10 * window),
			)),
		);
		assert_noop!(Claims::appeal_item(signed(&doctor), 0, 0), ClaimsError::AppealWindowOver);
	});
}

#[test]
fn a_policy_number_outside_its_range_is_refused_and_never_read() {
	genesis_ext("development").execute_with(|| {
		System::set_block_number(1);
		let zero_window = RuntimeParameters::Emergency(emergency_policy::Parameters::AccessWindow(
			emergency_policy::AccessWindow,
			Some(0),
		));
		// As a `policy` referendum enacts it: the call dispatched with the track's origin.
		let policy: RuntimeOrigin = crate::governance::origins::Origin::Policy.into();
		let call = crate::RuntimeCall::Parameters(pallet_parameters::Call::set_parameter { key_value: zero_window.clone() });
		assert!(call.dispatch(policy).is_err(), "the policy track set a zero access window");
		// Even Root's value is read within the range: a break-glass session always lasts.
		let _ = set_parameter(RuntimeOrigin::root(), zero_window);
		assert!(<Runtime as pallet_emergency_access::Config>::AccessWindow::get() > 0);
		let zero_validity = RuntimeParameters::Credentials(
			crate::configs::parameters::credentials::Parameters::MaxCredentialValidity(
				crate::configs::parameters::credentials::MaxCredentialValidity,
				Some(0),
			),
		);
		let _ = set_parameter(RuntimeOrigin::root(), zero_validity);
		assert!(<Runtime as pallet_credentials::Config>::MaxCredentialValidity::get() > 0);
	});
}

// ---- 4. XCM neither mints nor moves the native token ----

#[test]
fn a_relay_reserve_deposit_mints_nothing() {
	use staging_xcm::latest::prelude::*;
	genesis_ext("development").execute_with(|| {
		System::set_block_number(1);
		let beneficiary = Ferdie.to_account_id();
		let issuance = Balances::total_issuance();
		let before = Balances::balance(&beneficiary);
		let relay_token = |amount: u128| Asset { id: AssetId(Location::parent()), fun: Fungible(amount) };
		let message: Xcm<crate::RuntimeCall> = Xcm(vec![
			ReserveAssetDeposited(relay_token(1_000 * UNIT).into()),
			BuyExecution { fees: relay_token(10 * UNIT), weight_limit: Unlimited },
			DepositAsset {
				assets: AllCounted(1).into(),
				beneficiary: AccountId32 { network: None, id: beneficiary.clone().into() }.into(),
			},
		]);
		let mut hash = [0u8; 32];
		let outcome = staging_xcm_executor::XcmExecutor::<crate::configs::xcm::XcmConfig>::prepare_and_execute(
			Location::parent(),
			message,
			&mut hash,
			frame_support::weights::Weight::MAX,
			frame_support::weights::Weight::zero(),
		);
		assert!(!matches!(outcome, Outcome::Complete { .. }), "the relay's deposit executed: {outcome:?}");
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Balances::balance(&beneficiary), before);
	});
}

#[test]
fn only_governance_sends_xcm() {
	use staging_xcm::{latest::prelude::*, VersionedLocation, VersionedXcm};
	genesis_ext("development").execute_with(|| {
		System::set_block_number(1);
		let message = || Box::new(VersionedXcm::from(Xcm::<()>(vec![ClearOrigin])));
		let relay = || Box::new(VersionedLocation::from(Location::parent()));
		assert_noop!(
			crate::PolkadotXcm::send(signed(&Alice.to_account_id()), relay(), message()),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

// ---- 6. calls anyone may try for a patient pay for asking who the patient is ----

#[test]
fn calls_anyone_may_try_for_a_patient_are_charged_the_guardian_check_they_run() {
	use frame_support::dispatch::GetDispatchInfo;
	// Consent's access check at its most expensive grant: what asking for a guardian costs.
	let check = <pallet_consent::weights::SubstrateWeight<Runtime> as pallet_consent::WeightInfo>::check_access();
	let (patient, payer) = (Alice.to_account_id(), Bob.to_account_id());
	let preferences = pallet_emergency_access::EmergencyPreferences {
		opted_out: false,
		scope: Default::default(),
		notify: Default::default(),
	};
	let calls: [(&str, crate::RuntimeCall); 4] = [
		("claims.enroll", pallet_claims::Call::enroll { plan: 0, patient: patient.clone() }.into()),
		("claims.disenroll", pallet_claims::Call::disenroll { patient: patient.clone(), payer }.into()),
		(
			"emergencyAccess.set_emergency_preferences",
			pallet_emergency_access::Call::set_emergency_preferences { patient: patient.clone(), preferences }.into(),
		),
		(
			"emergencyAccess.clear_emergency_preferences",
			pallet_emergency_access::Call::clear_emergency_preferences { patient }.into(),
		),
	];
	for (name, call) in calls {
		let declared = call.get_dispatch_info().call_weight;
		assert!(declared.all_gte(check), "{name} declares {declared:?}, below the guardian check's {check:?}");
	}
}
