//! `caduceus-node`: the Caduceus collator.
//!
//! Built on `polkadot-omni-node-lib`, so it runs any Cumulus runtime the way the Polkadot SDK's
//! omni node does (collation, RPC, `--dev` manual seal, `benchmark` subcommands), with Caduceus's
//! chain specs built in: `--dev`/`--chain dev`, `--chain local` and `--chain consortium` need no
//! file. Anything else given to `--chain` is read as a chain-spec JSON file.

#![warn(missing_docs)]

mod chain_spec;

use polkadot_sdk::{
	polkadot_omni_node_lib::{
		run,
		runtime::{AuraConsensusId, BlockNumber, Consensus, DefaultRuntimeResolver, Runtime, RuntimeResolver},
		CliConfig, RunConfig,
	},
	sc_chain_spec::ChainSpec,
};

/// What runs a Caduceus chain spec (id `caduceus_…`): u32 block numbers and Aura with sr25519
/// keys, as the two assertions below check against the runtime at compile time. The omni node's
/// default resolver finds the same by compiling and executing the runtime to read its metadata,
/// which costs a dev start about 5 s; any other chain spec still goes through it.
struct CaduceusRuntime;

impl RuntimeResolver for CaduceusRuntime {
	fn runtime(&self, spec: &dyn ChainSpec) -> polkadot_sdk::sc_cli::Result<Runtime> {
		if spec.id().starts_with(chain_spec::CHAIN_ID_PREFIX) {
			Ok(Runtime::Omni(BlockNumber::U32, Consensus::Aura(AuraConsensusId::Sr25519)))
		} else {
			DefaultRuntimeResolver.runtime(spec)
		}
	}
}

const _: fn(caduceus_runtime::BlockNumber) -> u32 = |number| number;
const _: fn(caduceus_runtime::AuraId) -> polkadot_sdk::sp_consensus_aura::sr25519::AuthorityId = |id| id;

struct Caduceus;

impl CliConfig for Caduceus {
	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/caduceus/issues".into()
	}

	fn copyright_start_year() -> u16 {
		2026
	}
}

/// One line on stderr and a non-zero exit, for operators and scripts alike.
fn exit_with(error: impl std::fmt::Display) -> ! {
	let message = error.to_string().replace('\n', " ");
	eprintln!("Error: {message}");
	std::process::exit(1);
}

fn main() {
	let args: Vec<String> = std::env::args().collect();
	// The omni node has `build-spec`, deprecated, but not the SDK's `export-chain-spec`: it is
	// served here, from the same built-in specs and chain-spec files as `--chain`.
	if args.get(1).map(String::as_str) == Some("export-chain-spec") {
		use polkadot_sdk::{polkadot_omni_node_lib::chain_spec::LoadSpec, sc_cli::clap::Parser};
		let command = polkadot_sdk::sc_cli::ExportChainSpecCmd::parse_from(&args[1..]);
		let exported = chain_spec::EmbeddedChainSpecs
			.load_spec(&command.chain)
			.map_err(polkadot_sdk::sc_cli::Error::Input)
			.and_then(|spec| command.run(spec));
		if let Err(error) = exported {
			exit_with(error);
		}
		return;
	}
	if let Err(error) = chain_spec::check_relay_spec(&args[1..]) {
		exit_with(error);
	}
	let config = RunConfig::new(
		Box::new(CaduceusRuntime),
		Box::new(chain_spec::EmbeddedChainSpecs),
	);
	if let Err(error) = run::<Caduceus>(config) {
		exit_with(error);
	}
}
