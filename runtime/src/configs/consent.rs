//! Patient consent, guardians and research cohorts (pallet-consent): the access policy for
//! everything but emergencies.

use super::parameters::bounded as policy;
use crate::{governance::origins::EnsureArbitration, AccountId, Balances, Credentials, Runtime, RuntimeHoldReason};
use polkadot_sdk::*;

use frame_support::traits::{ConstU32, EitherOf};
use frame_system::EnsureRoot;

impl pallet_consent::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credentials = Credentials;
	// A court order appointing or discharging a guardian is carried out by the arbitration track.
	type GuardianAuthority = EitherOf<EnsureRoot<AccountId>, EnsureArbitration>;
	type ConsentDeposit = policy::ConsentDeposit;
	type ScopedRecordDeposit = policy::ScopedRecordDeposit;
	type GuardianshipDeposit = policy::GuardianshipDeposit;
	type MaxConsentsPerPatient = ConstU32<64>;
	// Bounds the check: at most four lists of eight consents per access (docs/performance.md).
	type MaxConsentsPerGrantee = ConstU32<8>;
	type MaxScopedRecords = ConstU32<16>;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CredentialsBenchmarkHelper;
}

/// Credentials through pallet-credentials' own calls, as the registrar would issue them; shared
/// by the benchmarks of every pallet that checks credentials.
#[cfg(feature = "runtime-benchmarks")]
pub struct CredentialsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl CredentialsBenchmarkHelper {
	/// Registers a new organization that may hold every role, and issues `who` its credential
	/// for `role`; returns the organization.
	pub fn affiliate(who: &AccountId, role: caduceus_primitives::Role) -> caduceus_primitives::OrganizationId {
		use frame_support::traits::fungible::Mutate;
		use frame_system::RawOrigin;
		let admin: AccountId = frame_benchmarking::account("bench-organization-admin", 0, 0);
		let organization = pallet_credentials::NextOrganizationId::<Runtime>::get();
		let _ = Balances::set_balance(&admin, 1_000_000 * crate::UNIT);
		let roles = caduceus_primitives::Role::ALL.to_vec().try_into().unwrap_or_default();
		let jurisdiction: pallet_credentials::Jurisdiction = b"US-CA".to_vec().try_into().unwrap_or_default();
		let registered = Credentials::register_organization(
			RawOrigin::Root.into(),
			admin,
			pallet_credentials::OrganizationKind::Hospital,
			roles,
			jurisdiction,
		);
		assert!(registered.is_ok(), "benchmark organization");
		Self::issue(who, role, organization);
		organization
	}

	/// Issues `who` a credential for `role` from the existing `organization`.
	pub fn issue(who: &AccountId, role: caduceus_primitives::Role, organization: caduceus_primitives::OrganizationId) {
		use frame_support::traits::Get;
		use frame_system::RawOrigin;
		let jurisdiction: pallet_credentials::Jurisdiction = b"US-CA".to_vec().try_into().unwrap_or_default();
		let issued = Credentials::issue_credential(
			RawOrigin::Root.into(),
			who.clone(),
			role,
			organization,
			Default::default(),
			jurisdiction,
			frame_system::Pallet::<Runtime>::block_number() + super::parameters::credentials::MaxCredentialValidity::get(),
		);
		assert!(issued.is_ok(), "benchmark credential for {role:?}");
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_consent::BenchmarkHelper<AccountId> for CredentialsBenchmarkHelper {
	fn affiliate(who: &AccountId, role: caduceus_primitives::Role) -> caduceus_primitives::OrganizationId {
		Self::affiliate(who, role)
	}
}
