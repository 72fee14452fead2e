//! Bootstrap weights: replaced by `scripts/benchmark.sh pallet-credentials`.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use polkadot_sdk::{frame_support::weights::Weight, frame_system};
pub trait WeightInfo {
	fn register_organization() -> Weight;
	fn suspend_organization() -> Weight;
	fn reinstate_organization() -> Weight;
	fn revoke_organization() -> Weight;
	fn remove_organization() -> Weight;
	fn issue_credential() -> Weight;
	fn renew_credential() -> Weight;
	fn suspend_credential() -> Weight;
	fn reinstate_credential() -> Weight;
	fn revoke_credential() -> Weight;
	fn add_staff() -> Weight;
	fn remove_staff() -> Weight;
	fn rotate_account() -> Weight;
	fn remove_lapsed_credential() -> Weight;
}
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_organization() -> Weight { Weight::zero() }
	fn suspend_organization() -> Weight { Weight::zero() }
	fn reinstate_organization() -> Weight { Weight::zero() }
	fn revoke_organization() -> Weight { Weight::zero() }
	fn remove_organization() -> Weight { Weight::zero() }
	fn issue_credential() -> Weight { Weight::zero() }
	fn renew_credential() -> Weight { Weight::zero() }
	fn suspend_credential() -> Weight { Weight::zero() }
	fn reinstate_credential() -> Weight { Weight::zero() }
	fn revoke_credential() -> Weight { Weight::zero() }
	fn add_staff() -> Weight { Weight::zero() }
	fn remove_staff() -> Weight { Weight::zero() }
	fn rotate_account() -> Weight { Weight::zero() }
	fn remove_lapsed_credential() -> Weight { Weight::zero() }
}
impl WeightInfo for () {
	fn register_organization() -> Weight { Weight::zero() }
	fn suspend_organization() -> Weight { Weight::zero() }
	fn reinstate_organization() -> Weight { Weight::zero() }
	fn revoke_organization() -> Weight { Weight::zero() }
	fn remove_organization() -> Weight { Weight::zero() }
	fn issue_credential() -> Weight { Weight::zero() }
	fn renew_credential() -> Weight { Weight::zero() }
	fn suspend_credential() -> Weight { Weight::zero() }
	fn reinstate_credential() -> Weight { Weight::zero() }
	fn revoke_credential() -> Weight { Weight::zero() }
	fn add_staff() -> Weight { Weight::zero() }
	fn remove_staff() -> Weight { Weight::zero() }
	fn rotate_account() -> Weight { Weight::zero() }
	fn remove_lapsed_credential() -> Weight { Weight::zero() }
}
