//! Tests of pallet-credentials: every call from its allowed and a denied origin, every error,
//! the lifecycle as seen through `CredentialInspect`, deposits and events. Each test ends with
//! `do_try_state`.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use polkadot_sdk::{frame_support, sp_runtime::DispatchError};

type Error = crate::Error<Test>;
type Event = crate::Event<Test>;

const HOSPITAL: OrganizationId = 0;
const LICENCE: H256 = H256::repeat_byte(0xab);

fn roles(list: &[Role]) -> OrganizationRoles {
	OrganizationRoles::truncate_from(list.to_vec())
}

fn jurisdiction(code: &str) -> Jurisdiction {
	Jurisdiction::truncate_from(code.as_bytes().to_vec())
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn register_hospital() {
	assert_ok!(Credentials::register_organization(
		root(),
		ADMIN,
		OrganizationKind::Hospital,
		roles(&[Role::Practitioner, Role::EmergencyResponder, Role::PrivacyOfficer]),
		jurisdiction("US-CA"),
	));
}

fn issue(holder: u64, role: Role) {
	assert_ok!(Credentials::issue_credential(
		root(),
		holder,
		role,
		HOSPITAL,
		LICENCE,
		jurisdiction("US-CA"),
		100,
	));
}

fn held(who: u64, reason: HoldReason) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Credentials(reason), &who)
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Credentials(e) = r.event { Some(e) } else { None })
		.last()
		.expect("an event")
}

fn active(who: u64, role: Role) -> bool {
	<Credentials as CredentialInspect<u64>>::is_active(&who, role)
}

#[test]
fn affiliation_reports_the_organization_and_state_of_a_credential() {
	build_and_execute(|| {
		let inspect = |who| <Credentials as CredentialInspect<u64>>::affiliation(&who, Role::Practitioner);
		assert!(!<Credentials as CredentialInspect<u64>>::organization_exists(HOSPITAL));
		register_hospital();
		assert!(<Credentials as CredentialInspect<u64>>::organization_exists(HOSPITAL));
		assert!(!<Credentials as CredentialInspect<u64>>::is_professional(&DOCTOR));
		assert_eq!(inspect(DOCTOR), None);
		issue(DOCTOR, Role::Practitioner);
		assert_eq!(inspect(DOCTOR), Some(Affiliation { organization: HOSPITAL, active: true }));
		assert!(<Credentials as CredentialInspect<u64>>::is_professional(&DOCTOR));
		// A suspended credential still names its organization and still makes a professional.
		assert_ok!(Credentials::suspend_credential(root(), DOCTOR, Role::Practitioner, CredentialActionReason::Investigation));
		assert_eq!(inspect(DOCTOR), Some(Affiliation { organization: HOSPITAL, active: false }));
		assert!(<Credentials as CredentialInspect<u64>>::is_professional(&DOCTOR));
		assert!(!active(DOCTOR, Role::Practitioner));
	});
}

// ---- organizations ----

#[test]
fn register_organization_holds_a_deposit_and_emits_an_event() {
	build_and_execute(|| {
		register_hospital();
		let entry = Organizations::<Test>::get(HOSPITAL).expect("registered");
		assert_eq!(entry.admin, ADMIN);
		assert_eq!(entry.status, OrganizationStatus::Active);
		assert_eq!(entry.deposit, 100);
		assert_eq!(held(ADMIN, HoldReason::OrganizationDeposit), 100);
		assert_eq!(NextOrganizationId::<Test>::get(), 1);
		assert_eq!(
			last_event(),
			Event::OrganizationRegistered {
				organization: HOSPITAL,
				admin: ADMIN,
				kind: OrganizationKind::Hospital,
				roles: roles(&[Role::Practitioner, Role::EmergencyResponder, Role::PrivacyOfficer]),
			}
		);
	});
}

#[test]
fn register_organization_rejects_bad_input_and_origin() {
	build_and_execute(|| {
		let register = |origin, admin, list: &[Role], code: &str| {
			Credentials::register_organization(origin, admin, OrganizationKind::Clinic, roles(list), jurisdiction(code))
		};
		assert_noop!(register(signed(ADMIN), ADMIN, &[Role::Practitioner], "US"), DispatchError::BadOrigin);
		assert_noop!(register(root(), ADMIN, &[], "US"), Error::NoRoles);
		assert_noop!(
			register(root(), ADMIN, &[Role::Payer, Role::Practitioner, Role::Payer], "US"),
			Error::DuplicateRole
		);
		for bad in ["", "U", "us", "USA", "US-", "US-AB!", "-CA", "U1", "US-c"] {
			assert_noop!(register(root(), ADMIN, &[Role::Payer], bad), Error::InvalidJurisdiction);
		}
		assert_noop!(register(root(), 99, &[Role::Payer], "DE"), Error::InsufficientDeposit);
		NextOrganizationId::<Test>::put(OrganizationId::MAX);
		assert_noop!(register(root(), ADMIN, &[Role::Payer], "DE-BY"), Error::OrganizationIdsExhausted);
	});
}

