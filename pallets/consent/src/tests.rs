//! Unit tests: each call's allowed and denied origins, every error, the check's answers and
//! reasons, deposits and events. Each test ends with `do_try_state`.

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
	sp_runtime::{DispatchError, DispatchResult},
};

type Error = crate::Error<Test>;

fn signed(who: u64) -> RuntimeOrigin {
	RawOrigin::Signed(who).into()
}

/// What a consent says; `Terms::permit()` is a treatment-read permit over all records.
#[derive(Clone)]
struct Terms {
	provision: ProvisionType,
	scope: ScopeOf<Test>,
	purposes: Vec<PurposeOfUse>,
	actions: Vec<ConsentAction>,
	valid_from: Option<u64>,
	valid_until: Option<u64>,
}

impl Terms {
	fn permit() -> Self {
		Terms {
			provision: ProvisionType::Permit,
			scope: ConsentScope::AllRecords,
			purposes: vec![PurposeOfUse::Treatment],
			actions: vec![ConsentAction::Access],
			valid_from: None,
			valid_until: None,
		}
	}
	fn deny() -> Self {
		Terms { provision: ProvisionType::Deny, ..Self::permit() }
	}
	fn types(mut self, types: &[RecordType]) -> Self {
		self.scope = ConsentScope::RecordTypes(types.to_vec().try_into().expect("fits"));
		self
	}
	fn records(mut self, records: &[RecordId]) -> Self {
		self.scope = ConsentScope::Records(records.to_vec().try_into().expect("fits"));
		self
	}
	fn purposes(mut self, purposes: &[PurposeOfUse]) -> Self {
		self.purposes = purposes.to_vec();
		self
	}
	fn actions(mut self, actions: &[ConsentAction]) -> Self {
		self.actions = actions.to_vec();
		self
	}
	fn period(mut self, valid_from: Option<u64>, valid_until: Option<u64>) -> Self {
		(self.valid_from, self.valid_until) = (valid_from, valid_until);
		self
	}
}

/// `by` records `terms` for `patient`'s `grantee`.
fn record(by: u64, patient: u64, grantee: Grantee<u64>, terms: Terms) -> DispatchResult {
	Consent::record_consent(
		signed(by),
		patient,
		terms.provision,
		grantee,
		terms.scope,
		terms.purposes.try_into().expect("at most every purpose"),
		terms.actions.try_into().expect("at most every action"),
		terms.valid_from,
		terms.valid_until,
	)
}

/// The patient records `terms` for `grantee`; returns the consent's id.
fn consent(grantee: Grantee<u64>, terms: Terms) -> ConsentId {
	let id = NextConsentId::<Test>::get();
	assert_ok!(record(PATIENT, PATIENT, grantee, terms));
	id
}

fn check(accessor: u64, target: AccessTarget, purpose: PurposeOfUse, action: ConsentAction) -> Result<AccessBasis, AccessDenied> {
	Consent::check(&accessor, &PATIENT, target, purpose, action)
}

/// May `accessor` read the patient's observations for treatment?
fn reads(accessor: u64) -> Result<AccessBasis, AccessDenied> {
	check(accessor, AccessTarget::record(7, RecordType::Observation), PurposeOfUse::Treatment, ConsentAction::Access)
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::ConsentDeposit.into(), &who)
}

fn account(who: u64) -> Grantee<u64> {
	Grantee::Account(who)
}

#[test]
fn patient_records_a_permit_that_grants_and_holds_a_deposit() {
	build_and_execute(|| {
		assert_eq!(reads(DOCTOR), Err(AccessDenied::NoBasis));
		let id = consent(account(DOCTOR), Terms::permit());
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(id)));
		assert_eq!(held(PATIENT), 10);
		System::assert_last_event(
			Event::ConsentRecorded {
				consent: id,
				patient: PATIENT,
				grantee: account(DOCTOR),
				provision: ProvisionType::Permit,
				by: PATIENT,
			}
			.into(),
		);
		// The permit covers nobody else and nothing else.
		assert_eq!(reads(NURSE), Err(AccessDenied::NoBasis));
		assert_eq!(
			Consent::check(&DOCTOR, &OTHER_PATIENT, AccessTarget::of_type(RecordType::Observation), PurposeOfUse::Treatment, ConsentAction::Access),
			Err(AccessDenied::NoBasis)
		);
		// The patient needs no consent.
		assert_eq!(reads(PATIENT), Ok(AccessBasis::Owner));
	});
}

