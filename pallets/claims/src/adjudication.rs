//! Adjudication: how a submitted item is decided, paid, queued for the payer or denied, and
//! how later decisions (the payer's, arbitration's, or a lapsed deadline) conclude it.

use super::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Adjudicates one submitted item by the plan's rules, paying it when it passes and the
	/// plan's provider rules let it be paid without the payer. Whatever it cannot justify is
	/// queued for the payer, never paid.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn adjudicate(
		claim_id: ClaimId,
		index: u32,
		plan: &mut PlanOf<T>,
		claim: &ClaimOf<T>,
		item: &ClaimItem<BalanceOf<T>>,
		in_network: bool,
		usage: &mut ProviderUsage<BalanceOf<T>, BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> Adjudication<BalanceOf<T>, BlockNumberFor<T>> {
		let zero = Zero::zero();
		let appeal_deadline = now.saturating_add(T::AppealWindow::get());
		let decided = |status, reason, eligible, copay, benefit| Adjudication {
			status,
			reason,
			eligible,
			copay,
			benefit,
			decided_at: now,
			deadline: match status {
				ItemStatus::Queued => now.saturating_add(T::DecisionPeriod::get()),
				ItemStatus::Denied => appeal_deadline,
				_ => now,
			},
		};
		let paying = claim.claim_use == ClaimUse::Claim;
		if paying {
			let fingerprint = Self::fingerprint(&claim.patient, &claim.provider, item);
			if let Some((earlier_claim, earlier_item)) = Fingerprints::<T>::get(fingerprint) {
				Self::deposit_event(Event::DuplicateRejected {
					claim: claim_id,
					item: index,
					provider: claim.provider.clone(),
					patient: claim.patient.clone(),
					earlier_claim,
					earlier_item,
				});
				let reason = ItemReason::DuplicateOf { claim: earlier_claim, item: earlier_item };
				return decided(ItemStatus::Rejected, reason, zero, zero, zero);
			}
			Fingerprints::<T>::insert(fingerprint, (claim_id, index));
		}
		let Some(rule) = plan.terms.covered.iter().find(|c| c.service == item.service) else {
			return decided(ItemStatus::Queued, ItemReason::ServiceNotCovered, zero, zero, zero);
		};
		let eligible = item.amount.min(rule.allowed);
		let copay = plan.terms.coinsurance.mul_ceil(eligible);
		let full = eligible.saturating_sub(copay);
		let benefit = full.min(Self::remaining_limit(&claim.patient, claim.plan, plan, item.service_date));
		let reason = if benefit < full { ItemReason::AnnualLimitReached } else { ItemReason::WithinPlan };
		if !paying {
			return decided(ItemStatus::Approved, reason, eligible, copay, benefit);
		}
		if benefit.is_zero() && !full.is_zero() {
			Self::open_appeal_window(plan, appeal_deadline);
			return decided(ItemStatus::Denied, reason, eligible, copay, zero);
		}
		if !in_network {
			return decided(ItemStatus::Queued, ItemReason::OutOfNetwork, eligible, copay, zero);
		}
		if usage.paid.saturating_add(benefit) > plan.rules.per_provider_limit {
			return decided(ItemStatus::Queued, ItemReason::ProviderLimitReached, eligible, copay, zero);
		}
		if Self::pay(claim_id, index, claim.plan, plan, claim, item, benefit).is_err() {
			return decided(ItemStatus::Queued, ItemReason::EscrowInsufficient, eligible, copay, zero);
		}
		usage.paid = usage.paid.saturating_add(benefit);
		decided(ItemStatus::Paid, reason, eligible, copay, benefit)
	}

	/// Pays `benefit` for `item` from the plan's escrow to the provider and counts it towards
	/// the patient's annual limit.
	fn pay(
		claim_id: ClaimId,
		index: u32,
		plan_id: PlanId,
		plan: &mut PlanOf<T>,
		claim: &ClaimOf<T>,
		item: &ClaimItem<BalanceOf<T>>,
		benefit: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(benefit <= Self::available(plan), Error::<T>::EscrowInsufficient);
		if !benefit.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::Escrow.into(),
				&plan.payer,
				&claim.provider,
				benefit,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		plan.escrow.paid = plan.escrow.paid.saturating_add(benefit);
		BenefitUsed::<T>::mutate(&claim.patient, (plan_id, year_of(item.service_date)), |used| {
			*used = used.saturating_add(benefit)
		});
		Self::deposit_event(Event::BenefitPaid {
			claim: claim_id,
			item: index,
			payer: plan.payer.clone(),
			provider: claim.provider.clone(),
			amount: benefit,
		});
		Ok(())
	}

	/// Keeps the escrow from being withdrawn until a denial's appeal `deadline` is over.
	fn open_appeal_window(plan: &mut PlanOf<T>, deadline: BlockNumberFor<T>) {
		plan.appealable_until = plan.appealable_until.max(deadline);
	}

	/// Records a decision of the payer or arbitration on a waiting item: `award` pays (or, for
	/// a preauthorization or predetermination, approves) that benefit, `None` denies. Keeps
	/// the plan's open-claim count and appeal horizon.
	pub(crate) fn conclude(
		claim_id: ClaimId,
		claim: &mut ClaimOf<T>,
		index: u32,
		mut current: AdjudicatedItem<BalanceOf<T>, BlockNumberFor<T>>,
		award: Option<BalanceOf<T>>,
		reason: ItemReason,
	) -> DispatchResult {
		let (status, benefit) = match award {
			Some(benefit) => {
				ensure!(benefit <= current.item.amount, Error::<T>::BenefitExceedsAmount);
				let status =
					if claim.claim_use == ClaimUse::Claim { ItemStatus::Paid } else { ItemStatus::Approved };
				(status, benefit)
			},
			None => (ItemStatus::Denied, Zero::zero()),
		};
		let mut plan = Plans::<T>::get(claim.plan).ok_or(Error::<T>::PlanNotFound)?;
		let now = frame_system::Pallet::<T>::block_number();
		if status == ItemStatus::Paid {
			Self::pay(claim_id, index, claim.plan, &mut plan, claim, &current.item, benefit)?;
		}
		current.adjudication =
			Adjudication { status, reason, benefit, decided_at: now, deadline: now, ..current.adjudication };
		if current.adjudication.is_appealable() {
			current.adjudication.deadline = now.saturating_add(T::AppealWindow::get());
			Self::open_appeal_window(&mut plan, current.adjudication.deadline);
		}
		Self::store_item(claim, index, current)?;
		claim.outcome = claim.outcome_of_items();
		if !claim.is_waiting() {
			plan.open_claims.saturating_dec();
		}
		Plans::<T>::insert(claim.plan, plan);
		Claims::<T>::insert(claim_id, &*claim);
		Self::deposit_event(Event::ItemAdjudicated {
			claim: claim_id,
			item: index,
			status,
			reason,
			benefit,
			outcome: claim.outcome,
		});
		Ok(())
	}

	/// Nothing can change `claim` any more: no item waits, every denial's appeal deadline and
	/// every service's longest possible filing window is over.
	pub fn is_final(claim: &ClaimOf<T>) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		let today = Self::today();
		// Past the longest filing window governance may ever set, a resubmission is late
		// whatever the window then, so the fingerprints may go.
		let filing = T::MaxTimelyFilingDays::get();
		claim.items.iter().all(|i| {
			let a = &i.adjudication;
			!a.status.is_waiting() &&
				(!a.is_appealable() || now > a.deadline) &&
				today > i.item.service_date.saturating_add(filing)
		})
	}
}
