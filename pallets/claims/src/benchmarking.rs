//! Benchmarks of pallet-claims, each at its worst case: plans with the most covered services
//! (an item's rule is the last one searched), claims with the most items, every item paid (a
//! transfer each), and the most evidence records, each checked by the access policy at its most
//! expensive grant.
//!
//! The signer is `whitelisted_caller`, as in the SDK, where nothing it does touches an account
//! other than the signer's that another origin's path would: escrow and the plan deposit sit on
//! the plan's payer account, which a payer's rotated key is not, and an enrollment's deposit on
//! whichever side asked first, so those benchmarks keep every account counted.

use super::*;
use alloc::vec;
use crate::pallet::{BalanceOf, Claims as StoredClaims};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use polkadot_sdk::{
	frame_benchmarking,
	sp_runtime::{
		traits::{Bounded, Saturating},
		Percent,
	},
};

const SEED: u32 = 0;

fn fund<T: Config>(who: T::AccountId) -> T::AccountId {
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000u32.into());
	who
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	fund::<T>(account(name, index, SEED))
}

/// Who signs the benchmarked call. That party is `whitelisted_caller`, as in the SDK's
/// benchmarks: the transaction's fee payment has already read and written its account.
#[derive(Clone, Copy, PartialEq)]
enum Signer {
	Payer,
	Patient,
	Provider,
	/// Governance, a third party or nobody (a policy check).
	Other,
}

/// The funded account of `role`, whitelisted if it is the `signer`.
fn party<T: Config>(role: Signer, signer: Signer, name: &'static str) -> T::AccountId {
	if role == signer {
		fund::<T>(whitelisted_caller())
	} else {
		funded::<T>(name, 0)
	}
}

fn amount<T: Config>(units: u32) -> BalanceOf<T> {
	BalanceOf::<T>::from(units).saturating_mul(1_000_000u32.into())
}

/// The largest terms: every covered service allows 100 units, 20% copay, a limit never reached.
fn largest_terms<T: Config>() -> PlanTermsOf<T> {
	let covered = (0..T::MaxCoveredServices::get()).map(|service| CoveredService { service, allowed: amount::<T>(100) });
	PlanTerms {
		covered: BoundedVec::truncate_from(covered.collect::<Vec<_>>()),
		coinsurance: Percent::from_percent(20),
		annual_limit: BalanceOf::<T>::max_value() / 10u32.into(),
	}
}

/// An active payer with the largest plan, funded, and a patient enrolled in it.
fn plan<T: Config>(signer: Signer) -> Result<(T::AccountId, PlanId, T::AccountId), BenchmarkError> {
	// Every item of a claim gets its own service date, all within the filing window.
	T::BenchmarkHelper::advance_days(T::MaxItems::get());
	let payer = party::<T>(Signer::Payer, signer, "payer");
	T::BenchmarkHelper::activate(&payer, Role::Payer);
	let plan = NextPlanId::<T>::get();
	Pallet::<T>::publish_plan(RawOrigin::Signed(payer.clone()).into(), largest_terms::<T>())?;
	Pallet::<T>::fund_escrow(RawOrigin::Signed(payer.clone()).into(), plan, BalanceOf::<T>::max_value() / 10_000u32.into())?;
	let patient = party::<T>(Signer::Patient, signer, "patient");
	Pallet::<T>::enroll(RawOrigin::Signed(patient.clone()).into(), plan, patient.clone())?;
	Pallet::<T>::enroll(RawOrigin::Signed(payer.clone()).into(), plan, patient.clone())?;
	T::BenchmarkHelper::grant_disclosure(&payer, &patient);
	Ok((payer, plan, patient))
}

/// The organization of `who`'s credential for `role`.
fn organization_of<T: Config>(who: &T::AccountId, role: Role) -> Result<OrganizationId, BenchmarkError> {
	T::Credentials::affiliation(who, role).map(|a| a.organization).ok_or(BenchmarkError::Weightless)
}

/// An active practitioner with treatment access to `patient` at the policy's worst case, in the
/// network of `payer`'s `plan` with no limit that a benchmark reaches.
fn provider<T: Config>(
	payer: &T::AccountId,
	plan: PlanId,
	patient: &T::AccountId,
	signer: Signer,
) -> Result<T::AccountId, BenchmarkError> {
	let provider = party::<T>(Signer::Provider, signer, "provider");
	T::BenchmarkHelper::activate(&provider, Role::Practitioner);
	T::BenchmarkHelper::grant_treatment(&provider, patient);
	let rules = ProviderRules {
		network: BoundedVec::truncate_from(vec![organization_of::<T>(&provider, Role::Practitioner)?]),
		period: 1_000u32.into(),
		per_provider_limit: BalanceOf::<T>::max_value(),
	};
	Pallet::<T>::set_provider_rules(RawOrigin::Signed(payer.clone()).into(), plan, rules)?;
	Ok(provider)
}

