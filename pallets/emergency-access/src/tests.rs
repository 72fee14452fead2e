//! Unit tests: each call's allowed and denied origins, every error, the window's edge, review
//! outcomes and their consequences, preferences. Each test ends with `do_try_state`.

use crate::{mock::*, *};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{Inspect, InspectHold, MutateHold},
			tokens::Precision,
		},
	},
	frame_system::RawOrigin,
	sp_runtime::DispatchError,
};

type Error = crate::Error<Test>;

const JUSTIFICATION: H256 = H256::repeat_byte(0x5a);

fn signed(who: u64) -> RuntimeOrigin {
	RawOrigin::Signed(who).into()
}

/// `responder` breaks the glass on `patient`; returns the session id.
fn declare(responder: u64, patient: u64) -> EmergencySessionId {
	let id = NextSessionId::<Test>::get();
	assert_ok!(EmergencyAccess::declare_emergency(signed(responder), patient, EmergencyReason::PatientUnresponsive, JUSTIFICATION));
	id
}

fn read(responder: u64, record_type: RecordType) -> Result<AccessBasis, AccessDenied> {
	EmergencyAccess::check(&responder, &PATIENT, AccessTarget::record(3, record_type), PurposeOfUse::EmergencyTreatment, ConsentAction::Access)
}

fn bond_held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::ResponderBond.into(), &who)
}

fn preferences(opted_out: bool, scope: &[RecordType], notify: &[u64]) -> PreferencesOf<Test> {
	EmergencyPreferences {
		opted_out,
		scope: scope.to_vec().try_into().expect("fits"),
		notify: notify.to_vec().try_into().expect("fits"),
	}
}

#[test]
fn a_responder_breaks_the_glass_with_a_bond_and_an_audit_event() {
	build_and_execute(|| {
		assert_ok!(EmergencyAccess::set_emergency_preferences(
			signed(PATIENT),
			PATIENT,
			preferences(false, &DEFAULT_EMERGENCY_SCOPE, &[SPOUSE, GUARDIAN])
		));
		let id = declare(RESPONDER, PATIENT);
		assert_eq!(bond_held(RESPONDER), 100);
		System::assert_last_event(
			Event::EmergencyAccessStarted {
				session: id,
				responder: RESPONDER,
				patient: PATIENT,
				reason: EmergencyReason::PatientUnresponsive,
				expires_at: 11,
				notify: vec![SPOUSE, GUARDIAN].try_into().expect("fits"),
				audit_type: 110113,
				audit_subtype: 110127,
				purpose: PurposeOfUse::EmergencyTreatment,
			}
			.into(),
		);
		assert_eq!(read(RESPONDER, RecordType::AllergyIntolerance), Ok(AccessBasis::Emergency(id)));
		assert_eq!(ResponderRecord::<Test>::get(RESPONDER).opened, 1);
		assert_eq!(EmergencyAccess::live_sessions(&PATIENT).len(), 1);
	});
}

#[test]
fn declare_refuses_non_responders_and_bad_requests() {
	build_and_execute(|| {
		let declare_as = |origin: RuntimeOrigin, patient| {
			EmergencyAccess::declare_emergency(origin, patient, EmergencyReason::LifeThreatening, JUSTIFICATION)
		};
		assert_noop!(declare_as(signed(STRANGER), PATIENT), Error::NotResponder);
		assert_noop!(declare_as(signed(OFFICER), PATIENT), Error::NotResponder);
		assert_noop!(declare_as(RawOrigin::Root.into(), PATIENT), DispatchError::BadOrigin);
		assert_noop!(declare_as(signed(RESPONDER), RESPONDER), Error::ResponderIsPatient);
		set_active(MEDIC, false);
		assert_noop!(declare_as(signed(MEDIC), PATIENT), Error::NotResponder);
		// The bond must be affordable.
		assert!(declare_as(signed(POOR_RESPONDER), PATIENT).is_err());
		assert_eq!(bond_held(POOR_RESPONDER), 0);
		// One live session per patient and responder.
		declare(RESPONDER, PATIENT);
		assert_noop!(declare_as(signed(RESPONDER), PATIENT), Error::SessionAlreadyOpen);
		NextSessionId::<Test>::put(EmergencySessionId::MAX);
		assert_noop!(declare_as(signed(RESPONDER), OTHER_PATIENT), Error::Overflow);
	});
}