#[test]
fn jurisdiction_codes_follow_iso_3166() {
	for good in ["US", "US-CA", "DE-BY", "FR-75", "GB-ENG", "IN-1"] {
		assert!(is_valid_jurisdiction(good.as_bytes()), "{good}");
	}
}

#[test]
fn suspending_an_organization_deactivates_its_credentials_at_once() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		assert!(active(DOCTOR, Role::Practitioner));

		assert_noop!(
			Credentials::suspend_organization(signed(ADMIN), HOSPITAL, CredentialActionReason::Investigation),
			DispatchError::BadOrigin
		);
		assert_ok!(Credentials::suspend_organization(root(), HOSPITAL, CredentialActionReason::Investigation));
		assert_eq!(
			last_event(),
			Event::OrganizationSuspended { organization: HOSPITAL, reason: CredentialActionReason::Investigation }
		);
		assert!(!active(DOCTOR, Role::Practitioner));
		assert_noop!(
			Credentials::suspend_organization(root(), HOSPITAL, CredentialActionReason::Investigation),
			Error::OrganizationNotActive
		);
		// A suspended organization cannot issue.
		assert_noop!(
			Credentials::issue_credential(root(), NURSE, Role::Practitioner, HOSPITAL, LICENCE, jurisdiction("US"), 50),
			Error::OrganizationNotActive
		);

		assert_noop!(Credentials::reinstate_organization(signed(ADMIN), HOSPITAL), DispatchError::BadOrigin);
		assert_ok!(Credentials::reinstate_organization(root(), HOSPITAL));
		assert_eq!(last_event(), Event::OrganizationReinstated { organization: HOSPITAL });
		assert!(active(DOCTOR, Role::Practitioner));
		assert_noop!(Credentials::reinstate_organization(root(), HOSPITAL), Error::OrganizationNotSuspended);
		assert_noop!(Credentials::reinstate_organization(root(), 7), Error::OrganizationNotFound);
		assert_noop!(
			Credentials::suspend_organization(root(), 7, CredentialActionReason::Investigation),
			Error::OrganizationNotFound
		);
	});
}

#[test]
fn revoking_an_organization_is_final_and_lets_anyone_clean_up() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		assert_noop!(
			Credentials::revoke_organization(signed(ADMIN), HOSPITAL, CredentialActionReason::LicenceWithdrawn),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Credentials::revoke_organization(root(), 7, CredentialActionReason::LicenceWithdrawn),
			Error::OrganizationNotFound
		);
		assert_ok!(Credentials::revoke_organization(root(), HOSPITAL, CredentialActionReason::LicenceWithdrawn));
		assert_eq!(
			last_event(),
			Event::OrganizationRevoked { organization: HOSPITAL, reason: CredentialActionReason::LicenceWithdrawn }
		);
		assert!(!active(DOCTOR, Role::Practitioner));
		assert_noop!(
			Credentials::revoke_organization(root(), HOSPITAL, CredentialActionReason::LicenceWithdrawn),
			Error::OrganizationRevoked
		);
		assert_noop!(Credentials::reinstate_organization(root(), HOSPITAL), Error::OrganizationNotSuspended);

		// The organization cannot go while it stores credentials.
		assert_noop!(Credentials::remove_organization(signed(ADMIN), HOSPITAL), Error::OrganizationHasCredentials);
		// Anyone may remove the dead credential; the deposit returns to the admin.
		assert_eq!(held(ADMIN, HoldReason::CredentialDeposit), 10);
		assert_ok!(Credentials::remove_lapsed_credential(signed(STRANGER), DOCTOR, Role::Practitioner));
		assert_eq!(held(ADMIN, HoldReason::CredentialDeposit), 0);
		assert_eq!(
			last_event(),
			Event::CredentialRemoved {
				actor: Actor::Account(STRANGER),
				holder: DOCTOR,
				role: Role::Practitioner,
				organization: HOSPITAL,
				reason: CredentialActionReason::LicenceWithdrawn,
			}
		);
		assert_ok!(Credentials::remove_organization(signed(ADMIN), HOSPITAL));
		assert_eq!(held(ADMIN, HoldReason::OrganizationDeposit), 0);
		assert!(Organizations::<Test>::get(HOSPITAL).is_none());
	});
}