/// `count` items of the last covered service, each on its own date, today or earlier.
fn items<T: Config>(count: u32, service: ServiceCode) -> ItemsOf<T> {
	let today = Pallet::<T>::today();
	let items = (0..count).map(|i| ClaimItem { service, service_date: today.saturating_sub(i), amount: amount::<T>(150) });
	BoundedVec::truncate_from(items.collect::<Vec<_>>())
}

fn evidence<T: Config>(patient: &T::AccountId, count: u32) -> EvidenceOf<T> {
	BoundedVec::truncate_from((0..count).map(|_| T::BenchmarkHelper::evidence(patient)).collect::<Vec<_>>())
}

fn last_service<T: Config>() -> ServiceCode {
	T::MaxCoveredServices::get().saturating_sub(1)
}

/// A claim with the most items and evidence: item 0 of `service`, the others paid.
fn full_claim<T: Config>(
	plan: PlanId,
	patient: &T::AccountId,
	provider: &T::AccountId,
	first_service: ServiceCode,
) -> Result<ClaimId, BenchmarkError> {
	let id = NextClaimId::<T>::get();
	let mut items = items::<T>(T::MaxItems::get(), last_service::<T>());
	if let Some(first) = items.get_mut(0) {
		first.service = first_service;
	}
	Pallet::<T>::submit_claim(
		RawOrigin::Signed(provider.clone()).into(),
		plan,
		patient.clone(),
		ClaimUse::Claim,
		items,
		evidence::<T>(patient, T::MaxEvidence::get()),
	)?;
	Ok(id)
}

