//! Runtime APIs: what the node (polkadot-omni-node-lib), RPC clients such as Polkadot.js, and the
//! relay chain's validators may ask the runtime.

use crate::{
	configs::system::ConsensusHook, genesis_config_presets, AccountId, Aura, AuraId, Balance,
	Block, BlockNumber, Claims, Consent, EmergencyAccess, Executive, InherentDataExt, Nonce, ParachainInfo, ParachainSystem, Records, Runtime,
	RuntimeCall, RuntimeGenesisConfig, SessionKeys, System, TransactionPayment,
	BLOCK_PROCESSING_VELOCITY, RELAY_PARENT_OFFSET, VERSION,
};
use polkadot_sdk::*;

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use cumulus_primitives_core::VerifySchedulingSignature;
use sp_api::impl_runtime_apis;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_session::OpaqueGeneratedSessionKeys;
use sp_version::RuntimeVersion;

/// The most items one call of a paged records or consent API returns.
const RECORDS_API_PAGE: u32 = 1_000;
/// The most claims one call of a paged claims API returns (claims are up to ~2 KB each).
const CLAIMS_API_PAGE: u32 = 100;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as BlockT>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	#[api_version(2)]
	impl pallet_consent::ConsentApi<Block, AccountId> for Runtime {
		fn check_access(
			accessor: AccountId,
			patient: AccountId,
			target: caduceus_primitives::AccessTarget,
			purpose: caduceus_primitives::PurposeOfUse,
			action: caduceus_primitives::ConsentAction,
		) -> Result<caduceus_primitives::AccessBasis, caduceus_primitives::AccessDenied> {
			use caduceus_primitives::AccessPolicy;
			<<Runtime as pallet_records::Config>::AccessPolicy as AccessPolicy<AccountId>>::check(
				&accessor, &patient, target, purpose, action,
			)
		}

		fn check_consent(
			accessor: AccountId,
			patient: AccountId,
			target: caduceus_primitives::AccessTarget,
			purpose: caduceus_primitives::PurposeOfUse,
			action: caduceus_primitives::ConsentAction,
		) -> Result<caduceus_primitives::AccessBasis, caduceus_primitives::AccessDenied> {
			Consent::check(&accessor, &patient, target, purpose, action)
		}

		fn research_participants(
			organization: caduceus_primitives::OrganizationId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<AccountId> {
			Consent::research_participants(organization, start_after, limit.min(RECORDS_API_PAGE))
		}
	}

	impl pallet_claims::ClaimsApi<Block, AccountId, Balance, pallet_claims::PlanOf<Runtime>, pallet_claims::ClaimOf<Runtime>>
		for Runtime
	{
		fn plan(plan: caduceus_primitives::PlanId) -> Option<pallet_claims::PlanOf<Runtime>> {
			pallet_claims::Plans::<Runtime>::get(plan)
		}

		fn claim(claim: caduceus_primitives::ClaimId) -> Option<pallet_claims::ClaimOf<Runtime>> {
			pallet_claims::Claims::<Runtime>::get(claim)
		}

		fn claims_of_patient(
			patient: AccountId,
			start_after: Option<caduceus_primitives::ClaimId>,
			limit: u32,
		) -> Vec<(caduceus_primitives::ClaimId, pallet_claims::ClaimOf<Runtime>)> {
			Claims::claims_of_patient(&patient, start_after, limit.min(CLAIMS_API_PAGE))
		}

		fn claims_of_provider(
			provider: AccountId,
			start_after: Option<caduceus_primitives::ClaimId>,
			limit: u32,
		) -> Vec<(caduceus_primitives::ClaimId, pallet_claims::ClaimOf<Runtime>)> {
			Claims::claims_of_provider(&provider, start_after, limit.min(CLAIMS_API_PAGE))
		}

		fn claims_of_payer(
			payer: AccountId,
			start_after: Option<caduceus_primitives::ClaimId>,
			limit: u32,
		) -> Vec<(caduceus_primitives::ClaimId, pallet_claims::ClaimOf<Runtime>)> {
			Claims::claims_of_payer(&payer, start_after, limit.min(CLAIMS_API_PAGE))
		}

		fn remaining_benefit(
			patient: AccountId,
			plan: caduceus_primitives::PlanId,
			date: pallet_claims::ServiceDate,
		) -> Balance {
			pallet_claims::Plans::<Runtime>::get(plan)
				.map(|entry| Claims::remaining_limit(&patient, plan, &entry, date))
				.unwrap_or_default()
		}
	}

	impl pallet_emergency_access::EmergencyAccessApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn live_sessions(patient: AccountId) -> Vec<(caduceus_primitives::EmergencySessionId, pallet_emergency_access::SessionOf<Runtime>)> {
			EmergencyAccess::live_sessions(&patient)
		}

		fn sessions_awaiting_review(
			patient: AccountId,
		) -> Vec<(caduceus_primitives::EmergencySessionId, pallet_emergency_access::SessionOf<Runtime>)> {
			EmergencyAccess::sessions_awaiting_review(&patient)
		}

		fn responder_history(
			responder: AccountId,
		) -> (
			pallet_emergency_access::ResponderHistory,
			Vec<(caduceus_primitives::EmergencySessionId, pallet_emergency_access::SessionOf<Runtime>)>,
		) {
			EmergencyAccess::responder_history(&responder)
		}
	}

	impl pallet_records::RecordsApi<Block, AccountId, Balance, BlockNumber, pallet_records::LocatorOf<Runtime>> for Runtime {
		fn record(
			record: pallet_records::RecordId,
		) -> Option<pallet_records::RecordOf<Runtime>> {
			pallet_records::RecordVersions::<Runtime>::get(record)
		}

		fn records_of(
			patient: AccountId,
			start_after: Option<pallet_records::RecordId>,
			limit: u32,
		) -> Vec<pallet_records::RecordId> {
			Records::records_of(&patient, start_after, limit.min(RECORDS_API_PAGE))
		}

		fn versions(record: pallet_records::RecordId, limit: u32) -> Vec<pallet_records::RecordId> {
			Records::versions(record, limit.min(RECORDS_API_PAGE))
		}

		fn access_log(
			requester: AccountId,
			patient: AccountId,
			from: u64,
			limit: u32,
		) -> Result<Vec<pallet_records::AccessEntryOf<Runtime>>, pallet_records::AccessLogRefused> {
			Records::access_log(&requester, &patient, from, limit.min(RECORDS_API_PAGE))
		}

		fn verify_batch_membership(
			batch: pallet_records::BatchId,
			leaf: sp_core::H256,
			index: u32,
			proof: Vec<sp_core::H256>,
		) -> bool {
			Records::verify_batch_membership(batch, leaf, index, &proof)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(header: &<Block as BlockT>::Header) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> cumulus_primitives_core::ParaId {
			ParachainInfo::parachain_id()
		}
	}

	impl cumulus_primitives_core::RelayParentOffsetApi<Block> for Runtime {
		fn relay_parent_offset() -> u32 {
			RELAY_PARENT_OFFSET
		}

		fn max_claim_queue_offset() -> u8 {
			ParachainSystem::max_claim_queue_offset()
		}
	}

	impl cumulus_primitives_core::SchedulingV3EnabledApi<Block> for Runtime {
		fn scheduling_v3_enabled() -> bool {
			<Runtime as cumulus_pallet_parachain_system::Config>::SchedulingSignatureVerifier::V3_SCHEDULING_ENABLED
		}
	}

	impl cumulus_primitives_core::TargetBlockRate<Block> for Runtime {
		fn target_block_rate() -> u32 {
			BLOCK_PROCESSING_VELOCITY
		}
	}

	impl cumulus_primitives_core::KeyToIncludeInRelayProof<Block> for Runtime {
		fn keys_to_prove() -> cumulus_primitives_core::RelayProofRequest {
			// No pallet reads relay-chain state beyond what parachain-system already proves.
			Default::default()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|e| panic!("try_runtime_upgrade failed: {e:?}"));
			(weight, crate::configs::system::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|e| panic!("try_execute_block failed: {e:?}"))
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}
}
