//! Unit tests: each call's allowed and denied origins, every error, the deposits, and the
//! invariants (`do_try_state` runs after every test).

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use polkadot_sdk::{frame_support, sp_runtime::DispatchError};

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

const COMMITMENT: H256 = H256::repeat_byte(0xC0);

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn locator(text: &str) -> LocatorOf<Test> {
	BoundedVec::truncate_from(text.as_bytes().to_vec())
}

fn key(byte: u8) -> WrappedKeyOf<Test> {
	BoundedVec::truncate_from(vec![byte; 32])
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Records(reason), &who)
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Records(e) = r.event { Some(e) } else { None })
		.last()
		.expect("an event")
}

/// `author` anchors a record of `PATIENT` at `CUSTODIAN`; returns its id.
fn create(author: u64, record_type: RecordType, text: &str) -> RecordId {
	let id = NextRecordId::<Test>::get();
	assert_ok!(Records::create_record(
		signed(author),
		PATIENT,
		record_type,
		PurposeOfUse::Treatment,
		COMMITMENT,
		CUSTODIAN,
		locator(text),
	));
	id
}

/// The doctor, granted `collect` on consent, anchors a report for the patient.
fn doctor_creates() -> RecordId {
	grant(DOCTOR, PATIENT, ConsentAction::Collect, AccessBasis::Consent(1));
	create(DOCTOR, RecordType::DiagnosticReport, "bafy-report")
}

/// The patient anchors an observation of its own.
fn patient_creates() -> RecordId {
	create(PATIENT, RecordType::Observation, "bafy-own")
}

#[test]
fn the_patient_creates_a_record_and_the_author_pays_its_deposit() {
	build_and_execute(|| {
		let id = patient_creates();
		let record = RecordVersions::<Test>::get(id).expect("stored");
		assert_eq!(record.patient, PATIENT);
		assert_eq!(record.status, RecordStatus::Current);
		assert_eq!(record.locator.to_vec(), b"bafy-own".to_vec());
		// Base 10 + 8 locator bytes at 1.
		assert_eq!(record.deposit, 18);
		assert_eq!(held(HoldReason::RecordDeposit, PATIENT), 18);
		assert_eq!(Records::records_of(&PATIENT, None, 10), vec![id]);
		assert_eq!(
			last_event(),
			Event::RecordCreated {
				record: id,
				patient: PATIENT,
				author: PATIENT,
				record_type: RecordType::Observation,
				custodian: CUSTODIAN,
				basis: AccessBasis::Owner,
			}
		);
	});
}

