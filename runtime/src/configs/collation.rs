//! Who authors blocks: invulnerable collators run by consortium members, plus bonded candidates.

use crate::{
	AccountId, Aura, AuraId, Balance, Balances, BlockNumber, CollatorSelection, Runtime,
	RuntimeEvent, Session, SessionKeys, HOURS, MILLI_UNIT, MINUTES, SLOT_DURATION,
};
use polkadot_sdk::*;

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CollatorSelection,);
}

/// How long a session lasts: six hours on a consortium chain, a minute on a chain with the rapid
/// track timing (the dev and local presets), so a collator added on a local network authors
/// within minutes rather than the two sessions (up to 12 hours) a live chain takes.
///
/// One storage read each block, in `pallet_session`'s `on_initialize`, which does not charge
/// it; the value is set at genesis only.
pub struct SessionPeriod;
impl frame_support::traits::Get<BlockNumber> for SessionPeriod {
	fn get() -> BlockNumber {
		match crate::governance::origins::Timing::<Runtime>::get() {
			crate::governance::origins::TrackTiming::Consortium => 6 * HOURS,
			crate::governance::origins::TrackTiming::Rapid => MINUTES,
		}
	}
}

parameter_types! {
	pub const SessionOffset: BlockNumber = 0;
	/// Bond held from an account that registers session keys, returned when it purges them.
	pub const SessionKeyDeposit: Balance = 10 * MILLI_UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = CollatorSelection;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<100>;
	// Asynchronous backing can build several parachain blocks in one Aura slot.
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

impl cumulus_pallet_aura_ext::Config for Runtime {}

parameter_types! {
	/// Account that collects candidacy bonds and pays collator rewards.
	pub const CollatorPotId: PalletId = PalletId(*b"cad/coll");
}

/// Who sets invulnerable collators and the candidacy bond: a `collators` referendum, or Root.
pub type CollatorSelectionUpdateOrigin =
	frame_support::traits::EitherOfDiverse<EnsureRoot<AccountId>, crate::governance::origins::EnsureCollators>;

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type UpdateOrigin = CollatorSelectionUpdateOrigin;
	type PotId = CollatorPotId;
	type MaxCandidates = ConstU32<100>;
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<20>;
	// A candidate that authored nothing for a whole session is removed.
	type KickThreshold = SessionPeriod;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ValidatorRegistration = Session;
	type WeightInfo = crate::weights::pallet_collator_selection::WeightInfo<Runtime>;
}
