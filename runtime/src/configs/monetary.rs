//! The native token and transaction fees.

use crate::{
	Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	EXISTENTIAL_DEPOSIT, MILLI_UNIT, MICRO_UNIT,
};
use polkadot_sdk::*;

use alloc::vec;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU8},
	weights::{
		ConstantMultiplier, WeightToFeeCoefficient, WeightToFeeCoefficients, WeightToFeePolynomial,
	},
};
use polkadot_runtime_common::{impls::ToAuthor, SlowAdjustingFeeUpdate};
use sp_runtime::Perbill;

use crate::weights::extrinsic_weights::ExtrinsicBaseWeight;

parameter_types! {
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = frame_system::Pallet<Runtime>;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	// One freeze per reason: the number of `RuntimeFreezeReason` variants.
	type MaxFreezes = frame_support::traits::VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

/// Maps weight to fee linearly: the base weight of an extrinsic costs a tenth of a milli-unit.
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let fee_of_base = MILLI_UNIT / 10;
		let base = Balance::from(ExtrinsicBaseWeight::get().ref_time());
		vec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_integer: fee_of_base / base,
			coeff_frac: Perbill::from_rational(fee_of_base % base, base),
		}]
		.into()
	}
}

parameter_types! {
	/// Fee per byte of an extrinsic: pays for block space and proof size.
	pub const TransactionByteFee: Balance = 10 * MICRO_UNIT;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Fees go to the collator that authored the block.
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ToAuthor<Runtime>>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	// Fees rise while blocks stay fuller than the target, so spam gets dearer.
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
