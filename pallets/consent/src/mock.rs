//! A minimal runtime for the pallet's tests: System, Balances and Consent, with a credential
//! registry the tests configure.

use crate as pallet_consent;
use crate::{CredentialInspect, OrganizationId, Role};
use caduceus_primitives::Affiliation;
use core::cell::RefCell;
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
		Consent: pallet_consent,
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
/// A practitioner of [`HOSPITAL`] with an active credential.
pub const DOCTOR: u64 = 2;
/// A family member: no credential at all.
pub const SPOUSE: u64 = 3;
/// A guardian (no credential).
pub const GUARDIAN: u64 = 4;
/// Another practitioner of [`HOSPITAL`].
pub const NURSE: u64 = 5;
/// A researcher of [`UNIVERSITY`].
pub const RESEARCHER: u64 = 6;
/// Another patient.
pub const OTHER_PATIENT: u64 = 7;
/// An account that cannot afford deposits.
pub const POOR: u64 = 8;
/// A payer of [`INSURER`].
pub const PAYER: u64 = 9;

/// A registered hospital.
pub const HOSPITAL: OrganizationId = 1;
/// A registered university that runs studies.
pub const UNIVERSITY: OrganizationId = 2;
/// A registered insurer.
pub const INSURER: OrganizationId = 3;
/// An organization id nobody registered.
pub const UNREGISTERED: OrganizationId = 99;

thread_local! {
	static CREDENTIALS: RefCell<Vec<(u64, Role, OrganizationId, bool)>> = const { RefCell::new(Vec::new()) };
}

/// Gives `who` an active credential of `organization` for `role`.
pub fn credential(who: u64, role: Role, organization: OrganizationId) {
	CREDENTIALS.with(|c| c.borrow_mut().push((who, role, organization, true)));
}

/// Suspends (`false`) or reinstates (`true`) every credential of `who`; they stay on record.
pub fn set_active(who: u64, active: bool) {
	CREDENTIALS.with(|c| c.borrow_mut().iter_mut().filter(|e| e.0 == who).for_each(|e| e.3 = active));
}

/// Forgets every credential.
pub fn clear_credentials() {
	CREDENTIALS.with(|c| c.borrow_mut().clear());
}

pub struct TestCredentials;
impl CredentialInspect<u64> for TestCredentials {
	fn affiliation(who: &u64, role: Role) -> Option<Affiliation> {
		CREDENTIALS.with(|c| {
			c.borrow()
				.iter()
				.find(|(w, r, ..)| w == who && *r == role)
				.map(|(_, _, organization, active)| Affiliation { organization: *organization, active: *active })
		})
	}
	fn is_professional(who: &u64) -> bool {
		CREDENTIALS.with(|c| c.borrow().iter().any(|(w, ..)| w == who))
	}
	fn organization_exists(organization: OrganizationId) -> bool {
		[HOSPITAL, UNIVERSITY, INSURER].contains(&organization) || organization >= 100
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for TestCredentials {
	fn affiliate(who: &u64, role: Role) -> OrganizationId {
		let organization = 100 + CREDENTIALS.with(|c| c.borrow().len()) as OrganizationId;
		credential(*who, role, organization);
		organization
	}
}

parameter_types! {
	pub const ConsentDeposit: u64 = 10;
	pub const ScopedRecordDeposit: u64 = 1;
	pub const GuardianshipDeposit: u64 = 20;
}

impl pallet_consent::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credentials = TestCredentials;
	type GuardianAuthority = EnsureRoot<u64>;
	type ConsentDeposit = ConsentDeposit;
	type ScopedRecordDeposit = ScopedRecordDeposit;
	type GuardianshipDeposit = GuardianshipDeposit;
	type MaxConsentsPerPatient = ConstU32<6>;
	type MaxConsentsPerGrantee = ConstU32<3>;
	type MaxScopedRecords = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestCredentials;
}

/// Storage with balances only; the credential registry is empty.
pub fn bare_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: [PATIENT, DOCTOR, SPOUSE, GUARDIAN, NURSE, RESEARCHER, OTHER_PATIENT, PAYER]
			.into_iter()
			.map(|who| (who, 1_000))
			.chain([(POOR, 10)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		clear_credentials();
	});
	ext
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut ext = bare_ext();
	ext.execute_with(|| {
		credential(DOCTOR, Role::Practitioner, HOSPITAL);
		credential(NURSE, Role::Practitioner, HOSPITAL);
		credential(RESEARCHER, Role::Researcher, UNIVERSITY);
		credential(PAYER, Role::Payer, INSURER);
	});
	ext
}

/// Runs `test` on a fresh chain, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Consent::do_try_state().expect("invariants hold after the test");
	});
}
