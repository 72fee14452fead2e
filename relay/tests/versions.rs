//! The relay node refuses PVF workers of another version, so the three binaries must agree.

use std::process::Command;

fn version_of(binary: &str) -> String {
	let output = Command::new(binary).arg("--version").output().unwrap_or_else(|e| panic!("{binary}: {e}"));
	assert!(output.status.success(), "{binary} --version: {}", String::from_utf8_lossy(&output.stderr));
	String::from_utf8_lossy(&output.stdout).trim().to_string()
}

#[test]
fn workers_report_the_relay_nodes_version() {
	let expected = polkadot_node_primitives::NODE_VERSION;
	for worker in [env!("CARGO_BIN_EXE_polkadot-prepare-worker"), env!("CARGO_BIN_EXE_polkadot-execute-worker")] {
		assert_eq!(version_of(worker), expected, "{worker}");
	}
	// `polkadot 1.x.y-<commit>`: the node's version, as the workers check it.
	let node = version_of(env!("CARGO_BIN_EXE_polkadot"));
	assert!(node.contains(&format!(" {expected}-")), "polkadot --version printed {node:?}, not {expected}");
}
