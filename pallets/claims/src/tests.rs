use crate::{mock::*, pallet::*, *};
// The pallet, not its storage map of the same name (`StoredClaims`).
use crate::{mock::Claims, pallet::Claims as StoredClaims};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold},
	sp_runtime::{DispatchError, Percent},
};

/// An office visit: allowed 200.
const VISIT: ServiceCode = 99213;
/// A metabolic panel: allowed 100.
const PANEL: ServiceCode = 80053;
/// A service no plan covers.
const UNCOVERED: ServiceCode = 12345;

fn terms(annual_limit: u64) -> PlanTermsOf<Test> {
	PlanTerms {
		covered: BoundedVec::truncate_from(vec![
			CoveredService { service: VISIT, allowed: 200 },
			CoveredService { service: PANEL, allowed: 100 },
		]),
		coinsurance: Percent::from_percent(20),
		annual_limit,
	}
}

/// Rules that pay `DOCTOR` and `HOSPITAL` at submission, up to `limit` each per 100 blocks.
fn rules(limit: u64) -> ProviderRulesOf<Test> {
	ProviderRules {
		network: BoundedVec::truncate_from(vec![organization_of(DOCTOR), organization_of(HOSPITAL)]),
		period: 100,
		per_provider_limit: limit,
	}
}

/// Plan 0 of `PAYER` with `escrow` funded, `PATIENT` enrolled and accepted, and `DOCTOR` and
/// `HOSPITAL` in its network.
fn plan_with(annual_limit: u64, escrow: u64) -> PlanId {
	let plan = NextPlanId::<Test>::get();
	assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(annual_limit)));
	if escrow > 0 {
		assert_ok!(Claims::fund_escrow(RuntimeOrigin::signed(PAYER), plan, escrow));
	}
	assert_ok!(Claims::enroll(RuntimeOrigin::signed(PATIENT), plan, PATIENT));
	assert_ok!(Claims::enroll(RuntimeOrigin::signed(PAYER), plan, PATIENT));
	assert_ok!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), plan, rules(10_000)));
	plan
}

fn plan() -> PlanId {
	plan_with(500, 1_000)
}

fn item(service: ServiceCode, days_ago: u32, amount: u64) -> ClaimItem<u64> {
	ClaimItem { service, service_date: TODAY - days_ago, amount }
}

fn items(list: &[ClaimItem<u64>]) -> ItemsOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

fn evidence(list: &[RecordId]) -> EvidenceOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

/// Submits a claim by `provider` for `PATIENT` with one fresh evidence record; returns its id.
fn submit(provider: u64, plan: PlanId, claim_use: ClaimUse, list: &[ClaimItem<u64>]) -> Result<ClaimId, DispatchError> {
	let id = NextClaimId::<Test>::get();
	let record = record(PATIENT, RecordType::Encounter);
	Claims::submit_claim(RuntimeOrigin::signed(provider), plan, PATIENT, claim_use, items(list), evidence(&[record]))
		.map(|_| id)
		
}

fn adjudication(claim: ClaimId, index: usize) -> Adjudication<u64, u64> {
	StoredClaims::<Test>::get(claim).expect("claim stored").items[index].adjudication
}

fn escrow_held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::Escrow.into(), &who)
}

#[test]
fn years_follow_the_gregorian_calendar() {
	assert_eq!(year_of(0), 1970);
	assert_eq!(year_of(20_453), 2025); // 2025-12-31
	assert_eq!(year_of(20_454), 2026); // 2026-01-01
	assert_eq!(year_of(19_782), 2024); // 2024-02-29
	assert_eq!(year_of(11_017), 2000); // 2000-03-01
	assert_eq!(year_of(TODAY), 2026);
	assert_eq!(year_of(u32::MAX), 11_761_191);
}

#[test]
fn a_payer_publishes_funds_and_withdraws() {
	build_and_execute(|| {
		assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(500)));
		System::assert_last_event(Event::PlanPublished { plan: 0, payer: PAYER, covered: 2 }.into());
		assert_eq!(Balances::balance_on_hold(&HoldReason::PlanDeposit.into(), &PAYER), 50);
		assert_ok!(Claims::fund_escrow(RuntimeOrigin::signed(PAYER), 0, 700));
		System::assert_last_event(Event::EscrowFunded { plan: 0, payer: PAYER, amount: 700 }.into());
		assert_eq!(escrow_held(PAYER), 700);
		assert_ok!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), 0, 300));
		System::assert_last_event(Event::EscrowWithdrawn { plan: 0, payer: PAYER, amount: 300 }.into());
		assert_eq!(escrow_held(PAYER), 400);
		assert_eq!(Plans::<Test>::get(0).unwrap().escrow, Escrow { funded: 700, paid: 0, withdrawn: 300 });
		assert_noop!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), 0, 401), Error::<Test>::EscrowInsufficient);
	});
}

#[test]
fn only_an_active_payer_publishes_a_valid_plan() {
	build_and_execute(|| {
		assert_noop!(Claims::publish_plan(RuntimeOrigin::signed(STRANGER), terms(500)), Error::<Test>::NotPayer);
		assert_noop!(Claims::publish_plan(RuntimeOrigin::signed(DOCTOR), terms(500)), Error::<Test>::NotPayer);
		assert_noop!(Claims::publish_plan(RuntimeOrigin::root(), terms(500)), DispatchError::BadOrigin);
		set_active(PAYER, false);
		assert_noop!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(500)), Error::<Test>::NotPayer);
		set_active(PAYER, true);
		let empty = PlanTerms { covered: BoundedVec::new(), ..terms(500) };
		assert_noop!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), empty), Error::<Test>::NoCoveredServices);
		let twice = PlanTerms {
			covered: BoundedVec::truncate_from(vec![
				CoveredService { service: VISIT, allowed: 200 },
				CoveredService { service: VISIT, allowed: 300 },
			]),
			..terms(500)
		};
		assert_noop!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), twice), Error::<Test>::Duplicate);
		NextPlanId::<Test>::put(PlanId::MAX);
		assert_noop!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(500)), Error::<Test>::Overflow);
	});
}

#[test]
fn only_the_plans_payer_moves_its_escrow() {
	build_and_execute(|| {
		let plan = plan();
		assert_noop!(Claims::fund_escrow(RuntimeOrigin::signed(OTHER_PAYER), plan, 10), Error::<Test>::NotPlanPayer);
		assert_noop!(Claims::withdraw_escrow(RuntimeOrigin::signed(OTHER_PAYER), plan, 10), Error::<Test>::NotPlanPayer);
		assert_noop!(Claims::fund_escrow(RuntimeOrigin::root(), plan, 10), DispatchError::BadOrigin);
		assert_noop!(Claims::withdraw_escrow(RuntimeOrigin::none(), plan, 10), DispatchError::BadOrigin);
		assert_noop!(Claims::fund_escrow(RuntimeOrigin::signed(PAYER), 9, 10), Error::<Test>::PlanNotFound);
		assert_noop!(Claims::fund_escrow(RuntimeOrigin::signed(PAYER), plan, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 0), Error::<Test>::ZeroAmount);
	});
}

