//! Placeholder until `scripts/benchmark.sh pallet-emergency-access` generates this file.
#![allow(unused_parens, unused_imports, missing_docs)]
use polkadot_sdk::frame_support::weights::Weight;
pub trait WeightInfo {
	fn declare_emergency() -> Weight;
	fn close_session() -> Weight;
	fn review_session() -> Weight;
	fn resolve_dispute() -> Weight;
	fn release_unreviewed() -> Weight;
	fn set_emergency_preferences() -> Weight;
	fn clear_emergency_preferences() -> Weight;
	fn check_access() -> Weight;
}
impl WeightInfo for () {
	fn declare_emergency() -> Weight { Weight::zero() }
	fn close_session() -> Weight { Weight::zero() }
	fn review_session() -> Weight { Weight::zero() }
	fn resolve_dispute() -> Weight { Weight::zero() }
	fn release_unreviewed() -> Weight { Weight::zero() }
	fn set_emergency_preferences() -> Weight { Weight::zero() }
	fn clear_emergency_preferences() -> Weight { Weight::zero() }
	fn check_access() -> Weight { Weight::zero() }
}
pub struct SubstrateWeight<T>(core::marker::PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	fn declare_emergency() -> Weight { Weight::zero() }
	fn close_session() -> Weight { Weight::zero() }
	fn review_session() -> Weight { Weight::zero() }
	fn resolve_dispute() -> Weight { Weight::zero() }
	fn release_unreviewed() -> Weight { Weight::zero() }
	fn set_emergency_preferences() -> Weight { Weight::zero() }
	fn clear_emergency_preferences() -> Weight { Weight::zero() }
	fn check_access() -> Weight { Weight::zero() }
}
