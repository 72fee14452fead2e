//! A minimal runtime for the pallet's tests: System, Balances and Claims, with credentials,
//! records, treatment grants and a clock the tests set.

use crate as pallet_claims;
use crate::{
	AccessBasis, AccessDenied, AccessPolicy, AccessTarget, ConsentAction, CredentialInspect, PurposeOfUse, RecordId,
	RecordInspect, RecordStatus, RecordType, Role,
};
use caduceus_primitives::{Affiliation, OrganizationId};
use core::{cell::RefCell, time::Duration};
use polkadot_sdk::{
	frame_support::{self, derive_impl, parameter_types, traits::ConstU32},
	frame_system::{self, EnsureRoot},
	pallet_balances, sp_io,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Claims: pallet_claims,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// A patient.
pub const PATIENT: u64 = 1;
/// A payer.
pub const PAYER: u64 = 2;
/// A provider (practitioner) with treatment access to `PATIENT`.
pub const DOCTOR: u64 = 3;
/// A provider (organization) with treatment access to `PATIENT`.
pub const HOSPITAL: u64 = 4;
/// The patient's guardian.
pub const GUARDIAN: u64 = 5;
/// An account with no credential.
pub const STRANGER: u64 = 6;
/// Another patient.
pub const OTHER_PATIENT: u64 = 7;
/// Another payer.
pub const OTHER_PAYER: u64 = 8;
/// A practitioner without access to `PATIENT`.
pub const OUTSIDER: u64 = 9;

/// 2026-11-22 as days since 1970-01-01.
pub const TODAY: u32 = 20_779;

thread_local! {
	static CREDENTIALS: RefCell<Vec<(u64, Role, bool)>> = const { RefCell::new(Vec::new()) };
	static RECORDS: RefCell<Vec<(u64, RecordType, RecordStatus)>> = const { RefCell::new(Vec::new()) };
	static TREATMENT: RefCell<Vec<(u64, u64)>> = const { RefCell::new(Vec::new()) };
	static DISCLOSURE: RefCell<Vec<(u64, u64)>> = const { RefCell::new(Vec::new()) };
	static NOW_DAYS: RefCell<u32> = const { RefCell::new(TODAY) };
	static ORGANIZATION_OF: RefCell<Vec<(u64, OrganizationId)>> = const { RefCell::new(Vec::new()) };
	static ROTATED: RefCell<Vec<(u64, u64)>> = const { RefCell::new(Vec::new()) };
}

/// The organization `who`'s credentials are issued by: its own, numbered `100 + who`, unless a
/// test moved it with [`join_organization`].
pub fn organization_of(who: u64) -> OrganizationId {
	ORGANIZATION_OF.with(|o| o.borrow().iter().rev().find(|e| e.0 == who).map(|e| e.1))
		.unwrap_or((who as OrganizationId).wrapping_add(100))
}

/// Makes `who`'s credentials be issued by `organization`.
pub fn join_organization(who: u64, organization: OrganizationId) {
	ORGANIZATION_OF.with(|o| o.borrow_mut().push((who, organization)));
}

/// Moves `old`'s credentials to `new`, as key rotation does.
pub fn rotate(old: u64, new: u64) {
	CREDENTIALS.with(|c| c.borrow_mut().iter_mut().filter(|e| e.0 == old).for_each(|e| e.0 = new));
	join_organization(new, organization_of(old));
	ROTATED.with(|r| r.borrow_mut().push((old, new)));
}

/// Gives `who` an active credential for `role`.
pub fn credential(who: u64, role: Role) {
	CREDENTIALS.with(|c| c.borrow_mut().push((who, role, true)));
}

/// Suspends (`false`) or reinstates (`true`) every credential of `who`.
pub fn set_active(who: u64, active: bool) {
	CREDENTIALS.with(|c| c.borrow_mut().iter_mut().filter(|e| e.0 == who).for_each(|e| e.2 = active));
}

/// Anchors a record of `patient`; returns its id.
pub fn record(patient: u64, record_type: RecordType) -> RecordId {
	RECORDS.with(|r| {
		let mut records = r.borrow_mut();
		records.push((patient, record_type, RecordStatus::Current));
		records.len() as RecordId - 1
	})
}

/// Sets a record's status.
pub fn set_status(record: RecordId, status: RecordStatus) {
	RECORDS.with(|r| {
		if let Some(entry) = r.borrow_mut().get_mut(record as usize) {
			entry.2 = status;
		}
	});
}

/// Lets `provider` read `patient`'s records for treatment.
pub fn grant_treatment(provider: u64, patient: u64) {
	TREATMENT.with(|t| t.borrow_mut().push((provider, patient)));
}

/// Lets `patient`'s records be disclosed to `payer` for payment (HPAYMT `disclose`).
pub fn grant_disclosure(payer: u64, patient: u64) {
	DISCLOSURE.with(|t| t.borrow_mut().push((payer, patient)));
}

/// Withdraws `patient`'s permission to disclose to `payer`.
pub fn withhold_disclosure(payer: u64, patient: u64) {
	DISCLOSURE.with(|t| t.borrow_mut().retain(|e| *e != (payer, patient)));
}

/// Sets today's date, in days since 1970-01-01.
pub fn set_today(days: u32) {
	NOW_DAYS.with(|d| *d.borrow_mut() = days);
}

pub struct TestCredentials;
impl CredentialInspect<u64> for TestCredentials {
	fn affiliation(who: &u64, role: Role) -> Option<Affiliation> {
		CREDENTIALS.with(|c| {
			c.borrow()
				.iter()
				.find(|(w, r, _)| w == who && *r == role)
				.map(|(.., active)| Affiliation { organization: organization_of(*who), active: *active })
		})
	}
	fn is_professional(who: &u64) -> bool {
		CREDENTIALS.with(|c| c.borrow().iter().any(|(w, ..)| w == who))
	}
	fn organization_exists(organization: OrganizationId) -> bool {
		CREDENTIALS.with(|c| c.borrow().iter().any(|(who, ..)| organization_of(*who) == organization))
	}
	fn current_key(who: &u64) -> Option<u64> {
		let mut current = *who;
		while let Some(next) = ROTATED.with(|r| r.borrow().iter().find(|e| e.0 == current).map(|e| e.1)) {
			current = next;
		}
		(current != *who).then_some(current)
	}
}

pub struct TestRecords;
impl RecordInspect<RecordId, u64> for TestRecords {
	fn patient(record: &RecordId) -> Option<u64> {
		RECORDS.with(|r| r.borrow().get(*record as usize).map(|e| e.0))
	}
	fn record_type(record: &RecordId) -> Option<RecordType> {
		RECORDS.with(|r| r.borrow().get(*record as usize).map(|e| e.1))
	}
	fn status(record: &RecordId) -> Option<RecordStatus> {
		RECORDS.with(|r| r.borrow().get(*record as usize).map(|e| e.2))
	}
}

/// The patient owns; `GUARDIAN` is guardian of `PATIENT`; granted providers may read for
/// treatment.
pub struct TestPolicy;
impl AccessPolicy<u64> for TestPolicy {
	fn check(
		accessor: &u64,
		patient: &u64,
		_: AccessTarget,
		purpose: PurposeOfUse,
		action: ConsentAction,
	) -> Result<AccessBasis, AccessDenied> {
		match (*accessor, *patient) {
			(a, p) if a == p => Ok(AccessBasis::Owner),
			(GUARDIAN, PATIENT) => Ok(AccessBasis::Guardian),
			(a, p) if purpose == PurposeOfUse::Payment &&
				action == ConsentAction::Disclose &&
				DISCLOSURE.with(|t| t.borrow().contains(&(a, p))) =>
				Ok(AccessBasis::Consent(1)),
			(a, p) if TREATMENT.with(|t| t.borrow().contains(&(a, p))) =>
				if purpose == PurposeOfUse::Treatment && action == ConsentAction::Access {
					Ok(AccessBasis::Consent(0))
				} else {
					Err(AccessDenied::PurposeNotPermitted)
				},
			_ => Err(AccessDenied::NoBasis),
		}
	}

	fn check_weight(_: ConsentAction, _: PurposeOfUse) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

pub struct TestTime;
impl frame_support::traits::UnixTime for TestTime {
	fn now() -> Duration {
		// Noon, so a day boundary is never at stake.
		Duration::from_secs(u64::from(NOW_DAYS.with(|d| *d.borrow())) * 86_400 + 43_200)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for TestCredentials {
	fn activate(who: &u64, role: Role) {
		credential(*who, role);
	}
	fn grant_treatment(provider: &u64, patient: &u64) {
		grant_treatment(*provider, *patient);
	}
	fn grant_disclosure(payer: &u64, patient: &u64) {
		grant_disclosure(*payer, *patient);
	}
	fn evidence(patient: &u64) -> RecordId {
		record(*patient, RecordType::Encounter)
	}
	fn advance_days(days: u32) {
		NOW_DAYS.with(|d| *d.borrow_mut() += days);
	}
}

parameter_types! {
	pub static AppealWindow: u64 = 20;
	pub static TimelyFilingDays: u32 = 90;
	pub const MaxTimelyFilingDays: u32 = 180;
	pub static DecisionPeriod: u64 = 30;
	pub static ArbitrationPeriod: u64 = 40;
	pub const PlanDeposit: u64 = 50;
	pub const EnrollmentDeposit: u64 = 5;
	pub const ClaimDeposit: u64 = 10;
	pub const ItemDeposit: u64 = 2;
}

impl pallet_claims::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credentials = TestCredentials;
	type Records = TestRecords;
	type AccessPolicy = TestPolicy;
	type ArbitrationOrigin = EnsureRoot<u64>;
	type UnixTime = TestTime;
	type AppealWindow = AppealWindow;
	type TimelyFilingDays = TimelyFilingDays;
	type MaxTimelyFilingDays = MaxTimelyFilingDays;
	type DecisionPeriod = DecisionPeriod;
	type ArbitrationPeriod = ArbitrationPeriod;
	type PlanDeposit = PlanDeposit;
	type EnrollmentDeposit = EnrollmentDeposit;
	type ClaimDeposit = ClaimDeposit;
	type ItemDeposit = ItemDeposit;
	type MaxCoveredServices = ConstU32<4>;
	type MaxItems = ConstU32<4>;
	type MaxEvidence = ConstU32<3>;
	type MaxNetwork = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestCredentials;
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: [PATIENT, PAYER, DOCTOR, HOSPITAL, GUARDIAN, STRANGER, OTHER_PATIENT, OTHER_PAYER, OUTSIDER]
			.into_iter()
			.map(|who| (who, 10_000))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		CREDENTIALS.with(|c| c.borrow_mut().clear());
		RECORDS.with(|r| r.borrow_mut().clear());
		TREATMENT.with(|t| t.borrow_mut().clear());
		DISCLOSURE.with(|t| t.borrow_mut().clear());
		ORGANIZATION_OF.with(|o| o.borrow_mut().clear());
		ROTATED.with(|r| r.borrow_mut().clear());
		set_today(TODAY);
		credential(PAYER, Role::Payer);
		credential(OTHER_PAYER, Role::Payer);
		credential(DOCTOR, Role::Practitioner);
		credential(HOSPITAL, Role::Organization);
		credential(OUTSIDER, Role::Practitioner);
		grant_treatment(DOCTOR, PATIENT);
		grant_treatment(HOSPITAL, PATIENT);
		grant_treatment(DOCTOR, OTHER_PATIENT);
		for payer in [PAYER, OTHER_PAYER] {
			for patient in [PATIENT, OTHER_PATIENT] {
				grant_disclosure(payer, patient);
			}
		}
	});
	ext
}

/// Runs `test` on a fresh chain, then checks the pallet's invariants and that claims moved
/// money without minting or burning any.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		Claims::do_try_state().expect("invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "claims changed the total issuance");
	});
}
