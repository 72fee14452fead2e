//! The `Origins` pallet: the origin each referendum track dispatches with, and the genesis of the
//! consortium's governance.
//!
//! A referendum on the `root` track enacts its call as `Root`. Every other track enacts as one
//! variant of [`Origin`], and the pallets that track governs accept exactly that variant, so a
//! decision taken on one track cannot be used for another track's business.
//!
//! Genesis also seeds the ranked collective with its founding members (without them nobody could
//! ever vote, since members are admitted by referendum) and chooses the [`TrackTiming`].

use polkadot_sdk::frame_support;

#[frame_support::pallet]
pub mod pallet {
	use alloc::vec::Vec;
	use polkadot_sdk::*;
	use frame_support::{pallet_prelude::*, traits::RankedMembers};

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The collective whose members vote on referenda; founding members are inducted into it.
		type Collective: RankedMembers<AccountId = Self::AccountId>;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origin a referendum of a non-root track dispatches its call with.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		Debug,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		MaxEncodedLen,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// The credentials registrar: registers organizations, issues and revokes credentials.
		#[codec(index = 0)]
		Credentialing,
		/// Policy: sets the runtime parameters other pallets read.
		#[codec(index = 1)]
		Policy,
		/// Arbitration: decides claim appeals and disputed emergency-access reviews.
		#[codec(index = 2)]
		Arbitration,
		/// Collators: sets the invulnerable collators of collator selection.
		#[codec(index = 3)]
		Collators,
	}

	/// How long each phase of a referendum lasts; see `governance::tracks`.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		Debug,
		Default,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		MaxEncodedLen,
		frame_support::Serialize,
		frame_support::Deserialize,
	)]
	#[serde(crate = "frame_support::__private::serde")]
	pub enum TrackTiming {
		/// Hours to weeks: what a live consortium chain uses. The default, so a chain spec that
		/// says nothing gets it.
		#[default]
		#[codec(index = 0)]
		Consortium,
		/// A few blocks per phase, so a development chain can run a referendum in minutes.
		#[codec(index = 1)]
		Rapid,
	}

	/// The timing the tracks use. Set at genesis only.
	#[pallet::storage]
	pub type Timing<T> = StorageValue<_, TrackTiming, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Accounts inducted into the collective at genesis, one vote each.
		pub founding_members: Vec<T::AccountId>,
		/// The track timing of this chain.
		pub timing: TrackTiming,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for member in &self.founding_members {
				// A chain spec naming a founding member twice is broken; refuse to build it.
				if let Err(e) = T::Collective::induct(member) {
					panic!("founding member {member:?} cannot be inducted: {e:?}");
				}
			}
			Timing::<T>::put(self.timing);
		}
	}
}

pub use pallet::*;

/// Implements `EnsureOrigin` for a track origin: `$name` succeeds only for `Origin::$variant`.
macro_rules! track_origin_guard {
	($($(#[$doc:meta])* $name:ident => $variant:ident,)+) => {$(
		$(#[$doc])*
		pub struct $name;
		impl<O> frame_support::traits::EnsureOrigin<O> for $name
		where
			O: Into<Result<Origin, O>> + From<Origin>,
		{
			type Success = ();
			fn try_origin(o: O) -> Result<Self::Success, O> {
				o.into().and_then(|o| match o {
					Origin::$variant => Ok(()),
					other => Err(O::from(other)),
				})
			}
			#[cfg(feature = "runtime-benchmarks")]
			fn try_successful_origin() -> Result<O, ()> {
				Ok(O::from(Origin::$variant))
			}
		}
	)+};
}

track_origin_guard! {
	/// The `credentialing` track.
	EnsureCredentialing => Credentialing,
	/// The `policy` track.
	EnsurePolicy => Policy,
	/// The `arbitration` track.
	EnsureArbitration => Arbitration,
	/// The `collators` track.
	EnsureCollators => Collators,
}