#[test]
fn a_responder_holds_at_most_the_allowed_live_sessions() {
	build_and_execute(|| {
		declare(RESPONDER, PATIENT);
		System::set_block_number(5);
		declare(RESPONDER, OTHER_PATIENT);
		assert_noop!(
			EmergencyAccess::declare_emergency(signed(RESPONDER), SPOUSE, EmergencyReason::MassCasualty, JUSTIFICATION),
			Error::TooManyOpenSessions
		);
		// Once the first window ends, a slot is free, and the same patient may get a new session.
		System::set_block_number(11);
		declare(RESPONDER, PATIENT);
		assert_noop!(
			EmergencyAccess::declare_emergency(signed(RESPONDER), SPOUSE, EmergencyReason::MassCasualty, JUSTIFICATION),
			Error::TooManyOpenSessions
		);
		// Closing a session frees its slot too.
		assert_ok!(EmergencyAccess::close_session(signed(RESPONDER), 1));
		declare(RESPONDER, SPOUSE);
		assert_eq!(LiveSessions::<Test>::get(RESPONDER).len(), 2);
		// Every session stays bonded until it is settled.
		assert_eq!(bond_held(RESPONDER), 400);
	});
}

#[test]
fn access_covers_only_reads_for_etreat_in_the_emergency_scope_until_the_window_edge() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		let check = |target: AccessTarget, purpose, action| EmergencyAccess::check(&RESPONDER, &PATIENT, target, purpose, action);
		let allergy = AccessTarget::record(3, RecordType::AllergyIntolerance);
		assert_eq!(read(RESPONDER, RecordType::Observation), Err(AccessDenied::RecordTypeNotCovered));
		// A session answers nothing but ETREAT reads, and costs nothing for anything else.
		assert_eq!(check(allergy, PurposeOfUse::Treatment, ConsentAction::Access), Err(AccessDenied::NoBasis));
		assert_eq!(check(allergy, PurposeOfUse::EmergencyTreatment, ConsentAction::Correct), Err(AccessDenied::NoBasis));
		let most = <EmergencyAccess as AccessPolicy<u64>>::check_weight;
		assert_eq!(most(ConsentAction::Access, PurposeOfUse::EmergencyTreatment), <() as crate::WeightInfo>::check_access());
		for (action, purpose) in [
			(ConsentAction::Access, PurposeOfUse::Treatment),
			(ConsentAction::Collect, PurposeOfUse::EmergencyTreatment),
			(ConsentAction::Correct, PurposeOfUse::EmergencyTreatment),
		] {
			assert_eq!(most(action, purpose), polkadot_sdk::frame_support::weights::Weight::zero());
		}
		// Nobody else, and no other patient.
		assert_eq!(read(MEDIC, RecordType::AllergyIntolerance), Err(AccessDenied::NoBasis));
		assert_eq!(
			EmergencyAccess::check(&RESPONDER, &OTHER_PATIENT, allergy, PurposeOfUse::EmergencyTreatment, ConsentAction::Access),
			Err(AccessDenied::NoBasis)
		);
		// Opened at block 1 with a 10-block window: blocks 1..=10 read, block 11 does not.
		System::set_block_number(10);
		assert_eq!(read(RESPONDER, RecordType::Condition), Ok(AccessBasis::Emergency(id)));
		System::set_block_number(11);
		assert_eq!(read(RESPONDER, RecordType::Condition), Err(AccessDenied::Expired));
		assert!(EmergencyAccess::live_sessions(&PATIENT).is_empty());
		assert_eq!(EmergencyAccess::sessions_awaiting_review(&PATIENT).len(), 1);
	});
}