#[test]
fn record_consent_refuses_anyone_but_patient_and_guardian() {
	build_and_execute(|| {
		assert_noop!(record(DOCTOR, PATIENT, account(DOCTOR), Terms::permit()), Error::NotPatientOrGuardian);
		assert_noop!(
			Consent::record_consent(
				RawOrigin::Root.into(),
				PATIENT,
				ProvisionType::Permit,
				account(DOCTOR),
				ConsentScope::AllRecords,
				Default::default(),
				Default::default(),
				None,
				None
			),
			DispatchError::BadOrigin
		);
		assert_noop!(record(OTHER_PATIENT, PATIENT, account(DOCTOR), Terms::permit()), Error::NotPatientOrGuardian);
	});
}

#[test]
fn record_consent_rejects_malformed_terms() {
	build_and_execute(|| {
		use ConsentAction::*;
		use PurposeOfUse::*;
		assert_noop!(record(PATIENT, PATIENT, Grantee::Everyone, Terms::permit()), Error::EveryoneMayOnlyBeDenied);
		assert_noop!(record(PATIENT, PATIENT, account(PATIENT), Terms::permit()), Error::GranteeIsPatient);
		assert_noop!(
			record(PATIENT, PATIENT, Grantee::Organization(UNREGISTERED), Terms::permit()),
			Error::UnknownOrganization
		);
		assert_noop!(record(PATIENT, PATIENT, account(DOCTOR), Terms::permit().purposes(&[])), Error::NoPurpose);
		assert_noop!(record(PATIENT, PATIENT, account(DOCTOR), Terms::permit().actions(&[])), Error::NoAction);
		assert_noop!(record(PATIENT, PATIENT, account(DOCTOR), Terms::permit().types(&[])), Error::EmptyScope);
		assert_noop!(record(PATIENT, PATIENT, account(DOCTOR), Terms::permit().records(&[])), Error::EmptyScope);
		for duplicated in [
			Terms::permit().purposes(&[Treatment, Payment, Treatment]),
			Terms::permit().actions(&[Access, Access]),
			Terms::permit().types(&[RecordType::Condition, RecordType::Condition]),
			Terms::permit().records(&[4, 5, 4]),
		] {
			assert_noop!(record(PATIENT, PATIENT, account(DOCTOR), duplicated), Error::Duplicate);
		}
		System::set_block_number(10);
		for period in [(None, Some(9)), (Some(12), Some(11))] {
			assert_noop!(
				record(PATIENT, PATIENT, account(DOCTOR), Terms::permit().period(period.0, period.1)),
				Error::InvalidPeriod
			);
		}
		// A deny may name everyone; a consent may end in the block it is recorded.
		assert_ok!(record(PATIENT, PATIENT, Grantee::Everyone, Terms::deny().period(None, Some(10))));
	});
}

#[test]
fn consents_are_bounded_per_grantee_and_per_patient_and_need_funds() {
	build_and_execute(|| {
		for _ in 0..3 {
			consent(account(DOCTOR), Terms::permit());
		}
		assert_noop!(record(PATIENT, PATIENT, account(DOCTOR), Terms::permit()), Error::TooManyConsentsForGrantee);
		for _ in 0..3 {
			consent(account(NURSE), Terms::permit());
		}
		assert_eq!(ConsentCount::<Test>::get(PATIENT), 6);
		assert_noop!(record(PATIENT, PATIENT, account(SPOUSE), Terms::permit()), Error::TooManyConsents);
		// Another patient's bound is their own.
		assert_ok!(record(OTHER_PATIENT, OTHER_PATIENT, account(DOCTOR), Terms::permit()));
		// A deposit of 10 + 2 named records is more than POOR can hold.
		assert!(record(POOR, POOR, account(DOCTOR), Terms::permit().records(&[1, 2])).is_err());
		assert_eq!(held(POOR), 0);
	});
}