#[test]
fn remove_organization_by_registrar_or_admin_only() {
	build_and_execute(|| {
		register_hospital();
		assert_noop!(Credentials::remove_organization(signed(STRANGER), HOSPITAL), Error::NotOrganizationAdmin);
		assert_noop!(Credentials::remove_organization(RuntimeOrigin::none(), HOSPITAL), DispatchError::BadOrigin);
		assert_noop!(Credentials::remove_organization(root(), 7), Error::OrganizationNotFound);
		assert_ok!(Credentials::remove_organization(root(), HOSPITAL));
		assert_eq!(last_event(), Event::OrganizationRemoved { organization: HOSPITAL, actor: Actor::Registrar });
		assert_eq!(Balances::free_balance(ADMIN), 1_000);
	});
}

// ---- credentials issued by the registrar ----

#[test]
fn issue_credential_checks_everything_it_stores() {
	build_and_execute(|| {
		register_hospital();
		let issue = |origin, holder, role, organization, code: &str, until| {
			Credentials::issue_credential(origin, holder, role, organization, LICENCE, jurisdiction(code), until)
		};
		assert_noop!(issue(signed(ADMIN), DOCTOR, Role::Practitioner, HOSPITAL, "US", 50), DispatchError::BadOrigin);
		assert_noop!(issue(root(), DOCTOR, Role::Practitioner, 7, "US", 50), Error::OrganizationNotFound);
		assert_noop!(issue(root(), DOCTOR, Role::Payer, HOSPITAL, "US", 50), Error::RoleNotHeldByOrganization);
		assert_noop!(issue(root(), DOCTOR, Role::Practitioner, HOSPITAL, "usa", 50), Error::InvalidJurisdiction);
		assert_noop!(issue(root(), DOCTOR, Role::Practitioner, HOSPITAL, "US", 1), Error::ValidityInPast);
		assert_noop!(issue(root(), DOCTOR, Role::Practitioner, HOSPITAL, "US", 1_002), Error::ValidityTooLong);

		assert_ok!(issue(root(), DOCTOR, Role::Practitioner, HOSPITAL, "US-NY", 1_001));
		let credential = CredentialOf::<Test>::get(DOCTOR, Role::Practitioner).expect("issued");
		assert_eq!(credential.licence_commitment, LICENCE);
		assert_eq!(credential.jurisdiction, jurisdiction("US-NY"));
		assert_eq!((credential.valid_until, credential.issued_at, credential.depositor), (1_001, 1, ADMIN));
		assert_eq!(Organizations::<Test>::get(HOSPITAL).map(|o| o.credentials), Some(1));
		assert_eq!(held(ADMIN, HoldReason::CredentialDeposit), 10);
		assert_eq!(
			last_event(),
			Event::CredentialIssued {
				actor: Actor::Registrar,
				holder: DOCTOR,
				role: Role::Practitioner,
				organization: HOSPITAL,
				valid_until: 1_001,
			}
		);
		assert_noop!(issue(root(), DOCTOR, Role::Practitioner, HOSPITAL, "US", 50), Error::CredentialExists);
		// One account may hold several roles.
		assert_ok!(issue(root(), DOCTOR, Role::EmergencyResponder, HOSPITAL, "US", 50));
		assert!(active(DOCTOR, Role::Practitioner) && active(DOCTOR, Role::EmergencyResponder));
		assert!(!active(DOCTOR, Role::PrivacyOfficer));
	});
}

#[test]
fn issue_fails_when_the_admin_cannot_afford_the_deposit() {
	build_and_execute(|| {
		assert_ok!(Credentials::register_organization(
			root(),
			POOR_ADMIN,
			OrganizationKind::Laboratory,
			roles(&[Role::Custodian]),
			jurisdiction("DE"),
		));
		assert_noop!(
			Credentials::issue_credential(root(), NURSE, Role::Custodian, HOSPITAL, LICENCE, jurisdiction("DE"), 50),
			Error::InsufficientDeposit
		);
	});
}

#[test]
fn a_credential_expires_after_its_last_valid_block() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		System::set_block_number(100);
		assert!(active(DOCTOR, Role::Practitioner));
		assert_noop!(
			Credentials::remove_lapsed_credential(signed(STRANGER), DOCTOR, Role::Practitioner),
			Error::CredentialStillValid
		);
		System::set_block_number(101);
		assert!(!active(DOCTOR, Role::Practitioner));
		assert_noop!(
			Credentials::remove_lapsed_credential(RuntimeOrigin::none(), DOCTOR, Role::Practitioner),
			DispatchError::BadOrigin
		);
		assert_ok!(Credentials::remove_lapsed_credential(signed(STRANGER), DOCTOR, Role::Practitioner));
		assert!(CredentialOf::<Test>::get(DOCTOR, Role::Practitioner).is_none());
		assert_noop!(
			Credentials::remove_lapsed_credential(signed(STRANGER), DOCTOR, Role::Practitioner),
			Error::CredentialNotFound
		);
	});
}

