//! The relay chain's validator node, for local networks only (zombienet/, scripts/network.sh).
fn main() {
	if let Err(error) = polkadot_cli::run() {
		// One line on stderr and a non-zero exit, as caduceus-node does.
		eprintln!("Error: {}", error.to_string().replace('\n', " "));
		std::process::exit(1);
	}
}