#[test]
fn suspension_and_opting_out_cut_a_live_session_off() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		set_active(RESPONDER, false);
		assert_eq!(read(RESPONDER, RecordType::Immunization), Err(AccessDenied::CredentialInactive));
		set_active(RESPONDER, true);
		assert_eq!(read(RESPONDER, RecordType::Immunization), Ok(AccessBasis::Emergency(id)));
		// The guardian widens the scope, then opts the patient out.
		assert_ok!(EmergencyAccess::set_emergency_preferences(
			signed(GUARDIAN),
			PATIENT,
			preferences(false, &[RecordType::Observation], &[])
		));
		assert_eq!(read(RESPONDER, RecordType::Observation), Ok(AccessBasis::Emergency(id)));
		assert_eq!(read(RESPONDER, RecordType::Immunization), Err(AccessDenied::RecordTypeNotCovered));
		assert_ok!(EmergencyAccess::set_emergency_preferences(signed(GUARDIAN), PATIENT, preferences(true, &[], &[])));
		assert_eq!(read(RESPONDER, RecordType::Observation), Err(AccessDenied::DeniedByPatient));
		assert_noop!(
			EmergencyAccess::declare_emergency(signed(MEDIC), PATIENT, EmergencyReason::Other, JUSTIFICATION),
			Error::PatientOptedOut
		);
	});
}

#[test]
fn the_responder_closes_a_session_early() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		assert_noop!(EmergencyAccess::close_session(signed(MEDIC), id), Error::NotSessionResponder);
		assert_noop!(EmergencyAccess::close_session(RawOrigin::Root.into(), id), DispatchError::BadOrigin);
		assert_noop!(EmergencyAccess::close_session(signed(RESPONDER), 9), Error::SessionNotFound);
		assert_ok!(EmergencyAccess::close_session(signed(RESPONDER), id));
		System::assert_last_event(
			Event::EmergencyAccessClosed { session: id, responder: RESPONDER, patient: PATIENT, audit_subtype: 110138 }.into(),
		);
		assert_eq!(read(RESPONDER, RecordType::AllergyIntolerance), Err(AccessDenied::Expired));
		assert_noop!(EmergencyAccess::close_session(signed(RESPONDER), id), Error::SessionNotLive);
		assert!(LiveSessions::<Test>::get(RESPONDER).is_empty());
		// Still bonded until reviewed.
		assert_eq!(bond_held(RESPONDER), 100);
	});
}

#[test]
fn a_justified_review_releases_the_bond() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		assert_noop!(EmergencyAccess::review_session(signed(STRANGER), id, ReviewOutcome::Justified), Error::NotReviewer);
		assert_noop!(EmergencyAccess::review_session(signed(MEDIC), id, ReviewOutcome::Justified), Error::NotReviewer);
		// A responder who is also a privacy officer does not review their own session.
		credential(RESPONDER, Role::PrivacyOfficer);
		assert_noop!(EmergencyAccess::review_session(signed(RESPONDER), id, ReviewOutcome::Justified), Error::NotReviewer);
		assert_noop!(
			EmergencyAccess::review_session(RawOrigin::Root.into(), id, ReviewOutcome::Justified),
			DispatchError::BadOrigin
		);
		System::set_block_number(20);
		assert_ok!(EmergencyAccess::review_session(signed(PATIENT), id, ReviewOutcome::Justified));
		assert_eq!(bond_held(RESPONDER), 0);
		assert_eq!(Balances::balance(&RESPONDER), 1_000);
		assert!(Sessions::<Test>::get(id).is_none());
		assert_eq!(ResponderRecord::<Test>::get(RESPONDER).justified, 1);
		assert_noop!(EmergencyAccess::review_session(signed(PATIENT), id, ReviewOutcome::Justified), Error::SessionNotFound);
		// The patient's review of a live session ends it.
		let live = declare(RESPONDER, PATIENT);
		assert_ok!(EmergencyAccess::review_session(signed(PATIENT), live, ReviewOutcome::Justified));
		assert_eq!(read(RESPONDER, RecordType::AllergyIntolerance), Err(AccessDenied::NoBasis));
	});
}

