//! The chain specs built into the binary, and the fallback to chain-spec files.

use caduceus_runtime::genesis_config_presets::CONSORTIUM_PRESET;
use polkadot_sdk::{
	polkadot_omni_node_lib::chain_spec::{ChainSpec, Extensions, LoadSpec},
	sc_chain_spec::{ChainType, GenericChainSpec},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
};

/// Resolves `--chain`: a built-in name, else a path to a chain-spec JSON file.
pub struct EmbeddedChainSpecs;

/// Built-in chains: accepted names, display name, id, type, genesis preset, relay chain.
const BUILT_IN: [(&[&str], &str, &str, ChainType, &str, &str); 3] = [
	(
		&["dev", "development"],
		"Caduceus Development",
		"caduceus_dev",
		ChainType::Development,
		DEV_RUNTIME_PRESET,
		"rococo-local",
	),
	(
		&["local", "local_testnet"],
		"Caduceus Local Testnet",
		"caduceus_local",
		ChainType::Local,
		LOCAL_TESTNET_RUNTIME_PRESET,
		"rococo-local",
	),
	(
		&["consortium"],
		"Caduceus Consortium",
		"caduceus_consortium",
		ChainType::Live,
		CONSORTIUM_PRESET,
		"polkadot",
	),
];

impl LoadSpec for EmbeddedChainSpecs {
	fn load_spec(&self, id: &str) -> Result<Box<dyn ChainSpec>, String> {
		if let Some((_, name, chain_id, chain_type, preset, relay)) =
			BUILT_IN.iter().find(|(names, ..)| names.contains(&id))
		{
			return built_in(name, chain_id, chain_type.clone(), preset, relay);
		}
		if id.is_empty() {
			return Err("no chain given: pass --dev, or --chain dev|local|consortium|<chain-spec.json>".into());
		}
		let path = std::path::PathBuf::from(id);
		if !path.is_file() {
			return Err(format!(
				"unknown chain '{id}': expected dev, local, consortium or the path of a chain-spec JSON file"
			));
		}
		GenericChainSpec::<Extensions>::from_json_file(path)
			.map(|spec| Box::new(spec) as Box<dyn ChainSpec>)
			.map_err(|e| format!("chain-spec file '{id}' is not valid: {}", e.replace('\n', " ")))
	}
}

fn built_in(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
	relay_chain: &str,
) -> Result<Box<dyn ChainSpec>, String> {
	let wasm = caduceus_runtime::WASM_BINARY
		.ok_or("this caduceus-node was built without the runtime WASM (SKIP_WASM_BUILD): rebuild without it")?;
	let mut properties = polkadot_sdk::sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), caduceus_runtime::TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), caduceus_runtime::TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
	Ok(Box::new(
		GenericChainSpec::<Extensions>::builder(wasm, Extensions::new_with_relay_chain(relay_chain.into()))
			.with_name(name)
			.with_id(id)
			.with_chain_type(chain_type)
			.with_genesis_config_preset_name(preset)
			.with_properties(properties)
			.build(),
	))
}