#[test]
fn the_patient_or_guardian_enrolls_and_either_side_ends_it() {
	build_and_execute(|| {
		assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(500)));
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(STRANGER), 0, PATIENT), Error::<Test>::NotPatientOrGuardian);
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(OTHER_PAYER), 0, PATIENT), Error::<Test>::NotPatientOrGuardian);
		assert_noop!(Claims::enroll(RuntimeOrigin::root(), 0, PATIENT), DispatchError::BadOrigin);
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(PATIENT), 7, PATIENT), Error::<Test>::PlanNotFound);
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(GUARDIAN), 0, PATIENT));
		System::assert_last_event(
			Event::EnrollmentRequested {
				plan: 0,
				payer: PAYER,
				patient: PATIENT,
				by: GUARDIAN,
				status: EnrollmentStatus::AwaitingPayer,
			}
			.into(),
		);
		assert_eq!(Balances::balance_on_hold(&HoldReason::EnrollmentDeposit.into(), &GUARDIAN), 5);
		// The patient's side agreed already; the payer's acceptance makes it active.
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(PATIENT), 0, PATIENT), Error::<Test>::AlreadyAgreed);
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(PAYER), 0, PATIENT));
		System::assert_last_event(Event::Enrolled { plan: 0, payer: PAYER, patient: PATIENT, by: PAYER }.into());
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(PAYER), 0, PATIENT), Error::<Test>::AlreadyAgreed);
		// One plan per payer: a second plan of the same payer is refused until the first ends.
		assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(900)));
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(PATIENT), 1, PATIENT), Error::<Test>::AlreadyEnrolled);

		assert_noop!(
			Claims::disenroll(RuntimeOrigin::signed(STRANGER), PATIENT, PAYER),
			Error::<Test>::NotPatientOrGuardian
		);
		assert_noop!(Claims::disenroll(RuntimeOrigin::none(), PATIENT, PAYER), DispatchError::BadOrigin);
		assert_noop!(Claims::disenroll(RuntimeOrigin::signed(PATIENT), PATIENT, OTHER_PAYER), Error::<Test>::NotEnrolled);
		// The payer ends it; the deposit goes back to the guardian who paid it.
		assert_ok!(Claims::disenroll(RuntimeOrigin::signed(PAYER), PATIENT, PAYER));
		System::assert_last_event(Event::Disenrolled { plan: 0, payer: PAYER, patient: PATIENT, by: PAYER }.into());
		assert_eq!(Balances::balance_on_hold(&HoldReason::EnrollmentDeposit.into(), &GUARDIAN), 0);
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(PATIENT), 1, PATIENT));
		assert_ok!(Claims::disenroll(RuntimeOrigin::signed(PATIENT), PATIENT, PAYER));
	});
}

#[test]
fn a_covered_item_is_paid_at_once_from_escrow() {
	build_and_execute(|| {
		let plan = plan();
		let doctor_before = Balances::free_balance(DOCTOR);
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 3, 250), item(PANEL, 3, 80)]).unwrap();
		// Visit: eligible 200, copay 40, benefit 160. Panel: eligible 80, copay 16, benefit 64.
		assert_eq!(
			adjudication(claim, 0),
			Adjudication {
				status: ItemStatus::Paid,
				reason: ItemReason::WithinPlan,
				eligible: 200,
				copay: 40,
				benefit: 160,
				decided_at: 1,
				deadline: 1,
			}
		);
		assert_eq!(adjudication(claim, 1).benefit, 64);
		let stored = StoredClaims::<Test>::get(claim).unwrap();
		assert_eq!(stored.outcome, ClaimOutcome::Complete);
		assert_eq!(stored.deposit, 10 + 2 * 2);
		System::assert_has_event(
			Event::BenefitPaid { claim, item: 0, payer: PAYER, provider: DOCTOR, amount: 160 }.into(),
		);
		System::assert_has_event(
			Event::ItemAdjudicated {
				claim,
				item: 1,
				status: ItemStatus::Paid,
				reason: ItemReason::WithinPlan,
				benefit: 64,
				outcome: ClaimOutcome::Complete,
			}
			.into(),
		);
		// Paid 224 from the payer's escrow; the provider holds its deposit.
		assert_eq!(Balances::free_balance(DOCTOR), doctor_before + 224 - 14);
		assert_eq!(escrow_held(PAYER), 1_000 - 224);
		assert_eq!(Plans::<Test>::get(plan).unwrap().escrow.paid, 224);
		assert_eq!(BenefitUsed::<Test>::get(PATIENT, (plan, 2026)), 224);
		assert_eq!(Claims::remaining_limit(&PATIENT, plan, &Plans::<Test>::get(plan).unwrap(), TODAY), 276);
	});
}

#[test]
fn a_duplicate_item_is_rejected_naming_the_earlier_claim() {
	build_and_execute(|| {
		let plan = plan();
		let first = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 3, 250)]).unwrap();
		let paid = escrow_held(PAYER);
		// The same visit again, with another amount, and a new one.
		let second = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 5, 100), item(VISIT, 3, 240)]).unwrap();
		System::assert_has_event(
			Event::DuplicateRejected {
				claim: second,
				item: 1,
				provider: DOCTOR,
				patient: PATIENT,
				earlier_claim: first,
				earlier_item: 0,
			}
			.into(),
		);
		assert_eq!(adjudication(second, 1).status, ItemStatus::Rejected);
		assert_eq!(adjudication(second, 1).reason, ItemReason::DuplicateOf { claim: first, item: 0 });
		// One rejected item puts the claim in error (FHIR remittance-outcome), the rest paid.
		assert_eq!(StoredClaims::<Test>::get(second).unwrap().outcome, ClaimOutcome::Error);
		// Only the new visit was paid: 100 − 20% copay.
		assert_eq!(escrow_held(PAYER), paid - 80);
		// A claim of nothing but duplicates is in error; a duplicate within one claim counts.
		let third = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 5, 100), item(PANEL, 9, 10), item(PANEL, 9, 10)])
			.unwrap();
		assert_eq!(adjudication(third, 2).reason, ItemReason::DuplicateOf { claim: third, item: 1 });
		let fourth = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 3, 250)]).unwrap();
		assert_eq!(StoredClaims::<Test>::get(fourth).unwrap().outcome, ClaimOutcome::Error);
		// Another provider for the same visit is not a duplicate of the doctor's.
		let hospital = submit(HOSPITAL, plan, ClaimUse::Claim, &[item(VISIT, 3, 250)]).unwrap();
		assert_eq!(adjudication(hospital, 0).status, ItemStatus::Paid);
	});
}

