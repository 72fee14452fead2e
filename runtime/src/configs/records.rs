//! Record anchors, key envelopes, erasure and audited access (pallet-records).

use super::parameters::records as policy;
use crate::{Balances, Credentials, Runtime, RuntimeHoldReason};
use polkadot_sdk::*;

use caduceus_primitives::PatientIsOwner;
use frame_support::traits::ConstU32;

impl pallet_records::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Only the patient until pallet-consent and pallet-emergency-access join the tuple.
	type AccessPolicy = PatientIsOwner;
	type Credentials = Credentials;
	type RecordBaseDeposit = policy::RecordBaseDeposit;
	type ByteDeposit = policy::ByteDeposit;
	type EnvelopeBaseDeposit = policy::EnvelopeBaseDeposit;
	type AccessLogFee = policy::AccessLogFee;
	// A CIDv1 in base32 is 59 characters; room for a path within the custodian's store.
	type MaxLocatorLen = ConstU32<128>;
	// An X25519 ephemeral key (32) + wrapped AES-256 key (32) + GCM tag (16) + nonce (12) is 92.
	type MaxWrappedKeyLen = ConstU32<128>;
	type MaxKeyEnvelopes = ConstU32<32>;
	type WeightInfo = pallet_records::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RecordsBenchmarkHelper;
}

/// Credentials through pallet-credentials' own calls, as the registrar would issue them.
#[cfg(feature = "runtime-benchmarks")]
pub struct RecordsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_records::BenchmarkHelper<crate::AccountId> for RecordsBenchmarkHelper {
	fn activate(who: &crate::AccountId, role: caduceus_primitives::Role) {
		use frame_support::traits::fungible::Mutate;
		use frame_system::RawOrigin;
		let admin: crate::AccountId = frame_benchmarking::account("records-bench-admin", 0, 0);
		let organization = pallet_credentials::NextOrganizationId::<Runtime>::get();
		let _ = Balances::set_balance(&admin, 1_000_000 * crate::UNIT);
		let roles = caduceus_primitives::Role::ALL.to_vec().try_into().unwrap_or_default();
		let jurisdiction: pallet_credentials::Jurisdiction = b"US-CA".to_vec().try_into().unwrap_or_default();
		let registered = Credentials::register_organization(
			RawOrigin::Root.into(),
			admin,
			pallet_credentials::OrganizationKind::Hospital,
			roles,
			jurisdiction.clone(),
		);
		let issued = Credentials::issue_credential(
			RawOrigin::Root.into(),
			who.clone(),
			role,
			organization,
			Default::default(),
			jurisdiction,
			frame_system::Pallet::<Runtime>::block_number() + 1_000,
		);
		assert!(registered.is_ok() && issued.is_ok(), "benchmark credential for {role:?}");
	}

	fn grant(_: &crate::AccountId, _: &crate::AccountId) -> bool {
		// `PatientIsOwner` grants nobody else yet.
		false
	}
}
