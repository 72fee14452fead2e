//! Placeholder until `scripts/benchmark.sh pallet-consent` generates this file.
#![allow(unused_parens, unused_imports, missing_docs)]
use polkadot_sdk::frame_support::weights::Weight;
pub trait WeightInfo {
	fn record_consent(r: u32) -> Weight;
	fn revoke_consent() -> Weight;
	fn remove_expired_consent() -> Weight;
	fn appoint_guardian() -> Weight;
	fn end_guardianship() -> Weight;
	fn check_access() -> Weight;
}
impl WeightInfo for () {
	fn record_consent(_: u32) -> Weight { Weight::zero() }
	fn revoke_consent() -> Weight { Weight::zero() }
	fn remove_expired_consent() -> Weight { Weight::zero() }
	fn appoint_guardian() -> Weight { Weight::zero() }
	fn end_guardianship() -> Weight { Weight::zero() }
	fn check_access() -> Weight { Weight::zero() }
}
pub struct SubstrateWeight<T>(core::marker::PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	fn record_consent(_: u32) -> Weight { Weight::zero() }
	fn revoke_consent() -> Weight { Weight::zero() }
	fn remove_expired_consent() -> Weight { Weight::zero() }
	fn appoint_guardian() -> Weight { Weight::zero() }
	fn end_guardianship() -> Weight { Weight::zero() }
	fn check_access() -> Weight { Weight::zero() }
}