#[test]
fn the_annual_limit_caps_then_denies() {
	build_and_execute(|| {
		// Limit 300: 160 + 120 of a second visit's 160, then nothing.
		let plan = plan_with(300, 1_000);
		let first = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 10, 200)]).unwrap();
		assert_eq!(adjudication(first, 0).benefit, 160);
		let second = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 9, 200), item(VISIT, 8, 200)]).unwrap();
		assert_eq!(adjudication(second, 0).status, ItemStatus::Paid);
		assert_eq!(adjudication(second, 0).reason, ItemReason::AnnualLimitReached);
		assert_eq!(adjudication(second, 0).benefit, 140);
		assert_eq!(adjudication(second, 1).status, ItemStatus::Denied);
		assert_eq!(adjudication(second, 1).reason, ItemReason::AnnualLimitReached);
		assert_eq!(BenefitUsed::<Test>::get(PATIENT, (plan, 2026)), 300);
		assert_eq!(StoredClaims::<Test>::get(second).unwrap().outcome, ClaimOutcome::Complete);
		// A new calendar year starts a new limit: a service on 2025-12-31 counts to 2025.
		set_today(20_460);
		let last_year = submit(DOCTOR, plan, ClaimUse::Claim, &[ClaimItem { service: VISIT, service_date: 20_453, amount: 200 }])
			.unwrap();
		assert_eq!(adjudication(last_year, 0).benefit, 160);
		assert_eq!(BenefitUsed::<Test>::get(PATIENT, (plan, 2025)), 160);
	});
}

#[test]
fn an_exhausted_escrow_queues_items_until_the_payer_funds_and_decides() {
	build_and_execute(|| {
		let plan = plan_with(1_000, 200);
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 2, 200), item(VISIT, 1, 200)]).unwrap();
		assert_eq!(adjudication(claim, 0).status, ItemStatus::Paid);
		assert_eq!(adjudication(claim, 1).status, ItemStatus::Queued);
		assert_eq!(adjudication(claim, 1).reason, ItemReason::EscrowInsufficient);
		assert_eq!(StoredClaims::<Test>::get(claim).unwrap().outcome, ClaimOutcome::Partial);
		assert_eq!(Plans::<Test>::get(plan).unwrap().open_claims, 1);
		// Open: the payer cannot take the rest out, nor pay more than the escrow holds.
		assert_noop!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 40), Error::<Test>::ClaimsOpen);
		let approve = PayerDecision::Approve { benefit: 160 };
		assert_noop!(
			Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 1, approve),
			Error::<Test>::EscrowInsufficient
		);
		assert_ok!(Claims::fund_escrow(RuntimeOrigin::signed(PAYER), plan, 500));
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 1, approve));
		assert_eq!(adjudication(claim, 1).status, ItemStatus::Paid);
		assert_eq!(adjudication(claim, 1).reason, ItemReason::PayerApproved);
		assert_eq!(StoredClaims::<Test>::get(claim).unwrap().outcome, ClaimOutcome::Complete);
		assert_eq!(Plans::<Test>::get(plan).unwrap().open_claims, 0);
		assert_eq!(escrow_held(PAYER), 700 - 320);
		assert_ok!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 380));
		assert_eq!(escrow_held(PAYER), 0);
	});
}

#[test]
fn uncovered_items_wait_for_the_payer() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(UNCOVERED, 2, 300), item(UNCOVERED, 1, 50)]).unwrap();
		assert_eq!(StoredClaims::<Test>::get(claim).unwrap().outcome, ClaimOutcome::Queued);
		assert_eq!(adjudication(claim, 0).reason, ItemReason::ServiceNotCovered);
		let deny = PayerDecision::Deny;
		assert_noop!(Claims::decide_item(RuntimeOrigin::signed(OTHER_PAYER), claim, 0, deny), Error::<Test>::NotPlanPayer);
		assert_noop!(Claims::decide_item(RuntimeOrigin::root(), claim, 0, deny), DispatchError::BadOrigin);
		assert_noop!(Claims::decide_item(RuntimeOrigin::signed(PAYER), 9, 0, deny), Error::<Test>::ClaimNotFound);
		assert_noop!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 2, deny), Error::<Test>::ItemNotFound);
		assert_noop!(
			Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, PayerDecision::Approve { benefit: 301 }),
			Error::<Test>::BenefitExceedsAmount
		);
		set_active(PAYER, false);
		assert_noop!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, deny), Error::<Test>::NotPayer);
		set_active(PAYER, true);
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, PayerDecision::Approve { benefit: 250 }));
		assert_eq!(StoredClaims::<Test>::get(claim).unwrap().outcome, ClaimOutcome::Partial);
		assert_noop!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, deny), Error::<Test>::ItemNotQueued);
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 1, deny));
		System::assert_last_event(
			Event::ItemAdjudicated {
				claim,
				item: 1,
				status: ItemStatus::Denied,
				reason: ItemReason::PayerDenied,
				benefit: 0,
				outcome: ClaimOutcome::Complete,
			}
			.into(),
		);
		// Out-of-plan payments count towards the annual limit too.
		assert_eq!(BenefitUsed::<Test>::get(PATIENT, (plan, 2026)), 250);
	});
}

#[test]
fn a_denied_item_is_appealed_and_arbitration_decides() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(UNCOVERED, 2, 300), item(VISIT, 2, 100)]).unwrap();
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 0), Error::<Test>::ItemNotDenied);
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, PayerDecision::Deny));
		assert_eq!(Plans::<Test>::get(plan).unwrap().appealable_until, 1 + 20);
		// Open while appealable: no withdrawal.
		assert_noop!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 10), Error::<Test>::ClaimsOpen);

		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(HOSPITAL), claim, 0), Error::<Test>::NotClaimProvider);
		assert_noop!(Claims::appeal_item(RuntimeOrigin::root(), claim, 0), DispatchError::BadOrigin);
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), 9, 0), Error::<Test>::ClaimNotFound);
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 5), Error::<Test>::ItemNotFound);
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 1), Error::<Test>::ItemNotDenied);
		assert_noop!(Claims::decide_appeal(RuntimeOrigin::root(), claim, 0, None), Error::<Test>::ItemNotAppealed);
		System::set_block_number(21);
		assert_ok!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 0));
		System::assert_last_event(Event::ItemAppealed { claim, item: 0, provider: DOCTOR }.into());
		assert_eq!(StoredClaims::<Test>::get(claim).unwrap().outcome, ClaimOutcome::Partial);
		assert_eq!(Plans::<Test>::get(plan).unwrap().open_claims, 1);

		assert_noop!(Claims::decide_appeal(RuntimeOrigin::signed(PAYER), claim, 0, Some(10)), DispatchError::BadOrigin);
		assert_noop!(Claims::decide_appeal(RuntimeOrigin::root(), 9, 0, None), Error::<Test>::ClaimNotFound);
		assert_noop!(Claims::decide_appeal(RuntimeOrigin::root(), claim, 0, Some(301)), Error::<Test>::BenefitExceedsAmount);
		let before = Balances::free_balance(DOCTOR);
		assert_ok!(Claims::decide_appeal(RuntimeOrigin::root(), claim, 0, Some(240)));
		assert_eq!(adjudication(claim, 0).status, ItemStatus::Paid);
		assert_eq!(adjudication(claim, 0).reason, ItemReason::AppealGranted);
		assert_eq!(Balances::free_balance(DOCTOR), before + 240);
		assert_eq!(Plans::<Test>::get(plan).unwrap().open_claims, 0);
		assert_eq!(StoredClaims::<Test>::get(claim).unwrap().outcome, ClaimOutcome::Complete);
	});
}

