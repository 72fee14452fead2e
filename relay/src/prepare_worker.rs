//! The PVF prepare worker the relay node starts from its own directory. It reports the node's
//! version (`polkadot_node_primitives::NODE_VERSION`), which the node checks before using it.
polkadot_node_core_pvf_common::decl_worker_main!(
	"prepare-worker",
	polkadot_node_core_pvf_prepare_worker::worker_entrypoint,
	polkadot_node_primitives::NODE_VERSION,
	env!("SUBSTRATE_CLI_COMMIT_HASH"),
);
