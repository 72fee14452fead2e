//! A minimal runtime for the pallet's tests: System, Balances and Credentials.

use crate as pallet_credentials;
use polkadot_sdk::{
	frame_support::{self, derive_impl, parameter_types},
	frame_system::{self, EnsureRoot, EnsureSignedBy},
	pallet_balances,
	sp_io,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Credentials: pallet_credentials,
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

/// Stands in for the arbitration track: suspends and reinstates, nothing else.
pub const ARBITER: u64 = 99;

frame_support::ord_parameter_types! {
	pub const Arbiters: u64 = ARBITER;
}

parameter_types! {
	pub const OrganizationDeposit: u64 = 100;
	pub const CredentialDeposit: u64 = 10;
	pub const ProfessionalEntryFee: u64 = 3;
	pub const MaxCredentialValidity: u64 = 1_000;
}

impl pallet_credentials::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrarOrigin = EnsureRoot<u64>;
	type DisciplinaryOrigin = EnsureSignedBy<Arbiters, u64>;
	type OrganizationDeposit = OrganizationDeposit;
	type CredentialDeposit = CredentialDeposit;
	type ProfessionalEntryFee = ProfessionalEntryFee;
	type MaxCredentialValidity = MaxCredentialValidity;
	type WeightInfo = ();
}

/// A hospital's admin, with funds for deposits.
pub const ADMIN: u64 = 1;
/// A payer's admin.
pub const OTHER_ADMIN: u64 = 2;
/// A clinician.
pub const DOCTOR: u64 = 10;
/// Another clinician.
pub const NURSE: u64 = 11;
/// An account with no credentials.
pub const STRANGER: u64 = 20;
/// An admin who cannot afford a credential deposit after registering.
pub const POOR_ADMIN: u64 = 30;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ADMIN, 1_000), (OTHER_ADMIN, 1_000), (DOCTOR, 100), (NURSE, 100), (40, 100), (41, 100), (STRANGER, 1_000), (POOR_ADMIN, 105)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on a fresh chain, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Credentials::do_try_state().expect("invariants hold after the test");
	});
}