#[test]
fn an_upheld_denial_is_final_and_appeals_close_with_their_window() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(UNCOVERED, 2, 300), item(UNCOVERED, 1, 30)]).unwrap();
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, PayerDecision::Deny));
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 1, PayerDecision::Deny));
		assert_ok!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 0));
		assert_ok!(Claims::decide_appeal(RuntimeOrigin::root(), claim, 0, None));
		assert_eq!(adjudication(claim, 0).reason, ItemReason::AppealDenied);
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 0), Error::<Test>::AppealAlreadyDecided);
		// The other denial's window: its last block is 21.
		System::set_block_number(22);
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 1), Error::<Test>::AppealWindowOver);
		assert_ok!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 1_000));
	});
}

#[test]
fn a_preauthorization_approves_without_paying_or_counting() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Preauthorization, &[item(VISIT, 0, 250), item(UNCOVERED, 0, 90)]).unwrap();
		assert_eq!(adjudication(claim, 0).status, ItemStatus::Approved);
		assert_eq!(adjudication(claim, 0).benefit, 160);
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 1, PayerDecision::Approve { benefit: 90 }));
		assert_eq!(adjudication(claim, 1).status, ItemStatus::Approved);
		assert_eq!(escrow_held(PAYER), 1_000);
		assert_eq!(BenefitUsed::<Test>::get(PATIENT, (plan, 2026)), 0);
		// No fingerprint: the claim for the same service after it is paid.
		let paid = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 0, 250)]).unwrap();
		assert_eq!(adjudication(paid, 0).status, ItemStatus::Paid);
	});
}

#[test]
fn only_an_active_provider_with_treatment_access_claims() {
	build_and_execute(|| {
		let plan = plan();
		let visit = [item(VISIT, 1, 100)];
		let record = record(PATIENT, RecordType::Encounter);
		let claim = |who: u64, patient: u64, list: &[ClaimItem<u64>], cited: &[RecordId]| {
			Claims::submit_claim(RuntimeOrigin::signed(who), plan, patient, ClaimUse::Claim, items(list), evidence(cited))
		};
		assert_noop!(claim(STRANGER, PATIENT, &visit, &[record]), Error::<Test>::NotProvider);
		assert_noop!(claim(PAYER, PATIENT, &visit, &[record]), Error::<Test>::NotProvider);
		assert_noop!(
			Claims::submit_claim(RuntimeOrigin::root(), plan, PATIENT, ClaimUse::Claim, items(&visit), evidence(&[record])),
			DispatchError::BadOrigin
		);
		set_active(DOCTOR, false);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[record]), Error::<Test>::NotProvider);
		set_active(DOCTOR, true);
		assert_noop!(claim(OUTSIDER, PATIENT, &visit, &[record]), Error::<Test>::NoTreatmentAccess);
		// The provider alone does not decide what the payer reads: the patient must permit
		// disclosure to the payer.
		withhold_disclosure(PAYER, PATIENT);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[record]), Error::<Test>::NoDisclosureConsent);
		grant_disclosure(PAYER, PATIENT);
		credential(PATIENT, Role::Practitioner);
		assert_noop!(claim(PATIENT, PATIENT, &visit, &[record]), Error::<Test>::ProviderIsPatient);
		assert_noop!(
			Claims::submit_claim(RuntimeOrigin::signed(DOCTOR), 9, PATIENT, ClaimUse::Claim, items(&visit), evidence(&[record])),
			Error::<Test>::PlanNotFound
		);
		assert_noop!(claim(DOCTOR, OTHER_PATIENT, &visit, &[record]), Error::<Test>::NotEnrolled);
		assert_noop!(claim(DOCTOR, PATIENT, &[], &[record]), Error::<Test>::NoItems);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[]), Error::<Test>::NoEvidence);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[record, record]), Error::<Test>::Duplicate);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[99]), Error::<Test>::EvidenceNotFound);
		let other = mock::record(OTHER_PATIENT, RecordType::Encounter);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[other]), Error::<Test>::EvidenceOfOtherPatient);
		let erased = mock::record(PATIENT, RecordType::Observation);
		set_status(erased, RecordStatus::Erased);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[erased]), Error::<Test>::EvidenceNotUsable);
		set_status(erased, RecordStatus::EnteredInError);
		assert_noop!(claim(DOCTOR, PATIENT, &visit, &[erased]), Error::<Test>::EvidenceNotUsable);
		let tomorrow = ClaimItem { service: VISIT, service_date: TODAY + 1, amount: 100 };
		assert_noop!(claim(DOCTOR, PATIENT, &[tomorrow], &[record]), Error::<Test>::ServiceDateInFuture);
		assert_noop!(claim(DOCTOR, PATIENT, &[item(VISIT, 91, 100)], &[record]), Error::<Test>::FilingWindowPassed);
		assert_ok!(claim(DOCTOR, PATIENT, &[item(VISIT, 90, 100)], &[record]));
		// Once disenrolled, no new claims.
		assert_ok!(Claims::disenroll(RuntimeOrigin::signed(PATIENT), PATIENT, PAYER));
		assert_noop!(claim(HOSPITAL, PATIENT, &visit, &[record]), Error::<Test>::NotEnrolled);
		NextClaimId::<Test>::put(ClaimId::MAX);
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(PATIENT), plan, PATIENT));
		assert_noop!(claim(HOSPITAL, PATIENT, &visit, &[record]), Error::<Test>::EnrollmentNotActive);
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(PAYER), plan, PATIENT));
		assert_noop!(claim(HOSPITAL, PATIENT, &visit, &[record]), Error::<Test>::Overflow);
	});
}

