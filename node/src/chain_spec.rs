//! The chain specs built into the binary, and the fallback to chain-spec files.

use caduceus_runtime::{
	genesis_config_presets::{consortium_genesis, get_preset, PARACHAIN_ID},
	AccountId, AuraId, Balance,
};
use polkadot_sdk::{
	polkadot_omni_node_lib::chain_spec::{ChainSpec, Extensions, LoadSpec},
	sc_chain_spec::{ChainType, GenericChainSpec},
	sp_core::crypto::{ByteArray, Ss58Codec},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
};

/// The environment variable naming the consortium's keys file (see docs/governance.md).
pub const CONSORTIUM_KEYS_VAR: &str = "CADUCEUS_CONSORTIUM_KEYS";
/// The environment variable giving a built-in chain's para id: the id the relay chain reserved.
pub const PARA_ID_VAR: &str = "CADUCEUS_PARA_ID";
/// The environment variable naming a built-in chain's relay chain (`polkadot`, `westend-local`…).
pub const RELAY_CHAIN_VAR: &str = "CADUCEUS_RELAY_CHAIN";
/// The lowest para id of a parachain that is not a system chain of its relay.
const LOWEST_PUBLIC_PARA_ID: u32 = 2000;

/// Resolves `--chain`: a built-in name, else a path to a chain-spec JSON file.
pub struct EmbeddedChainSpecs;

