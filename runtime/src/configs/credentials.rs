//! Who is who: the consortium's credential registry (pallet-credentials).

use super::parameters::bounded as policy;
use crate::{
	governance::origins::{EnsureArbitration, EnsureCredentialing},
	AccountId, Balances, Runtime, RuntimeHoldReason,
};
use polkadot_sdk::*;

use frame_support::traits::EitherOf;
use frame_system::EnsureRoot;

/// The registrar: a `credentialing` referendum, or Root (on a dev chain, Alice through `sudo`).
pub type CredentialRegistrar = EitherOf<EnsureRoot<AccountId>, EnsureCredentialing>;

impl pallet_credentials::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RegistrarOrigin = CredentialRegistrar;
	// An `arbitration` referendum settles disputed abuse findings by suspending or reinstating.
	type DisciplinaryOrigin = EnsureArbitration;
	type OrganizationDeposit = policy::OrganizationDeposit;
	type CredentialDeposit = policy::CredentialDeposit;
	type ProfessionalEntryFee = policy::ProfessionalEntryFee;
	type MaxCredentialValidity = policy::MaxCredentialValidity;
	type WeightInfo = pallet_credentials::weights::SubstrateWeight<Runtime>;
}
