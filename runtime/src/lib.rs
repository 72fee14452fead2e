//! # Caduceus runtime
//!
//! The state transition function of the Caduceus parachain: a consortium of hospitals, clinics,
//! labs, payers and agencies anchoring patient-controlled health records.
//!
//! Clinical documents never reach the chain. The chain keeps what every party must trust and no
//! party may own: commitments to documents, who may read them and why, the audit trail of reads,
//! break-glass sessions and the money flow of claims (see docs/architecture.md).
//!
//! ## Layout
//! - [`configs`]: one module per concern (system, monetary, collation, XCM, account utilities,
//!   governance), each holding the `Config` implementations of the pallets of that concern.
//! - [`apis`]: the runtime APIs served to the node, Polkadot.js and polkadot-omni-node.
//! - [`genesis_config_presets`]: `development`, `local_testnet` and `consortium` genesis presets.
//!
//! ## Block production
//! 6 second blocks built with asynchronous backing: up to [`UNINCLUDED_SEGMENT_CAPACITY`] blocks
//! may be pending inclusion on the relay chain, each with 2 s of execution time and the relay
//! chain's maximum proof-of-validity size.

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` expands recursively over every pallet.
#![recursion_limit = "512"]

// The WASM blob built by substrate-wasm-builder, for the node and for tests that need it.
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod governance;
#[cfg(feature = "std")]
pub mod invariants;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;

pub use polkadot_sdk::{staging_parachain_info as parachain_info, *};

use alloc::{borrow::Cow, vec::Vec};
use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature,
};
use sp_version::RuntimeVersion;

pub use sp_consensus_aura::sr25519::AuthorityId as AuraId;
pub use sp_runtime::{MultiAddress, Perbill, Permill};

/// A signature of a transaction: sr25519, ed25519 or ecdsa, as Polkadot.js produces them.
pub type Signature = MultiSignature;
/// An account on this chain: the public key of its signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance of the native token, in its smallest unit.
pub type Balance = u128;
/// The number of transactions an account has sent.
pub type Nonce = u32;
/// The hash type of blocks and state.
pub type Hash = sp_core::H256;
/// A block number.
pub type BlockNumber = u32;
/// How an extrinsic names an account.
pub type Address = MultiAddress<AccountId, ()>;
/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block of this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// A block's identifier.
pub type BlockId = generic::BlockId<Block>;

/// The checks every signed transaction passes, in order. Wrapped by `StorageWeightReclaim` so the
/// proof size actually used (not the benchmarked worst case) is what the block is charged.
/// `CheckMetadataHash` lets a hardware wallet (Ledger's generic app) verify the metadata it
/// decodes a transaction with; it needs a WASM built with the `metadata-hash` feature.
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
		frame_system::CheckNonZeroSender<Runtime>,
		frame_system::CheckSpecVersion<Runtime>,
		frame_system::CheckTxVersion<Runtime>,
		frame_system::CheckGenesis<Runtime>,
		frame_system::CheckEra<Runtime>,
		frame_system::CheckNonce<Runtime>,
		frame_system::CheckWeight<Runtime>,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
		frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	),
>;

/// An extrinsic as it arrives from outside.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Storage migrations run on the next runtime upgrade: each is versioned and runs once.
pub type Migrations = (
	// Professionals, sanctions and key lineage (docs/security.md).
	pallet_credentials::migrations::v1::MigrateToV1<Runtime>,
	// The organization each break-glass session's responder acted for.
	pallet_emergency_access::migrations::v1::MigrateToV1<Runtime>,
	// The payer's side of enrollment, provider rules, deadlines and plan removal.
	pallet_claims::migrations::v1::MigrateToV1<Runtime>,
	// Claim outcomes with FHIR remittance-outcome's meaning.
	pallet_claims::migrations::v2::MigrateToV2<Runtime>,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// Types the node sees without knowing this runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;
	/// An opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// An opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// An opaque block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The keys a collator registers for its session: its Aura block-authoring key.
	pub struct SessionKeys {
		pub aura: Aura,
	}
}

/// Declares [`VERSION`] with `spec_version` `$spec`, a literal as `runtime_version` requires.
macro_rules! runtime_version {
	($spec:tt) => {
		/// The runtime's version; bump `spec_version` with every runtime upgrade.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: Cow::Borrowed("caduceus"),
			impl_name: Cow::Borrowed("caduceus"),
			authoring_version: 1,
			spec_version: $spec,
			impl_version: 0,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 2,
			system_version: 1,
		};
	};
}

#[cfg(not(feature = "upgrade-rehearsal"))]
runtime_version!(5);
// The same runtime one `spec_version` later, built only by scripts/rehearsal-runtime.sh for the
// network test's governance-driven upgrade (a runtime upgrade needs a newer version). Bump it
// with the line above; the network test checks that it is one more.
#[cfg(feature = "upgrade-rehearsal")]
runtime_version!(6);

/// Target block time. Relay chain slots are 6 s and one parachain block fits in each.
pub const MILLISECS_PER_BLOCK: u64 = 6_000;
/// Aura slot length. Changing it on a live chain stops block production.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks per minute, hour and day, for policy periods expressed in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "CDU";
/// Decimal places of the token.
pub const TOKEN_DECIMALS: u8 = 12;
/// One whole token in the smallest unit.
pub const UNIT: Balance = 1_000_000_000_000;
pub const MILLI_UNIT: Balance = UNIT / 1_000;
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
/// The least balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Deposit for `items` storage items holding `bytes` bytes: prices state bloat.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	(items as Balance) * 20 * MILLI_UNIT + (bytes as Balance) * 100 * MICRO_UNIT
}

/// Share of the block weight assumed to go to `on_initialize` hooks; caps one extrinsic's weight.
pub const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);
/// Share of the block that normal extrinsics may fill; the rest is kept for operational ones.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// 2 s of execution per block (async backing), and the relay chain's maximum PoV size.
pub const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);

/// Blocks that may be built on top of each other before the relay chain includes them.
pub const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;
/// Parachain blocks per relay chain block.
pub const BLOCK_PROCESSING_VELOCITY: u32 = 1;
/// Relay chain slot length in milliseconds.
pub const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6_000;
/// How many relay blocks behind the tip a block is built on; 0 builds on the newest.
pub const RELAY_PARENT_OFFSET: u32 = 0;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System: indices 0–9.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = parachain_info;
	#[runtime::pallet_index(4)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;

	// Monetary: 10–14.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Development-only superuser: 15. Its key is unset in the `consortium` preset.
	#[runtime::pallet_index(15)]
	pub type Sudo = pallet_sudo;

	// Collation: 20–29. Session must come after CollatorSelection, Aura after Session.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type CollatorSelection = pallet_collator_selection;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	// XCM: 30–39.
	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	// Account utilities: 40–49.
	#[runtime::pallet_index(40)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(41)]
	pub type Multisig = pallet_multisig;
	#[runtime::pallet_index(42)]
	pub type Proxy = pallet_proxy;

	// Governance: 50–59. See `governance` and docs/governance.md.
	#[runtime::pallet_index(50)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(51)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(52)]
	pub type RankedCollective = pallet_ranked_collective;
	#[runtime::pallet_index(53)]
	pub type RankedPolls = pallet_referenda;
	#[runtime::pallet_index(54)]
	pub type Origins = governance::origins;
	#[runtime::pallet_index(55)]
	pub type Parameters = pallet_parameters;

	// Caduceus: 60 and up.
	#[runtime::pallet_index(60)]
	pub type Credentials = pallet_credentials;
	#[runtime::pallet_index(61)]
	pub type Records = pallet_records;
	#[runtime::pallet_index(62)]
	pub type Consent = pallet_consent;
	#[runtime::pallet_index(63)]
	pub type EmergencyAccess = pallet_emergency_access;
	#[runtime::pallet_index(64)]
	pub type Claims = pallet_claims;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}

#[cfg(test)]
mod tests;
