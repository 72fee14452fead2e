//! Storage migrations of pallet-claims.

use super::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::{migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Zero};

/// Version 0 to 1: the payer's side of enrollment, provider rules, deadlines and plan removal.
/// - Every enrollment becomes [`EnrollmentStatus::AwaitingPayer`]: version 0 never asked the
///   payer, so each payer accepts its members again before claims against them are paid.
/// - Every plan gets empty [`ProviderRules`] (nothing is paid at submission until its payer
///   sets a network), its count of claims on chain, and is not retired.
/// - Every item gets its deadline, counted from its last decision with today's policy: queued
///   items from submission, denials from the denial; appeals, whose start version 0 did not
///   store, from the upgrade.
/// - Every provider with claims on chain against a plan gets its [`ProviderUsage`] entry.
pub mod v1 {
	use super::*;

	/// The types as version 0 stored them.
	pub mod v0 {
		use super::*;

		#[derive(Encode, Decode)]
		pub struct Plan<AccountId, Balance, BlockNumber, Covered> {
			pub payer: AccountId,
			pub terms: PlanTerms<Balance, Covered>,
			pub escrow: Escrow<Balance>,
			pub open_claims: u32,
			pub appealable_until: BlockNumber,
			pub deposit: Balance,
		}

		#[derive(Encode, Decode)]
		pub struct Enrollment<AccountId, Balance, BlockNumber> {
			pub plan: PlanId,
			pub enrolled_at: BlockNumber,
			pub depositor: AccountId,
			pub deposit: Balance,
		}

		#[derive(Clone, Copy, Encode, Decode)]
		pub struct Adjudication<Balance, BlockNumber> {
			pub status: ItemStatus,
			pub reason: ItemReason,
			pub eligible: Balance,
			pub copay: Balance,
			pub benefit: Balance,
			pub decided_at: BlockNumber,
		}

		#[derive(Clone, Copy, Encode, Decode)]
		pub struct AdjudicatedItem<Balance, BlockNumber> {
			pub item: ClaimItem<Balance>,
			pub adjudication: Adjudication<Balance, BlockNumber>,
		}

		/// What version 0 stored of today's item: its adjudication without the deadline.
		impl<Balance: Copy, BlockNumber: Copy> From<&crate::AdjudicatedItem<Balance, BlockNumber>>
			for AdjudicatedItem<Balance, BlockNumber>
		{
			fn from(today: &crate::AdjudicatedItem<Balance, BlockNumber>) -> Self {
				let a = &today.adjudication;
				Self {
					item: today.item,
					adjudication: Adjudication {
						status: a.status,
						reason: a.reason,
						eligible: a.eligible,
						copay: a.copay,
						benefit: a.benefit,
						decided_at: a.decided_at,
					},
				}
			}
		}

		#[derive(Encode, Decode)]
		pub struct Claim<AccountId, Balance, BlockNumber, Items, Evidence> {
			pub plan: PlanId,
			pub payer: AccountId,
			pub patient: AccountId,
			pub provider: AccountId,
			pub claim_use: ClaimUse,
			pub items: Items,
			pub evidence: Evidence,
			pub submitted_at: BlockNumber,
			pub outcome: ClaimOutcome,
			pub deposit: Balance,
		}

		// What version 0 stored of today's plan, enrollment and claim, for tests that write
		// version-0 state: today's values without the fields version 1 added.
		impl<AccountId: Clone, Balance: Clone, BlockNumber: Clone, Covered: Clone, Network>
			From<&crate::Plan<AccountId, Balance, BlockNumber, Covered, Network>>
			for Plan<AccountId, Balance, BlockNumber, Covered>
		{
			fn from(today: &crate::Plan<AccountId, Balance, BlockNumber, Covered, Network>) -> Self {
				Self {
					payer: today.payer.clone(),
					terms: today.terms.clone(),
					escrow: today.escrow.clone(),
					open_claims: today.open_claims,
					appealable_until: today.appealable_until.clone(),
					deposit: today.deposit.clone(),
				}
			}
		}