/// A service no plan here covers: its item is queued.
const UNCOVERED: ServiceCode = ServiceCode::MAX;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn publish_plan(c: Linear<1, { T::MaxCoveredServices::get() }>) -> Result<(), BenchmarkError> {
		let payer = fund::<T>(whitelisted_caller());
		T::BenchmarkHelper::activate(&payer, Role::Payer);
		let mut terms = largest_terms::<T>();
		terms.covered.truncate(c as usize);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), terms);

		assert!(Plans::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn fund_escrow() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, _) = plan::<T>(signer)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), plan, amount::<T>(1_000));

		Ok(())
	}

	#[benchmark]
	fn withdraw_escrow() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, _) = plan::<T>(signer)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), plan, amount::<T>(1_000));

		assert_eq!(Plans::<T>::get(plan).map(|p| p.escrow.withdrawn), Some(amount::<T>(1_000)));
		Ok(())
	}

	#[benchmark]
	fn enroll() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (_, plan, _) = plan::<T>(signer)?;
		let patient = fund::<T>(whitelisted_caller());

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), plan, patient.clone());

		Ok(())
	}

	#[benchmark]
	fn disenroll() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, _, patient) = plan::<T>(signer)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone(), payer.clone());

		assert!(!Enrollments::<T>::contains_key(&patient, &payer));
		Ok(())
	}

	#[benchmark]
	fn submit_claim(
		i: Linear<1, { T::MaxItems::get() }>,
		e: Linear<1, { T::MaxEvidence::get() }>,
	) -> Result<(), BenchmarkError> {
		let signer = Signer::Provider;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let items = items::<T>(i, last_service::<T>());
		let evidence = evidence::<T>(&patient, e);
		let id = NextClaimId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), plan, patient, ClaimUse::Claim, items, evidence);

		let claim = StoredClaims::<T>::get(id).ok_or(BenchmarkError::Weightless)?;
		assert!(claim.items.iter().all(|i| i.adjudication.status == ItemStatus::Paid));
		Ok(())
	}

	/// The payer pays the one queued item of the largest claim, which closes it.
	#[benchmark]
	fn decide_item() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let id = full_claim::<T>(plan, &patient, &provider, UNCOVERED)?;
		let decision = PayerDecision::Approve { benefit: amount::<T>(150) };

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id, 0, decision);

		assert_eq!(StoredClaims::<T>::get(id).map(|c| c.outcome), Some(ClaimOutcome::Complete));
		Ok(())
	}

	/// The provider appeals the denied item of the largest claim, which reopens it.
	#[benchmark]
	fn appeal_item() -> Result<(), BenchmarkError> {
		let signer = Signer::Provider;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let id = full_claim::<T>(plan, &patient, &provider, UNCOVERED)?;
		Pallet::<T>::decide_item(RawOrigin::Signed(payer).into(), id, 0, PayerDecision::Deny)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), id, 0);

		assert_eq!(Plans::<T>::get(plan).map(|p| p.open_claims), Some(1));
		Ok(())
	}

	/// Arbitration grants an appeal on the largest claim: the award is paid.
	#[benchmark]
	fn decide_appeal() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let id = full_claim::<T>(plan, &patient, &provider, UNCOVERED)?;
		Pallet::<T>::decide_item(RawOrigin::Signed(payer).into(), id, 0, PayerDecision::Deny)?;
		Pallet::<T>::appeal_item(RawOrigin::Signed(provider).into(), id, 0)?;
		let origin = T::ArbitrationOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, 0, Some(amount::<T>(150)));

		assert_eq!(Plans::<T>::get(plan).map(|p| p.open_claims), Some(0));
		Ok(())
	}

	/// Archives a claim with `i` items, each with its fingerprint, and `e` cited records.
	#[benchmark]
	fn archive_claim(
		i: Linear<1, { T::MaxItems::get() }>,
		e: Linear<1, { T::MaxEvidence::get() }>,
	) -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let id = NextClaimId::<T>::get();
		let items = items::<T>(i, last_service::<T>());
		let evidence = evidence::<T>(&patient, e);
		Pallet::<T>::submit_claim(RawOrigin::Signed(provider).into(), plan, patient, ClaimUse::Claim, items, evidence)?;
		T::BenchmarkHelper::advance_days(T::MaxTimelyFilingDays::get().saturating_add(1));
		let caller = fund::<T>(whitelisted_caller());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!StoredClaims::<T>::contains_key(id));
		Ok(())
	}

	/// A network of `n` organizations, each checked to exist.
	#[benchmark]
	fn set_provider_rules(n: Linear<1, { T::MaxNetwork::get() }>) -> Result<(), BenchmarkError> {
		let signer = Signer::Payer;
		let (payer, plan, _) = plan::<T>(signer)?;
		let mut network = Vec::new();
		for index in 0..n {
			let member = funded::<T>("network", index);
			T::BenchmarkHelper::activate(&member, Role::Organization);
			network.push(organization_of::<T>(&member, Role::Organization)?);
		}
		let rules = ProviderRules {
			network: BoundedVec::truncate_from(network),
			period: 1_000u32.into(),
			per_provider_limit: amount::<T>(1_000),
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), plan, rules);

		assert_eq!(Plans::<T>::get(plan).map(|p| p.rules.network.len() as u32), Some(n));
		Ok(())
	}

	/// The payer lets the one queued item of the largest claim lapse: it is denied and the
	/// plan's appeal horizon moves.
	#[benchmark]
	fn lapse_item() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let id = full_claim::<T>(plan, &patient, &provider, UNCOVERED)?;
		let deadline = StoredClaims::<T>::get(id).map(|c| c.items[0].adjudication.deadline).ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(deadline.saturating_add(1u32.into()));
		let caller = fund::<T>(whitelisted_caller());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, 0);

		assert_eq!(StoredClaims::<T>::get(id).map(|c| c.items[0].adjudication.status), Some(ItemStatus::Denied));
		Ok(())
	}

	#[benchmark]
	fn retire_plan() -> Result<(), BenchmarkError> {
		let signer = Signer::Payer;
		let (payer, plan, _) = plan::<T>(signer)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), plan);

		assert_eq!(Plans::<T>::get(plan).map(|p| p.retired), Some(true));
		Ok(())
	}

	/// Removes a retired plan with no escrow left; its deposit goes back.
	#[benchmark]
	fn remove_plan() -> Result<(), BenchmarkError> {
		let payer = funded::<T>("payer", 0);
		T::BenchmarkHelper::activate(&payer, Role::Payer);
		let plan = NextPlanId::<T>::get();
		Pallet::<T>::publish_plan(RawOrigin::Signed(payer.clone()).into(), largest_terms::<T>())?;
		Pallet::<T>::retire_plan(RawOrigin::Signed(payer.clone()).into(), plan)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), plan);

		assert!(!Plans::<T>::contains_key(plan));
		Ok(())
	}

	/// Clears a count of benefit that no claim can add to any more.
	#[benchmark]
	fn clear_benefit_count() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let id = full_claim::<T>(plan, &patient, &provider, last_service::<T>())?;
		let date = StoredClaims::<T>::get(id).map(|c| c.items[0].item.service_date).ok_or(BenchmarkError::Weightless)?;
		let year = year_of(date);
		T::BenchmarkHelper::advance_days(T::MaxTimelyFilingDays::get().saturating_add(400));
		let caller = fund::<T>(whitelisted_caller());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), patient.clone(), plan, year);

		assert!(!BenefitUsed::<T>::contains_key(&patient, (plan, year)));
		Ok(())
	}

	/// `AccessPolicy::check` granting a payer a cited record.
	#[benchmark]
	fn check_access() -> Result<(), BenchmarkError> {
		let signer = Signer::Other;
		let (payer, plan, patient) = plan::<T>(signer)?;
		let provider = provider::<T>(&payer, plan, &patient, signer)?;
		let id = full_claim::<T>(plan, &patient, &provider, last_service::<T>())?;
		let record = StoredClaims::<T>::get(id).and_then(|c| c.evidence.first().copied()).ok_or(BenchmarkError::Weightless)?;
		let target = AccessTarget::record(record, RecordType::Encounter);
		let answer;

		#[block]
		{
			answer = Pallet::<T>::check(&payer, &patient, target, PurposeOfUse::Payment, ConsentAction::Access);
		}

		assert_eq!(answer, Ok(AccessBasis::Enrollment(plan)));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
