//! The runtime's invariants across pallets, for the runtime tests (after each test) and the
//! fuzzer (after each block): see docs/security.md, "Money". Each pallet checks its own storage
//! in `do_try_state`; what only the whole runtime can see is checked here.
//!
//! Native only: the fuzzer and the tests run the runtime as a Rust library.

use crate::{genesis_config_presets, Balance, Runtime, RuntimeEvent, RuntimeGenesisConfig, RuntimeHoldReason};
use alloc::{format, string::String};
use polkadot_sdk::*;

/// Every domain pallet's `do_try_state`, then every cross-pallet check below.
pub fn check() -> Result<(), String> {
	let named = |pallet: &str, result: Result<(), sp_runtime::TryRuntimeError>| {
		result.map_err(|e| format!("{pallet}: {e:?}"))
	};
	named("credentials", pallet_credentials::Pallet::<Runtime>::do_try_state())?;
	named("consent", pallet_consent::Pallet::<Runtime>::do_try_state())?;
	named("records", pallet_records::Pallet::<Runtime>::do_try_state())?;
	named("emergency access", pallet_emergency_access::Pallet::<Runtime>::do_try_state())?;
	named("claims", pallet_claims::Pallet::<Runtime>::do_try_state())?;
	every_hold_has_an_owner()?;
	histories_are_paid_for()?;
	reference_counts_are_sound()
}

/// Every balance held for a domain pallet is owed by an item in its storage. A pallet's own
/// `do_try_state` sees only the accounts its storage names, so a hold left behind on any other
/// account shows only here, where every hold of the chain is walked.
pub fn every_hold_has_an_owner() -> Result<(), String> {
	let mut owed = pallet_credentials::Pallet::<Runtime>::owed_holds();
	owed.merge(pallet_consent::Pallet::<Runtime>::owed_holds());
	owed.merge(pallet_records::Pallet::<Runtime>::owed_holds());
	owed.merge(pallet_emergency_access::Pallet::<Runtime>::owed_holds());
	owed.merge(pallet_claims::Pallet::<Runtime>::owed_holds());
	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		for hold in holds {
			// No wildcard: a pallet that gains a hold reason must be placed here.
			let domain = match hold.id {
				RuntimeHoldReason::Credentials(_) |
				RuntimeHoldReason::Consent(_) |
				RuntimeHoldReason::Records(_) |
				RuntimeHoldReason::EmergencyAccess(_) |
				RuntimeHoldReason::Claims(_) => true,
				// The SDK's pallets own these: preimages, session keys, XCM.
				RuntimeHoldReason::Preimage(_) | RuntimeHoldReason::Session(_) | RuntimeHoldReason::PolkadotXcm(_) =>
					false,
			};
			if domain && owed.owed(&who, &hold.id) != hold.amount {
				return Err(format!("{:?} of {} held from {who} without an item that owes it", hold.id, hold.amount));
			}
		}
	}
	Ok(())
}

/// A responder's history is kept for good, paid for by its professional entry fee.
pub fn histories_are_paid_for() -> Result<(), String> {
	for responder in pallet_emergency_access::ResponderRecord::<Runtime>::iter_keys() {
		if !pallet_credentials::Professionals::<Runtime>::contains_key(&responder) {
			return Err(format!("history of {responder}, never a professional"));
		}
	}
	Ok(())
}

/// An account that others consume needs a provider, and an account with holds is consumed.
pub fn reference_counts_are_sound() -> Result<(), String> {
	for (who, account) in frame_system::Account::<Runtime>::iter() {
		if account.consumers > 0 && account.providers == 0 {
			return Err(format!("{who} has {} consumers and no provider", account.consumers));
		}
		if account.data.reserved > 0 && account.consumers == 0 {
			return Err(format!("{who} holds or reserves without a consumer reference"));
		}
	}
	Ok(())
}

/// What `events` burned (fees and lost dust) and minted, by the balances pallet's own account.
pub fn burned_and_minted<'a>(events: impl IntoIterator<Item = &'a RuntimeEvent>) -> (Balance, Balance) {
	use pallet_balances::Event::*;
	let (mut burned, mut minted) = (0u128, 0u128);
	for event in events {
		if let RuntimeEvent::Balances(event) = event {
			match event {
				Burned { amount, .. } | BurnedHeld { amount, .. } | DustLost { amount, .. } | Rescinded { amount } =>
					burned = burned.saturating_add(*amount),
				Minted { amount, .. } | MintedCredit { amount } | Issued { amount } | Deposit { amount, .. } =>
					minted = minted.saturating_add(*amount),
				_ => {},
			}
		}
	}
	(burned, minted)
}

/// A preset's genesis as the node builds it: the preset's JSON patch over the default config.
pub fn preset_config(preset: &str) -> Result<RuntimeGenesisConfig, String> {
	let patch = genesis_config_presets::get_preset(&preset.into()).ok_or_else(|| format!("no preset {preset}"))?;
	let patch: serde_json::Value = serde_json::from_slice(&patch).map_err(|e| format!("preset {preset}: {e}"))?;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).map_err(|e| format!("{e}"))?;
	merge_json(&mut config, patch);
	serde_json::from_value(config).map_err(|e| format!("preset {preset} is invalid: {e}"))
}

/// Recursively overlays `patch` on `base`, as the node does when it builds a chain spec from a
/// preset.
fn merge_json(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) =>
			for (key, value) in patch {
				merge_json(base.entry(key).or_insert(serde_json::Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}