#[test]
fn consent_ids_never_overflow_silently() {
	build_and_execute(|| {
		NextConsentId::<Test>::put(ConsentId::MAX);
		assert_noop!(record(PATIENT, PATIENT, account(DOCTOR), Terms::permit()), Error::Overflow);
	});
}

#[test]
fn revoke_takes_effect_at_once_and_returns_the_deposit() {
	build_and_execute(|| {
		let id = consent(account(DOCTOR), Terms::permit().records(&[7, 8]));
		assert_eq!(held(PATIENT), 12);
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(id)));
		// Denied origins: the grantee, a stranger, Root.
		assert_noop!(Consent::revoke_consent(signed(DOCTOR), id), Error::NotPatientOrGuardian);
		assert_noop!(Consent::revoke_consent(signed(OTHER_PATIENT), id), Error::NotPatientOrGuardian);
		assert_noop!(Consent::revoke_consent(RawOrigin::Root.into(), id), DispatchError::BadOrigin);
		assert_ok!(Consent::revoke_consent(signed(PATIENT), id));
		assert_eq!(reads(DOCTOR), Err(AccessDenied::NoBasis));
		assert_eq!(held(PATIENT), 0);
		assert_eq!(ConsentCount::<Test>::get(PATIENT), 0);
		System::assert_last_event(
			Event::ConsentRevoked { consent: id, patient: PATIENT, grantee: account(DOCTOR), by: PATIENT }.into(),
		);
		assert_noop!(Consent::revoke_consent(signed(PATIENT), id), Error::ConsentNotFound);
	});
}

#[test]
fn expiry_needs_no_transaction_and_anyone_may_clean_up() {
	build_and_execute(|| {
		let id = consent(account(DOCTOR), Terms::permit().period(Some(5), Some(9)));
		let status = |at: u64| Consents::<Test>::get(PATIENT, account(DOCTOR))[0].status(at);
		assert_eq!(reads(DOCTOR), Err(AccessDenied::NotYetInForce));
		// FHIR: active with a future period, not inactive, before it starts.
		assert_eq!(status(4), ConsentStatus::Active);
		System::set_block_number(5);
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(id)));
		System::set_block_number(9);
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(id)));
		assert_eq!(status(9), ConsentStatus::Active);
		assert_eq!(status(10), ConsentStatus::Inactive);
		assert_noop!(Consent::remove_expired_consent(signed(NURSE), id), Error::NotExpired);
		System::set_block_number(10);
		assert_eq!(reads(DOCTOR), Err(AccessDenied::Expired));
		assert_noop!(Consent::remove_expired_consent(RawOrigin::Root.into(), id), DispatchError::BadOrigin);
		// Anyone may remove it; the deposit goes back to whoever paid it.
		assert_ok!(Consent::remove_expired_consent(signed(NURSE), id));
		assert_eq!(held(PATIENT), 0);
		assert_eq!(Balances::balance(&PATIENT), 1_000);
		System::assert_last_event(
			Event::ExpiredConsentRemoved { consent: id, patient: PATIENT, grantee: account(DOCTOR), by: NURSE }.into(),
		);
		assert_noop!(Consent::remove_expired_consent(signed(NURSE), id), Error::ConsentNotFound);
		// An open-ended consent never expires.
		let open = consent(account(DOCTOR), Terms::permit());
		System::set_block_number(1_000_000);
		assert_noop!(Consent::remove_expired_consent(signed(NURSE), open), Error::NotExpired);
	});
}