		impl<AccountId: Clone, Balance: Clone, BlockNumber: Clone>
			From<&crate::Enrollment<AccountId, Balance, BlockNumber>> for Enrollment<AccountId, Balance, BlockNumber>
		{
			fn from(today: &crate::Enrollment<AccountId, Balance, BlockNumber>) -> Self {
				Self {
					plan: today.plan,
					enrolled_at: today.enrolled_at.clone(),
					depositor: today.depositor.clone(),
					deposit: today.deposit.clone(),
				}
			}
		}

		impl<AccountId: Clone, Balance: Copy, BlockNumber: Copy, Items, Evidence: Clone>
			From<&crate::Claim<AccountId, Balance, BlockNumber, Items, Evidence>>
			for Claim<AccountId, Balance, BlockNumber, Vec<AdjudicatedItem<Balance, BlockNumber>>, Evidence>
		where
			Items: core::ops::Deref<Target = Vec<crate::AdjudicatedItem<Balance, BlockNumber>>>,
		{
			fn from(today: &crate::Claim<AccountId, Balance, BlockNumber, Items, Evidence>) -> Self {
				Self {
					plan: today.plan,
					payer: today.payer.clone(),
					patient: today.patient.clone(),
					provider: today.provider.clone(),
					claim_use: today.claim_use,
					// A vector encodes as the bounded vector it came from.
					items: today.items.iter().map(Into::into).collect(),
					evidence: today.evidence.clone(),
					submitted_at: today.submitted_at,
					outcome: today.outcome,
					deposit: today.deposit,
				}
			}
		}

		pub type PlanOf<T> =
			Plan<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>, CoveredOf<T>>;
		pub type EnrollmentOf<T> =
			Enrollment<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
		pub type ClaimOf<T> = Claim<
			<T as frame_system::Config>::AccountId,
			BalanceOf<T>,
			BlockNumberFor<T>,
			BoundedVec<AdjudicatedItem<BalanceOf<T>, BlockNumberFor<T>>, <T as Config>::MaxItems>,
			EvidenceOf<T>,
		>;
	}

