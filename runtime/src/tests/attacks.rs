//! Attacks on the chain's access-control promises, through the real pallets as the runtime wires
//! them. Each test is one defect or variant of docs/security.md; each failed on the code before
//! its fix.

use super::{consent_to, genesis_ext, hospital_with_staff, patient_record};
use crate::{AccountId, Claims, Credentials, EmergencyAccess, Records, Runtime, RuntimeOrigin, System, UNIT};
use polkadot_sdk::*;

use caduceus_primitives::{
	AccessBasis, ClaimUse, ConsentAction, CredentialActionReason, CredentialInspect, OnCredentialAbuse,
	ProvisionType::{Deny, Permit},
	PurposeOfUse, RecordType, Role,
};
use frame_support::{assert_noop, assert_ok, dispatch::DispatchResult};
use pallet_claims::{ClaimItem, CoveredService, PlanTerms};
use pallet_consent::Grantee;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::Percent;

type RecordsError = pallet_records::Error<Runtime>;
type CredentialsError = pallet_credentials::Error<Runtime>;

fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn read(who: &AccountId, record: u64, purpose: PurposeOfUse) -> DispatchResult {
	Records::access_record(signed(who), record, purpose).map(drop).map_err(|e| e.error)
}

fn active(who: &AccountId, role: Role) -> bool {
	<Credentials as CredentialInspect<AccountId>>::is_active(who, role)
}

fn add_staff(admin: &AccountId, organization: u32, holder: &AccountId, role: Role) -> DispatchResult {
	Credentials::add_staff(
		signed(admin),
		organization,
		holder.clone(),
		role,
		Default::default(),
		b"US-CA".to_vec().try_into().expect("fits"),
		100_000,
	)
}

/// Block 1, and the cast: patient Alice, custodian Bob, professional Charlie, admin Dave.
fn cast() -> (AccountId, AccountId, AccountId, AccountId) {
	System::set_block_number(1);
	(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id(), Dave.to_account_id())
}

/// `responder` breaks the glass on `patient`'s records.
fn break_glass(responder: &AccountId, patient: &AccountId) {
	assert_ok!(EmergencyAccess::declare_emergency(
		signed(responder),
		patient.clone(),
		pallet_emergency_access::EmergencyReason::PatientUnresponsive,
		sp_core::H256::repeat_byte(9),
	));
}

/// The registrar (Root on the dev chain) suspends, or revokes, `holder`'s `role` for `reason`.
fn registrar_acts(holder: &AccountId, role: Role, reason: CredentialActionReason, revoke: bool) {
	if revoke {
		assert_ok!(Credentials::revoke_credential(RuntimeOrigin::root(), holder.clone(), role, reason));
	} else {
		assert_ok!(Credentials::suspend_credential(RuntimeOrigin::root(), holder.clone(), role, reason));
	}
}

/// Alice's immunization record (id 0), kept by Bob; Charlie a practitioner of Dave's hospital
/// holding Alice's personal treatment permit, which works.
fn doctor_with_personal_permit() -> (AccountId, AccountId, AccountId) {
	let (patient, custodian, doctor, admin) = cast();
	hospital_with_staff(admin.clone(), &[(custodian.clone(), Role::Custodian), (doctor.clone(), Role::Practitioner)]);
	patient_record(&patient, RecordType::Immunization, &custodian);
	consent_to(&patient, Permit, Grantee::Account(doctor.clone()), &[PurposeOfUse::Treatment], &[ConsentAction::Access]);
	assert_ok!(read(&doctor, 0, PurposeOfUse::Treatment));
	(patient, doctor, admin)
}

// ---- 1. losing a credential never makes a professional a "family member" ----

