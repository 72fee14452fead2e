//! Governance: the consortium's ranked collective, its referenda, and what enacts them.
//!
//! See `crate::governance` for the tracks and origins, docs/governance.md for how members use
//! them. `Sudo` exists only so a development chain can act as Root without a referendum: the
//! `development` and `local_testnet` presets give its key to Alice; the `consortium` preset sets
//! no key, so on a consortium chain Root is reached only through the `root` track.

use super::system::RuntimeBlockWeights;
use crate::{
	deposit,
	governance::{origins, tracks::ConsortiumTracks},
	AccountId, Balance, Balances, OriginCaller, Preimage, RankedCollective, RankedPolls, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler,
	System, DAYS, UNIT,
};
use polkadot_sdk::*;

use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, AsEnsureOriginWithArg, ConstU16, ConstU32, EqualPrivilegeOnly,
		LinearStoragePrice, NeverEnsureOrigin,
	},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureRootWithSuccess};
use sp_runtime::{traits::ConvertToValue, Perbill};

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = SudoWeight;
}

// pallet-sudo's weights as measured here, but `sudo_as` also pays for the account it acts as.
super::weights_with_another_account!(SudoWeight, pallet_sudo::WeightInfo, crate::weights::pallet_sudo::WeightInfo<Runtime>,
	other: [sudo_as()],
	same: [set_key(), sudo(), remove_key(), check_only_sudo_account()]);

parameter_types! {
	/// The collective is a consortium of institutions, not the public.
	pub const MaxConsortiumMembers: u32 = 100;
}

/// The consortium: one member one vote. Every member has rank 0 and every track is open to rank 0;
/// ranks are never used (nobody may promote), so the collective is flat.
impl pallet_ranked_collective::Config for Runtime {
	// The SDK's weights: see runtime/src/benchmarks.rs for why they are not measured here.
	type WeightInfo = pallet_ranked_collective::weights::SubstrateWeight<Runtime>;
	type RuntimeEvent = RuntimeEvent;
	// Members are admitted and removed by a referendum on the root track.
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRootWithSuccess<AccountId, ConstU16<0>>;
	type PromoteOrigin = NeverEnsureOrigin<u16>;
	type DemoteOrigin = NeverEnsureOrigin<u16>;
	// A member institution replacing its governance key is a membership change too.
	type ExchangeOrigin = EnsureRoot<AccountId>;
	type Polls = RankedPolls;
	type MinRankOfClass = ConvertToValue<ConstU16<0>>;
	type MemberSwappedHandler = ();
	type VoteWeight = pallet_ranked_collective::Unit;
	type MaxMemberCount = ConvertToValue<MaxConsortiumMembers>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkSetup = ();
}

parameter_types! {
	/// Reserved from the proposer until the referendum ends; refunded unless it is killed.
	pub const SubmissionDeposit: Balance = 10 * UNIT;
	/// A referendum without a decision deposit after this long times out.
	pub const UndecidingTimeout: crate::BlockNumber = 14 * DAYS;
}

impl pallet_referenda::Config for Runtime {
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	// Only members propose: the consortium does not take proposals from the public.
	type SubmitOrigin = AsEnsureOriginWithArg<pallet_ranked_collective::EnsureMember<Runtime, (), 0>>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	// Deposits of killed referenda are burned.
	type Slash = ();
	type Votes = pallet_ranked_collective::Votes;
	type Tally = pallet_ranked_collective::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<20>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = ConstU32<1>;
	type Tracks = ConsortiumTracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// Enacted calls may use up to 80% of a block.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	// Only referenda (through the pallet's own trait) and Root schedule calls.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub const PreimageBaseDeposit: Balance = deposit(2, 64);
	pub const PreimageByteDeposit: Balance = deposit(0, 1);
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	// The noter pays for the bytes it stores, held until the preimage is removed.
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl origins::Config for Runtime {
	type Collective = RankedCollective;
}