/// How a built-in chain gets its genesis.
#[derive(Clone, Copy)]
enum Genesis {
	/// A genesis preset of the runtime.
	Preset(&'static str),
	/// The consortium's own keys, from the file named by [`CONSORTIUM_KEYS_VAR`].
	ConsortiumKeys,
}

/// How every Caduceus chain spec's id begins (the built-in ones and the files exported from them).
pub const CHAIN_ID_PREFIX: &str = "caduceus_";

/// Built-in chains: accepted names, display name, id, type, genesis, and the default para id and
/// relay chain, which [`PARA_ID_VAR`] and [`RELAY_CHAIN_VAR`] override. The consortium has no
/// default para id: its id is the one its relay chain reserved, and must be given.
const BUILT_IN: [(&[&str], &str, &str, ChainType, Genesis, Option<u32>, &str); 3] = [
	(
		&["dev", "development"],
		"Caduceus Development",
		"caduceus_dev",
		ChainType::Development,
		Genesis::Preset(DEV_RUNTIME_PRESET),
		Some(PARACHAIN_ID),
		"westend-local",
	),
	(
		&["local", "local_testnet"],
		"Caduceus Local Testnet",
		"caduceus_local",
		ChainType::Local,
		Genesis::Preset(LOCAL_TESTNET_RUNTIME_PRESET),
		Some(PARACHAIN_ID),
		"westend-local",
	),
	(
		&["consortium"],
		"Caduceus Consortium",
		"caduceus_consortium",
		ChainType::Live,
		Genesis::ConsortiumKeys,
		None,
		"polkadot",
	),
];

impl LoadSpec for EmbeddedChainSpecs {
	fn load_spec(&self, id: &str) -> Result<Box<dyn ChainSpec>, String> {
		let spec = load(id)?;
		// A live chain whose genesis names a key anyone can derive hands Root, collation or
		// funds to anyone: never produce or start one.
		if spec.chain_type() == ChainType::Live {
			if let Some(key) = well_known_key_in(&*spec)? {
				return Err(format!(
					"chain '{}' is live but its genesis holds the well-known development key {key}: replace every dev key (see docs/governance.md)",
					spec.id()
				));
			}
		}
		Ok(spec)
	}
}

/// Where a built-in chain runs: its para id and its relay chain, the operator's inputs.
struct Placement {
	para_id: u32,
	relay_chain: String,
}

impl Placement {
	/// The chain's defaults, overridden by [`PARA_ID_VAR`] and [`RELAY_CHAIN_VAR`].
	fn from_env(chain: &str, para_id: Option<u32>, relay_chain: &str) -> Result<Self, String> {
		let para_id = match std::env::var(PARA_ID_VAR) {
			Ok(text) => parse_para_id(&text)?,
			Err(_) => para_id.ok_or_else(|| {
				format!("{chain} needs its para id: set {PARA_ID_VAR} to the id its relay chain reserved for it (docs/operating-a-collator.md)")
			})?,
		};
		let relay_chain = match std::env::var(RELAY_CHAIN_VAR) {
			Ok(text) => parse_relay_chain(&text)?,
			Err(_) => relay_chain.to_owned(),
		};
		Ok(Placement { para_id, relay_chain })
	}
}

fn parse_para_id(text: &str) -> Result<u32, String> {
	match text.trim().parse::<u32>() {
		Ok(id) if id >= LOWEST_PUBLIC_PARA_ID => Ok(id),
		_ => Err(format!(
			"{PARA_ID_VAR} '{text}': a para id is a whole number from {LOWEST_PUBLIC_PARA_ID} up (lower ids are the relay's system chains)"
		)),
	}
}

fn parse_relay_chain(text: &str) -> Result<String, String> {
	let valid = !text.is_empty() &&
		text.len() <= 64 &&
		text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
	if valid {
		Ok(text.to_owned())
	} else {
		Err(format!("{RELAY_CHAIN_VAR} '{text}': expected a relay chain's name, e.g. polkadot or westend-local"))
	}
}

/// The chain-spec ids a relay chain's spec may have when a parachain spec names it `relay`:
/// the live relays' ids differ from their names, a local testnet's id ends in `_testnet`.
fn relay_spec_ids(relay: &str) -> Vec<String> {
	let known: &[(&str, &str)] = &[("kusama", "ksmcc3"), ("westend", "westend2")];
	let normalised = relay.replace('-', "_");
	let mut ids = vec![normalised.clone(), format!("{normalised}_testnet")];
	ids.extend(known.iter().filter(|(name, _)| *name == relay).map(|(_, id)| (*id).to_owned()));
	ids
}

/// Refuses, before anything starts, a relay chain spec file (`-- --chain <file>`) that is not
/// the relay chain the parachain spec (`--chain`, or `--dev`) names. A collator given another
/// relay's spec would otherwise sync that relay and wait for a parachain slot that never comes.
pub fn check_relay_spec(args: &[String]) -> Result<(), String> {
	let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
	let (para_args, relay_args) = (&args[..split], args.get(split + 1..).unwrap_or(&[]));
	let Some(relay_file) = chain_arg(relay_args).filter(|path| std::path::Path::new(path).is_file()) else {
		return Ok(());
	};
	let para_chain = chain_arg(para_args).or_else(|| para_args.iter().any(|a| a == "--dev").then(|| "dev".into()));
	let Some(para_chain) = para_chain else { return Ok(()) };
	let spec = load(&para_chain)?;
	let Some(relay) = Extensions::try_get(&*spec).map(|e| e.relay_chain()) else { return Ok(()) };
	let text = std::fs::read_to_string(&relay_file).map_err(|e| format!("relay chain spec '{relay_file}': {e}"))?;
	let json: serde_json::Value = serde_json::from_str(&text)
		.map_err(|e| format!("relay chain spec '{relay_file}' is not valid JSON: {e}"))?;
	let relay_id = json["id"].as_str().unwrap_or_default();
	if relay_spec_ids(&relay).iter().any(|id| id == relay_id) {
		Ok(())
	} else {
		Err(format!(
			"the relay chain spec '{relay_file}' is chain '{relay_id}', but parachain '{}' runs on relay chain '{relay}': pass that relay's spec after --",
			spec.id()
		))
	}
}

/// The value of `--chain` among `args` (`--chain x` or `--chain=x`).
fn chain_arg(args: &[String]) -> Option<String> {
	args.iter().enumerate().find_map(|(i, arg)| match arg.strip_prefix("--chain") {
		Some("") => args.get(i + 1).cloned(),
		Some(rest) => rest.strip_prefix('=').map(str::to_owned),
		None => None,
	})
}

fn load(id: &str) -> Result<Box<dyn ChainSpec>, String> {
	if let Some((_, name, chain_id, chain_type, genesis, para_id, relay)) =
		BUILT_IN.iter().find(|(names, ..)| names.contains(&id))
	{
		let placement = Placement::from_env(name, *para_id, relay)?;
		return built_in(name, chain_id, chain_type.clone(), *genesis, &placement);
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

/// The first well-known development key (`//Alice` … `//Two`, sr25519 or ed25519) that the
/// spec's genesis names, as an SS58 address or as hex in raw storage; the runtime code is not
/// searched.
fn well_known_key_in(spec: &dyn ChainSpec) -> Result<Option<String>, String> {
	let json: serde_json::Value =
		serde_json::from_str(&spec.as_json(false)?).map_err(|e| format!("chain spec is not JSON: {e}"))?;
	let mut known: Vec<(String, String)> = Vec::new();
	for key in Sr25519Keyring::iter() {
		known.push((key.to_account_id().to_ss58check(), hex(key.public().as_slice())));
	}
	for key in Ed25519Keyring::iter() {
		known.push((key.to_account_id().to_ss58check(), hex(key.public().as_slice())));
	}
	let mut found = None;
	visit_strings(&json["genesis"], &mut |text| {
		let lower = text.to_ascii_lowercase();
		if found.is_none() {
			found = known.iter().find(|(ss58, hex)| text.contains(ss58.as_str()) || lower.contains(hex.as_str())).map(|(ss58, _)| ss58.clone());
		}
	});
	Ok(found)
}

/// Calls `f` with every string and object key under `value`, except the runtime code.
fn visit_strings(value: &serde_json::Value, f: &mut impl FnMut(&str)) {
	match value {
		serde_json::Value::String(text) => f(text),
		serde_json::Value::Array(items) => items.iter().for_each(|item| visit_strings(item, f)),
		serde_json::Value::Object(map) =>
			for (key, item) in map {
				// `code` in a patch or plain genesis, `:code` (0x3a636f6465) in raw storage.
				if key == "code" || key == "0x3a636f6465" {
					continue;
				}
				f(key);
				visit_strings(item, f);
			},
		_ => {},
	}
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A 32-byte public key or account given as SS58 or as `0x`-prefixed hex.
fn public_key(text: &str, what: &str) -> Result<[u8; 32], String> {
	if let Some(digits) = text.strip_prefix("0x") {
		if digits.len() != 64 {
			return Err(format!("{what} '{text}': expected 32 bytes of hex"));
		}
		let mut bytes = [0u8; 32];
		for (i, byte) in bytes.iter_mut().enumerate() {
			*byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16)
				.map_err(|_| format!("{what} '{text}': not hex"))?;
		}
		return Ok(bytes);
	}
	let account = AccountId::from_ss58check(text)
		.map_err(|e| format!("{what} '{text}': not an SS58 address or 0x hex ({e:?})"))?;
	let bytes: &[u8; 32] = account.as_ref();
	Ok(*bytes)
}

/// The consortium's genesis patch from its keys file:
/// `{ "collators": [{ "account": …, "aura": … }], "members": [ … ], "endowed": [[ …, amount ]] }`,
/// each key as SS58 or 0x hex, amounts in plancks (integers or decimal strings).
fn consortium_patch_from_keys() -> Result<serde_json::Value, String> {
	let path = std::env::var(CONSORTIUM_KEYS_VAR).map_err(|_| {
		format!(
			"the consortium chain needs its founding keys: set {CONSORTIUM_KEYS_VAR} to a JSON file of collators, members and endowed accounts (docs/governance.md)"
		)
	})?;
	let text = std::fs::read_to_string(&path).map_err(|e| format!("{CONSORTIUM_KEYS_VAR} '{path}': {e}"))?;
	let keys: serde_json::Value =
		serde_json::from_str(&text).map_err(|e| format!("{CONSORTIUM_KEYS_VAR} '{path}' is not JSON: {e}"))?;
	let list = |field: &str| -> Result<Vec<serde_json::Value>, String> {
		match keys.get(field).and_then(|v| v.as_array()) {
			Some(items) if !items.is_empty() => Ok(items.clone()),
			_ => Err(format!("{CONSORTIUM_KEYS_VAR} '{path}': '{field}' must be a non-empty list")),
		}
	};
	let text_of = |value: &serde_json::Value, what: &str| -> Result<String, String> {
		value.as_str().map(str::to_owned).ok_or_else(|| format!("{CONSORTIUM_KEYS_VAR} '{path}': {what} must be a string"))
	};
	let mut collators = Vec::new();
	for entry in list("collators")? {
		let account = public_key(&text_of(&entry["account"], "collators[].account")?, "collator account")?;
		let aura = public_key(&text_of(&entry["aura"], "collators[].aura")?, "collator Aura key")?;
		collators.push((AccountId::from(account), AuraId::from_slice(&aura).map_err(|_| "Aura key".to_string())?));
	}
	let mut members = Vec::new();
	for entry in list("members")? {
		members.push(AccountId::from(public_key(&text_of(&entry, "members[]")?, "member")?));
	}
	let mut endowed = Vec::new();
	for entry in list("endowed")? {
		let account = AccountId::from(public_key(&text_of(&entry[0], "endowed[][0]")?, "endowed account")?);
		let amount: Balance = match &entry[1] {
			serde_json::Value::Number(n) => n.as_u64().map(Balance::from),
			serde_json::Value::String(s) => s.parse().ok(),
			_ => None,
		}
		.ok_or_else(|| format!("{CONSORTIUM_KEYS_VAR} '{path}': endowed amounts must be whole plancks"))?;
		endowed.push((account, amount));
	}
	Ok(consortium_genesis(collators, members, endowed))
}

fn built_in(
	name: &str,
	id: &str,
	chain_type: ChainType,
	genesis: Genesis,
	placement: &Placement,
) -> Result<Box<dyn ChainSpec>, String> {
	let Placement { para_id, relay_chain } = placement;
	let wasm = caduceus_runtime::WASM_BINARY
		.ok_or("this caduceus-node was built without the runtime WASM (SKIP_WASM_BUILD): rebuild without it")?;
	let mut properties = polkadot_sdk::sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), caduceus_runtime::TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), caduceus_runtime::TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
	let build = |genesis: Genesis| -> Result<GenericChainSpec<Extensions>, String> {
		let builder = GenericChainSpec::<Extensions>::builder(
			&compressed_code(wasm),
			Extensions::new(relay_chain.clone(), *para_id),
		)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type.clone())
		.with_properties(properties.clone());
		let mut patch = match genesis {
			Genesis::Preset(preset) => get_preset(&preset.into())
				.and_then(|json| serde_json::from_slice::<serde_json::Value>(&json).ok())
				.ok_or_else(|| format!("the runtime has no genesis preset '{preset}'"))?,
			Genesis::ConsortiumKeys => consortium_patch_from_keys()?,
		};
		// The para id lives in genesis storage, where the collator and the relay read it.
		patch["parachainInfo"]["parachainId"] = (*para_id).into();
		Ok(builder.with_genesis_config_patch(patch).build())
	};
	match genesis {
		Genesis::Preset(preset) => {
			// Everything the spec is built from: a rebuilt runtime or a changed name never
			// reads another's genesis.
			let inputs = format!("{name}|{id}|{chain_type:?}|{preset}|{para_id}|{relay_chain}|{properties:?}");
			raw_and_cached(id, &inputs, wasm, || build(genesis))
		},
		Genesis::ConsortiumKeys => Ok(Box::new(build(genesis)?)),
	}
}