#[test]
fn renew_extends_validity_within_the_limit() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		System::set_block_number(90);
		assert_noop!(Credentials::renew_credential(signed(ADMIN), DOCTOR, Role::Practitioner, 500), DispatchError::BadOrigin);
		assert_noop!(Credentials::renew_credential(root(), DOCTOR, Role::Practitioner, 90), Error::ValidityInPast);
		assert_noop!(Credentials::renew_credential(root(), DOCTOR, Role::Practitioner, 1_091), Error::ValidityTooLong);
		assert_noop!(Credentials::renew_credential(root(), NURSE, Role::Practitioner, 500), Error::CredentialNotFound);
		assert_ok!(Credentials::renew_credential(root(), DOCTOR, Role::Practitioner, 1_090));
		assert_eq!(
			last_event(),
			Event::CredentialRenewed { holder: DOCTOR, role: Role::Practitioner, valid_until: 1_090 }
		);
		System::set_block_number(500);
		assert!(active(DOCTOR, Role::Practitioner));
	});
}

#[test]
fn suspend_and_reinstate_a_credential() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		let reason = CredentialActionReason::Investigation;
		assert_noop!(
			Credentials::suspend_credential(signed(ADMIN), DOCTOR, Role::Practitioner, reason),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Credentials::suspend_credential(root(), NURSE, Role::Practitioner, reason),
			Error::CredentialNotFound
		);
		assert_noop!(Credentials::reinstate_credential(root(), DOCTOR, Role::Practitioner), Error::NothingToReinstate);
		assert_ok!(Credentials::suspend_credential(root(), DOCTOR, Role::Practitioner, reason));
		assert_eq!(
			last_event(),
			Event::CredentialSuspended { actor: Actor::Registrar, holder: DOCTOR, role: Role::Practitioner, reason }
		);
		assert!(!active(DOCTOR, Role::Practitioner));
		assert_noop!(
			Credentials::suspend_credential(root(), DOCTOR, Role::Practitioner, reason),
			Error::CredentialAlreadySuspended
		);
		assert_noop!(Credentials::reinstate_credential(signed(ADMIN), DOCTOR, Role::Practitioner), DispatchError::BadOrigin);
		assert_noop!(Credentials::reinstate_credential(root(), NURSE, Role::Practitioner), Error::NothingToReinstate);
		assert_ok!(Credentials::reinstate_credential(root(), DOCTOR, Role::Practitioner));
		assert_eq!(
			last_event(),
			Event::CredentialReinstated { actor: Actor::Registrar, holder: DOCTOR, role: Role::Practitioner }
		);
		assert!(active(DOCTOR, Role::Practitioner));
	});
}

#[test]
fn the_disciplinary_origin_suspends_and_reinstates_but_does_nothing_else() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		let reason = CredentialActionReason::AccessAbuse;
		assert_ok!(Credentials::suspend_credential(signed(ARBITER), DOCTOR, Role::Practitioner, reason));
		assert_eq!(
			last_event(),
			Event::CredentialSuspended { actor: Actor::Arbitration, holder: DOCTOR, role: Role::Practitioner, reason }
		);
		assert!(!active(DOCTOR, Role::Practitioner));
		assert_ok!(Credentials::reinstate_credential(signed(ARBITER), DOCTOR, Role::Practitioner));
		assert_eq!(
			last_event(),
			Event::CredentialReinstated { actor: Actor::Arbitration, holder: DOCTOR, role: Role::Practitioner }
		);
		assert!(active(DOCTOR, Role::Practitioner));
		// Issuing and revoking stay with the registrar.
		assert_noop!(
			Credentials::revoke_credential(signed(ARBITER), DOCTOR, Role::Practitioner, reason),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Credentials::issue_credential(
				signed(ARBITER),
				NURSE,
				Role::Practitioner,
				HOSPITAL,
				LICENCE,
				jurisdiction("US-CA"),
				10,
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn revoke_removes_the_credential_and_releases_its_deposit() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		let reason = CredentialActionReason::AccessAbuse;
		assert_noop!(
			Credentials::revoke_credential(signed(ADMIN), DOCTOR, Role::Practitioner, reason),
			DispatchError::BadOrigin
		);
		assert_noop!(Credentials::revoke_credential(root(), NURSE, Role::Practitioner, reason), Error::CredentialNotFound);
		assert_ok!(Credentials::revoke_credential(root(), DOCTOR, Role::Practitioner, reason));
		assert_eq!(
			last_event(),
			Event::CredentialRemoved {
				actor: Actor::Registrar,
				holder: DOCTOR,
				role: Role::Practitioner,
				organization: HOSPITAL,
				reason,
			}
		);
		assert!(!active(DOCTOR, Role::Practitioner));
		assert_eq!(held(ADMIN, HoldReason::CredentialDeposit), 0);
		assert_eq!(Organizations::<Test>::get(HOSPITAL).map(|o| o.credentials), Some(0));
	});
}

