//! `caduceus-node`: the Caduceus collator.
//!
//! Built on `polkadot-omni-node-lib`, so it runs any Cumulus runtime the way the Polkadot SDK's
//! omni node does (collation, RPC, `--dev` manual seal, `benchmark` subcommands), with Caduceus's
//! chain specs built in: `--dev`/`--chain dev`, `--chain local` and `--chain consortium` need no
//! file. Anything else given to `--chain` is read as a chain-spec JSON file.

#![warn(missing_docs)]

mod chain_spec;

use polkadot_sdk::polkadot_omni_node_lib::{
	run, runtime::DefaultRuntimeResolver, CliConfig, RunConfig,
};

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

fn main() {
	let config = RunConfig::new(
		Box::new(DefaultRuntimeResolver),
		Box::new(chain_spec::EmbeddedChainSpecs),
	);
	if let Err(error) = run::<Caduceus>(config) {
		// One line on stderr and a non-zero exit, for operators and scripts alike.
		let message = error.to_string().replace('\n', " ");
		eprintln!("Error: {message}");
		std::process::exit(1);
	}
}