#[test]
fn an_officer_reviews_only_ended_sessions_of_other_organizations_and_provisionally() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		// A stranger's officer cannot cut off care: no finding on a live session.
		assert_noop!(EmergencyAccess::review_session(signed(OFFICER), id, ReviewOutcome::Abuse), Error::SessionLive);
		System::set_block_number(11);
		// The responder's own organization may not whitewash it.
		credential_of(STRANGER, Role::PrivacyOfficer, RESPONDER as OrganizationId);
		assert_noop!(
			EmergencyAccess::review_session(signed(STRANGER), id, ReviewOutcome::Justified),
			Error::ReviewerNotIndependent
		);
		// An independent officer's "justified" is provisional: the patient may still dispute.
		assert_ok!(EmergencyAccess::review_session(signed(OFFICER), id, ReviewOutcome::Justified));
		assert_eq!(Sessions::<Test>::get(id).map(|s| (s.status, s.review_by)), Some((SessionStatus::FoundJustified, 61)));
		assert_eq!(bond_held(RESPONDER), 100);
		assert_noop!(EmergencyAccess::review_session(signed(OFFICER), id, ReviewOutcome::Abuse), Error::AlreadyReviewed);
		assert_ok!(EmergencyAccess::review_session(signed(PATIENT), id, ReviewOutcome::Disputed));
		assert_eq!(Sessions::<Test>::get(id).map(|s| s.status), Some(SessionStatus::Disputed));
		// Uncontested, an officer's "justified" takes effect after the review period.
		let other = declare(RESPONDER, OTHER_PATIENT);
		System::set_block_number(30);
		assert_ok!(EmergencyAccess::review_session(signed(OFFICER), other, ReviewOutcome::Justified));
		assert_eq!(Sessions::<Test>::get(other).map(|s| s.review_by), Some(80));
		System::set_block_number(81);
		assert_ok!(EmergencyAccess::release_unreviewed(signed(STRANGER), other));
		System::assert_has_event(
			Event::FindingFinal { session: other, responder: RESPONDER, patient: OTHER_PATIENT, outcome: ReviewOutcome::Justified }
				.into(),
		);
		assert_eq!(ResponderRecord::<Test>::get(RESPONDER).justified, 1);
	});
}

#[test]
fn abuse_slashes_the_bond_to_the_patient_and_suspends_the_responder() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		// The patient and guardian, who would receive the slash, may not find abuse themselves.
		for reviewer in [PATIENT, GUARDIAN] {
			assert_noop!(
				EmergencyAccess::review_session(signed(reviewer), id, ReviewOutcome::Abuse),
				Error::PatientMayNotFindAbuse
			);
		}
		System::set_block_number(11);
		assert_ok!(EmergencyAccess::review_session(signed(OFFICER), id, ReviewOutcome::Abuse));
		// Nothing happens until the finding is final: the responder may contest.
		assert_eq!((bond_held(RESPONDER), abuse_reports().len()), (100, 0));
		assert_noop!(EmergencyAccess::release_unreviewed(signed(STRANGER), id), Error::ReviewPeriodNotOver);
		System::set_block_number(62);
		assert_ok!(EmergencyAccess::release_unreviewed(signed(STRANGER), id));
		assert_eq!(bond_held(RESPONDER), 0);
		assert_eq!(Balances::balance(&RESPONDER), 900);
		assert_eq!(Balances::balance(&PATIENT), 1_100);
		assert_eq!(
			abuse_reports(),
			vec![(RESPONDER, Role::EmergencyResponder, CredentialActionReason::EmergencyAccessAbuse)]
		);
		System::assert_last_event(
			Event::BondSlashed { session: id, responder: RESPONDER, patient: PATIENT, amount: 100 }.into(),
		);
		assert_eq!(ResponderRecord::<Test>::get(RESPONDER).abused, 1);
		// The suspended responder cannot break the glass again.
		assert_noop!(
			EmergencyAccess::declare_emergency(signed(RESPONDER), PATIENT, EmergencyReason::Other, JUSTIFICATION),
			Error::NotResponder
		);
	});
}