// ---- staff managed by the organization's admin ----

#[test]
fn an_admin_manages_staff_within_the_organizations_roles() {
	build_and_execute(|| {
		register_hospital();
		assert_ok!(Credentials::register_organization(
			root(),
			OTHER_ADMIN,
			OrganizationKind::Payer,
			roles(&[Role::Payer]),
			jurisdiction("US"),
		));
		let add = |origin, organization, holder, role| {
			Credentials::add_staff(origin, organization, holder, role, LICENCE, jurisdiction("US-CA"), 100)
		};
		assert_noop!(add(root(), HOSPITAL, NURSE, Role::Practitioner), DispatchError::BadOrigin);
		assert_noop!(add(signed(OTHER_ADMIN), HOSPITAL, NURSE, Role::Practitioner), Error::NotOrganizationAdmin);
		assert_noop!(add(signed(ADMIN), 7, NURSE, Role::Practitioner), Error::OrganizationNotFound);
		assert_noop!(add(signed(ADMIN), HOSPITAL, NURSE, Role::Payer), Error::RoleNotHeldByOrganization);

		assert_ok!(add(signed(ADMIN), HOSPITAL, NURSE, Role::Practitioner));
		assert_eq!(
			last_event(),
			Event::CredentialIssued {
				actor: Actor::Account(ADMIN),
				holder: NURSE,
				role: Role::Practitioner,
				organization: HOSPITAL,
				valid_until: 100,
			}
		);
		assert!(active(NURSE, Role::Practitioner));
		assert_eq!(held(ADMIN, HoldReason::CredentialDeposit), 10);

		assert_noop!(Credentials::remove_staff(signed(OTHER_ADMIN), NURSE, Role::Practitioner), Error::NotOrganizationAdmin);
		assert_noop!(Credentials::remove_staff(root(), NURSE, Role::Practitioner), DispatchError::BadOrigin);
		assert_noop!(Credentials::remove_staff(signed(ADMIN), DOCTOR, Role::Practitioner), Error::CredentialNotFound);
		assert_ok!(Credentials::remove_staff(signed(ADMIN), NURSE, Role::Practitioner));
		assert_eq!(
			last_event(),
			Event::CredentialRemoved {
				actor: Actor::Account(ADMIN),
				holder: NURSE,
				role: Role::Practitioner,
				organization: HOSPITAL,
				reason: CredentialActionReason::Administrative,
			}
		);
		assert!(!active(NURSE, Role::Practitioner));
		assert_eq!(held(ADMIN, HoldReason::CredentialDeposit), 0);
	});
}

// ---- key rotation ----

#[test]
fn rotation_moves_every_credential_and_keeps_history() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		issue(DOCTOR, Role::EmergencyResponder);
		assert_noop!(Credentials::rotate_account(root(), NURSE), DispatchError::BadOrigin);
		assert_noop!(Credentials::rotate_account(signed(DOCTOR), DOCTOR), Error::SameAccount);
		assert_noop!(Credentials::rotate_account(signed(STRANGER), NURSE), Error::NothingToRotate);
		issue(NURSE, Role::EmergencyResponder);
		assert_noop!(Credentials::rotate_account(signed(DOCTOR), NURSE), Error::RotationTargetHasCredential);

		assert_ok!(Credentials::rotate_account(signed(DOCTOR), STRANGER));
		assert_eq!(
			last_event(),
			Event::AccountRotated {
				old: DOCTOR,
				new: STRANGER,
				roles: roles(&[Role::Practitioner, Role::EmergencyResponder]),
			}
		);
		assert!(!active(DOCTOR, Role::Practitioner) && !active(DOCTOR, Role::EmergencyResponder));
		assert!(active(STRANGER, Role::Practitioner) && active(STRANGER, Role::EmergencyResponder));
		let moved = CredentialOf::<Test>::get(STRANGER, Role::Practitioner).expect("moved");
		assert_eq!(moved.rotated_from, Some(DOCTOR));
		assert_eq!(moved.depositor, ADMIN);
	});
}

