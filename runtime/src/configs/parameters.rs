//! Policy numbers: runtime parameters (pallet-parameters) that other pallets read through `Get`,
//! so the consortium changes them by a `policy` referendum instead of a runtime upgrade.
//!
//! Each value below is the default, used until a referendum sets one. Changing a deposit applies
//! to items created afterwards; existing items keep the deposit they were charged.

use crate::{
	deposit, governance::origins::EnsurePolicy, Balance, BlockNumber, Runtime, RuntimeEvent,
	RuntimeOrigin, DAYS, HOURS, MINUTES, UNIT,
};
use polkadot_sdk::*;

use frame_support::{
	dynamic_params::{dynamic_pallet_params, dynamic_params},
	traits::{ConstU128, ConstU32, EnsureOrigin, EnsureOriginWithArg, Get},
};

#[dynamic_params(RuntimeParameters, pallet_parameters::Parameters::<Runtime>)]
pub mod dynamic_params {
	use super::*;

	/// Deposits and limits of pallet-credentials.
	#[dynamic_pallet_params]
	#[codec(index = 0)]
	pub mod credentials {
		/// Held from an organization's admin: admin, kind, roles, jurisdiction, status,
		/// counters (~110 bytes).
		#[codec(index = 0)]
		pub static OrganizationDeposit: Balance = deposit(1, 110);
		/// Held per credential: organization, licence commitment, jurisdiction, validity,
		/// depositor (~170 bytes).
		#[codec(index = 1)]
		pub static CredentialDeposit: Balance = deposit(1, 170);
		/// Longest validity of a credential: licences are re-checked at least every two years.
		#[codec(index = 2)]
		pub static MaxCredentialValidity: BlockNumber = 2 * 365 * DAYS;
		/// Burned for what a professional leaves for good: its registry entry, up to one
		/// sanction per role (7 × ~60 bytes), a responder history and, per rotation, its key
		/// lineage (~400 bytes).
		#[codec(index = 3)]
		pub static ProfessionalEntryFee: Balance = deposit(3, 400);
	}

	/// Break-glass policy, for pallet-emergency-access.
	#[dynamic_pallet_params]
	#[codec(index = 1)]
	pub mod emergency {
		/// How long an emergency session grants read access.
		#[codec(index = 0)]
		pub static AccessWindow: BlockNumber = 4 * HOURS;
		/// Held from a responder for each session, slashed on abuse.
		#[codec(index = 1)]
		pub static ResponderBond: Balance = 100 * UNIT;
		/// Time the patient or a privacy officer has to review a session.
		#[codec(index = 2)]
		pub static ReviewPeriod: BlockNumber = 30 * DAYS;
		/// Open sessions one responder may hold at once (at most 16).
		#[codec(index = 3)]
		pub static MaxOpenSessions: u32 = 5;
		/// Held from a patient or guardian for stored emergency preferences (~190 bytes).
		#[codec(index = 4)]
		pub static PreferencesDeposit: Balance = deposit(1, 190);
	}

	/// Deposits and fees of pallet-records.
	#[dynamic_pallet_params]
	#[codec(index = 3)]
	pub mod records {
		/// Held per record version or device batch: the entry without its locator (~200 bytes).
		#[codec(index = 0)]
		pub static RecordBaseDeposit: Balance = deposit(1, 200);
		/// Held per stored byte of a locator or wrapped key.
		#[codec(index = 1)]
		pub static ByteDeposit: Balance = deposit(0, 1);
		/// Held per key envelope: the entry without its wrapped key (~90 bytes).
		#[codec(index = 2)]
		pub static EnvelopeBaseDeposit: Balance = deposit(1, 90);
		/// Paid (burned) by an accessor for each access-log entry (~110 bytes, kept for good).
		#[codec(index = 3)]
		pub static AccessLogFee: Balance = deposit(1, 110);
		/// Paid (burned) by a patient who erases a record version: the erased entry, its index
		/// entry and its pending erasure stay as proof (~250 bytes, kept for good).
		#[codec(index = 4)]
		pub static ErasureFee: Balance = deposit(2, 250);
	}

	/// Consent policy, for pallet-consent.
	#[dynamic_pallet_params]
	#[codec(index = 4)]
	pub mod consent {
		/// Held per consent: the entry, its location and its share of the patient's count
		/// (~250 bytes without named record versions).
		#[codec(index = 0)]
		pub static ConsentDeposit: Balance = deposit(2, 250);
		/// Held per record version a consent names (8 bytes each).
		#[codec(index = 1)]
		pub static ScopedRecordDeposit: Balance = deposit(0, 8);
		/// Held from a patient who appoints a guardian (~90 bytes).
		#[codec(index = 2)]
		pub static GuardianshipDeposit: Balance = deposit(1, 90);
	}

