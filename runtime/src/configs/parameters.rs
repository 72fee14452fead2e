//! Policy numbers: runtime parameters (pallet-parameters) that other pallets read through `Get`,
//! so the consortium changes them by a `policy` referendum instead of a runtime upgrade.
//!
//! Each value below is the default, used until a referendum sets one. Changing a deposit applies
//! to items created afterwards; existing items keep the deposit they were charged.

use crate::{
	deposit, governance::origins::EnsurePolicy, Balance, BlockNumber, Runtime, RuntimeEvent,
	RuntimeOrigin, DAYS, HOURS, UNIT,
};
use polkadot_sdk::*;

use frame_support::{
	dynamic_params::{dynamic_pallet_params, dynamic_params},
	traits::{EnsureOrigin, EnsureOriginWithArg},
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
		/// accounts (~1,400 bytes).
		#[codec(index = 2)]
		pub static PlanDeposit: Balance = deposit(1, 1_400);
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
	}
}

pub use dynamic_params::{claims, consent, credentials, emergency, records};

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