/// The runtime code as genesis should carry it: zstd-compressed, as on-chain code is. A release
/// build's `WASM_BINARY` already is; a dev build's is not (substrate-wasm-builder compresses only
/// for non-debug profiles), and its 13.6 MB would otherwise be hashed, hex-encoded into the raw
/// spec and parsed back at every start. The executor decompresses either form.
fn compressed_code(wasm: &[u8]) -> std::borrow::Cow<'_, [u8]> {
	use polkadot_sdk::sp_maybe_compressed_blob::{compress_weakly, decompress, CODE_BLOB_BOMB_LIMIT};
	match decompress(wasm, CODE_BLOB_BOMB_LIMIT) {
		// Borrowed: `wasm` was not compressed.
		Ok(std::borrow::Cow::Borrowed(_)) =>
			compress_weakly(wasm, CODE_BLOB_BOMB_LIMIT).map_or(wasm.into(), Into::into),
		_ => wasm.into(),
	}
}

/// Where raw specs of the built-in preset chains are kept between starts.
fn raw_spec_cache() -> Option<std::path::PathBuf> {
	let base = std::env::var_os("XDG_CACHE_HOME")
		.map(std::path::PathBuf::from)
		.or_else(|| std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".cache")))?;
	Some(base.join("caduceus").join("chain-specs"))
}