#[test]
fn deny_overrides_every_permit_it_overlaps() {
	build_and_execute(|| {
		use ConsentAction::*;
		let id = consent(Grantee::Organization(HOSPITAL), Terms::permit().actions(&[Access, Use]));
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(id)));
		assert_eq!(reads(NURSE), Ok(AccessBasis::Consent(id)));
		// A deny for conditions only leaves observations readable.
		consent(account(DOCTOR), Terms::deny().types(&[RecordType::Condition]));
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(id)));
		let condition = AccessTarget::of_type(RecordType::Condition);
		assert_eq!(check(DOCTOR, condition, PurposeOfUse::Treatment, Access), Err(AccessDenied::DeniedByPatient));
		assert_eq!(check(NURSE, condition, PurposeOfUse::Treatment, Access), Ok(AccessBasis::Consent(id)));
		// A deny to everyone of `use` reaches the whole hospital, but not `access`.
		consent(Grantee::Everyone, Terms::deny().actions(&[Use]));
		assert_eq!(check(NURSE, condition, PurposeOfUse::Treatment, Use), Err(AccessDenied::DeniedByPatient));
		assert_eq!(reads(NURSE), Ok(AccessBasis::Consent(id)));
		// A deny to the organization reaches its staff.
		let deny = consent(Grantee::Organization(HOSPITAL), Terms::deny());
		assert_eq!(reads(NURSE), Err(AccessDenied::DeniedByPatient));
		assert_ok!(Consent::revoke_consent(signed(PATIENT), deny));
		assert_eq!(reads(NURSE), Ok(AccessBasis::Consent(id)));
		// An expired deny no longer overrides.
		consent(account(NURSE), Terms::deny().period(None, Some(3)));
		assert_eq!(reads(NURSE), Err(AccessDenied::DeniedByPatient));
		System::set_block_number(4);
		assert_eq!(reads(NURSE), Ok(AccessBasis::Consent(id)));
	});
}

#[test]
fn a_deny_of_a_purpose_covers_its_specialisations_and_a_permit_only_what_it_names() {
	build_and_execute(|| {
		use ConsentAction::Access;
		use PurposeOfUse::*;
		let any = AccessTarget::of_type(RecordType::Observation);
		let coverage = consent(account(PAYER), Terms::permit().purposes(&[Coverage]));
		assert_eq!(check(PAYER, any, Coverage, Access), Ok(AccessBasis::Consent(coverage)));
		// A permit for COVERAGE is not one for HPAYMT, nor one for TREAT for ETREAT.
		assert_eq!(check(PAYER, any, Payment, Access), Err(AccessDenied::PurposeNotPermitted));
		consent(account(DOCTOR), Terms::permit());
		assert_eq!(check(DOCTOR, any, EmergencyTreatment, Access), Err(AccessDenied::PurposeNotPermitted));
		// A deny of HPAYMT reaches the COVERAGE permit; a deny of TREAT reaches ETREAT.
		consent(Grantee::Everyone, Terms::deny().purposes(&[Payment]));
		assert_eq!(check(PAYER, any, Coverage, Access), Err(AccessDenied::DeniedByPatient));
		consent(account(DOCTOR), Terms::deny().purposes(&[Treatment]));
		assert_eq!(check(DOCTOR, any, EmergencyTreatment, Access), Err(AccessDenied::DeniedByPatient));
		// A deny of the narrower purpose leaves the broader one alone.
		consent(account(NURSE), Terms::permit());
		consent(account(NURSE), Terms::deny().purposes(&[EmergencyTreatment]));
		assert!(check(NURSE, any, Treatment, Access).is_ok());
	});
}

