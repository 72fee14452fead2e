//! Genesis presets, served through `sp_genesis_builder`:
//!
//! - `development`: one collator (Alice), well-known accounts endowed, Alice holds sudo. The
//!   consortium's founding members are Alice, Bob and Charlie, and referenda use the rapid
//!   track timing (a few blocks per phase). What `caduceus-node --dev` runs.
//! - `local_testnet`: two collators (Alice, Bob) for a local relay-chain network (zombienet/);
//!   governance as in `development`.
//! - `consortium`: the template a consortium starts from. No sudo key: Root is reached only
//!   through the `root` referendum track, with the consortium track timing (days and weeks).
//!   Its collators and founding members are the well-known placeholder accounts `//One` and
//!   `//Two`. `caduceus-node --chain consortium` never uses them: it builds the genesis with
//!   [`consortium_genesis`] from the keys the operator gives it, and refuses any live chain spec
//!   that holds a well-known key; see docs/governance.md.

use crate::governance::origins::TrackTiming;
use crate::{
	AccountId, AuraId, Balance, BalancesConfig, CollatorSelectionConfig, ParachainInfoConfig,
	OriginsConfig, PolkadotXcmConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
	EXISTENTIAL_DEPOSIT, UNIT,
};
use polkadot_sdk::{staging_xcm as xcm, *};

use alloc::{vec, vec::Vec};
use cumulus_primitives_core::ParaId;
use frame_support::build_struct_json_patch;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

/// The consortium's genesis preset.
pub const CONSORTIUM_PRESET: &str = "consortium";
/// The para id used by all presets; a real deployment uses the id the relay chain assigned.
pub const PARACHAIN_ID: u32 = 2000;
/// Balance given to each endowed development account.
const DEV_ENDOWMENT: Balance = 1_000_000 * UNIT;
/// Balance given to each consortium placeholder account: session keys, fees, and the
/// submission, decision and preimage deposits of a `root` referendum.
const CONSORTIUM_ENDOWMENT: Balance = 1_000 * UNIT;

fn genesis(
	collators: Vec<(AccountId, AuraId)>,
	endowed: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
	founding_members: Vec<AccountId>,
	timing: TrackTiming,
) -> serde_json::Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		parachain_info: ParachainInfoConfig { parachain_id: ParaId::from(PARACHAIN_ID) },
		collator_selection: CollatorSelectionConfig {
			invulnerables: collators.iter().map(|(account, _)| account.clone()).collect(),
			candidacy_bond: EXISTENTIAL_DEPOSIT * 16,
		},
		session: SessionConfig {
			keys: collators
				.into_iter()
				.map(|(account, aura)| (account.clone(), account, SessionKeys { aura }))
				.collect(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(xcm::prelude::XCM_VERSION) },
		sudo: SudoConfig { key: sudo },
		origins: OriginsConfig { founding_members, timing },
	})
}

fn collator(key: Sr25519Keyring) -> (AccountId, AuraId) {
	(key.to_account_id(), key.public().into())
}

fn dev_endowed() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// The founding members of a development chain's consortium.
pub fn dev_founding_members() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|k| k.to_account_id())
		.collect()
}

fn development() -> serde_json::Value {
	genesis(
		vec![collator(Sr25519Keyring::Alice)],
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_founding_members(),
		TrackTiming::Rapid,
	)
}

fn local_testnet() -> serde_json::Value {
	genesis(
		vec![collator(Sr25519Keyring::Alice), collator(Sr25519Keyring::Bob)],
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_founding_members(),
		TrackTiming::Rapid,
	)
}

/// A consortium's genesis: its collators (account and Aura key), founding members and endowed
/// accounts; no sudo key, consortium track timing. `caduceus-node --chain consortium` builds its
/// chain spec with this from the keys the operator gives it.
pub fn consortium_genesis(
	collators: Vec<(AccountId, AuraId)>,
	founding_members: Vec<AccountId>,
	endowed: Vec<(AccountId, Balance)>,
) -> serde_json::Value {
	genesis(collators, endowed, None, founding_members, TrackTiming::Consortium)
}

fn consortium() -> serde_json::Value {
	let collators = vec![collator(Sr25519Keyring::One), collator(Sr25519Keyring::Two)];
	// The placeholder collators double as founding members. The node refuses a live chain spec
	// that holds them; this preset is the shape, for tests and templates.
	let members = collators.iter().map(|(a, _)| a.clone()).collect();
	let endowed = collators.iter().map(|(a, _)| (a.clone(), CONSORTIUM_ENDOWMENT)).collect();
	consortium_genesis(collators, members, endowed)
}

/// The JSON patch of the preset named `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		CONSORTIUM_PRESET => consortium(),
		_ => return None,
	};
	// Serializing a `serde_json::Value` to a string cannot fail.
	serde_json::to_vec(&patch).ok()
}

/// The names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_PRESET),
	]
}
