//! The pallets benchmarked in this runtime, for `benchmark pallet` and scripts/benchmark.sh.

use crate::*;
use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkError, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};
use polkadot_sdk::staging_xcm as xcm;

// pallet_message_queue is not listed: with this runtime's XCM message processor, three of its
// benchmarks (service_page_item, execute_overweight_page_*) fail; it keeps the SDK's weights.
// pallet_ranked_collective is not listed: its benchmarks expect an empty collective and rank
// promotions, while this runtime has founding members at genesis and forbids promotion. It uses
// the SDK's weights; see docs/building.md.
frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[cumulus_pallet_parachain_system, ParachainSystem]
	[cumulus_pallet_weight_reclaim, WeightReclaim]
	[pallet_balances, Balances]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_sudo, Sudo]
	[pallet_collator_selection, CollatorSelection]
	[pallet_session, SessionBench::<Runtime>]
	[cumulus_pallet_xcmp_queue, XcmpQueue]
	[pallet_timestamp, Timestamp]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_referenda, RankedPolls]
	[pallet_parameters, Parameters]
	[pallet_xcm, PalletXcmBench::<Runtime>]
	[pallet_credentials, Credentials]
	[pallet_records, Records]
	[pallet_consent, Consent]
	[pallet_emergency_access, EmergencyAccess]
	[pallet_claims, Claims]
);

use cumulus_pallet_session_benchmarking::Pallet as SessionBench;
use frame_system_benchmarking::{extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench};
use pallet_xcm::benchmarking::Pallet as PalletXcmBench;

/// pallet-xcm on this runtime: only governance sends or executes, nothing is teleported or
/// reserve-transferred, and no asset is transacted. The benchmarks of what is refused end in
/// `Weight::MAX` (the SDK's override), so those calls never fit in a block.
impl pallet_xcm::benchmarking::Config for Runtime {
	type DeliveryHelper = cumulus_primitives_utility::ToParentDeliveryHelper<
		configs::xcm::XcmConfig,
		NoExistentialDepositAsset,
		polkadot_runtime_common::xcm_sender::NoPriceForMessageDelivery<()>,
	>;

	fn reachable_dest() -> Option<xcm::latest::Location> {
		Some(xcm::latest::Location::parent())
	}

	fn get_asset() -> xcm::latest::Asset {
		// Never transacted here (no asset transactor), so `claim_assets` is overridden.
		(xcm::latest::Location::here(), crate::EXISTENTIAL_DEPOSIT).into()
	}
}

frame_support::parameter_types! {
	/// No asset stands for the native token in XCM here, so none is minted for delivery.
	pub const NoExistentialDepositAsset: Option<xcm::latest::Asset> = None;
}

/// `set_keys` with the proof that the caller owns the keys, as the runtime requires of every
/// collator (docs/operating-a-collator.md).
impl cumulus_pallet_session_benchmarking::Config for Runtime {
	fn generate_session_keys_and_proof(owner: AccountId) -> (SessionKeys, Vec<u8>) {
		use codec::Encode;
		let generated = SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

/// The fee payer is endowed by the adapter itself (`FungibleAdapter`); nothing else to set up.
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

impl frame_system_benchmarking::Config for Runtime {
	fn setup_set_code_requirements(code: &Vec<u8>) -> Result<(), BenchmarkError> {
		ParachainSystem::initialize_for_set_code_benchmark(code.len() as u32);
		Ok(())
	}

	fn verify_set_code() {
		System::assert_last_event(
			cumulus_pallet_parachain_system::Event::<Runtime>::ValidationFunctionStored.into(),
		);
	}
}

/// The benchmarks this runtime knows and the storage they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
