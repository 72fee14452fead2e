//! Governance. Today only the development superuser; the consortium's referenda arrive with the
//! governance issue.
//!
//! `Sudo` exists so a dev chain can exercise Root-only calls (e.g. issuing credentials) from
//! Polkadot.js. The `development` and `local_testnet` presets give its key to Alice; the
//! `consortium` preset sets no key, so on a consortium chain nobody holds Root through it.

use crate::{Runtime, RuntimeCall, RuntimeEvent};
use polkadot_sdk::*;

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