#[test]
fn a_claim_is_archived_once_final_and_its_deposit_returned() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 80, 100), item(UNCOVERED, 80, 50)]).unwrap();
		assert_eq!(Balances::balance_on_hold(&HoldReason::ClaimDeposit.into(), &DOCTOR), 14);
		assert_noop!(Claims::archive_claim(RuntimeOrigin::none(), claim), DispatchError::BadOrigin);
		assert_noop!(Claims::archive_claim(RuntimeOrigin::signed(STRANGER), 9), Error::<Test>::ClaimNotFound);
		// Waiting for the payer.
		assert_noop!(Claims::archive_claim(RuntimeOrigin::signed(STRANGER), claim), Error::<Test>::ClaimNotFinal);
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 1, PayerDecision::Deny));
		// The filing window is open until day 91 after the service: a resubmission would still be
		// accepted, so the fingerprint must stay.
		System::set_block_number(30);
		assert_noop!(Claims::archive_claim(RuntimeOrigin::signed(STRANGER), claim), Error::<Test>::ClaimNotFinal);
		set_today(TODAY + 11);
		assert_noop!(
			Claims::submit_claim(
				RuntimeOrigin::signed(DOCTOR),
				plan,
				PATIENT,
				ClaimUse::Claim,
				items(&[item(VISIT, 80, 100)]),
				evidence(&[0])
			),
			Error::<Test>::FilingWindowPassed
		);
		// Denied at block 1, appealable to block 21.
		System::set_block_number(21);
		assert_noop!(Claims::archive_claim(RuntimeOrigin::signed(STRANGER), claim), Error::<Test>::ClaimNotFinal);
		// The filing window is over, but governance may widen it to 180 days: the fingerprint
		// stays until the service is older than that.
		System::set_block_number(22);
		assert_noop!(Claims::archive_claim(RuntimeOrigin::signed(STRANGER), claim), Error::<Test>::ClaimNotFinal);
		set_today(TODAY + 101);
		assert_ok!(Claims::archive_claim(RuntimeOrigin::signed(STRANGER), claim));
		System::assert_last_event(Event::ClaimArchived { claim, provider: DOCTOR, by: STRANGER }.into());
		assert_eq!(Balances::balance_on_hold(&HoldReason::ClaimDeposit.into(), &DOCTOR), 0);
		assert!(StoredClaims::<Test>::get(claim).is_none());
		assert_eq!(Fingerprints::<Test>::iter().count(), 0);
		assert_eq!(PayerEvidence::<Test>::iter().count(), 0);
		assert!(Claims::claims_of_patient(&PATIENT, None, 10).is_empty());
	});
}

#[test]
fn enrollment_lets_the_payer_read_cited_evidence_for_payment_only() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 100)]).unwrap();
		let cited = StoredClaims::<Test>::get(claim).unwrap().evidence[0];
		let uncited = record(PATIENT, RecordType::Condition);
		let ask = |who: u64, record: RecordId, purpose, action| {
			<Claims as AccessPolicy<u64>>::check(&who, &PATIENT, AccessTarget::record(record, RecordType::Encounter), purpose, action)
		};
		assert_eq!(ask(PAYER, cited, PurposeOfUse::Payment, ConsentAction::Access), Ok(AccessBasis::Enrollment(plan)));
		assert_eq!(ask(PAYER, uncited, PurposeOfUse::Payment, ConsentAction::Access), Err(AccessDenied::RecordNotCovered));
		// An enrollment answers nothing but HPAYMT reads, and costs nothing for anything else.
		assert_eq!(ask(PAYER, cited, PurposeOfUse::Treatment, ConsentAction::Access), Err(AccessDenied::NoBasis));
		assert_eq!(ask(PAYER, cited, PurposeOfUse::Payment, ConsentAction::Disclose), Err(AccessDenied::NoBasis));
		let most = <Claims as AccessPolicy<u64>>::check_weight;
		assert_eq!(most(ConsentAction::Access, PurposeOfUse::Payment), <() as crate::WeightInfo>::check_access());
		for (action, purpose) in [
			(ConsentAction::Access, PurposeOfUse::Treatment),
			(ConsentAction::Access, PurposeOfUse::Coverage),
			(ConsentAction::Disclose, PurposeOfUse::Payment),
			(ConsentAction::Collect, PurposeOfUse::Payment),
		] {
			assert_eq!(most(action, purpose), polkadot_sdk::frame_support::weights::Weight::zero());
		}
		assert_eq!(ask(OTHER_PAYER, cited, PurposeOfUse::Payment, ConsentAction::Access), Err(AccessDenied::NoBasis));
		assert_eq!(
			<Claims as AccessPolicy<u64>>::check(
				&PAYER,
				&PATIENT,
				AccessTarget::of_type(RecordType::Encounter),
				PurposeOfUse::Payment,
				ConsentAction::Access
			),
			Err(AccessDenied::RecordNotCovered)
		);
		set_active(PAYER, false);
		assert_eq!(ask(PAYER, cited, PurposeOfUse::Payment, ConsentAction::Access), Err(AccessDenied::CredentialInactive));
		set_active(PAYER, true);
		assert_ok!(Claims::disenroll(RuntimeOrigin::signed(PATIENT), PATIENT, PAYER));
		assert_eq!(ask(PAYER, cited, PurposeOfUse::Payment, ConsentAction::Access), Err(AccessDenied::NoBasis));
	});
}

#[test]
fn claims_are_listed_by_patient_provider_and_payer_a_page_at_a_time() {
	build_and_execute(|| {
		let plan = plan();
		for days_ago in 1..=5 {
			submit(DOCTOR, plan, ClaimUse::Claim, &[item(PANEL, days_ago, 10)]).unwrap();
		}
		submit(HOSPITAL, plan, ClaimUse::Claim, &[item(PANEL, 1, 10)]).unwrap();
		let first = Claims::claims_of_provider(&DOCTOR, None, 3);
		assert_eq!(first.len(), 3);
		let rest = Claims::claims_of_provider(&DOCTOR, first.last().map(|(id, _)| *id), 10);
		assert_eq!(rest.len(), 2);
		let mut ids: Vec<ClaimId> = first.iter().chain(rest.iter()).map(|(id, _)| *id).collect();
		ids.sort();
		assert_eq!(ids, vec![0, 1, 2, 3, 4]);
		assert_eq!(Claims::claims_of_patient(&PATIENT, None, 100).len(), 6);
		assert_eq!(Claims::claims_of_payer(&PAYER, None, 100).len(), 6);
		assert!(Claims::claims_of_payer(&OTHER_PAYER, None, 100).is_empty());
	});
}

#[test]
fn try_state_catches_escrow_and_index_breakage() {
	new_test_ext().execute_with(|| {
		let plan = plan();
		submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 100)]).unwrap();
		assert_ok!(Claims::do_try_state());
		Plans::<Test>::mutate(plan, |p| p.as_mut().unwrap().escrow.paid -= 1);
		assert!(Claims::do_try_state().is_err());
		Plans::<Test>::mutate(plan, |p| p.as_mut().unwrap().escrow.paid += 1);
		assert_ok!(Claims::do_try_state());
		PayerClaims::<Test>::remove(PAYER, 0);
		assert!(Claims::do_try_state().is_err());
		PayerClaims::<Test>::insert(PAYER, 0, ());
		Plans::<Test>::mutate(plan, |p| p.as_mut().unwrap().open_claims = 1);
		assert!(Claims::do_try_state().is_err());
		Plans::<Test>::mutate(plan, |p| p.as_mut().unwrap().open_claims = 0);
		Fingerprints::<Test>::insert(H256::repeat_byte(1), (0, 0));
		assert!(Claims::do_try_state().is_err());
	});
}