#[test]
fn a_struck_off_doctor_reads_nothing_however_the_credential_went() {
	let ways: [(&str, fn(&AccountId, &AccountId)); 5] = [
		("revoked by the registrar", |doctor, _| {
			registrar_acts(doctor, Role::Practitioner, CredentialActionReason::LicenceWithdrawn, true);
		}),
		("removed by the organization's admin", |doctor, admin| {
			assert_ok!(Credentials::remove_staff(signed(admin), doctor.clone(), Role::Practitioner));
		}),
		("lapsed and removed by anyone", |doctor, _| {
			System::set_block_number(100_001);
			assert_ok!(Credentials::remove_lapsed_credential(signed(&Ferdie.to_account_id()), doctor.clone(), Role::Practitioner));
		}),
		("rotated to another key", |doctor, _| {
			assert_ok!(Credentials::rotate_account(signed(doctor), Eve.to_account_id()));
		}),
		("organization revoked, credential and organization removed", |doctor, admin| {
			assert_ok!(Credentials::revoke_organization(RuntimeOrigin::root(), 0, CredentialActionReason::LicenceWithdrawn));
			assert_ok!(Credentials::remove_lapsed_credential(signed(admin), doctor.clone(), Role::Practitioner));
		}),
	];
	for (way, lose) in ways {
		genesis_ext("development").execute_with(|| {
			let (_, doctor, admin) = doctor_with_personal_permit();
			lose(&doctor, &admin);
			assert!(pallet_credentials::CredentialOf::<Runtime>::get(&doctor, Role::Practitioner).is_none(), "{way}");
			assert_noop!(read(&doctor, 0, PurposeOfUse::Treatment), RecordsError::CredentialInactive);
		});
	}
}

#[test]
fn a_family_members_personal_permit_still_needs_no_credential() {
	genesis_ext("development").execute_with(|| {
		let (patient, _, _) = doctor_with_personal_permit();
		let spouse = Ferdie.to_account_id();
		consent_to(&patient, Permit, Grantee::Account(spouse.clone()), &[PurposeOfUse::Treatment], &[ConsentAction::Access]);
		assert_ok!(read(&spouse, 0, PurposeOfUse::Treatment));
	});
}

// ---- 2. discipline sticks ----

#[test]
fn an_admin_cannot_undo_a_registrar_suspension_by_remove_and_add_staff() {
	genesis_ext("development").execute_with(|| {
		let (_, doctor, admin) = doctor_with_personal_permit();
		registrar_acts(&doctor, Role::Practitioner, CredentialActionReason::Investigation, false);
		assert_ok!(Credentials::remove_staff(signed(&admin), doctor.clone(), Role::Practitioner));
		assert_noop!(add_staff(&admin, 0, &doctor, Role::Practitioner), CredentialsError::HolderSanctioned);
		assert_noop!(read(&doctor, 0, PurposeOfUse::Treatment), RecordsError::CredentialInactive);
	});
}

#[test]
fn a_revoked_professional_is_not_reissued_by_any_admin() {
	genesis_ext("development").execute_with(|| {
		let (_, doctor, admin) = doctor_with_personal_permit();
		registrar_acts(&doctor, Role::Practitioner, CredentialActionReason::LicenceWithdrawn, true);
		assert_noop!(add_staff(&admin, 0, &doctor, Role::Practitioner), CredentialsError::HolderSanctioned);
		// Nor by a second organization that also holds the role.
		let other_admin = Ferdie.to_account_id();
		assert_ok!(Credentials::register_organization(
			RuntimeOrigin::root(),
			other_admin.clone(),
			pallet_credentials::OrganizationKind::Clinic,
			vec![Role::Practitioner].try_into().expect("fits"),
			b"US-CA".to_vec().try_into().expect("fits"),
		));
		assert_noop!(add_staff(&other_admin, 1, &doctor, Role::Practitioner), CredentialsError::HolderSanctioned);
	});
}

#[test]
fn an_abuse_finding_follows_the_responder_across_key_rotation() {
	genesis_ext("development").execute_with(|| {
		let (patient, custodian, responder, admin) = cast();
		hospital_with_staff(admin, &[(custodian.clone(), Role::Custodian), (responder.clone(), Role::EmergencyResponder)]);
		patient_record(&patient, RecordType::AllergyIntolerance, &custodian);
		break_glass(&responder, &patient);
		// The responder moves its credential to a fresh key before the review.
		let fresh = Eve.to_account_id();
		assert_ok!(Credentials::rotate_account(signed(&responder), fresh.clone()));
		// The finding names the session's (old) key.
		<Credentials as OnCredentialAbuse<AccountId>>::on_abuse(
			&responder,
			Role::EmergencyResponder,
			CredentialActionReason::EmergencyAccessAbuse,
		);
		assert!(!active(&fresh, Role::EmergencyResponder));
		assert!(pallet_credentials::Sanctions::<Runtime>::contains_key(&fresh, Role::EmergencyResponder));
		// A referendum naming the old key reaches the new one as well.
		registrar_acts(&responder, Role::EmergencyResponder, CredentialActionReason::EmergencyAccessAbuse, true);
		assert!(pallet_credentials::CredentialOf::<Runtime>::get(&fresh, Role::EmergencyResponder).is_none());
	});
}

// ---- 3. and 4. a patient's deny stops a payer ----