#[test]
fn a_disputed_session_waits_for_arbitration() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		assert_noop!(EmergencyAccess::resolve_dispute(RawOrigin::Root.into(), id, ReviewOutcome::Abuse), Error::NotDisputed);
		assert_ok!(EmergencyAccess::review_session(signed(PATIENT), id, ReviewOutcome::Disputed));
		assert_eq!(read(RESPONDER, RecordType::AllergyIntolerance), Err(AccessDenied::Expired));
		assert_noop!(EmergencyAccess::review_session(signed(PATIENT), id, ReviewOutcome::Abuse), Error::SessionDisputed);
		System::set_block_number(100);
		assert_noop!(EmergencyAccess::release_unreviewed(signed(STRANGER), id), Error::SessionDisputed);
		assert_eq!(EmergencyAccess::sessions_awaiting_review(&PATIENT).len(), 1);
		assert_noop!(EmergencyAccess::resolve_dispute(signed(OFFICER), id, ReviewOutcome::Abuse), DispatchError::BadOrigin);
		assert_noop!(
			EmergencyAccess::resolve_dispute(RawOrigin::Root.into(), id, ReviewOutcome::Disputed),
			Error::DisputeNeedsFinding
		);
		assert_ok!(EmergencyAccess::resolve_dispute(RawOrigin::Root.into(), id, ReviewOutcome::Justified));
		assert_eq!(bond_held(RESPONDER), 0);
		assert_eq!(ResponderRecord::<Test>::get(RESPONDER), ResponderHistory { opened: 1, justified: 1, disputed: 1, ..Default::default() });
		assert_noop!(EmergencyAccess::resolve_dispute(RawOrigin::Root.into(), id, ReviewOutcome::Abuse), Error::SessionNotFound);
	});
}

#[test]
fn the_responder_contests_a_finding_of_abuse_and_arbitration_decides() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		assert_noop!(EmergencyAccess::contest_finding(signed(RESPONDER), id), Error::NoFindingToContest);
		System::set_block_number(11);
		assert_ok!(EmergencyAccess::review_session(signed(OFFICER), id, ReviewOutcome::Abuse));
		assert_noop!(EmergencyAccess::contest_finding(signed(PATIENT), id), Error::NotSessionResponder);
		assert_noop!(EmergencyAccess::contest_finding(signed(OFFICER), id), Error::NotSessionResponder);
		assert_noop!(EmergencyAccess::contest_finding(RawOrigin::Root.into(), id), DispatchError::BadOrigin);
		assert_ok!(EmergencyAccess::contest_finding(signed(RESPONDER), id));
		System::assert_last_event(Event::FindingContested { session: id, responder: RESPONDER, patient: PATIENT }.into());
		assert_eq!(Sessions::<Test>::get(id).map(|s| s.status), Some(SessionStatus::Disputed));
		System::set_block_number(200);
		assert_noop!(EmergencyAccess::release_unreviewed(signed(STRANGER), id), Error::SessionDisputed);
		assert_ok!(EmergencyAccess::resolve_dispute(RawOrigin::Root.into(), id, ReviewOutcome::Justified));
		assert_eq!((bond_held(RESPONDER), abuse_reports().len()), (0, 0));
		// Too late to contest once the (extended) review period is over.
		let other = declare(RESPONDER, OTHER_PATIENT);
		System::set_block_number(211);
		assert_ok!(EmergencyAccess::review_session(signed(OFFICER), other, ReviewOutcome::Abuse));
		System::set_block_number(262);
		assert_noop!(EmergencyAccess::contest_finding(signed(RESPONDER), other), Error::ReviewPeriodOver);
	});
}

#[test]
fn after_the_review_period_anyone_releases_an_unreviewed_session() {
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		// Window ends at 11, review accepted through block 61.
		System::set_block_number(61);
		assert_noop!(EmergencyAccess::release_unreviewed(signed(STRANGER), id), Error::ReviewPeriodNotOver);
		System::set_block_number(62);
		assert_noop!(EmergencyAccess::review_session(signed(PATIENT), id, ReviewOutcome::Abuse), Error::ReviewPeriodOver);
		assert_noop!(EmergencyAccess::release_unreviewed(RawOrigin::Root.into(), id), DispatchError::BadOrigin);
		assert_ok!(EmergencyAccess::release_unreviewed(signed(STRANGER), id));
		assert_eq!(bond_held(RESPONDER), 0);
		assert!(Sessions::<Test>::iter().next().is_none());
		assert!(PatientSessions::<Test>::iter().next().is_none());
		assert!(LatestSession::<Test>::iter().next().is_none());
		assert!(LiveSessions::<Test>::iter().next().is_none());
		let (history, unsettled) = EmergencyAccess::responder_history(&RESPONDER);
		assert_eq!((history.unreviewed, unsettled.len()), (1, 0));
		assert_noop!(EmergencyAccess::release_unreviewed(signed(STRANGER), id), Error::SessionNotFound);
	});
}

