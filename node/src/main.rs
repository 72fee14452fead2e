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

/// An error as one line on stderr, for operators and scripts alike.
fn report(error: impl std::fmt::Display) {
	eprintln!("Error: {}", error.to_string().replace('\n', " "));
}

/// [`report`] and a non-zero exit, before any node has started.
fn exit_with(error: impl std::fmt::Display) -> ! {
	report(error);
	std::process::exit(1);
}

/// Ends the process once the node has stopped, without running C and C++ exit handlers.
///
/// Threads the SDK does not join outlive `run`: offchain workers run on their own thread pool,
/// one per imported block, each holding the client. When the last of them drops it while
/// `exit` is destroying RocksDB's static objects, RocksDB aborts ("pthread lock: Invalid
/// argument", SIGABRT), and a clean SIGTERM looks like a crash to systemd and to scripts.
/// Skipping the exit handlers loses nothing: every write is in RocksDB's write-ahead log before
/// its commit returns, the log RocksDB keeps for a crash. The one handler with work to do is the
/// SDK logger's, which flushes its buffer; its own thread does that every 50 ms, so two of its
/// periods are waited first.
#[allow(unsafe_code)]
fn exit_after_node(code: i32) -> ! {
	use std::io::Write;
	std::thread::sleep(std::time::Duration::from_millis(100));
	let _ = std::io::stdout().flush();
	let _ = std::io::stderr().flush();
	// SAFETY: `_exit` ends the process at once; it takes no pointer and has no precondition.
	unsafe { libc::_exit(code) }
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
	// Nor `benchmark overhead`, which measures this runtime's block and extrinsic base weights;
	// scripts/benchmark.sh runs it on the runtime WASM (`--runtime`, `--genesis-builder runtime`).
	if args.get(1..3).is_some_and(|words| words == ["benchmark", "overhead"]) {
		use polkadot_sdk::sc_cli::clap::Parser;
		let command = frame_benchmarking_cli::OverheadCmd::parse_from(&args[2..]);
		let measured = command.run_with_default_builder_and_spec::<
			caduceus_runtime::opaque::Block,
			cumulus_primitives_proof_size_hostfunction::storage_proof_size::HostFunctions,
		>(None);
		if let Err(error) = measured {
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
	let code = match run::<Caduceus>(config) {
		Ok(()) => 0,
		Err(error) => {
			report(error);
			1
		},
	};
	exit_after_node(code);
}
