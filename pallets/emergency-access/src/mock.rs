//! A minimal runtime for the pallet's tests: System, Balances and EmergencyAccess, with a
//! credential registry, guardians and an abuse hook the tests configure.

use crate as pallet_emergency_access;
use crate::{
	AccessBasis, AccessDenied, AccessPolicy, AccessTarget, ConsentAction, CredentialActionReason, CredentialInspect,
	OnCredentialAbuse, PurposeOfUse, Role,
};
use caduceus_primitives::{Affiliation, OrganizationId};
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
		EmergencyAccess: pallet_emergency_access,
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
/// A certified emergency responder.
pub const RESPONDER: u64 = 2;
/// Another certified emergency responder.
pub const MEDIC: u64 = 3;
/// The patient's guardian.
pub const GUARDIAN: u64 = 4;
/// A privacy officer.
pub const OFFICER: u64 = 5;
/// An account with no credential.
pub const STRANGER: u64 = 6;
/// Another patient.
pub const OTHER_PATIENT: u64 = 7;
/// A responder who cannot afford the bond.
pub const POOR_RESPONDER: u64 = 8;
/// A family member to notify.
pub const SPOUSE: u64 = 9;

thread_local! {
	static CREDENTIALS: RefCell<Vec<(u64, Role, bool, OrganizationId)>> = const { RefCell::new(Vec::new()) };
	static ABUSE_REPORTS: RefCell<Vec<(u64, Role, CredentialActionReason)>> = const { RefCell::new(Vec::new()) };
}

/// Gives `who` an active credential for `role`, of an organization of its own (id `who`).
pub fn credential(who: u64, role: Role) {
	credential_of(who, role, who as OrganizationId);
}

/// Gives `who` an active credential for `role` of `organization`.
pub fn credential_of(who: u64, role: Role, organization: OrganizationId) {
	CREDENTIALS.with(|c| c.borrow_mut().push((who, role, true, organization)));
}

/// Suspends (`false`) or reinstates (`true`) every credential of `who`.
pub fn set_active(who: u64, active: bool) {
	CREDENTIALS.with(|c| c.borrow_mut().iter_mut().filter(|e| e.0 == who).for_each(|e| e.2 = active));
}

/// The abuse reports the pallet made.
pub fn abuse_reports() -> Vec<(u64, Role, CredentialActionReason)> {
	ABUSE_REPORTS.with(|r| r.borrow().clone())
}

pub struct TestCredentials;
impl CredentialInspect<u64> for TestCredentials {
	fn affiliation(who: &u64, role: Role) -> Option<Affiliation> {
		CREDENTIALS.with(|c| {
			c.borrow()
				.iter()
				.find(|(w, r, ..)| w == who && *r == role)
				.map(|(_, _, active, organization)| Affiliation { organization: *organization, active: *active })
		})
	}
	fn is_professional(who: &u64) -> bool {
		CREDENTIALS.with(|c| c.borrow().iter().any(|(w, ..)| w == who))
	}
	fn organization_exists(organization: OrganizationId) -> bool {
		CREDENTIALS.with(|c| c.borrow().iter().any(|e| e.3 == organization))
	}
}

pub struct TestAbuse;
impl OnCredentialAbuse<u64> for TestAbuse {
	fn on_abuse(who: &u64, role: Role, reason: CredentialActionReason) {
		ABUSE_REPORTS.with(|r| r.borrow_mut().push((*who, role, reason)));
		set_active(*who, false);
	}
}

/// The patient owns; `GUARDIAN` is guardian of `PATIENT`.
pub struct TestRepresentatives;
impl AccessPolicy<u64> for TestRepresentatives {
	fn check(
		accessor: &u64,
		patient: &u64,
		_: AccessTarget,
		_: PurposeOfUse,
		_: ConsentAction,
	) -> Result<AccessBasis, AccessDenied> {
		match (*accessor, *patient) {
			(a, p) if a == p => Ok(AccessBasis::Owner),
			(GUARDIAN, PATIENT) => Ok(AccessBasis::Guardian),
			_ => Err(AccessDenied::NoBasis),
		}
	}

	fn check_weight(_: ConsentAction, _: PurposeOfUse) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for TestCredentials {
	fn activate(who: &u64, role: Role) {
		credential(*who, role);
	}
}

parameter_types! {
	pub const AccessWindow: u64 = 10;
	pub const ResponderBond: u64 = 100;
	pub const ReviewPeriod: u64 = 50;
	pub static MaxOpenSessions: u32 = 2;
	pub const PreferencesDeposit: u64 = 5;
}

impl pallet_emergency_access::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credentials = TestCredentials;
	type OnAbuse = TestAbuse;
	type Representatives = TestRepresentatives;
	type ArbitrationOrigin = EnsureRoot<u64>;
	type AccessWindow = AccessWindow;
	type ResponderBond = ResponderBond;
	type ReviewPeriod = ReviewPeriod;
	type MaxOpenSessions = MaxOpenSessions;
	type PreferencesDeposit = PreferencesDeposit;
	type MaxNotified = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestCredentials;
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: [PATIENT, RESPONDER, MEDIC, GUARDIAN, OFFICER, STRANGER, OTHER_PATIENT, SPOUSE]
			.into_iter()
			.map(|who| (who, 1_000))
			.chain([(POOR_RESPONDER, 50)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		CREDENTIALS.with(|c| c.borrow_mut().clear());
		ABUSE_REPORTS.with(|r| r.borrow_mut().clear());
		credential(RESPONDER, Role::EmergencyResponder);
		credential(MEDIC, Role::EmergencyResponder);
		credential(POOR_RESPONDER, Role::EmergencyResponder);
		credential(OFFICER, Role::PrivacyOfficer);
	});
	ext
}

/// Runs `test` on a fresh chain, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		EmergencyAccess::do_try_state().expect("invariants hold after the test");
	});
}