// ---- consequences reported by other pallets ----

#[test]
fn abuse_reports_suspend_the_credential() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::EmergencyResponder);
		let reason = CredentialActionReason::EmergencyAccessAbuse;
		<Credentials as OnCredentialAbuse<u64>>::on_abuse(&DOCTOR, Role::EmergencyResponder, reason);
		assert!(!active(DOCTOR, Role::EmergencyResponder));
		assert_eq!(
			last_event(),
			Event::CredentialSuspended {
				actor: Actor::AbuseReport,
				holder: DOCTOR,
				role: Role::EmergencyResponder,
				reason,
			}
		);
		// A report against a person with no credential still binds them: no admin may issue
		// them one.
		<Credentials as OnCredentialAbuse<u64>>::on_abuse(&NURSE, Role::Practitioner, reason);
		assert_eq!(
			last_event(),
			Event::SanctionImposed {
				actor: Actor::AbuseReport,
				holder: NURSE,
				role: Role::Practitioner,
				kind: SanctionKind::Suspended,
				reason,
			}
		);
		assert_noop!(add_staff(ADMIN, NURSE, Role::Practitioner), Error::HolderSanctioned);
	});
}

fn add_staff(admin: u64, holder: u64, role: Role) -> frame_support::dispatch::DispatchResult {
	Credentials::add_staff(signed(admin), HOSPITAL, holder, role, LICENCE, jurisdiction("US-CA"), 100)
}

fn professional(who: u64) -> bool {
	<Credentials as CredentialInspect<u64>>::is_professional(&who)
}

// ---- discipline that sticks ----

#[test]
fn a_professional_stays_one_whichever_way_the_credential_goes() {
	build_and_execute(|| {
		register_hospital();
		let reason = CredentialActionReason::LicenceWithdrawn;
		// Revoked by the registrar.
		issue(DOCTOR, Role::Practitioner);
		assert_ok!(Credentials::revoke_credential(root(), DOCTOR, Role::Practitioner, reason));
		assert!(professional(DOCTOR));
		// Removed by the admin.
		assert_ok!(add_staff(ADMIN, NURSE, Role::Practitioner));
		assert_ok!(Credentials::remove_staff(signed(ADMIN), NURSE, Role::Practitioner));
		assert!(professional(NURSE));
		// Rotated away: both keys are professionals.
		issue(STRANGER, Role::PrivacyOfficer);
		assert_ok!(Credentials::rotate_account(signed(STRANGER), 40));
		assert!(professional(STRANGER) && professional(40));
		// Lapsed and removed by anyone.
		issue(41, Role::Practitioner);
		System::set_block_number(101);
		assert_ok!(Credentials::remove_lapsed_credential(signed(STRANGER), 41, Role::Practitioner));
		assert!(professional(41));
		// An account that never held a credential is a private person.
		assert!(!professional(42));
	});
}

#[test]
fn an_admin_cannot_undo_a_suspension_by_removing_and_re_adding() {
	build_and_execute(|| {
		register_hospital();
		assert_ok!(add_staff(ADMIN, DOCTOR, Role::Practitioner));
		let reason = CredentialActionReason::AccessAbuse;
		assert_ok!(Credentials::suspend_credential(signed(ARBITER), DOCTOR, Role::Practitioner, reason));
		assert_ok!(Credentials::remove_staff(signed(ADMIN), DOCTOR, Role::Practitioner));
		assert_noop!(add_staff(ADMIN, DOCTOR, Role::Practitioner), Error::HolderSanctioned);
		// Not in another role either, nor by another organization's admin.
		assert_noop!(add_staff(ADMIN, DOCTOR, Role::EmergencyResponder), Error::HolderSanctioned);
		assert_ok!(Credentials::register_organization(
			root(),
			OTHER_ADMIN,
			OrganizationKind::Clinic,
			roles(&[Role::Practitioner]),
			jurisdiction("US"),
		));
		assert_noop!(
			Credentials::add_staff(signed(OTHER_ADMIN), 1, DOCTOR, Role::Practitioner, LICENCE, jurisdiction("US"), 100),
			Error::HolderSanctioned
		);
		// Arbitration lifts it, even with no credential left; then the admin may add again.
		assert_ok!(Credentials::reinstate_credential(signed(ARBITER), DOCTOR, Role::Practitioner));
		assert_eq!(
			last_event(),
			Event::SanctionLifted { actor: Actor::Arbitration, holder: DOCTOR, role: Role::Practitioner }
		);
		assert_ok!(add_staff(ADMIN, DOCTOR, Role::Practitioner));
	});
}

