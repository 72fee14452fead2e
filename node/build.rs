use substrate_build_script_utils::{generate_cargo_keys, rerun_if_git_head_changed};

fn main() {
	// Version string with the commit, shown by `caduceus-node --version` and `system_version`.
	generate_cargo_keys();
	rerun_if_git_head_changed();
}