	/// Claims policy, for pallet-claims.
	#[dynamic_pallet_params]
	#[codec(index = 2)]
	pub mod claims {
		/// Time a provider has to appeal a denied claim item.
		#[codec(index = 0)]
		pub static AppealWindow: BlockNumber = 60 * DAYS;
		/// Days after the service within which a claim may be filed (a common timely filing
		/// limit is one year).
		#[codec(index = 1)]
		pub static TimelyFilingDays: u32 = 365;
		/// Held from a payer per plan: payer, terms with up to 64 covered services, escrow
		/// accounts, a network of up to 32 organizations (~1,600 bytes).
		#[codec(index = 2)]
		pub static PlanDeposit: Balance = deposit(1, 1_600);
		/// Held from a patient or guardian per enrollment (~90 bytes).
		#[codec(index = 3)]
		pub static EnrollmentDeposit: Balance = deposit(1, 90);
		/// Held from a provider per claim until it is archived: parties, evidence, indices
		/// (~300 bytes).
		#[codec(index = 4)]
		pub static ClaimDeposit: Balance = deposit(4, 300);
		/// Held from a provider per claim item: the item, its adjudication and its fingerprint
		/// (~130 bytes).
		#[codec(index = 5)]
		pub static ItemDeposit: Balance = deposit(1, 130);
		/// Time a payer has to decide a queued claim item before it is denied (and appealable).
		#[codec(index = 6)]
		pub static DecisionPeriod: BlockNumber = 30 * DAYS;
		/// Time arbitration has to decide an appeal before the denial stands.
		#[codec(index = 7)]
		pub static ArbitrationPeriod: BlockNumber = 60 * DAYS;
	}
}

pub use dynamic_params::{claims, consent, credentials, emergency, records};

/// The lowest a deposit may be set to: a tenth of what its storage costs at the default rate.
/// Below that, storing is too cheap to keep the state bounded.
const fn lowest(default: Balance) -> Balance {
	default / 10
}

/// The highest a deposit may be set to: a hundred times the default. Above that, nobody can
/// afford to use the chain, which a policy referendum must not be able to do.
const fn highest(default: Balance) -> Balance {
	default.saturating_mul(100)
}

/// A policy number as the pallets read it: the value governance set, brought into its valid
/// range. The range is also enforced when the `policy` track sets it ([`PolicyNumbersInRange`]);
/// this keeps a value Root set outside it from ever being used.
pub struct Within<P, Min, Max>(core::marker::PhantomData<(P, Min, Max)>);

impl<V: Ord, P: Get<V>, Min: Get<V>, Max: Get<V>> Get<V> for Within<P, Min, Max> {
	fn get() -> V {
		P::get().max(Min::get()).min(Max::get())
	}
}

macro_rules! policy_ranges {
	($($pallet:ident / $variant:ident : $name:ident = $konst:ident [$low:expr, $high:expr];)*) => {
		/// Every policy number as the pallets read it, within its range.
		pub mod bounded {
			use super::*;
			$(
				#[doc = concat!("`", stringify!($pallet), "::", stringify!($name), "`, read within [", stringify!($low), ", ", stringify!($high), "].")]
				pub type $name = Within<$pallet::$name, $konst<{ $low }>, $konst<{ $high }>>;
			)*
		}

		/// True if `parameter` sets a value within its range, or resets it to the default. Every
		/// parameter has a range: a new one without a range does not compile.
		pub fn in_range(parameter: &RuntimeParameters) -> bool {
			match parameter {
				$(
					RuntimeParameters::$variant($pallet::Parameters::$name(_, value)) =>
						value.map_or(true, |v| ($low..=$high).contains(&v)),
				)*
			}
		}
	};
}