/// 2026-11-22 as days since 1970-01-01.
const TODAY: u32 = 20_779;

/// Alice enrolled in Dave's plan 0, a claim by doctor Charlie paid citing her record 0, and Dave
/// reading the record for payment under the enrollment.
fn paid_claim() -> (AccountId, AccountId, AccountId) {
	System::set_block_number(1);
	pallet_timestamp::Now::<Runtime>::put(u64::from(TODAY) * 86_400_000 + 3_600_000);
	let (patient, custodian, doctor, payer, admin) =
		(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id(), Dave.to_account_id(), Eve.to_account_id());
	hospital_with_staff(admin, &[(custodian.clone(), Role::Custodian), (doctor.clone(), Role::Practitioner)]);
	super::insurer(&payer);
	patient_record(&patient, RecordType::Encounter, &custodian);
	consent_to(&patient, Permit, Grantee::Account(doctor.clone()), &[PurposeOfUse::Treatment], &[ConsentAction::Access]);
	let terms = PlanTerms {
		covered: vec![CoveredService { service: 99213, allowed: 100 * UNIT }].try_into().expect("fits"),
		coinsurance: Percent::from_percent(20),
		annual_limit: 1_000 * UNIT,
	};
	assert_ok!(Claims::publish_plan(signed(&payer), terms));
	assert_ok!(Claims::fund_escrow(signed(&payer), 0, 500 * UNIT));
	assert_ok!(Claims::enroll(signed(&patient), 0, patient.clone()));
	super::payer_accepts(&payer, 0, &patient, &[0]);
	let submit = || {
		Claims::submit_claim(
			signed(&doctor),
			0,
			patient.clone(),
			ClaimUse::Claim,
			vec![ClaimItem { service: 99213, service_date: TODAY - 2, amount: 150 * UNIT }].try_into().expect("fits"),
			vec![0].try_into().expect("fits"),
		)
	};
	// The provider alone cannot make the record the payer's evidence.
	assert_noop!(submit(), pallet_claims::Error::<Runtime>::NoDisclosureConsent);
	consent_to(&patient, Permit, Grantee::Account(payer.clone()), &[PurposeOfUse::Payment], &[ConsentAction::Disclose]);
	assert_ok!(submit());
	assert_ok!(read(&payer, 0, PurposeOfUse::Payment));
	let log = Records::access_log(&patient, &patient, 0, 10).expect("the patient reads the log");
	assert_eq!(log.last().map(|entry| entry.basis), Some(AccessBasis::Enrollment(0)));
	(patient, doctor, payer)
}

#[test]
fn a_patients_payment_deny_overrides_the_payers_enrollment() {
	genesis_ext("development").execute_with(|| {
		let (patient, _, payer) = paid_claim();
		consent_to(&patient, Deny, Grantee::Everyone, &[PurposeOfUse::Payment], &[ConsentAction::Access]);
		assert_noop!(read(&payer, 0, PurposeOfUse::Payment), RecordsError::DeniedByPatient);
	});
}

#[test]
fn a_payment_deny_reaches_a_coverage_permit() {
	genesis_ext("development").execute_with(|| {
		let (patient, _, payer) = paid_claim();
		consent_to(&patient, Permit, Grantee::Account(payer.clone()), &[PurposeOfUse::Coverage], &[ConsentAction::Access]);
		assert_ok!(read(&payer, 0, PurposeOfUse::Coverage));
		consent_to(&patient, Deny, Grantee::Account(payer.clone()), &[PurposeOfUse::Payment], &[ConsentAction::Access]);
		assert_noop!(read(&payer, 0, PurposeOfUse::Coverage), RecordsError::DeniedByPatient);
	});
}

#[test]
fn only_break_glass_overrides_a_patients_deny() {
	genesis_ext("development").execute_with(|| {
		let (patient, custodian, responder, admin) = cast();
		hospital_with_staff(admin, &[(custodian.clone(), Role::Custodian), (responder.clone(), Role::EmergencyResponder)]);
		patient_record(&patient, RecordType::AllergyIntolerance, &custodian);
		consent_to(&patient, Deny, Grantee::Everyone, &[PurposeOfUse::Treatment], &[ConsentAction::Access]);
		assert_noop!(read(&responder, 0, PurposeOfUse::EmergencyTreatment), RecordsError::DeniedByPatient);
		break_glass(&responder, &patient);
		assert_ok!(read(&responder, 0, PurposeOfUse::EmergencyTreatment));
	});
}

// ---- 7. proxies are whitelists ----

