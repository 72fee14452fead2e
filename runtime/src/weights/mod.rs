//! Weights measured on this runtime by the optimised bencher (scripts/benchmark.sh): every SDK
//! pallet the runtime benchmarks (`benchmark.sh sdk`), the block and extrinsic base weights
//! (`benchmark.sh overhead`) and the database weights on a 100,000-patient state
//! (`benchmark.sh storage`).
//!
//! The ranked collective and the message queue keep the SDK's `SubstrateWeight`:
//! docs/building.md says why.

pub mod block_weights;
pub mod cumulus_pallet_parachain_system;
pub mod cumulus_pallet_weight_reclaim;
pub mod cumulus_pallet_xcmp_queue;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_collator_selection;
pub mod pallet_multisig;
pub mod pallet_parameters;
pub mod pallet_preimage;
pub mod pallet_proxy;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_session;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
pub mod pallet_xcm;
// The storage benchmark's template documents the fields of a const expression.
#[allow(unused_doc_comments)]
pub mod rocksdb_weights;