#[test]
fn only_the_registrar_reissues_a_credential_revoked_for_cause() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		assert_ok!(Credentials::revoke_credential(root(), DOCTOR, Role::Practitioner, CredentialActionReason::LicenceWithdrawn));
		assert_eq!(Sanctions::<Test>::get(DOCTOR, Role::Practitioner).map(|s| s.kind), Some(SanctionKind::Revoked));
		assert_noop!(add_staff(ADMIN, DOCTOR, Role::Practitioner), Error::HolderSanctioned);
		// An administrative revocation bars nothing.
		issue(NURSE, Role::Practitioner);
		assert_ok!(Credentials::revoke_credential(root(), NURSE, Role::Practitioner, CredentialActionReason::Administrative));
		assert_ok!(add_staff(ADMIN, NURSE, Role::Practitioner));
		// The registrar's new issue lifts its own revocation.
		issue(DOCTOR, Role::Practitioner);
		assert!(Sanctions::<Test>::get(DOCTOR, Role::Practitioner).is_none());
		assert!(active(DOCTOR, Role::Practitioner));
	});
}

#[test]
fn arbitration_lifts_a_suspension_but_never_a_striking_off() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		assert_ok!(Credentials::revoke_credential(root(), DOCTOR, Role::Practitioner, CredentialActionReason::LicenceWithdrawn));
		assert_noop!(
			Credentials::reinstate_credential(signed(ARBITER), DOCTOR, Role::Practitioner),
			Error::RevocationNeedsRegistrar
		);
		assert_noop!(add_staff(ADMIN, DOCTOR, Role::Practitioner), Error::HolderSanctioned);
		// The registrar may lift its own revocation, after which admins may hire again.
		assert_ok!(Credentials::reinstate_credential(root(), DOCTOR, Role::Practitioner));
		assert_eq!(
			last_event(),
			Event::SanctionLifted { actor: Actor::Registrar, holder: DOCTOR, role: Role::Practitioner }
		);
		assert_ok!(add_staff(ADMIN, DOCTOR, Role::Practitioner));
	});
}

#[test]
fn a_rotation_cannot_take_over_another_lineages_key() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::EmergencyResponder);
		issue(NURSE, Role::Practitioner);
		// The nurse's lineage: NURSE -> 50, so 50 and NURSE belong to it.
		assert_ok!(Credentials::rotate_account(signed(NURSE), 50));
		// The doctor may not rotate into either key of it: findings naming NURSE would follow
		// the doctor's credentials instead of the nurse's.
		assert_noop!(Credentials::rotate_account(signed(DOCTOR), NURSE), Error::RotationTargetHasLineage);
		assert_ok!(Credentials::remove_staff(signed(ADMIN), 50, Role::Practitioner));
		assert_noop!(Credentials::rotate_account(signed(DOCTOR), 50), Error::RotationTargetHasLineage);
		// A finding against the nurse's first key still reaches the nurse's lineage only.
		issue(50, Role::Practitioner);
		let reason = CredentialActionReason::AccessAbuse;
		assert_ok!(Credentials::suspend_credential(root(), NURSE, Role::Practitioner, reason));
		assert!(!active(50, Role::Practitioner));
		assert!(active(DOCTOR, Role::EmergencyResponder));
		// Rotating back within one's own lineage stays possible.
		assert_ok!(Credentials::rotate_account(signed(DOCTOR), 40));
		assert_ok!(Credentials::rotate_account(signed(40), DOCTOR));
		assert!(active(DOCTOR, Role::EmergencyResponder));
	});
}

#[test]
fn discipline_follows_the_person_across_key_rotation() {
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::EmergencyResponder);
		// Rotates ahead of a pending finding; the finding names the old key.
		assert_ok!(Credentials::rotate_account(signed(DOCTOR), 40));
		assert_ok!(Credentials::rotate_account(signed(40), 41));
		let reason = CredentialActionReason::EmergencyAccessAbuse;
		<Credentials as OnCredentialAbuse<u64>>::on_abuse(&DOCTOR, Role::EmergencyResponder, reason);
		assert!(!active(41, Role::EmergencyResponder));
		assert!(Sanctions::<Test>::contains_key(DOCTOR, Role::EmergencyResponder));
		assert!(Sanctions::<Test>::contains_key(41, Role::EmergencyResponder));
		// A referendum naming the old key reaches the current one too.
		issue(NURSE, Role::Practitioner);
		assert_ok!(Credentials::rotate_account(signed(NURSE), 50));
		assert_ok!(Credentials::suspend_credential(root(), NURSE, Role::Practitioner, reason));
		assert!(!active(50, Role::Practitioner));
		assert_ok!(Credentials::revoke_credential(root(), NURSE, Role::Practitioner, reason));
		assert!(CredentialOf::<Test>::get(50, Role::Practitioner).is_none());
		// A suspended credential carries its sanction to the new key: rotating does not clear it.
		issue(STRANGER, Role::Practitioner);
		assert_ok!(Credentials::suspend_credential(root(), STRANGER, Role::Practitioner, reason));
		assert_ok!(Credentials::rotate_account(signed(STRANGER), 60));
		assert!(Sanctions::<Test>::contains_key(60, Role::Practitioner));
		assert_ok!(Credentials::remove_staff(signed(ADMIN), 60, Role::Practitioner));
		assert_noop!(add_staff(ADMIN, 60, Role::Practitioner), Error::HolderSanctioned);
	});
}