mod proxies {
	use super::*;
	use crate::{configs::utility::ProxyType, Proxy, RuntimeCall, RuntimeEvent};
	use frame_support::traits::InstanceFilter;

	fn calls(who: &AccountId) -> Vec<(&'static str, RuntimeCall)> {
		let record_call = |call| RuntimeCall::Records(call);
		vec![
			("balances.transfer_keep_alive", RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest: who.clone().into(), value: 1 })),
			("claims.fund_escrow", RuntimeCall::Claims(pallet_claims::Call::fund_escrow { plan: 0, amount: 1 })),
			("claims.withdraw_escrow", RuntimeCall::Claims(pallet_claims::Call::withdraw_escrow { plan: 0, amount: 1 })),
			("claims.submit_claim", RuntimeCall::Claims(pallet_claims::Call::submit_claim {
				plan: 0,
				patient: who.clone(),
				claim_use: ClaimUse::Claim,
				items: Default::default(),
				evidence: Default::default(),
			})),
			("claims.appeal_item", RuntimeCall::Claims(pallet_claims::Call::appeal_item { claim: 0, item: 0 })),
			("credentials.rotate_account", RuntimeCall::Credentials(pallet_credentials::Call::rotate_account { new: who.clone() })),
			("records.access_record", record_call(pallet_records::Call::access_record { record: 0, purpose: PurposeOfUse::Treatment })),
			("records.create_record", record_call(pallet_records::Call::create_record {
				patient: who.clone(),
				record_type: RecordType::Observation,
				purpose: PurposeOfUse::Treatment,
				commitment: Default::default(),
				custodian: who.clone(),
				locator: Default::default(),
			})),
			("records.erase_record", record_call(pallet_records::Call::erase_record { record: 0 })),
			("consent.revoke_consent", RuntimeCall::Consent(pallet_consent::Call::revoke_consent { consent: 0 })),
			("emergency.declare_emergency", RuntimeCall::EmergencyAccess(pallet_emergency_access::Call::declare_emergency {
				patient: who.clone(),
				reason: pallet_emergency_access::EmergencyReason::Other,
				justification: Default::default(),
			})),
			("collective.vote", RuntimeCall::RankedCollective(pallet_ranked_collective::Call::vote { poll: 0, aye: true })),
			("system.remark", RuntimeCall::System(frame_system::Call::remark { remark: vec![] })),
			("proxy.reject_announcement", RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement {
				delegate: who.clone().into(),
				call_hash: Default::default(),
			})),
		]
	}

	#[test]
	fn each_proxy_type_allows_exactly_its_whitelist() {
		let who = Alice.to_account_id();
		let allowed: [(ProxyType, &[&str]); 6] = [
			(ProxyType::Any, &[
				"balances.transfer_keep_alive", "claims.fund_escrow", "claims.withdraw_escrow", "claims.submit_claim",
				"claims.appeal_item", "credentials.rotate_account", "records.access_record", "records.create_record",
				"records.erase_record", "consent.revoke_consent", "emergency.declare_emergency", "collective.vote",
				"system.remark", "proxy.reject_announcement",
			]),
			(ProxyType::NonTransfer, &["collective.vote", "system.remark", "proxy.reject_announcement"]),
			(ProxyType::CancelProxy, &["proxy.reject_announcement"]),
			(ProxyType::Governance, &["collective.vote"]),
			(ProxyType::ClinicalAssistant, &["records.create_record"]),
			(ProxyType::Billing, &["claims.submit_claim", "claims.appeal_item"]),
		];
		for (proxy_type, names) in allowed {
			for (name, call) in calls(&who) {
				assert_eq!(proxy_type.filter(&call), names.contains(&name), "{proxy_type:?} on {name}");
				// Wrapping a call in a batch changes nothing: the batch passes, its calls are filtered.
				let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![call] });
				assert!(proxy_type.filter(&batch), "{proxy_type:?} on a batch");
			}
		}
		assert!(ProxyType::NonTransfer.is_superset(&ProxyType::Governance));
		assert!(!ProxyType::NonTransfer.is_superset(&ProxyType::Billing));
		assert!(!ProxyType::Billing.is_superset(&ProxyType::Any));
	}

	#[test]
	fn a_non_transfer_proxy_cannot_move_escrow_or_read_records_even_in_a_batch() {
		genesis_ext("development").execute_with(|| {
			System::set_block_number(1);
			let (principal, proxy) = (Alice.to_account_id(), Bob.to_account_id());
			assert_ok!(Proxy::add_proxy(signed(&principal), proxy.clone().into(), ProxyType::NonTransfer, 0));
			// What a NonTransfer proxy may do is named here, not asked of the filter under test.
			let allowed = ["collective.vote", "system.remark", "proxy.reject_announcement"];
			for (name, call) in calls(&principal) {
				if allowed.contains(&name) {
					continue;
				}
				let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![call.clone()] });
				for attempt in [call, batch] {
					System::reset_events();
					assert_ok!(Proxy::proxy(signed(&proxy), principal.clone().into(), None, Box::new(attempt)));
					// Refused by the proxy's filter, not by the call failing for another reason.
					let filtered: sp_runtime::DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();
					let refused = System::events().iter().any(|record| match &record.event {
						RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result: Err(e) }) => *e == filtered,
						RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted { error, .. }) => *error == filtered,
						_ => false,
					});
					assert!(refused, "a NonTransfer proxy dispatched {name}");
				}
			}
		});
	}
}

