//! The genesis the fuzzer starts from: the development preset, plus a hospital, an insurer with
//! a funded plan, patients with records, consents and an enrollment, a queued claim and an open
//! emergency session, so that the first block already reaches deep paths.

use caduceus_primitives::{ClaimUse, ConsentAction, ProvisionType, PurposeOfUse, RecordType, Role};
use caduceus_runtime::{
	invariants, AccountId, Claims, Consent, Credentials, EmergencyAccess, Records, Runtime, RuntimeOrigin, System,
	DAYS, UNIT,
};
use polkadot_sdk::{
	frame_support::{self, dispatch::DispatchResult},
	sp_core::H256,
	sp_io,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{BuildStorage, Percent},
};

/// 2026-11-22 as days since 1970-01-01: the genesis day, so that service dates near it are valid.
pub const GENESIS_DAY: u32 = 20_779;
/// Milliseconds per block; the dev chain's 3 s blocks would do as well.
pub const MILLIS_PER_BLOCK: u64 = 6_000;
/// A covered office visit (CPT 99213) and one the plan does not cover.
pub const VISIT: u32 = 99213;
pub const UNCOVERED: u32 = 99499;

/// Who the generated calls come from, by role in the cast.
pub struct Cast {
	/// Patient, sudo key and founding member.
	pub alice: AccountId,
	/// Custodian of the hospital, founding member.
	pub bob: AccountId,
	/// Practitioner of the hospital, founding member.
	pub charlie: AccountId,
	/// The hospital's admin.
	pub dave: AccountId,
	/// The insurer's admin and payer.
	pub eve: AccountId,
	/// Emergency responder of the hospital.
	pub ferdie: AccountId,
	/// A second patient.
	pub one: AccountId,
	/// A stranger with funds.
	pub two: AccountId,
	/// An account that does not exist: no funds at all.
	pub pauper: AccountId,
}

impl Cast {
	pub fn new() -> Self {
		use Sr25519Keyring::*;
		Self {
			alice: Alice.to_account_id(),
			bob: Bob.to_account_id(),
			charlie: Charlie.to_account_id(),
			dave: Dave.to_account_id(),
			eve: Eve.to_account_id(),
			ferdie: Ferdie.to_account_id(),
			one: One.to_account_id(),
			two: Two.to_account_id(),
			pauper: AccountId::new([0x7a; 32]),
		}
	}

	/// Every account, in a fixed order: the generator picks origins and arguments from these.
	pub fn accounts(&self) -> Vec<AccountId> {
		[&self.alice, &self.bob, &self.charlie, &self.dave, &self.eve, &self.ferdie, &self.one, &self.two, &self.pauper]
			.into_iter()
			.cloned()
			.collect()
	}
}

impl Default for Cast {
	fn default() -> Self {
		Self::new()
	}
}

fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn bounded<T, S: frame_support::traits::Get<u32>>(items: Vec<T>) -> frame_support::BoundedVec<T, S> {
	frame_support::BoundedVec::truncate_from(items)
}

/// Sets the timestamp for `block`, counted from the genesis day.
pub fn set_time(block: u32) {
	let start = u64::from(GENESIS_DAY) * 86_400_000 + 3_600_000;
	polkadot_sdk::pallet_timestamp::Now::<Runtime>::put(start + u64::from(block) * MILLIS_PER_BLOCK);
}

/// The development genesis with the cast's organizations, plan, records, consents, claim and
/// session, at block 1.
pub fn genesis() -> Result<sp_io::TestExternalities, String> {
	let config = invariants::preset_config("development")?;
	let storage = config.build_storage()?;
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(set_up).map_err(|(step, e)| format!("genesis step {step}: {e:?}"))?;
	ext.commit_all()?;
	Ok(ext)
}