#[test]
fn migration_to_v1_marks_holders_and_records_suspensions() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	build_and_execute(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		issue(NURSE, Role::Practitioner);
		assert_ok!(Credentials::suspend_credential(root(), NURSE, Role::Practitioner, CredentialActionReason::Investigation));
		// The state version 0 left: no professional marks, no sanctions.
		let _ = Professionals::<Test>::clear(u32::MAX, None);
		let _ = Sanctions::<Test>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Credentials>();
		assert!(Credentials::do_try_state().is_err());

		let state = crate::migrations::v1::UncheckedMigrateToV1::<Test>::pre_upgrade_state();
		crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
		assert_ok!(crate::migrations::v1::UncheckedMigrateToV1::<Test>::check_post_upgrade(state));
		assert_eq!(Credentials::on_chain_storage_version(), 1);
		assert!(professional(DOCTOR) && professional(NURSE));
		assert_eq!(
			Sanctions::<Test>::get(NURSE, Role::Practitioner).map(|s| (s.kind, s.reason)),
			Some((SanctionKind::Suspended, CredentialActionReason::Investigation))
		);
		assert!(Sanctions::<Test>::get(DOCTOR, Role::Practitioner).is_none());
		// Once at version 1 it does nothing.
		let _ = Professionals::<Test>::clear(u32::MAX, None);
		crate::migrations::v1::MigrateToV1::<Test>::on_runtime_upgrade();
		assert!(!professional(DOCTOR));
		Professionals::<Test>::insert(DOCTOR, 1);
		Professionals::<Test>::insert(NURSE, 1);
	});
}

#[test]
fn try_state_detects_a_broken_credential_count() {
	new_test_ext().execute_with(|| {
		register_hospital();
		issue(DOCTOR, Role::Practitioner);
		assert_ok!(Credentials::do_try_state());
		Organizations::<Test>::mutate(HOSPITAL, |o| {
			if let Some(o) = o {
				o.credentials = 5;
			}
		});
		assert!(Credentials::do_try_state().is_err());
	});
}

#[test]
fn unknown_codes_in_calls_fail_to_decode() {
	use codec::Decode;
	// OrganizationKind has six variants, CredentialActionReason six, Role seven.
	assert!(OrganizationKind::decode(&mut &[6u8][..]).is_err());
	assert!(OrganizationStatus::decode(&mut &[3u8][..]).is_err());
	assert!(CredentialStatus::decode(&mut &[2u8][..]).is_err());
	assert!(Role::decode(&mut &[7u8][..]).is_err());
}

#[test]
fn what_a_professional_leaves_for_good_is_paid_by_a_burned_fee() {
	build_and_execute(|| {
		use frame_support::traits::fungible::Inspect;
		register_hospital();
		let issuance = Balances::total_issuance();
		let admin = Balances::balance(&ADMIN);
		// The depositor of a first credential pays the entry fee (3), burned, besides the deposit.
		issue(DOCTOR, Role::Practitioner);
		assert_eq!(Balances::total_issuance(), issuance - 3);
		assert_eq!(Balances::balance(&ADMIN), admin - 3 - 10);
		// The same person's second credential leaves nothing new for good: no fee.
		issue(DOCTOR, Role::EmergencyResponder);
		assert_eq!(Balances::total_issuance(), issuance - 3);
		// Each rotation's lineage is paid by the holder.
		let doctor = Balances::balance(&DOCTOR);
		assert_ok!(Credentials::rotate_account(signed(DOCTOR), 40));
		assert_eq!(Balances::balance(&DOCTOR), doctor - 3);
		assert_eq!(Balances::total_issuance(), issuance - 6);
		// Who must not: a holder who cannot pay the fee does not rotate.
		issue(50, Role::Practitioner);
		assert_noop!(Credentials::rotate_account(signed(50), 51), Error::CannotPayEntryFee);
		assert!(LineageRoot::<Test>::get(51).is_none());
	});
}