// ---- 5. break-glass review that patient, responder and regulator accept ----

#[test]
fn a_responders_own_organization_cannot_whitewash_and_a_stranger_cannot_cut_off_care() {
	use crate::configs::parameters::emergency;
	use frame_support::traits::Get;
	use pallet_emergency_access::{Error as EmergencyError, ReviewOutcome, SessionStatus, Sessions};
	genesis_ext("development").execute_with(|| {
		let (patient, custodian, responder, admin) = cast();
		let (own_officer, other_officer) = (Eve.to_account_id(), Ferdie.to_account_id());
		// Organization 0: the responder's hospital, with its own privacy officer.
		hospital_with_staff(
			admin,
			&[
				(custodian.clone(), Role::Custodian),
				(responder.clone(), Role::EmergencyResponder),
				(own_officer.clone(), Role::PrivacyOfficer),
			],
		);
		// Organization 1: another member's privacy office.
		let other_admin = custodian.clone();
		assert_ok!(Credentials::register_organization(
			RuntimeOrigin::root(),
			other_admin,
			pallet_credentials::OrganizationKind::Agency,
			vec![Role::PrivacyOfficer].try_into().expect("fits"),
			b"US".to_vec().try_into().expect("fits"),
		));
		assert_ok!(Credentials::issue_credential(
			RuntimeOrigin::root(),
			other_officer.clone(),
			Role::PrivacyOfficer,
			1,
			Default::default(),
			b"US".to_vec().try_into().expect("fits"),
			100_000,
		));
		patient_record(&patient, RecordType::AllergyIntolerance, &custodian);
		break_glass(&responder, &patient);
		let review = |who: &AccountId, outcome| EmergencyAccess::review_session(signed(who), 0, outcome);
		// No officer ends a live session; the patient, who is paid the slash, cannot convict.
		assert_noop!(review(&other_officer, ReviewOutcome::Abuse), EmergencyError::<Runtime>::SessionLive);
		assert_noop!(review(&patient, ReviewOutcome::Abuse), EmergencyError::<Runtime>::PatientMayNotFindAbuse);
		System::set_block_number(1 + emergency::AccessWindow::get());
		// The responder's own organization may not clear its staff.
		assert_noop!(review(&own_officer, ReviewOutcome::Justified), EmergencyError::<Runtime>::ReviewerNotIndependent);
		// An independent finding of abuse is provisional, and the responder contests it.
		assert_ok!(review(&other_officer, ReviewOutcome::Abuse));
		assert!(active(&responder, Role::EmergencyResponder));
		assert_ok!(EmergencyAccess::contest_finding(signed(&responder), 0));
		assert_eq!(Sessions::<Runtime>::get(0).map(|s| s.status), Some(SessionStatus::Disputed));
	});
}

// ---- 6. an author keeps no control once its grant is gone ----