#[test]
fn a_credentialed_author_creates_only_with_a_collect_grant() {
	build_and_execute(|| {
		let create = |author| {
			Records::create_record(
				signed(author),
				PATIENT,
				RecordType::DiagnosticReport,
				PurposeOfUse::Treatment,
				COMMITMENT,
				CUSTODIAN,
				locator("bafy-report"),
			)
		};
		assert_noop!(create(DOCTOR), Error::NoAccessBasis);
		// A grant for another action does not do.
		grant(DOCTOR, PATIENT, ConsentAction::Access, AccessBasis::Consent(1));
		assert_noop!(create(DOCTOR), Error::NoAccessBasis);
		grant(DOCTOR, PATIENT, ConsentAction::Collect, AccessBasis::Consent(1));
		assert_ok!(create(DOCTOR));
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 21);
		// A suspended practitioner cannot, even with the grant.
		suspend(DOCTOR);
		assert_noop!(create(DOCTOR), Error::AuthorNotCredentialed);
		// A stranger with a consent grant but no credential cannot.
		grant(STRANGER, PATIENT, ConsentAction::Collect, AccessBasis::Consent(2));
		assert_noop!(create(STRANGER), Error::AuthorNotCredentialed);
		// A guardian needs no credential.
		grant(GUARDIAN, PATIENT, ConsentAction::Collect, AccessBasis::Guardian);
		assert_ok!(create(GUARDIAN));
		// An unsigned origin never can.
		assert_noop!(
			Records::create_record(
				RuntimeOrigin::none(),
				PATIENT,
				RecordType::DiagnosticReport,
				PurposeOfUse::Treatment,
				COMMITMENT,
				CUSTODIAN,
				locator("bafy"),
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn every_policy_refusal_maps_to_its_own_error() {
	build_and_execute(|| {
		let id = patient_creates();
		for (denied, error) in [
			(AccessDenied::NoBasis, Error::NoAccessBasis),
			(AccessDenied::Expired, Error::ConsentExpired),
			(AccessDenied::Revoked, Error::ConsentRevoked),
			(AccessDenied::RecordTypeNotCovered, Error::RecordTypeNotCovered),
			(AccessDenied::PurposeNotPermitted, Error::PurposeNotPermitted),
			(AccessDenied::ActionNotPermitted, Error::ActionNotPermitted),
			(AccessDenied::CredentialInactive, Error::CredentialInactive),
			(AccessDenied::DeniedByPatient, Error::DeniedByPatient),
			(AccessDenied::NotYetInForce, Error::ConsentNotYetInForce),
			(AccessDenied::RecordNotCovered, Error::RecordNotCovered),
		] {
			deny_with(denied);
			assert_noop!(Records::access_record(signed(STRANGER), id, PurposeOfUse::Treatment), error);
		}
	});
}

#[test]
fn create_checks_custodian_locator_funds_and_ids() {
	build_and_execute(|| {
		let create = |custodian, locator: LocatorOf<Test>, author| {
			Records::create_record(
				signed(author),
				author,
				RecordType::Observation,
				PurposeOfUse::Treatment,
				COMMITMENT,
				custodian,
				locator,
			)
		};
		assert_noop!(create(STRANGER, locator("bafy"), PATIENT), Error::CustodianNotCredentialed);
		assert_noop!(create(CUSTODIAN, locator(""), PATIENT), Error::EmptyLocator);
		// 10 free, a deposit of 14 cannot be held.
		assert!(create(CUSTODIAN, locator("bafy"), POOR_DOCTOR).is_err());
		assert_eq!(NextRecordId::<Test>::get(), 0);
		NextRecordId::<Test>::put(RecordId::MAX);
		assert_noop!(create(CUSTODIAN, locator("bafy"), PATIENT), Error::Overflow);
	});
}

#[test]
fn a_professional_names_only_a_custodian_of_an_organization_it_acts_for() {
	build_and_execute(|| {
		// STRANGER becomes the active custodian of another organization (7).
		credential_at(STRANGER, Role::Custodian, 7);
		grant(DOCTOR, PATIENT, ConsentAction::Collect, AccessBasis::Consent(1));
		let create = |author, custodian| {
			Records::create_record(
				signed(author),
				PATIENT,
				RecordType::Observation,
				PurposeOfUse::Treatment,
				COMMITMENT,
				custodian,
				locator("bafy"),
			)
		};
		// Who must not: a doctor naming another organization's store.
		assert_noop!(create(DOCTOR, STRANGER), Error::CustodianOfAnotherOrganization);
		// A doctor of organization 7 too (as organization role) may name it.
		credential_at(DOCTOR, Role::Organization, 7);
		assert_ok!(create(DOCTOR, STRANGER));
		// The patient arranges storage with any active custodian itself.
		assert_ok!(create(PATIENT, STRANGER));
		// A guardian as well, like the patient.
		grant(GUARDIAN, PATIENT, ConsentAction::Collect, AccessBasis::Guardian);
		assert_ok!(create(GUARDIAN, STRANGER));
		assert_eq!(NextRecordId::<Test>::get(), 3);
	});
}

#[test]
fn amending_supersedes_and_keeps_a_walkable_history() {
	build_and_execute(|| {
		let first = doctor_creates();
		let amend = |who, record, text: &str| {
			Records::amend_record(
				signed(who),
				record,
				PurposeOfUse::Treatment,
				AmendmentReason::Correction,
				H256::repeat_byte(0xC1),
				locator(text),
			)
		};
		// The doctor holds `collect` but not `correct`.
		assert_noop!(amend(DOCTOR, first, "bafy-v2"), Error::NoAccessBasis);
		assert_noop!(amend(STRANGER, first, "bafy-v2"), Error::NoAccessBasis);
		grant(DOCTOR, PATIENT, ConsentAction::Correct, AccessBasis::Consent(1));
		assert_noop!(amend(DOCTOR, 99, "bafy-v2"), Error::RecordNotFound);
		assert_noop!(amend(DOCTOR, first, ""), Error::EmptyLocator);
		assert_ok!(amend(DOCTOR, first, "bafy-v2"));
		let second = first + 1;
		assert_eq!(
			last_event(),
			Event::RecordAmended {
				record: second,
				previous: first,
				patient: PATIENT,
				author: DOCTOR,
				reason: AmendmentReason::Correction,
			}
		);
		// Only the current version may be amended.
		assert_noop!(amend(DOCTOR, first, "bafy-v3"), Error::NotCurrent);
		// The patient amends without any grant.
		assert_ok!(amend(PATIENT, second, "bafy-v3"));
		let third = second + 1;
		assert_eq!(Records::versions(third, 10), vec![third, second, first]);
		assert_eq!(Records::versions(third, 2), vec![third, second]);
		let old = RecordVersions::<Test>::get(first).expect("kept");
		assert_eq!((old.status, old.superseded_by, old.commitment), (RecordStatus::Superseded, Some(second), COMMITMENT));
		assert_eq!(RecordVersions::<Test>::get(third).and_then(|r| r.amendment), Some(AmendmentReason::Correction));
		// The custodian losing its credential stops amendments.
		suspend(CUSTODIAN);
		assert_noop!(amend(PATIENT, third, "bafy-v4"), Error::CustodianNotCredentialed);
	});
}

#[test]
fn entered_in_error_by_patient_or_an_author_with_a_live_correct_grant() {
	build_and_execute(|| {
		let id = doctor_creates();
		assert_noop!(Records::mark_entered_in_error(signed(STRANGER), id), Error::NotPatientOrAuthor);
		assert_noop!(Records::mark_entered_in_error(signed(DOCTOR), 99), Error::RecordNotFound);
		// Authorship alone is not enough: the author needs the policy's `correct` now.
		assert_noop!(Records::mark_entered_in_error(signed(DOCTOR), id), Error::NoAccessBasis);
		grant(DOCTOR, PATIENT, ConsentAction::Correct, AccessBasis::Consent(2));
		assert_ok!(Records::mark_entered_in_error(signed(DOCTOR), id));
		assert_eq!(last_event(), Event::RecordEnteredInError { record: id, patient: PATIENT, by: DOCTOR });
		assert_noop!(Records::mark_entered_in_error(signed(PATIENT), id), Error::AlreadyEnteredInError);
		let own = patient_creates();
		assert_ok!(Records::erase_record(signed(PATIENT), own));
		assert_noop!(Records::mark_entered_in_error(signed(PATIENT), own), Error::RecordErased);
	});
}

#[test]
fn key_envelopes_are_bounded_and_paid_for_by_whoever_adds_them() {
	build_and_execute(|| {
		let id = doctor_creates();
		assert_noop!(Records::add_key_envelope(signed(STRANGER), id, GUARDIAN, key(1)), Error::NotPatientOrAuthor);
		assert_noop!(Records::add_key_envelope(signed(PATIENT), 99, GUARDIAN, key(1)), Error::RecordNotFound);
		assert_noop!(
			Records::add_key_envelope(signed(PATIENT), id, GUARDIAN, BoundedVec::new()),
			Error::EmptyWrappedKey
		);
		assert_ok!(Records::add_key_envelope(signed(PATIENT), id, GUARDIAN, key(1)));
		assert_eq!(
			last_event(),
			Event::KeyEnvelopeAdded { record: id, patient: PATIENT, grantee: GUARDIAN, by: PATIENT }
		);
		// Base 5 + 32 key bytes.
		assert_eq!(held(HoldReason::EnvelopeDeposit, PATIENT), 37);
		// The author shares keys only while the policy grants it `disclose`.
		assert_noop!(Records::add_key_envelope(signed(DOCTOR), id, STRANGER, key(2)), Error::NoAccessBasis);
		grant(DOCTOR, PATIENT, ConsentAction::Disclose, AccessBasis::Consent(3));
		assert_noop!(Records::add_key_envelope(signed(DOCTOR), id, GUARDIAN, key(2)), Error::EnvelopeExists);
		for grantee in [STRANGER, OFFICER, OTHER_PATIENT] {
			assert_ok!(Records::add_key_envelope(signed(DOCTOR), id, grantee, key(2)));
		}
		assert_noop!(Records::add_key_envelope(signed(DOCTOR), id, POOR_DOCTOR, key(2)), Error::TooManyEnvelopes);
		assert_noop!(Records::remove_key_envelope(signed(STRANGER), id, GUARDIAN), Error::NotPatientOrAuthor);
		assert_noop!(Records::remove_key_envelope(signed(PATIENT), id, POOR_DOCTOR), Error::EnvelopeNotFound);
		assert_noop!(Records::remove_key_envelope(signed(PATIENT), 99, GUARDIAN), Error::RecordNotFound);
		assert_ok!(Records::remove_key_envelope(signed(DOCTOR), id, GUARDIAN));
		assert_eq!(
			last_event(),
			Event::KeyEnvelopeRemoved { record: id, patient: PATIENT, grantee: GUARDIAN, by: DOCTOR }
		);
		// The deposit goes back to whoever paid it, not to whoever removed it.
		assert_eq!(held(HoldReason::EnvelopeDeposit, PATIENT), 0);
		assert_eq!(RecordVersions::<Test>::get(id).map(|r| r.envelopes), Some(3));
		// Superseded versions get no new envelopes.
		assert_ok!(Records::amend_record(
			signed(PATIENT),
			id,
			PurposeOfUse::Treatment,
			AmendmentReason::Update,
			COMMITMENT,
			locator("bafy-v2"),
		));
		assert_noop!(Records::add_key_envelope(signed(PATIENT), id, GUARDIAN, key(1)), Error::NotCurrent);
	});
}

#[test]
fn rekey_replaces_the_commitment_and_every_envelope_in_one_call() {
	build_and_execute(|| {
		let id = doctor_creates();
		grant(DOCTOR, PATIENT, ConsentAction::Disclose, AccessBasis::Consent(3));
		for grantee in [GUARDIAN, STRANGER] {
			assert_ok!(Records::add_key_envelope(signed(DOCTOR), id, grantee, key(1)));
		}
		let new_commitment = H256::repeat_byte(0xEE);
		let envelopes = |list: Vec<(u64, WrappedKeyOf<Test>)>| EnvelopesOf::<Test>::truncate_from(list);
		assert_noop!(
			Records::rekey(signed(STRANGER), id, new_commitment, None, envelopes(vec![])),
			Error::NotPatientOrAuthor
		);
		assert_noop!(
			Records::rekey(signed(PATIENT), 99, new_commitment, None, envelopes(vec![])),
			Error::RecordNotFound
		);
		assert_noop!(
			Records::rekey(signed(PATIENT), id, new_commitment, None, envelopes(vec![(GUARDIAN, key(2)), (GUARDIAN, key(3))])),
			Error::DuplicateGrantee
		);
		assert_noop!(
			Records::rekey(signed(PATIENT), id, new_commitment, None, envelopes(vec![(GUARDIAN, BoundedVec::new())])),
			Error::EmptyWrappedKey
		);
		assert_noop!(
			Records::rekey(signed(PATIENT), id, new_commitment, Some(locator("")), envelopes(vec![])),
			Error::EmptyLocator
		);
		// The stranger is revoked: the guardian keeps access under the new key.
		assert_ok!(Records::rekey(
			signed(PATIENT),
			id,
			new_commitment,
			Some(locator("bafy-rekeyed-longer")),
			envelopes(vec![(GUARDIAN, key(9))]),
		));
		let previous_commitment = PastCommitments::<Test>::get(id).last().map(|p| p.commitment).expect("kept");
		let event = last_event();
		// Found by the fuzzer: a re-key back to the current or an earlier commitment.
		for reused in [new_commitment, previous_commitment] {
			assert_noop!(
				Records::rekey(signed(PATIENT), id, reused, None, envelopes(vec![])),
				Error::CommitmentReused
			);
		}
		assert_eq!(
			event,
			Event::RecordRekeyed {
				record: id,
				patient: PATIENT,
				by: PATIENT,
				envelopes: 1,
				previous_commitment,
				commitment: new_commitment,
			}
		);
		let record = RecordVersions::<Test>::get(id).expect("kept");
		assert_eq!((record.commitment, record.envelopes), (new_commitment, 1));
		// History is never rewritten: the replaced commitment is kept, with its deposit.
		assert_eq!(PastCommitments::<Test>::get(id).len(), 1);
		assert_ne!(previous_commitment, new_commitment);
		assert!(KeyEnvelopes::<Test>::get(id, STRANGER).is_none());
		assert_eq!(KeyEnvelopes::<Test>::get(id, GUARDIAN).map(|e| e.wrapped_key), Some(key(9)));
		// Old envelope deposits went back to the doctor; the patient pays for the new one; the
		// author's record deposit follows the new locator length (10 + 19).
		assert_eq!(held(HoldReason::EnvelopeDeposit, DOCTOR), 0);
		assert_eq!(held(HoldReason::EnvelopeDeposit, PATIENT), 37);
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 29);
		assert_ok!(Records::mark_entered_in_error(signed(PATIENT), id));
		assert_noop!(
			Records::rekey(signed(PATIENT), id, new_commitment, None, envelopes(vec![])),
			Error::NotCurrent
		);
	});
}

#[test]
fn erasure_shreds_keys_releases_deposits_and_stays_pending_until_attested() {
	build_and_execute(|| {
		let id = doctor_creates();
		assert_ok!(Records::add_key_envelope(signed(PATIENT), id, GUARDIAN, key(1)));
		assert_noop!(Records::erase_record(signed(DOCTOR), id), Error::NotPatient);
		assert_noop!(Records::erase_record(signed(PATIENT), 99), Error::RecordNotFound);
		assert_noop!(Records::attest_erasure(signed(CUSTODIAN), id), Error::NoPendingErasure);
		let before = Balances::total_balance(&PATIENT);
		assert_ok!(Records::erase_record(signed(PATIENT), id));
		// The entry that stays as proof is paid for by a burned fee; every deposit goes back.
		assert_eq!(Balances::total_balance(&PATIENT), before - 3, "the erasure fee is burned");
		assert_eq!(last_event(), Event::RecordErased { record: id, patient: PATIENT, custodian: CUSTODIAN });
		let record = RecordVersions::<Test>::get(id).expect("the anchor stays");
		assert_eq!(record.status, RecordStatus::Erased);
		assert!(record.locator.is_empty());
		assert_eq!(KeyEnvelopes::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 0);
		assert_eq!(held(HoldReason::EnvelopeDeposit, PATIENT), 0);
		assert!(PendingErasures::<Test>::contains_key(id));
		assert_noop!(Records::erase_record(signed(PATIENT), id), Error::RecordErased);
		assert_noop!(Records::access_record(signed(PATIENT), id, PurposeOfUse::Treatment), Error::RecordErased);
		// Only the custodian attests.
		assert_noop!(Records::attest_erasure(signed(PATIENT), id), Error::NotCustodian);
		assert_ok!(Records::attest_erasure(signed(CUSTODIAN), id));
		assert_eq!(last_event(), Event::ErasureAttested { record: id, patient: PATIENT, custodian: CUSTODIAN });
		assert!(!PendingErasures::<Test>::contains_key(id));
	});
}

#[test]
fn every_access_is_logged_paid_for_and_refusals_change_nothing() {
	build_and_execute(|| {
		let id = doctor_creates();
		assert_noop!(Records::access_record(signed(DOCTOR), id, PurposeOfUse::Treatment), Error::NoAccessBasis);
		assert_noop!(Records::access_record(signed(DOCTOR), 99, PurposeOfUse::Treatment), Error::RecordNotFound);
		grant(DOCTOR, PATIENT, ConsentAction::Access, AccessBasis::Consent(7));
		let before = Balances::free_balance(DOCTOR);
		assert_ok!(Records::access_record(signed(DOCTOR), id, PurposeOfUse::Treatment));
		assert_eq!(Balances::free_balance(DOCTOR), before - 2, "the log fee is burned");
		assert_eq!(
			last_event(),
			Event::RecordAccessed {
				record: id,
				patient: PATIENT,
				accessor: DOCTOR,
				purpose: PurposeOfUse::Treatment,
				basis: AccessBasis::Consent(7),
				entry: 0,
			}
		);
		assert_ok!(Records::access_record(signed(PATIENT), id, PurposeOfUse::Treatment));
		assert_eq!(AccessLogLength::<Test>::get(PATIENT), 2);
		// Revoking the grant stops the next read.
		revoke_grants(DOCTOR);
		assert_noop!(Records::access_record(signed(DOCTOR), id, PurposeOfUse::Treatment), Error::NoAccessBasis);
		assert_noop!(
			Records::access_record(RuntimeOrigin::none(), id, PurposeOfUse::Treatment),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_access_log_is_paged_for_patient_guardian_and_privacy_officer_only() {
	build_and_execute(|| {
		let id = patient_creates();
		for _ in 0..5 {
			assert_ok!(Records::access_record(signed(PATIENT), id, PurposeOfUse::Treatment));
		}
		let page = Records::access_log(&PATIENT, &PATIENT, 1, 2).expect("the patient reads");
		assert_eq!(page.len(), 2);
		assert!(page.iter().all(|e| e.accessor == PATIENT && e.record == id && e.basis == AccessBasis::Owner));
		assert_eq!(Records::access_log(&PATIENT, &PATIENT, 4, 10).map(|p| p.len()), Ok(1));
		assert_eq!(Records::access_log(&PATIENT, &PATIENT, 9, 10).map(|p| p.len()), Ok(0));
		assert_eq!(Records::access_log(&OFFICER, &PATIENT, 0, 10).map(|p| p.len()), Ok(5));
		assert_eq!(Records::access_log(&STRANGER, &PATIENT, 0, 10), Err(AccessLogRefused::NotAuthorized));
		grant(GUARDIAN, PATIENT, ConsentAction::Access, AccessBasis::Guardian);
		assert_eq!(Records::access_log(&GUARDIAN, &PATIENT, 0, 10).map(|p| p.len()), Ok(5));
		// A consent to read records is not a right to read the audit trail.
		grant(DOCTOR, PATIENT, ConsentAction::Access, AccessBasis::Consent(3));
		assert_eq!(Records::access_log(&DOCTOR, &PATIENT, 0, 10), Err(AccessLogRefused::NotAuthorized));
	});
}

#[test]
fn records_of_a_patient_page_without_gaps_or_repeats() {
	build_and_execute(|| {
		let ids: Vec<_> = (0..7).map(|_| patient_creates()).collect();
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = Records::records_of(&PATIENT, after, 3);
			if page.is_empty() {
				break;
			}
			after = page.last().copied();
			seen.extend(page);
		}
		seen.sort();
		assert_eq!(seen, ids);
		assert!(Records::records_of(&OTHER_PATIENT, None, 10).is_empty());
	});
}

#[test]
fn device_batches_anchor_many_readings_and_prove_membership() {
	build_and_execute(|| {
		let readings: Vec<H256> = (0..1000u32).map(|i| H256::from_low_u64_be(i.into())).collect();
		let root = merkle::root(&readings).expect("non-empty");
		let device = H256::repeat_byte(0xDE);
		let anchor = |who, count, period| {
			Records::anchor_batch(signed(who), PATIENT, PurposeOfUse::Treatment, device, root, count, period)
		};
		assert_noop!(anchor(PATIENT, 0, (0, 10)), Error::InvalidBatch);
		assert_noop!(anchor(PATIENT, 1000, (10, 0)), Error::InvalidBatch);
		assert_noop!(anchor(DOCTOR, 1000, (0, 10)), Error::NoAccessBasis);
		assert_ok!(anchor(PATIENT, 1000, (1_700_000_000, 1_700_086_400)));
		assert_eq!(
			last_event(),
			Event::BatchAnchored { batch: 0, patient: PATIENT, author: PATIENT, device, count: 1000 }
		);
		grant(DOCTOR, PATIENT, ConsentAction::Collect, AccessBasis::Consent(1));
		assert_ok!(anchor(DOCTOR, 1000, (0, 10)));
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 10);
		let proof = merkle::proof(&readings, 417).expect("in range");
		assert!(Records::verify_batch_membership(0, readings[417], 417, &proof));
		assert!(!Records::verify_batch_membership(0, readings[418], 417, &proof));
		assert!(!Records::verify_batch_membership(9, readings[417], 417, &proof));
		NextBatchId::<Test>::put(BatchId::MAX);
		assert_noop!(anchor(PATIENT, 1, (0, 0)), Error::Overflow);
	});
}

#[test]
fn a_device_batch_is_removed_by_its_patient_or_author_and_its_deposit_returned() {
	build_and_execute(|| {
		let anchor = |who| {
			Records::anchor_batch(signed(who), PATIENT, PurposeOfUse::Treatment, H256::repeat_byte(1), H256::repeat_byte(2), 5, (0, 10))
		};
		grant(DOCTOR, PATIENT, ConsentAction::Collect, AccessBasis::Consent(1));
		assert_ok!(anchor(DOCTOR));
		assert_ok!(anchor(DOCTOR));
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 20);
		assert_noop!(Records::remove_batch(signed(GUARDIAN), 0), Error::NotPatientOrAuthor);
		assert_noop!(Records::remove_batch(signed(PATIENT), 9), Error::BatchNotFound);
		assert_noop!(Records::remove_batch(RuntimeOrigin::root(), 0), DispatchError::BadOrigin);
		// The patient erases device data; the author's deposit comes back to the author.
		assert_ok!(Records::remove_batch(signed(PATIENT), 0));
		assert_eq!(last_event(), Event::BatchRemoved { batch: 0, patient: PATIENT, by: PATIENT });
		assert!(!DeviceBatches::<Test>::contains_key(0));
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 10);
		assert!(!Records::verify_batch_membership(0, H256::repeat_byte(2), 0, &[]));
		// The author withdraws its own anchor.
		assert_ok!(Records::remove_batch(signed(DOCTOR), 1));
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 0);
	});
}

#[test]
fn record_inspect_reports_patient_type_and_status() {
	build_and_execute(|| {
		let id = doctor_creates();
		assert_eq!(<Records as RecordInspect<_, _>>::patient(&id), Some(PATIENT));
		assert_eq!(<Records as RecordInspect<_, _>>::record_type(&id), Some(RecordType::DiagnosticReport));
		assert_eq!(<Records as RecordInspect<_, _>>::status(&id), Some(RecordStatus::Current));
		assert_eq!(<Records as RecordInspect<_, u64>>::status(&99), None);
	});
}

#[test]
fn try_state_catches_broken_invariants() {
	new_test_ext().execute_with(|| {
		let id = doctor_creates();
		assert_ok!(Records::add_key_envelope(signed(PATIENT), id, GUARDIAN, key(1)));
		assert_ok!(Records::do_try_state());
		// An erased record that still holds an envelope.
		RecordVersions::<Test>::mutate(id, |r| r.as_mut().expect("stored").status = RecordStatus::Erased);
		assert!(Records::do_try_state().is_err());
		RecordVersions::<Test>::mutate(id, |r| r.as_mut().expect("stored").status = RecordStatus::Current);
		// A version link that points nowhere.
		RecordVersions::<Test>::mutate(id, |r| r.as_mut().expect("stored").previous = Some(42));
		assert!(Records::do_try_state().is_err());
		RecordVersions::<Test>::mutate(id, |r| r.as_mut().expect("stored").previous = None);
		// A deposit recorded but not held.
		RecordVersions::<Test>::mutate(id, |r| r.as_mut().expect("stored").deposit = 1_000_000);
		assert!(Records::do_try_state().is_err());
	});
}