#[test]
fn the_check_reports_the_most_specific_near_miss() {
	build_and_execute(|| {
		use ConsentAction::*;
		use PurposeOfUse::*;
		let observation = AccessTarget::record(7, RecordType::Observation);
		consent(account(DOCTOR), Terms::permit().types(&[RecordType::Immunization]));
		assert_eq!(reads(DOCTOR), Err(AccessDenied::RecordTypeNotCovered));
		consent(account(DOCTOR), Terms::permit().records(&[8]));
		assert_eq!(reads(DOCTOR), Err(AccessDenied::RecordNotCovered));
		assert_eq!(
			check(DOCTOR, AccessTarget::record(8, RecordType::Observation), Treatment, Access),
			Ok(AccessBasis::Consent(1))
		);
		// A scope of named versions never covers a document yet to be collected.
		assert_eq!(
			check(DOCTOR, AccessTarget::of_type(RecordType::Observation), Treatment, Access),
			Err(AccessDenied::RecordNotCovered)
		);
		assert_eq!(check(DOCTOR, observation, Payment, Access), Err(AccessDenied::RecordNotCovered));
		assert_eq!(
			check(DOCTOR, AccessTarget::record(8, RecordType::Observation), Payment, Access),
			Err(AccessDenied::PurposeNotPermitted)
		);
		assert_eq!(check(DOCTOR, AccessTarget::record(8, RecordType::Observation), Treatment, Disclose), Err(AccessDenied::ActionNotPermitted));
		let late = consent(account(NURSE), Terms::permit().period(Some(50), None));
		assert_eq!(reads(NURSE), Err(AccessDenied::NotYetInForce));
		System::set_block_number(50);
		assert_eq!(reads(NURSE), Ok(AccessBasis::Consent(late)));
		set_active(NURSE, false);
		assert_eq!(reads(NURSE), Err(AccessDenied::CredentialInactive));
	});
}

#[test]
fn suspended_or_expired_credentials_get_nothing_but_family_grants_stand() {
	build_and_execute(|| {
		let doctor = consent(account(DOCTOR), Terms::permit());
		let spouse = consent(account(SPOUSE), Terms::permit());
		let hospital = consent(Grantee::Organization(HOSPITAL), Terms::permit());
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(doctor)));
		assert_eq!(reads(NURSE), Ok(AccessBasis::Consent(hospital)));
		set_active(DOCTOR, false);
		set_active(NURSE, false);
		assert_eq!(reads(DOCTOR), Err(AccessDenied::CredentialInactive));
		// The nurse's grant is through her organization, which she no longer acts for.
		assert_eq!(reads(NURSE), Err(AccessDenied::CredentialInactive));
		// A family member with no credential needs none.
		assert_eq!(reads(SPOUSE), Ok(AccessBasis::Consent(spouse)));
		set_active(DOCTOR, true);
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(doctor)));
		// A professional acts only in a role of the purpose: a payer does not treat.
		let payer = consent(account(PAYER), Terms::permit().purposes(&[PurposeOfUse::Treatment, PurposeOfUse::Payment]));
		assert_eq!(reads(PAYER), Err(AccessDenied::CredentialInactive));
		assert_eq!(
			check(PAYER, AccessTarget::of_type(RecordType::Claim), PurposeOfUse::Payment, ConsentAction::Access),
			Ok(AccessBasis::Consent(payer))
		);
	});
}

#[test]
fn guardians_manage_consent_and_access_as_the_patient() {
	build_and_execute(|| {
		assert_eq!(reads(GUARDIAN), Err(AccessDenied::NoBasis));
		assert_noop!(record(GUARDIAN, PATIENT, account(DOCTOR), Terms::permit()), Error::NotPatientOrGuardian);
		assert_ok!(Consent::appoint_guardian(signed(PATIENT), PATIENT, GUARDIAN, Some(20)));
		System::assert_last_event(
			Event::GuardianAppointed { patient: PATIENT, guardian: GUARDIAN, until: Some(20), appointed_by: Appointer::Patient }.into(),
		);
		assert_eq!(Balances::balance_on_hold(&HoldReason::GuardianshipDeposit.into(), &PATIENT), 20);
		assert_eq!(reads(GUARDIAN), Ok(AccessBasis::Guardian));
		// The guardian records and revokes on the patient's behalf, paying the deposit.
		let id = NextConsentId::<Test>::get();
		assert_ok!(record(GUARDIAN, PATIENT, account(DOCTOR), Terms::permit()));
		assert_eq!(held(GUARDIAN), 10);
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(id)));
		assert_ok!(Consent::revoke_consent(signed(GUARDIAN), id));
		assert_eq!(held(GUARDIAN), 0);
		// At the age of majority the guardian loses every power with no transaction.
		let kept = NextConsentId::<Test>::get();
		assert_ok!(record(GUARDIAN, PATIENT, account(DOCTOR), Terms::permit()));
		System::set_block_number(21);
		assert_eq!(reads(GUARDIAN), Err(AccessDenied::NoBasis));
		assert_noop!(record(GUARDIAN, PATIENT, account(NURSE), Terms::permit()), Error::NotPatientOrGuardian);
		assert_noop!(Consent::revoke_consent(signed(GUARDIAN), kept), Error::NotPatientOrGuardian);
		// What the guardian granted stands until the patient revokes it; the deposit returns
		// to the guardian.
		assert_eq!(reads(DOCTOR), Ok(AccessBasis::Consent(kept)));
		assert_ok!(Consent::revoke_consent(signed(PATIENT), kept));
		assert_eq!(held(GUARDIAN), 0);
	});
}

