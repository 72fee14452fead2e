//! Who is who: the consortium's credential registry (pallet-credentials).

use crate::{deposit, AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason, DAYS};
use polkadot_sdk::*;

use frame_support::parameter_types;
use frame_system::EnsureRoot;

parameter_types! {
	/// An organization entry: admin, kind, roles, jurisdiction, status, counters (~110 bytes).
	pub const OrganizationDeposit: Balance = deposit(1, 110);
	/// A credential: organization, licence commitment, jurisdiction, validity, depositor (~170 bytes).
	pub const CredentialDeposit: Balance = deposit(1, 170);
	/// Licences are re-checked at least every two years.
	pub const MaxCredentialValidity: BlockNumber = 2 * 365 * DAYS;
}

/// The registrar: Root until the consortium's `credentialing` referendum track exists
/// (governance issue). On a dev chain, Alice reaches Root through `sudo`.
pub type CredentialRegistrar = EnsureRoot<AccountId>;

impl pallet_credentials::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrarOrigin = CredentialRegistrar;
	type OrganizationDeposit = OrganizationDeposit;
	type CredentialDeposit = CredentialDeposit;
	type MaxCredentialValidity = MaxCredentialValidity;
	type WeightInfo = pallet_credentials::weights::SubstrateWeight<Runtime>;
}