policy_ranges! {
	credentials / Credentials: OrganizationDeposit = ConstU128 [lowest(deposit(1, 110)), highest(deposit(1, 110))];
	credentials / Credentials: CredentialDeposit = ConstU128 [lowest(deposit(1, 170)), highest(deposit(1, 170))];
	credentials / Credentials: ProfessionalEntryFee = ConstU128 [lowest(deposit(3, 400)), highest(deposit(3, 400))];
	// A licence is re-checked at least every five years, and a credential lasts a month at least.
	credentials / Credentials: MaxCredentialValidity = ConstU32 [30 * DAYS, 5 * 365 * DAYS];
	// A break-glass session lasts long enough to treat, and never more than a day.
	emergency / Emergency: AccessWindow = ConstU32 [15 * MINUTES, 24 * HOURS];
	emergency / Emergency: ResponderBond = ConstU128 [UNIT, 10_000 * UNIT];
	emergency / Emergency: ReviewPeriod = ConstU32 [DAYS, 180 * DAYS];
	// The pallet stores at most 16 open sessions per responder.
	emergency / Emergency: MaxOpenSessions = ConstU32 [1, 16];
	emergency / Emergency: PreferencesDeposit = ConstU128 [lowest(deposit(1, 190)), highest(deposit(1, 190))];
	records / Records: RecordBaseDeposit = ConstU128 [lowest(deposit(1, 200)), highest(deposit(1, 200))];
	records / Records: ByteDeposit = ConstU128 [lowest(deposit(0, 1)), highest(deposit(0, 1))];
	records / Records: EnvelopeBaseDeposit = ConstU128 [lowest(deposit(1, 90)), highest(deposit(1, 90))];
	records / Records: AccessLogFee = ConstU128 [lowest(deposit(1, 110)), highest(deposit(1, 110))];
	records / Records: ErasureFee = ConstU128 [lowest(deposit(2, 250)), highest(deposit(2, 250))];
	consent / Consent: ConsentDeposit = ConstU128 [lowest(deposit(2, 250)), highest(deposit(2, 250))];
	consent / Consent: ScopedRecordDeposit = ConstU128 [lowest(deposit(0, 8)), highest(deposit(0, 8))];
	consent / Consent: GuardianshipDeposit = ConstU128 [lowest(deposit(1, 90)), highest(deposit(1, 90))];
	claims / Claims: AppealWindow = ConstU32 [7 * DAYS, 180 * DAYS];
	// The upper end is pallet-claims' `MaxTimelyFilingDays`: claims stay on chain that long.
	claims / Claims: TimelyFilingDays = ConstU32 [30, MAX_TIMELY_FILING_DAYS];
	claims / Claims: PlanDeposit = ConstU128 [lowest(deposit(1, 1_600)), highest(deposit(1, 1_600))];
	claims / Claims: EnrollmentDeposit = ConstU128 [lowest(deposit(1, 90)), highest(deposit(1, 90))];
	claims / Claims: ClaimDeposit = ConstU128 [lowest(deposit(4, 300)), highest(deposit(4, 300))];
	claims / Claims: ItemDeposit = ConstU128 [lowest(deposit(1, 130)), highest(deposit(1, 130))];
	claims / Claims: DecisionPeriod = ConstU32 [DAYS, 90 * DAYS];
	claims / Claims: ArbitrationPeriod = ConstU32 [7 * DAYS, 180 * DAYS];
}

/// The longest filing window governance may set, in days (two years).
pub const MAX_TIMELY_FILING_DAYS: u32 = 730;

/// The call filter that refuses a policy number outside its range, wherever the call comes
/// from (a `policy` referendum, a batch inside one); Root is not filtered, and
/// [`Within`] covers it.
pub struct PolicyNumbersInRange;
impl frame_support::traits::Contains<crate::RuntimeCall> for PolicyNumbersInRange {
	fn contains(call: &crate::RuntimeCall) -> bool {
		match call {
			crate::RuntimeCall::Parameters(pallet_parameters::Call::set_parameter { key_value }) => in_range(key_value),
			_ => true,
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl Default for RuntimeParameters {
	fn default() -> Self {
		RuntimeParameters::Credentials(credentials::Parameters::CredentialDeposit(
			credentials::CredentialDeposit,
			Some(deposit(1, 170)),
		))
	}
}

/// Every parameter is set by the `policy` track, or by Root (a runtime upgrade could change the
/// default anyway).
pub struct PolicyParameterOrigin;
impl EnsureOriginWithArg<RuntimeOrigin, RuntimeParametersKey> for PolicyParameterOrigin {
	type Success = ();

	fn try_origin(
		origin: RuntimeOrigin,
		_key: &RuntimeParametersKey,
	) -> Result<Self::Success, RuntimeOrigin> {
		frame_support::traits::EitherOf::<frame_system::EnsureRoot<crate::AccountId>, EnsurePolicy>::try_origin(origin)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_key: &RuntimeParametersKey) -> Result<RuntimeOrigin, ()> {
		EnsurePolicy::try_successful_origin()
	}
}

impl pallet_parameters::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeParameters = RuntimeParameters;
	type AdminOrigin = PolicyParameterOrigin;
	type WeightInfo = crate::weights::pallet_parameters::WeightInfo<Runtime>;
}