// ---- the payer's side: enrollment, network, limits, self-dealing ----

#[test]
fn the_payer_may_offer_first_and_the_patient_accepts() {
	build_and_execute(|| {
		assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(500)));
		// The payer cannot enroll itself, and an inactive payer offers nothing.
		credential(PAYER, Role::Practitioner);
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(PAYER), 0, PAYER), Error::<Test>::SelfDealing);
		set_active(PAYER, false);
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(PAYER), 0, PATIENT), Error::<Test>::NotPayer);
		set_active(PAYER, true);
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(PAYER), 0, PATIENT));
		assert_eq!(Enrollments::<Test>::get(PATIENT, PAYER).map(|e| e.status), Some(EnrollmentStatus::AwaitingPatient));
		// The offer's deposit is the payer's; nobody but the patient's side accepts it.
		assert_eq!(Balances::balance_on_hold(&HoldReason::EnrollmentDeposit.into(), &PAYER), 5);
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(STRANGER), 0, PATIENT), Error::<Test>::NotPatientOrGuardian);
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(GUARDIAN), 0, PATIENT));
		assert_eq!(Enrollments::<Test>::get(PATIENT, PAYER).map(|e| e.status), Some(EnrollmentStatus::Active));
		// Ending it returns the deposit to the payer, who paid it.
		assert_ok!(Claims::disenroll(RuntimeOrigin::signed(PATIENT), PATIENT, PAYER));
		assert_eq!(Balances::balance_on_hold(&HoldReason::EnrollmentDeposit.into(), &PAYER), 0);
	});
}

#[test]
fn an_enrollment_the_payer_never_accepted_pays_nothing_and_shows_nothing() {
	build_and_execute(|| {
		assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(PAYER), terms(500)));
		assert_ok!(Claims::fund_escrow(RuntimeOrigin::signed(PAYER), 0, 1_000));
		assert_ok!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), 0, rules(10_000)));
		// A patient enrolls on their own and a friendly provider claims at once.
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(PATIENT), 0, PATIENT));
		assert_noop!(submit(DOCTOR, 0, ClaimUse::Claim, &[item(VISIT, 1, 200)]), Error::<Test>::EnrollmentNotActive);
		assert_eq!(escrow_held(PAYER), 1_000);
		let record = record(PATIENT, RecordType::Encounter);
		assert_eq!(
			<Claims as AccessPolicy<u64>>::check(
				&PAYER,
				&PATIENT,
				AccessTarget::record(record, RecordType::Encounter),
				PurposeOfUse::Payment,
				ConsentAction::Access
			),
			Err(AccessDenied::NoBasis)
		);
	});
}

#[test]
fn out_of_network_items_wait_for_the_payer() {
	build_and_execute(|| {
		let plan = plan();
		// Only the hospital stays in network.
		let hospital_only = ProviderRules { network: BoundedVec::truncate_from(vec![organization_of(HOSPITAL)]), ..rules(10_000) };
		assert_ok!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), plan, hospital_only));
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 200)]).unwrap();
		assert_eq!(adjudication(claim, 0).status, ItemStatus::Queued);
		assert_eq!(adjudication(claim, 0).reason, ItemReason::OutOfNetwork);
		assert_eq!(adjudication(claim, 0).deadline, 1 + 30);
		assert_eq!(escrow_held(PAYER), 1_000);
		let paid = submit(HOSPITAL, plan, ClaimUse::Claim, &[item(VISIT, 1, 200)]).unwrap();
		assert_eq!(adjudication(paid, 0).status, ItemStatus::Paid);
		// A plan with no network pays nobody at submission.
		assert_ok!(Claims::publish_plan(RuntimeOrigin::signed(OTHER_PAYER), terms(500)));
		assert_ok!(Claims::fund_escrow(RuntimeOrigin::signed(OTHER_PAYER), 1, 500));
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(PATIENT), 1, PATIENT));
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(OTHER_PAYER), 1, PATIENT));
		let unruled = submit(HOSPITAL, 1, ClaimUse::Claim, &[item(PANEL, 2, 50)]).unwrap();
		assert_eq!(adjudication(unruled, 0).reason, ItemReason::OutOfNetwork);
		assert_eq!(escrow_held(OTHER_PAYER), 500);
	});
}

#[test]
fn a_provider_is_paid_at_submission_only_up_to_its_limit_per_period() {
	build_and_execute(|| {
		let plan = plan_with(5_000, 5_000);
		assert_ok!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), plan, rules(200)));
		// 160 paid; the next 160 would pass 200, so it waits; a 40 still fits.
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 200), item(VISIT, 2, 200), item(PANEL, 2, 50)])
			.unwrap();
		assert_eq!(adjudication(claim, 0).status, ItemStatus::Paid);
		assert_eq!(adjudication(claim, 1).status, ItemStatus::Queued);
		assert_eq!(adjudication(claim, 1).reason, ItemReason::ProviderLimitReached);
		assert_eq!(adjudication(claim, 2).status, ItemStatus::Paid);
		assert_eq!(ProviderUsageOf::<Test>::get(plan, DOCTOR).map(|u| (u.paid, u.claims)), Some((200, 1)));
		// Another provider has its own limit.
		let hospital = submit(HOSPITAL, plan, ClaimUse::Claim, &[item(VISIT, 1, 200)]).unwrap();
		assert_eq!(adjudication(hospital, 0).status, ItemStatus::Paid);
		// The next period starts afresh.
		System::set_block_number(100);
		let later = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 3, 200)]).unwrap();
		assert_eq!(adjudication(later, 0).status, ItemStatus::Paid);
		assert_eq!(ProviderUsageOf::<Test>::get(plan, DOCTOR).map(|u| (u.period_start, u.paid, u.claims)), Some((100, 160, 2)));
	});
}

#[test]
fn a_payer_cannot_pay_itself_or_its_own_organization() {
	build_and_execute(|| {
		let plan = plan();
		// The payer's own practitioner credential, and a doctor of the payer's organization.
		credential(PAYER, Role::Practitioner);
		grant_treatment(PAYER, PATIENT);
		assert_noop!(submit(PAYER, plan, ClaimUse::Claim, &[item(VISIT, 1, 200)]), Error::<Test>::SelfDealing);
		join_organization(DOCTOR, organization_of(PAYER));
		assert_noop!(submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 200)]), Error::<Test>::SelfDealing);
		assert_eq!(escrow_held(PAYER), 1_000);
	});
}

