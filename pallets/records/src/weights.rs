//! Weights of `pallet_records`. Placeholder until `scripts/benchmark.sh pallet-records`
//! generates this file.

#![allow(unused_parens)]
#![allow(missing_docs)]

use polkadot_sdk::frame_support::weights::Weight;

/// The weight of each call of `pallet_records`.
pub trait WeightInfo {
	fn create_record(l: u32, ) -> Weight;
	fn amend_record(l: u32, ) -> Weight;
	fn mark_entered_in_error() -> Weight;
	fn add_key_envelope(k: u32, ) -> Weight;
	fn remove_key_envelope() -> Weight;
	fn rekey(r: u32, a: u32, ) -> Weight;
	fn erase_record(e: u32, ) -> Weight;
	fn attest_erasure() -> Weight;
	fn access_record() -> Weight;
	fn anchor_batch() -> Weight;
}

/// Placeholder for the generated weights.
pub struct SubstrateWeight<T>(core::marker::PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	fn create_record(_: u32, ) -> Weight { Weight::zero() }
	fn amend_record(_: u32, ) -> Weight { Weight::zero() }
	fn mark_entered_in_error() -> Weight { Weight::zero() }
	fn add_key_envelope(_: u32, ) -> Weight { Weight::zero() }
	fn remove_key_envelope() -> Weight { Weight::zero() }
	fn rekey(_: u32, _: u32, ) -> Weight { Weight::zero() }
	fn erase_record(_: u32, ) -> Weight { Weight::zero() }
	fn attest_erasure() -> Weight { Weight::zero() }
	fn access_record() -> Weight { Weight::zero() }
	fn anchor_batch() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn create_record(_: u32, ) -> Weight { Weight::zero() }
	fn amend_record(_: u32, ) -> Weight { Weight::zero() }
	fn mark_entered_in_error() -> Weight { Weight::zero() }
	fn add_key_envelope(_: u32, ) -> Weight { Weight::zero() }
	fn remove_key_envelope() -> Weight { Weight::zero() }
	fn rekey(_: u32, _: u32, ) -> Weight { Weight::zero() }
	fn erase_record(_: u32, ) -> Weight { Weight::zero() }
	fn attest_erasure() -> Weight { Weight::zero() }
	fn access_record() -> Weight { Weight::zero() }
	fn anchor_batch() -> Weight { Weight::zero() }
}
