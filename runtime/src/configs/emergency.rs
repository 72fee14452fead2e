//! Break-glass access (pallet-emergency-access): bonded, time-boxed sessions reviewed after the
//! fact; abuse slashes the bond to the patient and suspends the responder's credential.

use super::parameters::bounded as policy;
use crate::{governance::origins::EnsureArbitration, AccountId, Balances, Consent, Credentials, Runtime, RuntimeHoldReason};
use polkadot_sdk::*;

use caduceus_primitives::PatientIsOwner;
use frame_support::traits::{ConstU32, EitherOf};
use frame_system::EnsureRoot;

impl pallet_emergency_access::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credentials = Credentials;
	type OnAbuse = Credentials;
	// Guardians are pallet-consent's.
	type Representatives = (PatientIsOwner, Consent);
	type ArbitrationOrigin = EitherOf<EnsureRoot<AccountId>, EnsureArbitration>;
	type AccessWindow = policy::AccessWindow;
	type ResponderBond = policy::ResponderBond;
	type ReviewPeriod = policy::ReviewPeriod;
	type MaxOpenSessions = policy::MaxOpenSessions;
	type PreferencesDeposit = policy::PreferencesDeposit;
	type MaxNotified = ConstU32<8>;
	type WeightInfo = pallet_emergency_access::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::consent::CredentialsBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_emergency_access::BenchmarkHelper<AccountId> for super::consent::CredentialsBenchmarkHelper {
	fn activate(who: &AccountId, role: caduceus_primitives::Role) {
		Self::affiliate(who, role);
	}
}