#[test]
fn only_the_plans_payer_sets_valid_provider_rules() {
	build_and_execute(|| {
		let plan = plan();
		assert_noop!(
			Claims::set_provider_rules(RuntimeOrigin::signed(OTHER_PAYER), plan, rules(1)),
			Error::<Test>::NotPlanPayer
		);
		assert_noop!(Claims::set_provider_rules(RuntimeOrigin::signed(DOCTOR), plan, rules(1)), Error::<Test>::NotPlanPayer);
		assert_noop!(Claims::set_provider_rules(RuntimeOrigin::root(), plan, rules(1)), DispatchError::BadOrigin);
		assert_noop!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), 9, rules(1)), Error::<Test>::PlanNotFound);
		let zero = ProviderRules { period: 0, ..rules(1) };
		assert_noop!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), plan, zero), Error::<Test>::ZeroPeriod);
		let twice = ProviderRules { network: BoundedVec::truncate_from(vec![organization_of(DOCTOR); 2]), ..rules(1) };
		assert_noop!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), plan, twice), Error::<Test>::Duplicate);
		let unknown = ProviderRules { network: BoundedVec::truncate_from(vec![7]), ..rules(1) };
		assert_noop!(
			Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), plan, unknown),
			Error::<Test>::UnknownOrganization
		);
		assert_ok!(Claims::set_provider_rules(RuntimeOrigin::signed(PAYER), plan, rules(7)));
		System::assert_last_event(Event::ProviderRulesSet { plan, network: 2, period: 100, per_provider_limit: 7 }.into());
	});
}

// ---- nothing stranded: rotation, deadlines, retiring ----

#[test]
fn a_plan_follows_its_payers_key_rotation() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(UNCOVERED, 1, 50)]).unwrap();
		// The payer's new key: an account with no credential of its own.
		const NEW_KEY: u64 = STRANGER;
		rotate(PAYER, NEW_KEY);
		// The old key lost the plan; the new one decides, funds and withdraws.
		assert_noop!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, PayerDecision::Deny), Error::<Test>::NotPlanPayer);
		assert_noop!(Claims::fund_escrow(RuntimeOrigin::signed(PAYER), plan, 10), Error::<Test>::NotPlanPayer);
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(NEW_KEY), claim, 0, PayerDecision::Approve { benefit: 50 }));
		assert_ok!(Claims::fund_escrow(RuntimeOrigin::signed(NEW_KEY), plan, 100));
		// The escrow stays held on the plan's payer account, and comes out to the new key.
		assert_eq!(escrow_held(PAYER), 1_000 - 50 + 100);
		assert_ok!(Claims::withdraw_escrow(RuntimeOrigin::signed(NEW_KEY), plan, 1_050));
		assert_eq!(escrow_held(PAYER), 0);
		assert_eq!(Balances::free_balance(NEW_KEY), 10_000 - 100 + 1_050);
		// The new key accepts new members.
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(OTHER_PATIENT), plan, OTHER_PATIENT));
		assert_ok!(Claims::enroll(RuntimeOrigin::signed(NEW_KEY), plan, OTHER_PATIENT));
	});
}

#[test]
fn a_queued_item_lapses_into_an_appealable_denial_and_an_undecided_appeal_into_a_final_one() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(UNCOVERED, 1, 50), item(VISIT, 1, 100)]).unwrap();
		assert_noop!(Claims::lapse_item(RuntimeOrigin::signed(STRANGER), claim, 0), Error::<Test>::DeadlineNotReached);
		assert_noop!(Claims::lapse_item(RuntimeOrigin::signed(STRANGER), claim, 1), Error::<Test>::ItemNotWaiting);
		assert_noop!(Claims::lapse_item(RuntimeOrigin::none(), claim, 0), DispatchError::BadOrigin);
		assert_noop!(Claims::lapse_item(RuntimeOrigin::signed(STRANGER), 9, 0), Error::<Test>::ClaimNotFound);
		assert_noop!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 10), Error::<Test>::ClaimsOpen);
		// The payer had until block 31.
		System::set_block_number(32);
		assert_ok!(Claims::lapse_item(RuntimeOrigin::signed(STRANGER), claim, 0));
		assert_eq!(adjudication(claim, 0).status, ItemStatus::Denied);
		assert_eq!(adjudication(claim, 0).reason, ItemReason::PayerDidNotDecide);
		assert_eq!(adjudication(claim, 0).deadline, 32 + 20);
		assert_eq!(Plans::<Test>::get(plan).unwrap().open_claims, 0);
		// The provider appeals; arbitration has until block 40 + 40.
		System::set_block_number(40);
		assert_ok!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 0));
		assert_eq!(adjudication(claim, 0).deadline, 80);
		System::set_block_number(80);
		assert_noop!(Claims::lapse_item(RuntimeOrigin::signed(STRANGER), claim, 0), Error::<Test>::DeadlineNotReached);
		System::set_block_number(81);
		assert_ok!(Claims::lapse_item(RuntimeOrigin::signed(STRANGER), claim, 0));
		assert_eq!(adjudication(claim, 0).reason, ItemReason::ArbitrationDidNotDecide);
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 0), Error::<Test>::AppealAlreadyDecided);
		// Nothing waits, nothing is appealable: the escrow is free.
		assert_ok!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 10));
	});
}

#[test]
fn deadlines_are_fixed_when_set_whatever_the_policy_later() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(UNCOVERED, 1, 50)]).unwrap();
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 0, PayerDecision::Deny));
		// Denied at block 1: appealable to block 21, however the window changes afterwards.
		AppealWindow::set(1_000);
		System::set_block_number(22);
		assert_ok!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 1_000));
		assert_noop!(Claims::appeal_item(RuntimeOrigin::signed(DOCTOR), claim, 0), Error::<Test>::AppealWindowOver);
		// A filing window widened past its bound is read at the bound.
		TimelyFilingDays::set(10_000);
		assert_noop!(submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 181, 100)]), Error::<Test>::FilingWindowPassed);
		assert_ok!(submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 180, 100)]));
	});
}

#[test]
fn a_retired_plan_is_removed_once_nothing_is_left_on_chain() {
	build_and_execute(|| {
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 100)]).unwrap();
		assert_noop!(Claims::remove_plan(RuntimeOrigin::signed(PAYER), plan), Error::<Test>::PlanNotRetired);
		assert_noop!(Claims::retire_plan(RuntimeOrigin::signed(OTHER_PAYER), plan), Error::<Test>::NotPlanPayer);
		assert_noop!(Claims::retire_plan(RuntimeOrigin::root(), plan), DispatchError::BadOrigin);
		assert_ok!(Claims::retire_plan(RuntimeOrigin::signed(PAYER), plan));
		System::assert_last_event(Event::PlanRetired { plan }.into());
		assert_noop!(Claims::retire_plan(RuntimeOrigin::signed(PAYER), plan), Error::<Test>::PlanRetired);
		// Retired: no new member, no new claim.
		assert_noop!(Claims::enroll(RuntimeOrigin::signed(OTHER_PATIENT), plan, OTHER_PATIENT), Error::<Test>::PlanRetired);
		assert_noop!(submit(DOCTOR, plan, ClaimUse::Claim, &[item(PANEL, 1, 10)]), Error::<Test>::PlanRetired);
		// A claim on chain and escrow left keep it.
		assert_noop!(Claims::remove_plan(RuntimeOrigin::signed(PAYER), plan), Error::<Test>::PlanInUse);
		set_today(TODAY + 200);
		assert_ok!(Claims::archive_claim(RuntimeOrigin::signed(STRANGER), claim));
		assert_noop!(Claims::remove_plan(RuntimeOrigin::signed(PAYER), plan), Error::<Test>::PlanInUse);
		assert_ok!(Claims::withdraw_escrow(RuntimeOrigin::signed(PAYER), plan, 1_000 - 80));
		assert_noop!(Claims::remove_plan(RuntimeOrigin::signed(OTHER_PAYER), plan), Error::<Test>::NotPlanPayer);
		assert_ok!(Claims::remove_plan(RuntimeOrigin::signed(PAYER), plan));
		System::assert_last_event(Event::PlanRemoved { plan, payer: PAYER }.into());
		assert_eq!(Balances::balance_on_hold(&HoldReason::PlanDeposit.into(), &PAYER), 0);
		// Its enrollments may be ended by anyone, returning the deposit to whoever paid it.
		assert_ok!(Claims::disenroll(RuntimeOrigin::signed(STRANGER), PATIENT, PAYER));
		assert_eq!(Balances::balance_on_hold(&HoldReason::EnrollmentDeposit.into(), &PATIENT), 0);
	});
}

