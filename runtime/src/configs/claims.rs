//! Payer plans, claims, automatic adjudication and escrowed payment (pallet-claims).

use super::parameters::bounded as policy;
use crate::{governance::origins::EnsureArbitration, AccountId, Balances, Consent, Credentials, Records, Runtime, RuntimeHoldReason, Timestamp};
use polkadot_sdk::*;

use caduceus_primitives::PatientIsOwner;
use frame_support::traits::{ConstU32, EitherOf};
use frame_system::EnsureRoot;

impl pallet_claims::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credentials = Credentials;
	type Records = Records;
	// Treatment access of providers (and guardians) comes from consent.
	type AccessPolicy = (PatientIsOwner, Consent);
	type ArbitrationOrigin = EitherOf<EnsureRoot<AccountId>, EnsureArbitration>;
	type UnixTime = Timestamp;
	type AppealWindow = policy::AppealWindow;
	type TimelyFilingDays = policy::TimelyFilingDays;
	type MaxTimelyFilingDays = ConstU32<{ super::parameters::MAX_TIMELY_FILING_DAYS }>;
	type DecisionPeriod = policy::DecisionPeriod;
	type ArbitrationPeriod = policy::ArbitrationPeriod;
	type PlanDeposit = policy::PlanDeposit;
	type EnrollmentDeposit = policy::EnrollmentDeposit;
	type ClaimDeposit = policy::ClaimDeposit;
	type ItemDeposit = policy::ItemDeposit;
	type MaxCoveredServices = ConstU32<64>;
	// A claim form (CMS-1500) has six service lines; an institutional one many more.
	type MaxItems = ConstU32<16>;
	type MaxEvidence = ConstU32<4>;
	type MaxNetwork = ConstU32<32>;
	type WeightInfo = pallet_claims::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::consent::CredentialsBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_claims::BenchmarkHelper<AccountId> for super::consent::CredentialsBenchmarkHelper {
	fn activate(who: &AccountId, role: caduceus_primitives::Role) {
		Self::affiliate(who, role);
	}

	fn grant_treatment(provider: &AccountId, patient: &AccountId) {
		<super::records::RecordsBenchmarkHelper as pallet_records::BenchmarkHelper<AccountId>>::grant(provider, patient);
	}

	fn grant_disclosure(payer: &AccountId, patient: &AccountId) {
		use caduceus_primitives::{ConsentAction, ProvisionType, PurposeOfUse};
		use frame_system::RawOrigin;
		let recorded = Consent::record_consent(
			RawOrigin::Signed(patient.clone()).into(),
			patient.clone(),
			ProvisionType::Permit,
			pallet_consent::Grantee::Account(payer.clone()),
			pallet_consent::ConsentScope::AllRecords,
			alloc::vec![PurposeOfUse::Payment].try_into().unwrap_or_default(),
			alloc::vec![ConsentAction::Disclose].try_into().unwrap_or_default(),
			None,
			None,
		);
		debug_assert!(recorded.is_ok(), "the benchmark patient permits disclosure to the payer");
	}

	fn evidence(patient: &AccountId) -> caduceus_primitives::RecordId {
		use caduceus_primitives::{PurposeOfUse, RecordType, Role};
		use frame_system::RawOrigin;
		let custodian: AccountId = frame_benchmarking::account("bench-custodian", 0, 0);
		if !<Credentials as caduceus_primitives::CredentialInspect<AccountId>>::is_active(&custodian, Role::Custodian) {
			Self::affiliate(&custodian, Role::Custodian);
		}
		let record = pallet_records::NextRecordId::<Runtime>::get();
		let locator = alloc::vec![0x62; 59].try_into().unwrap_or_default();
		let created = Records::create_record(
			RawOrigin::Signed(patient.clone()).into(),
			patient.clone(),
			RecordType::Encounter,
			PurposeOfUse::Treatment,
			sp_core::H256::repeat_byte(0x11),
			custodian,
			locator,
		);
		assert!(created.is_ok(), "benchmark evidence record: {created:?}");
		record
	}

	fn advance_days(days: u32) {
		let now = pallet_timestamp::Now::<Runtime>::get();
		pallet_timestamp::Now::<Runtime>::put(now.saturating_add(u64::from(days) * 86_400_000));
	}
}