#[test]
fn an_author_loses_control_of_a_record_with_its_grant_and_history_is_kept() {
	genesis_ext("development").execute_with(|| {
		let (patient, custodian, doctor, admin) = cast();
		hospital_with_staff(admin, &[(custodian.clone(), Role::Custodian), (doctor.clone(), Role::Practitioner)]);
		let grant = consent_to(
			&patient,
			Permit,
			Grantee::Account(doctor.clone()),
			&[PurposeOfUse::Treatment],
			&[ConsentAction::Collect, ConsentAction::Correct, ConsentAction::Disclose],
		);
		let locator: pallet_records::LocatorOf<Runtime> = b"bafybeigdyrzt".to_vec().try_into().expect("fits");
		assert_ok!(Records::create_record(
			signed(&doctor),
			patient.clone(),
			RecordType::Condition,
			PurposeOfUse::Treatment,
			sp_core::H256::repeat_byte(1),
			custodian.clone(),
			locator,
		));
		let key: pallet_records::WrappedKeyOf<Runtime> = vec![7u8; 92].try_into().expect("fits");
		let rekey = |who: &AccountId, byte: u8| {
			Records::rekey(signed(who), 0, sp_core::H256::repeat_byte(byte), None, Default::default())
		};
		// With its grant, the author maintains the record.
		assert_ok!(Records::add_key_envelope(signed(&doctor), 0, Eve.to_account_id(), key.clone()));
		assert_ok!(rekey(&doctor, 2));
		// The patient revokes: the author can do nothing more.
		assert_ok!(crate::Consent::revoke_consent(signed(&patient), grant));
		assert_noop!(rekey(&doctor, 3), RecordsError::NoAccessBasis);
		assert_noop!(Records::add_key_envelope(signed(&doctor), 0, Ferdie.to_account_id(), key), RecordsError::NoAccessBasis);
		assert_noop!(Records::remove_key_envelope(signed(&doctor), 0, Ferdie.to_account_id()), RecordsError::NoAccessBasis);
		assert_noop!(Records::mark_entered_in_error(signed(&doctor), 0), RecordsError::NoAccessBasis);
		// The patient still may; every commitment the record had is kept.
		assert_ok!(rekey(&patient, 4));
		let past: Vec<_> = pallet_records::PastCommitments::<Runtime>::get(0).iter().map(|p| p.commitment).collect();
		assert_eq!(past, vec![sp_core::H256::repeat_byte(1), sp_core::H256::repeat_byte(2)]);
		assert_eq!(pallet_records::RecordVersions::<Runtime>::get(0).map(|r| r.commitment), Some(sp_core::H256::repeat_byte(4)));
	});
}

#[test]
fn an_ex_guardian_keeps_no_control_of_records_it_created() {
	genesis_ext("development").execute_with(|| {
		System::set_block_number(1);
		let (patient, custodian, guardian, admin) =
			(Alice.to_account_id(), Bob.to_account_id(), Ferdie.to_account_id(), Dave.to_account_id());
		hospital_with_staff(admin, &[(custodian.clone(), Role::Custodian)]);
		assert_ok!(crate::Consent::appoint_guardian(signed(&patient), patient.clone(), guardian.clone(), None));
		let locator: pallet_records::LocatorOf<Runtime> = b"bafybeigdyrzt".to_vec().try_into().expect("fits");
		assert_ok!(Records::create_record(
			signed(&guardian),
			patient.clone(),
			RecordType::Immunization,
			PurposeOfUse::Treatment,
			sp_core::H256::repeat_byte(1),
			custodian,
			locator,
		));
		assert_ok!(crate::Consent::end_guardianship(signed(&patient), patient.clone()));
		assert_noop!(Records::mark_entered_in_error(signed(&guardian), 0), RecordsError::NoAccessBasis);
		assert_ok!(Records::mark_entered_in_error(signed(&patient), 0));
	});
}

// ---- a custodian answers only for documents its organization took on ----

#[test]
fn a_doctor_cannot_make_another_hospitals_store_answer_for_a_document() {
	genesis_ext("development").execute_with(|| {
		let (patient, other_store, doctor, admin) = cast();
		let own_store = Ferdie.to_account_id();
		hospital_with_staff(admin, &[(doctor.clone(), Role::Practitioner), (own_store.clone(), Role::Custodian)]);
		hospital_with_staff(Eve.to_account_id(), &[(other_store.clone(), Role::Custodian)]);
		consent_to(&patient, Permit, Grantee::Account(doctor.clone()), &[PurposeOfUse::Treatment], &[ConsentAction::Collect]);
		let create = |custodian: &AccountId| {
			Records::create_record(
				signed(&doctor),
				patient.clone(),
				RecordType::Observation,
				PurposeOfUse::Treatment,
				sp_core::H256::repeat_byte(2),
				custodian.clone(),
				b"bafybeigdyrzt".to_vec().try_into().expect("fits"),
			)
		};
		assert_noop!(create(&other_store), RecordsError::CustodianOfAnotherOrganization);
		assert_ok!(create(&own_store));
		// The patient may still choose the other store for a document of its own.
		patient_record(&patient, RecordType::Observation, &other_store);
	});
}
