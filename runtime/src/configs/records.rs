//! Record anchors, key envelopes, erasure and audited access (pallet-records).

use super::parameters::bounded as policy;
use crate::{Balances, Credentials, Runtime, RuntimeHoldReason};
use polkadot_sdk::*;

use caduceus_primitives::PatientIsOwner;
use frame_support::traits::ConstU32;

impl pallet_records::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// The patient, then consent (guardians, permits, denies), then live break-glass sessions, then
	// payers reading claim evidence under an enrollment.
	type AccessPolicy = (PatientIsOwner, crate::Consent, crate::EmergencyAccess, crate::Claims);
	type Credentials = Credentials;
	type RecordBaseDeposit = policy::RecordBaseDeposit;
	type ByteDeposit = policy::ByteDeposit;
	type EnvelopeBaseDeposit = policy::EnvelopeBaseDeposit;
	type AccessLogFee = policy::AccessLogFee;
	type ErasureFee = policy::ErasureFee;
	// A CIDv1 in base32 is 59 characters; room for a path within the custodian's store.
	type MaxLocatorLen = ConstU32<128>;
	// An X25519 ephemeral key (32) + wrapped AES-256 key (32) + GCM tag (16) + nonce (12) is 92.
	type MaxWrappedKeyLen = ConstU32<128>;
	type MaxKeyEnvelopes = ConstU32<32>;
	type WeightInfo = pallet_records::weights::SubstrateWeight<Runtime>;
	// The benchmarks reach their grant through consent; the emergency-access and claims legs are
	// charged from their own benchmarks, for the reads they answer (ETREAT and HPAYMT access).
	type BenchmarkedGrant = crate::Consent;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RecordsBenchmarkHelper;
}

/// Credentials as the registrar issues them, and the consent policy's most expensive grant.
#[cfg(feature = "runtime-benchmarks")]
pub struct RecordsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_records::BenchmarkHelper<crate::AccountId> for RecordsBenchmarkHelper {
	fn activate(who: &crate::AccountId, role: caduceus_primitives::Role) {
		super::consent::CredentialsBenchmarkHelper::affiliate(who, role);
	}

	fn activate_colleague(who: &crate::AccountId, colleague: &crate::AccountId, role: caduceus_primitives::Role) {
		use caduceus_primitives::CredentialInspect as _;
		match crate::Credentials::affiliation(colleague, caduceus_primitives::Role::Practitioner) {
			Some(affiliation) => super::consent::CredentialsBenchmarkHelper::issue(who, role, affiliation.organization),
			None => Self::activate(who, role),
		}
	}

	fn grant(accessor: &crate::AccountId, patient: &crate::AccountId) -> bool {
		use caduceus_primitives::{PurposeOfUse, Role};
		// The benchmarks act for treatment. An accessor acting for a second organization makes
		// the check read one more list; the practitioner credential is already issued.
		super::consent::CredentialsBenchmarkHelper::affiliate(accessor, Role::Organization);
		crate::Consent::set_up_worst_case_check(accessor, patient, PurposeOfUse::Treatment).is_ok()
	}
}
