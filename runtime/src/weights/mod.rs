//! Weights of Polkadot SDK pallets, measured on this runtime by scripts/benchmark.sh.
//!
//! Pallets whose weights are not here use the SDK's own `SubstrateWeight`, measured on Parity's
//! reference machine; see docs/building.md for which and why.

pub mod pallet_parameters;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_xcm;
