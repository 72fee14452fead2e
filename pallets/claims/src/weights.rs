//! Weights of `pallet_claims`. Placeholder until `scripts/benchmark.sh pallet-claims` writes the
//! generated file: do not edit by hand.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::{
	frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}},
	frame_system,
};

/// The weight of each call of `pallet_claims`.
pub trait WeightInfo {
	fn publish_plan(c: u32) -> Weight;
	fn fund_escrow() -> Weight;
	fn withdraw_escrow() -> Weight;
	fn enroll() -> Weight;
	fn disenroll() -> Weight;
	fn submit_claim(i: u32, e: u32) -> Weight;
	fn decide_item() -> Weight;
	fn appeal_item() -> Weight;
	fn decide_appeal() -> Weight;
	fn archive_claim(i: u32, e: u32) -> Weight;
	fn check_access() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn publish_plan(_c: u32) -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn fund_escrow() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn withdraw_escrow() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn enroll() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn disenroll() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn submit_claim(_i: u32, _e: u32) -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn decide_item() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn appeal_item() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn decide_appeal() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn archive_claim(_i: u32, _e: u32) -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
	fn check_access() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(T::DbWeight::get().reads_writes(20, 20))
	}
}

impl WeightInfo for () {
	fn publish_plan(_c: u32) -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn fund_escrow() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn withdraw_escrow() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn enroll() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn disenroll() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn submit_claim(_i: u32, _e: u32) -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn decide_item() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn appeal_item() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn decide_appeal() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn archive_claim(_i: u32, _e: u32) -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
	fn check_access() -> Weight {
		Weight::from_parts(10_000_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(20, 20))
	}
}