/// The spec `build` makes (a runtime preset) as a raw chain spec, built once per spec and
/// runtime and then read from [`raw_spec_cache`]. Turning a preset into genesis storage executes
/// the runtime, which a dev build takes about 12 s for, and the node would otherwise do it twice
/// at every start. The file is named by a hash of the runtime code and of `inputs` (names,
/// preset, relay chain, properties), so a rebuilt runtime never reads another's genesis, and
/// only the latest file per chain is kept. Hashing the inputs rather than the built spec keeps
/// the code out of serde on the way to a cached start. Without a usable cache directory the raw
/// spec is built each time.
fn raw_and_cached(
	id: &str,
	inputs: &str,
	wasm: &[u8],
	build: impl FnOnce() -> Result<GenericChainSpec<Extensions>, String>,
) -> Result<Box<dyn ChainSpec>, String> {
	use std::hash::{Hash, Hasher};
	let mut hasher = std::collections::hash_map::DefaultHasher::new();
	(inputs, wasm).hash(&mut hasher);
	let file = raw_spec_cache().map(|dir| dir.join(format!("{id}-{:016x}.json", hasher.finish())));
	if let Some(cached) = file.as_ref().filter(|f| f.is_file()) {
		if let Ok(raw) = GenericChainSpec::<Extensions>::from_json_file(cached.clone()) {
			return Ok(Box::new(raw));
		}
	}
	let spec = build()?;
	let raw = spec.as_json(true)?;
	if let Some(file) = file {
		// One raw spec per chain is kept: those of earlier runtimes go.
		if let Some(entries) = file.parent().and_then(|dir| std::fs::read_dir(dir).ok()) {
			for entry in entries.flatten() {
				if entry.file_name().to_string_lossy().starts_with(&format!("{id}-")) {
					let _ = std::fs::remove_file(entry.path());
				}
			}
		}
		// Best effort: a cache that cannot be written only costs the next start the build.
		let partial = file.with_extension(format!("json.{}", std::process::id()));
		let written = file
			.parent()
			.map_or(Ok(()), std::fs::create_dir_all)
			.and_then(|_| std::fs::write(&partial, raw.as_bytes()))
			.and_then(|_| std::fs::rename(&partial, &file));
		if written.is_err() {
			let _ = std::fs::remove_file(&partial);
		}
	}
	GenericChainSpec::<Extensions>::from_json_bytes(raw.into_bytes())
		.map(|spec| Box::new(spec) as Box<dyn ChainSpec>)
}