#[test]
fn migration_to_v1_asks_payers_to_accept_and_dates_every_item() {
	use crate::migrations::v1::{v0, UncheckedMigrateToV1};
	use polkadot_sdk::frame_support::{storage::unhashed, traits::UncheckedOnRuntimeUpgrade};
	new_test_ext().execute_with(|| {
		// Version-0 state: a plan, an enrollment and a claim with a queued and a denied item.
		let plan = plan();
		let claim = submit(DOCTOR, plan, ClaimUse::Claim, &[item(UNCOVERED, 1, 50), item(UNCOVERED, 2, 50)]).unwrap();
		assert_ok!(Claims::decide_item(RuntimeOrigin::signed(PAYER), claim, 1, PayerDecision::Deny));
		let old_plan = v0::Plan::from(&Plans::<Test>::get(plan).unwrap());
		unhashed::put(&Plans::<Test>::hashed_key_for(plan), &old_plan);
		let old_enrollment = v0::Enrollment::from(&Enrollments::<Test>::get(PATIENT, PAYER).unwrap());
		unhashed::put(&Enrollments::<Test>::hashed_key_for(PATIENT, PAYER), &old_enrollment);
		let old_claim = v0::Claim::from(&StoredClaims::<Test>::get(claim).unwrap());
		unhashed::put(&StoredClaims::<Test>::hashed_key_for(claim), &old_claim);
		ProviderUsageOf::<Test>::remove(plan, DOCTOR);

		System::set_block_number(5);
		let state = UncheckedMigrateToV1::<Test>::pre_upgrade_state();
		UncheckedMigrateToV1::<Test>::on_runtime_upgrade();
		assert_ok!(UncheckedMigrateToV1::<Test>::check_post_upgrade(state));
		let migrated = Plans::<Test>::get(plan).unwrap();
		assert_eq!((migrated.claims, migrated.retired, migrated.rules.network.len()), (1, false, 0));
		assert_eq!(Enrollments::<Test>::get(PATIENT, PAYER).map(|e| e.status), Some(EnrollmentStatus::AwaitingPayer));
		assert_eq!(adjudication(claim, 0).deadline, 1 + 30);
		assert_eq!(adjudication(claim, 1).deadline, 1 + 20);
		assert_eq!(ProviderUsageOf::<Test>::get(plan, DOCTOR).map(|u| u.claims), Some(1));
		assert_ok!(Claims::do_try_state());
		// The payer accepts again before anything more is claimed.
		assert_noop!(submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 100)]), Error::<Test>::EnrollmentNotActive);
	});
}

#[test]
fn migration_to_v2_puts_a_claim_with_a_rejected_item_in_error() {
	use crate::migrations::v2::{MigrateToV2, UncheckedMigrateToV2};
	use polkadot_sdk::frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	build_and_execute(|| {
		let plan = plan();
		let first = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 3, 250)]).unwrap();
		let second = submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 5, 100), item(VISIT, 3, 240)]).unwrap();
		// Version 1 called a claim with one paid and one rejected item `partial`.
		StoredClaims::<Test>::mutate(second, |c| c.as_mut().unwrap().outcome = ClaimOutcome::Partial);
		StorageVersion::new(1).put::<Claims>();
		assert!(Claims::do_try_state().is_err());

		let state = UncheckedMigrateToV2::<Test>::pre_upgrade_state();
		MigrateToV2::<Test>::on_runtime_upgrade();
		assert_ok!(UncheckedMigrateToV2::<Test>::check_post_upgrade(state));
		assert_eq!(Claims::on_chain_storage_version(), 2);
		assert_eq!(StoredClaims::<Test>::get(second).unwrap().outcome, ClaimOutcome::Error);
		assert_eq!(StoredClaims::<Test>::get(first).unwrap().outcome, ClaimOutcome::Complete);
		// Once at version 2 it does nothing.
		StoredClaims::<Test>::mutate(first, |c| c.as_mut().unwrap().outcome = ClaimOutcome::Queued);
		MigrateToV2::<Test>::on_runtime_upgrade();
		assert_eq!(StoredClaims::<Test>::get(first).unwrap().outcome, ClaimOutcome::Queued);
		StoredClaims::<Test>::mutate(first, |c| c.as_mut().unwrap().outcome = ClaimOutcome::Complete);
	});
}

#[test]
fn a_benefit_count_goes_once_no_claim_can_add_to_it() {
	build_and_execute(|| {
		let plan = plan();
		submit(DOCTOR, plan, ClaimUse::Claim, &[item(VISIT, 1, 100)]).unwrap();
		assert_eq!(BenefitUsed::<Test>::get(PATIENT, (plan, 2026)), 80);
		assert_noop!(Claims::clear_benefit_count(RuntimeOrigin::none(), PATIENT, plan, 2026), DispatchError::BadOrigin);
		assert_noop!(
			Claims::clear_benefit_count(RuntimeOrigin::signed(STRANGER), PATIENT, plan, 2025),
			Error::<Test>::NoBenefitCount
		);
		// A service of 2026-12-31 may be filed until 180 days later (mid-2027).
		set_today(20_818 + 180);
		assert_noop!(
			Claims::clear_benefit_count(RuntimeOrigin::signed(STRANGER), PATIENT, plan, 2026),
			Error::<Test>::BenefitCountInUse
		);
		set_today(20_818 + 181);
		assert_ok!(Claims::clear_benefit_count(RuntimeOrigin::signed(STRANGER), PATIENT, plan, 2026));
		System::assert_last_event(Event::BenefitCountCleared { patient: PATIENT, plan, year: 2026 }.into());
		assert!(!BenefitUsed::<Test>::contains_key(PATIENT, (plan, 2026)));
	});
}