#[test]
fn preferences_are_set_by_patient_or_guardian_with_one_deposit() {
	build_and_execute(|| {
		let deposit = |who| Balances::balance_on_hold(&HoldReason::PreferencesDeposit.into(), &who);
		let prefs = preferences(false, &[RecordType::Condition], &[SPOUSE]);
		assert_noop!(
			EmergencyAccess::set_emergency_preferences(signed(STRANGER), PATIENT, prefs.clone()),
			Error::NotPatientOrGuardian
		);
		assert_noop!(
			EmergencyAccess::set_emergency_preferences(RawOrigin::Root.into(), PATIENT, prefs.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			EmergencyAccess::set_emergency_preferences(signed(PATIENT), PATIENT, preferences(false, &[RecordType::Condition; 2], &[])),
			Error::Duplicate
		);
		assert_noop!(
			EmergencyAccess::set_emergency_preferences(signed(PATIENT), PATIENT, preferences(false, &[], &[SPOUSE, SPOUSE])),
			Error::Duplicate
		);
		assert_ok!(EmergencyAccess::set_emergency_preferences(signed(PATIENT), PATIENT, prefs.clone()));
		assert_ok!(EmergencyAccess::set_emergency_preferences(signed(GUARDIAN), PATIENT, prefs));
		assert_eq!((deposit(PATIENT), deposit(GUARDIAN)), (5, 0));
		assert_eq!(EmergencyAccess::emergency_scope(&PATIENT).1.to_vec(), vec![RecordType::Condition]);
		assert_noop!(EmergencyAccess::clear_emergency_preferences(signed(STRANGER), PATIENT), Error::NotPatientOrGuardian);
		assert_ok!(EmergencyAccess::clear_emergency_preferences(signed(GUARDIAN), PATIENT));
		assert_eq!(deposit(PATIENT), 0);
		assert_eq!(EmergencyAccess::emergency_scope(&PATIENT).1.to_vec(), DEFAULT_EMERGENCY_SCOPE.to_vec());
		assert_noop!(EmergencyAccess::clear_emergency_preferences(signed(PATIENT), PATIENT), Error::NoPreferences);
	});
}

#[test]
fn try_state_detects_broken_invariants() {
	new_test_ext().execute_with(|| {
		let id = declare(RESPONDER, PATIENT);
		assert_ok!(EmergencyAccess::do_try_state());
		assert_ok!(Balances::release(&HoldReason::ResponderBond.into(), &RESPONDER, 1, Precision::Exact));
		assert!(EmergencyAccess::do_try_state().is_err());
		assert_ok!(Balances::hold(&HoldReason::ResponderBond.into(), &RESPONDER, 1));
		PatientSessions::<Test>::remove(PATIENT, id);
		assert!(EmergencyAccess::do_try_state().is_err());
		PatientSessions::<Test>::insert(PATIENT, id, ());
		Sessions::<Test>::mutate(id, |s| {
			if let Some(s) = s {
				s.expires_at = s.opened_at;
			}
		});
		assert!(EmergencyAccess::do_try_state().is_err());
	});
}

#[test]
fn migration_to_v1_records_the_responders_organization_of_open_sessions() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	build_and_execute(|| {
		let id = declare(RESPONDER, PATIENT);
		// The state version 0 left.
		let _ = SessionOrganization::<Test>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<EmergencyAccess>();
		let state = crate::migrations::v1::UncheckedMigrateToV1::<Test>::pre_upgrade_state();
		crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
		assert_ok!(crate::migrations::v1::UncheckedMigrateToV1::<Test>::check_post_upgrade(state));
		assert_eq!(EmergencyAccess::on_chain_storage_version(), 1);
		assert_eq!(SessionOrganization::<Test>::get(id), Some(RESPONDER as OrganizationId));
	});
}