	/// The deadline a version-0 item gets: see the module docs.
	fn deadline<T: Config>(
		old: &v0::Adjudication<BalanceOf<T>, BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> BlockNumberFor<T> {
		match old.status {
			ItemStatus::Queued => old.decided_at.saturating_add(T::DecisionPeriod::get()),
			ItemStatus::Appealed => now.saturating_add(T::ArbitrationPeriod::get()),
			ItemStatus::Denied if old.reason != ItemReason::AppealDenied =>
				old.decided_at.saturating_add(T::AppealWindow::get()),
			_ => old.decided_at,
		}
	}

	/// The migration, unversioned; use [`MigrateToV1`].
	pub struct UncheckedMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = frame_system::Pallet::<T>::block_number();
			let mut per_plan: BTreeMap<PlanId, u32> = BTreeMap::new();
			let mut per_provider: BTreeMap<(PlanId, T::AccountId), u32> = BTreeMap::new();
			Claims::<T>::translate::<v0::ClaimOf<T>, _>(|_, old| {
				*per_plan.entry(old.plan).or_default() += 1;
				*per_provider.entry((old.plan, old.provider.clone())).or_default() += 1;
				let migrated: Vec<_> = old
					.items
					.iter()
					.map(|i| AdjudicatedItem {
						item: i.item,
						adjudication: Adjudication {
							status: i.adjudication.status,
							reason: i.adjudication.reason,
							eligible: i.adjudication.eligible,
							copay: i.adjudication.copay,
							benefit: i.adjudication.benefit,
							decided_at: i.adjudication.decided_at,
							deadline: deadline::<T>(&i.adjudication, now),
						},
					})
					.collect();
				let mut claim = ClaimOf::<T> {
					plan: old.plan,
					payer: old.payer,
					patient: old.patient,
					provider: old.provider,
					claim_use: old.claim_use,
					// As many items as before, under the same bound.
					items: BoundedVec::truncate_from(migrated),
					evidence: old.evidence,
					submitted_at: old.submitted_at,
					outcome: old.outcome,
					deposit: old.deposit,
				};
				// In today's meaning (see `v2`), so that the state passes `post_upgrade` at once.
				claim.outcome = claim.outcome_of_items();
				Some(claim)
			});
			let claims = per_provider.values().map(|n| u64::from(*n)).sum::<u64>();
			let mut plans = 0u64;
			Plans::<T>::translate::<v0::PlanOf<T>, _>(|id, old| {
				plans = plans.saturating_add(1);
				Some(PlanOf::<T> {
					payer: old.payer,
					terms: old.terms,
					escrow: old.escrow,
					open_claims: old.open_claims,
					appealable_until: old.appealable_until,
					deposit: old.deposit,
					rules: ProviderRules::default(),
					claims: per_plan.get(&id).copied().unwrap_or(0),
					retired: false,
				})
			});
			let mut enrollments = 0u64;
			Enrollments::<T>::translate::<v0::EnrollmentOf<T>, _>(|_, _, old| {
				enrollments = enrollments.saturating_add(1);
				Some(EnrollmentOf::<T> {
					plan: old.plan,
					enrolled_at: old.enrolled_at,
					depositor: old.depositor,
					deposit: old.deposit,
					status: EnrollmentStatus::AwaitingPayer,
				})
			});
			let usages = per_provider.len() as u64;
			for ((plan, provider), count) in per_provider {
				let usage = ProviderUsage { period_start: now, paid: Zero::zero(), claims: count };
				ProviderUsageOf::<T>::insert(plan, provider, usage);
			}
			let touched = claims.saturating_add(plans).saturating_add(enrollments);
			T::DbWeight::get().reads_writes(touched, touched.saturating_add(usages))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(Self::pre_upgrade_state())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_post_upgrade(state)
		}
	}

	/// The try-runtime checks, callable without the `try-runtime` feature, so that the migration
	/// test (fuzz/tests/migrations.rs) runs them on the real runtime in every test build: what
	/// `pre_upgrade` records, and what `post_upgrade` requires of the migrated state.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	impl<T: Config> UncheckedMigrateToV1<T> {
		pub fn pre_upgrade_state() -> Vec<u8> {
			let count = |n: usize| n as u32;
			(
				count(Plans::<T>::iter_keys().count()),
				count(Enrollments::<T>::iter_keys().count()),
				count(Claims::<T>::iter_keys().count()),
			)
				.encode()
		}

		pub fn check_post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (plans, enrollments, claims): (u32, u32, u32) =
				Decode::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(Plans::<T>::iter().count() as u32 == plans, "plans lost");
			ensure!(Enrollments::<T>::iter().count() as u32 == enrollments, "enrollments lost");
			ensure!(Claims::<T>::iter().count() as u32 == claims, "claims lost");
			ensure!(
				Enrollments::<T>::iter_values().all(|e| e.status == EnrollmentStatus::AwaitingPayer),
				"an enrollment the payer never accepted is active"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Runs [`UncheckedMigrateToV1`] once, when the on-chain version is 0.
	pub type MigrateToV1<T> =
		VersionedMigration<0, 1, UncheckedMigrateToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 1 to 2: every claim's `outcome` recomputed with FHIR remittance-outcome's meaning,
/// `error` as soon as one item was rejected. Version 1 said `partial` when only some were.
pub mod v2 {
	use super::*;

	/// The migration, unversioned; use [`MigrateToV2`].
	pub struct UncheckedMigrateToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut claims = 0u64;
			Claims::<T>::translate_values::<ClaimOf<T>, _>(|mut claim| {
				claims = claims.saturating_add(1);
				claim.outcome = claim.outcome_of_items();
				Some(claim)
			});
			T::DbWeight::get().reads_writes(claims, claims)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(Self::pre_upgrade_state())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_post_upgrade(state)
		}
	}

	/// The try-runtime checks, callable without the `try-runtime` feature (see `v1`).
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	impl<T: Config> UncheckedMigrateToV2<T> {
		pub fn pre_upgrade_state() -> Vec<u8> {
			(Claims::<T>::iter_keys().count() as u32).encode()
		}

		pub fn check_post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let claims: u32 = Decode::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(Claims::<T>::iter().count() as u32 == claims, "claims lost");
			ensure!(
				Claims::<T>::iter_values().all(|c| c.outcome == c.outcome_of_items()),
				"a claim's outcome differs from its items"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Runs [`UncheckedMigrateToV2`] once, when the on-chain version is 1.
	pub type MigrateToV2<T> =
		VersionedMigration<1, 2, UncheckedMigrateToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
