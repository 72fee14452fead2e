//! A minimal runtime for the pallet's tests: System, Balances and Records, with a policy and a
//! credential registry the tests configure.

use crate as pallet_records;
use crate::{AccessBasis, AccessDenied, AccessPolicy, AccessTarget, ConsentAction, CredentialInspect, PurposeOfUse, Role};
use caduceus_primitives::{Affiliation, OrganizationId};
use core::cell::RefCell;
use polkadot_sdk::{
	frame_support::{self, derive_impl, parameter_types, traits::ConstU32},
	frame_system, pallet_balances, sp_io,
	sp_runtime::BuildStorage,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Records: pallet_records,
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
/// A practitioner with an active credential.
pub const DOCTOR: u64 = 2;
/// A custodian with an active credential.
pub const CUSTODIAN: u64 = 3;
/// The patient's guardian (granted by the policy, no credential).
pub const GUARDIAN: u64 = 4;
/// An account with neither grant nor credential.
pub const STRANGER: u64 = 5;
/// A privacy officer with an active credential.
pub const OFFICER: u64 = 6;
/// A practitioner who cannot afford deposits.
pub const POOR_DOCTOR: u64 = 7;
/// Another patient.
pub const OTHER_PATIENT: u64 = 8;

thread_local! {
	static GRANTS: RefCell<Vec<(u64, u64, ConsentAction, AccessBasis)>> = const { RefCell::new(Vec::new()) };
	static DENIAL: RefCell<AccessDenied> = const { RefCell::new(AccessDenied::NoBasis) };
	static CREDENTIALS: RefCell<Vec<(u64, Role, OrganizationId)>> = const { RefCell::new(Vec::new()) };
}

/// Lets `accessor` perform `action` on `patient`'s records on `basis`.
pub fn grant(accessor: u64, patient: u64, action: ConsentAction, basis: AccessBasis) {
	GRANTS.with(|g| g.borrow_mut().push((accessor, patient, action, basis)));
}

/// Withdraws every grant of `accessor`.
pub fn revoke_grants(accessor: u64) {
	GRANTS.with(|g| g.borrow_mut().retain(|(a, ..)| *a != accessor));
}

/// The reason the policy gives when nothing grants.
pub fn deny_with(reason: AccessDenied) {
	DENIAL.with(|d| *d.borrow_mut() = reason);
}

/// Gives `who` an active credential for `role`.
pub fn credential(who: u64, role: Role) {
	credential_at(who, role, 0);
}

/// Gives `who` an active credential for `role`, issued by `organization`.
pub fn credential_at(who: u64, role: Role, organization: OrganizationId) {
	CREDENTIALS.with(|c| c.borrow_mut().push((who, role, organization)));
}

/// Suspends every credential of `who`.
pub fn suspend(who: u64) {
	CREDENTIALS.with(|c| c.borrow_mut().retain(|(w, _, _)| *w != who));
}

pub struct TestPolicy;
impl AccessPolicy<u64> for TestPolicy {
	fn check(
		accessor: &u64,
		patient: &u64,
		_: AccessTarget,
		_: PurposeOfUse,
		action: ConsentAction,
	) -> Result<AccessBasis, AccessDenied> {
		if accessor == patient {
			return Ok(AccessBasis::Owner);
		}
		GRANTS
			.with(|g| {
				g.borrow()
					.iter()
					.find(|(a, p, act, _)| a == accessor && p == patient && *act == action)
					.map(|(.., basis)| *basis)
			})
			.ok_or_else(|| DENIAL.with(|d| *d.borrow()))
	}

	fn check_weight(_: ConsentAction, _: PurposeOfUse) -> frame_support::weights::Weight {
		POLICY_CHECK_WEIGHT
	}

	/// The patient is answered without a read, as in the runtime's tuple.
	fn check_metered(
		accessor: &u64,
		patient: &u64,
		target: AccessTarget,
		purpose: PurposeOfUse,
		action: ConsentAction,
	) -> (Result<AccessBasis, AccessDenied>, frame_support::weights::Weight) {
		let asked = if accessor == patient { frame_support::weights::Weight::zero() } else { POLICY_CHECK_WEIGHT };
		(Self::check(accessor, patient, target, purpose, action), asked)
	}
}

/// What the test policy's check costs a non-patient, so that charges and refunds show.
pub const POLICY_CHECK_WEIGHT: frame_support::weights::Weight = frame_support::weights::Weight::from_parts(7_000_000, 700);

pub struct TestCredentials;
impl CredentialInspect<u64> for TestCredentials {
	fn affiliation(who: &u64, role: Role) -> Option<Affiliation> {
		CREDENTIALS.with(|c| {
			c.borrow()
				.iter()
				.find(|(w, r, _)| w == who && *r == role)
				.map(|(_, _, organization)| Affiliation { organization: *organization, active: true })
		})
	}
	fn is_professional(who: &u64) -> bool {
		CREDENTIALS.with(|c| c.borrow().iter().any(|(w, _, _)| w == who))
	}
	fn organization_exists(organization: OrganizationId) -> bool {
		organization == 0
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for TestCredentials {
	fn activate(who: &u64, role: Role) {
		credential(*who, role);
	}
	fn grant(accessor: &u64, patient: &u64) -> bool {
		for action in ConsentAction::ALL.iter().copied() {
			grant(*accessor, *patient, action, AccessBasis::Consent(1));
		}
		true
	}
}

parameter_types! {
	pub const RecordBaseDeposit: u64 = 10;
	pub const ByteDeposit: u64 = 1;
	pub const EnvelopeBaseDeposit: u64 = 5;
	pub const AccessLogFee: u64 = 2;
	pub const ErasureFee: u64 = 3;
}

impl pallet_records::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AccessPolicy = TestPolicy;
	type Credentials = TestCredentials;
	type RecordBaseDeposit = RecordBaseDeposit;
	type ByteDeposit = ByteDeposit;
	type EnvelopeBaseDeposit = EnvelopeBaseDeposit;
	type AccessLogFee = AccessLogFee;
	type ErasureFee = ErasureFee;
	type MaxLocatorLen = ConstU32<64>;
	type MaxWrappedKeyLen = ConstU32<80>;
	type MaxKeyEnvelopes = ConstU32<4>;
	type WeightInfo = ();
	type BenchmarkedGrant = TestPolicy;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestCredentials;
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("system genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(PATIENT, 1_000),
			(DOCTOR, 1_000),
			(CUSTODIAN, 1_000),
			(GUARDIAN, 1_000),
			(STRANGER, 1_000),
			(OFFICER, 1_000),
			(POOR_DOCTOR, 10),
			(OTHER_PATIENT, 1_000),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		credential(DOCTOR, Role::Practitioner);
		credential(POOR_DOCTOR, Role::Practitioner);
		credential(CUSTODIAN, Role::Custodian);
		credential(OFFICER, Role::PrivacyOfficer);
	});
	ext
}

/// Runs `test` on a fresh chain, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Records::do_try_state().expect("invariants hold after the test");
	});
}