fn set_up() -> Result<(), (&'static str, polkadot_sdk::sp_runtime::DispatchError)> {
	let cast = Cast::new();
	System::set_block_number(1);
	set_time(1);
	let step = |name: &'static str, result: DispatchResult| result.map_err(|e| (name, e));
	let jurisdiction = || bounded(b"US-CA".to_vec());
	let root = RuntimeOrigin::root;
	use pallet_credentials::OrganizationKind;
	// Every cast member but the pauper has funds (the preset endows only some of them).
	for who in cast.accounts().iter().filter(|who| **who != cast.pauper) {
		if polkadot_sdk::frame_system::Account::<Runtime>::get(who).data.free < UNIT {
			step("funds", caduceus_runtime::Balances::force_set_balance(root(), who.clone().into(), 1_000_000 * UNIT))?;
		}
	}

	// Organization 0: the hospital, administered by Dave.
	let hospital_roles =
		vec![Role::Practitioner, Role::Custodian, Role::EmergencyResponder, Role::PrivacyOfficer, Role::Organization];
	step(
		"hospital",
		Credentials::register_organization(root(), cast.dave.clone(), OrganizationKind::Hospital, bounded(hospital_roles), jurisdiction()),
	)?;
	let until = 100 * DAYS;
	for (who, role) in [(&cast.charlie, Role::Practitioner), (&cast.bob, Role::Custodian), (&cast.ferdie, Role::EmergencyResponder)] {
		step("staff", Credentials::issue_credential(root(), who.clone(), role, 0, H256::repeat_byte(1), jurisdiction(), until))?;
	}
	// Organization 1: the insurer, administered by Eve, who is also its payer.
	step("insurer", Credentials::register_organization(root(), cast.eve.clone(), OrganizationKind::Payer, bounded(vec![Role::Payer]), jurisdiction()))?;
	step("payer", Credentials::issue_credential(root(), cast.eve.clone(), Role::Payer, 1, H256::repeat_byte(2), jurisdiction(), until))?;

	// Plan 0, funded, paying the hospital's visits.
	let terms = pallet_claims::PlanTerms {
		covered: bounded(vec![pallet_claims::CoveredService { service: VISIT, allowed: 100 * UNIT }]),
		coinsurance: Percent::from_percent(20),
		annual_limit: 1_000 * UNIT,
	};
	step("plan", Claims::publish_plan(signed(&cast.eve), terms))?;
	step("escrow", Claims::fund_escrow(signed(&cast.eve), 0, 10_000 * UNIT))?;
	let rules = pallet_claims::ProviderRules { network: bounded(vec![0]), period: 30 * DAYS, per_provider_limit: 1_000 * UNIT };
	step("rules", Claims::set_provider_rules(signed(&cast.eve), 0, rules))?;

	// Two patients, each with a record kept by Bob, consents for treatment and payment.
	for (patient, record_type) in [(&cast.alice, RecordType::Encounter), (&cast.one, RecordType::Observation)] {
		let consent = |grantee: &AccountId, purpose: PurposeOfUse, actions: Vec<ConsentAction>| {
			Consent::record_consent(
				signed(patient),
				patient.clone(),
				ProvisionType::Permit,
				pallet_consent::Grantee::Account(grantee.clone()),
				pallet_consent::ConsentScope::AllRecords,
				bounded(vec![purpose]),
				bounded(actions),
				None,
				None,
			)
		};
		step("treatment consent", consent(&cast.charlie, PurposeOfUse::Treatment, vec![ConsentAction::Collect, ConsentAction::Access, ConsentAction::Correct]))?;
		step("payment consent", consent(&cast.eve, PurposeOfUse::Payment, vec![ConsentAction::Disclose]))?;
		step(
			"record",
			Records::create_record(
				signed(&cast.charlie),
				patient.clone(),
				record_type,
				PurposeOfUse::Treatment,
				H256::repeat_byte(3),
				cast.bob.clone(),
				bounded(b"bafybeigdyrzt".to_vec()),
			)
			.map(drop)
			.map_err(|e| e.error),
		)?;
		step("enroll", Claims::enroll(signed(patient), 0, patient.clone()))?;
		step("accept", Claims::enroll(signed(&cast.eve), 0, patient.clone()))?;
	}
	step("read", Records::access_record(signed(&cast.charlie), 0, PurposeOfUse::Treatment).map(drop).map_err(|e| e.error))?;

	// Claim 0: an uncovered visit of Alice's, queued for the payer.
	let item = pallet_claims::ClaimItem { service: UNCOVERED, service_date: GENESIS_DAY - 1, amount: 80 * UNIT };
	step("claim", Claims::submit_claim(signed(&cast.charlie), 0, cast.alice.clone(), ClaimUse::Claim, bounded(vec![item]), bounded(vec![0])))?;

	// Session 0: Ferdie broke the glass on One's records.
	step(
		"emergency",
		EmergencyAccess::declare_emergency(
			signed(&cast.ferdie),
			cast.one.clone(),
			pallet_emergency_access::EmergencyReason::PatientUnresponsive,
			H256::repeat_byte(4),
		),
	)?;
	System::reset_events();
	invariants::check().map_err(|_| ("invariants", polkadot_sdk::sp_runtime::DispatchError::Other("genesis invariants")))?;
	Ok(())
}
