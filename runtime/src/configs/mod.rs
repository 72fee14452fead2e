//! `Config` implementations, one module per concern.
//!
//! Policy numbers that governance tunes are runtime parameters, in [`parameters`].

pub mod claims;
pub mod collation;
pub mod credentials;
pub mod governance;
pub mod monetary;
pub mod parameters;
pub mod consent;
pub mod emergency;
pub mod records;
pub mod system;
pub mod utility;
pub mod xcm;

/// The weight of one more account: one `System::Account` read and write, and its proof by
/// MaxEncodedLen (128 bytes and the trie nodes above it, as the SDK's balances benchmarks
/// charge for an account that is not the signer's).
///
/// A call's benchmarked weight leaves out its signer's account, which every signed extrinsic
/// reads and writes in its base weight. A call dispatched as another account (`sudo_as`,
/// `as_derivative`, `dispatch_as`, `proxy`, a multisig's execution) makes that other account the
/// signer of the inner call, and nothing else pays for it: the inner call's weight must be
/// raised by this. The fuzzer found both cases (docs/security.md, "Fuzzing").
pub fn another_account_weight() -> polkadot_sdk::frame_support::weights::Weight {
	use polkadot_sdk::frame_support::weights::Weight;
	<crate::Runtime as polkadot_sdk::frame_system::Config>::DbWeight::get()
		.reads_writes(1, 1)
		.saturating_add(Weight::from_parts(0, ACCOUNT_PROOF_SIZE))
}

/// The proof of one `System::Account` entry read by MaxEncodedLen.
const ACCOUNT_PROOF_SIZE: u64 = 3_593;

/// Implements a pallet's `WeightInfo` as the measured weights, with
/// [`another_account_weight`] added to the calls that dispatch as an account other than
/// the signer.
macro_rules! weights_with_another_account {
	($name:ident, $trait_:path, $measured:ty,
		other: [$($other:ident($($arg:ident),*)),*],
		same: [$($same:ident($($sarg:ident),*)),*]) => {
		pub struct $name;
		impl $trait_ for $name {
			$(fn $other($($arg: u32),*) -> polkadot_sdk::frame_support::weights::Weight {
				<$measured as $trait_>::$other($($arg),*).saturating_add($crate::configs::another_account_weight())
			})*
			$(fn $same($($sarg: u32),*) -> polkadot_sdk::frame_support::weights::Weight {
				<$measured as $trait_>::$same($($sarg),*)
			})*
		}
	};
}
pub(crate) use weights_with_another_account;