#[test]
fn appoint_guardian_origins_and_errors() {
	build_and_execute(|| {
		// Nobody but the patient or the authority appoints.
		assert_noop!(Consent::appoint_guardian(signed(GUARDIAN), PATIENT, GUARDIAN, None), Error::NotPatientOrGuardian);
		assert_noop!(Consent::appoint_guardian(RawOrigin::None.into(), PATIENT, GUARDIAN, None), DispatchError::BadOrigin);
		assert_noop!(Consent::appoint_guardian(signed(PATIENT), PATIENT, PATIENT, None), Error::GuardianIsPatient);
		System::set_block_number(5);
		assert_noop!(Consent::appoint_guardian(signed(PATIENT), PATIENT, GUARDIAN, Some(4)), Error::InvalidPeriod);
		assert!(Consent::appoint_guardian(signed(POOR), POOR, GUARDIAN, None).is_err());
		// The authority appoints with no deposit.
		assert_ok!(Consent::appoint_guardian(RawOrigin::Root.into(), PATIENT, GUARDIAN, None));
		assert_eq!(Guardians::<Test>::get(PATIENT).map(|g| (g.appointed_by, g.deposit)), Some((Appointer::Authority, 0)));
		assert_noop!(Consent::appoint_guardian(signed(PATIENT), PATIENT, SPOUSE, None), Error::GuardianExists);
	});
}

#[test]
fn end_guardianship_by_guardian_authority_patient_or_after_lapse() {
	build_and_execute(|| {
		let ended = |how| Event::GuardianshipEnded { patient: PATIENT, guardian: GUARDIAN, how }.into();
		assert_noop!(Consent::end_guardianship(signed(PATIENT), PATIENT), Error::NoGuardian);
		// A self-appointed guardian: the patient takes control at any time.
		assert_ok!(Consent::appoint_guardian(signed(PATIENT), PATIENT, GUARDIAN, None));
		assert_noop!(Consent::end_guardianship(signed(SPOUSE), PATIENT), Error::GuardianshipInForce);
		assert_noop!(Consent::end_guardianship(RawOrigin::None.into(), PATIENT), DispatchError::BadOrigin);
		assert_ok!(Consent::end_guardianship(signed(PATIENT), PATIENT));
		System::assert_last_event(ended(GuardianshipEnd::PatientTookControl));
		assert_eq!(Balances::balance_on_hold(&HoldReason::GuardianshipDeposit.into(), &PATIENT), 0);
		// The guardian resigns.
		assert_ok!(Consent::appoint_guardian(signed(PATIENT), PATIENT, GUARDIAN, None));
		assert_ok!(Consent::end_guardianship(signed(GUARDIAN), PATIENT));
		System::assert_last_event(ended(GuardianshipEnd::Resigned));
		// Appointed by the authority: the patient must wait for the age of majority...
		assert_ok!(Consent::appoint_guardian(RawOrigin::Root.into(), PATIENT, GUARDIAN, Some(10)));
		assert_noop!(Consent::end_guardianship(signed(PATIENT), PATIENT), Error::GuardianshipInForce);
		System::set_block_number(11);
		assert_ok!(Consent::end_guardianship(signed(PATIENT), PATIENT));
		System::assert_last_event(ended(GuardianshipEnd::PatientTookControl));
		// ...or the authority discharges the guardian.
		assert_ok!(Consent::appoint_guardian(RawOrigin::Root.into(), PATIENT, GUARDIAN, Some(20)));
		assert_ok!(Consent::end_guardianship(RawOrigin::Root.into(), PATIENT));
		System::assert_last_event(ended(GuardianshipEnd::Discharged));
		// Anyone may remove a lapsed guardianship.
		assert_ok!(Consent::appoint_guardian(RawOrigin::Root.into(), PATIENT, GUARDIAN, Some(12)));
		System::set_block_number(13);
		assert_ok!(Consent::end_guardianship(signed(SPOUSE), PATIENT));
		System::assert_last_event(ended(GuardianshipEnd::Lapsed));
	});
}

#[test]
fn research_cohorts_list_consenting_participants_only() {
	build_and_execute(|| {
		let research = || Terms::permit().purposes(&[PurposeOfUse::Research]).types(&[RecordType::Observation]);
		let study = |after, limit| Consent::research_participants(UNIVERSITY, after, limit);
		assert_eq!(study(None, 10), Vec::<u64>::new());
		consent(Grantee::Organization(UNIVERSITY), research());
		assert_ok!(record(OTHER_PATIENT, OTHER_PATIENT, Grantee::Organization(UNIVERSITY), research().period(None, Some(5))));
		assert_ok!(record(SPOUSE, SPOUSE, Grantee::Organization(UNIVERSITY), research().period(Some(3), None)));
		// A treatment permit to the university enrols nobody.
		assert_ok!(record(NURSE, NURSE, Grantee::Organization(UNIVERSITY), Terms::permit()));
		let mut everyone = study(None, 10);
		everyone.sort();
		assert_eq!(everyone, vec![PATIENT, OTHER_PATIENT]);
		// Paging: two pages of one cover the same patients.
		let first = study(None, 1);
		let second = study(first.first().copied(), 1);
		let mut paged = [first, second].concat();
		paged.sort();
		assert_eq!(paged, everyone);
		// The researcher reads observations for research, and nothing else.
		assert_eq!(
			Consent::check(&RESEARCHER, &PATIENT, AccessTarget::of_type(RecordType::Observation), PurposeOfUse::Research, ConsentAction::Access),
			Ok(AccessBasis::Consent(0))
		);
		assert_eq!(
			Consent::check(&RESEARCHER, &PATIENT, AccessTarget::of_type(RecordType::Condition), PurposeOfUse::Research, ConsentAction::Access),
			Err(AccessDenied::RecordTypeNotCovered)
		);
		// Expiry, a start in the future and a blanket deny all leave the cohort.
		System::set_block_number(6);
		consent(Grantee::Everyone, Terms::deny().purposes(&[PurposeOfUse::Research]));
		assert_eq!(study(None, 10), vec![SPOUSE]);
	});
}

#[test]
fn try_state_detects_broken_invariants() {
	new_test_ext().execute_with(|| {
		let id = consent(account(DOCTOR), Terms::permit());
		assert_ok!(Consent::do_try_state());
		ConsentCount::<Test>::insert(PATIENT, 2);
		assert!(Consent::do_try_state().is_err());
		ConsentCount::<Test>::insert(PATIENT, 1);
		ConsentLocation::<Test>::insert(id, (PATIENT, account(NURSE)));
		assert!(Consent::do_try_state().is_err());
		ConsentLocation::<Test>::insert(id, (PATIENT, account(DOCTOR)));
		ResearchCohort::<Test>::insert(UNIVERSITY, PATIENT, 1);
		assert!(Consent::do_try_state().is_err());
		ResearchCohort::<Test>::remove(UNIVERSITY, PATIENT);
		assert_ok!(Balances::release(&HoldReason::ConsentDeposit.into(), &PATIENT, 10, Precision::Exact));
		assert!(Consent::do_try_state().is_err());
	});
}
