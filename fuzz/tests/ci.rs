//! What `.ci/run` runs of the fuzzer (through the README's test command): a bounded
//! deterministic run from a fixed seed, and the replay of every saved input. Both fail on the
//! first broken invariant; see docs/security.md, "Fuzzing".

use caduceus_fuzz::{run_seeded, Genesis, Stats};

/// The CI budget: 300 inputs of 4 KiB from seed 2026 (about 60,000 calls, 90 s here).
const CI_INPUTS: u64 = 300;

#[test]
fn a_seeded_run_keeps_every_invariant() {
	let genesis = Genesis::new().expect("the fuzzer's genesis builds");
	let mut stats = Stats::default();
	if let Err((failure, data)) = run_seeded(&genesis, 2026, CI_INPUTS, 4_096, &mut stats) {
		panic!("{failure}\ninput: {}", data.iter().map(|b| format!("{b:02x}")).collect::<String>());
	}
	// A run that dispatched little would prove little.
	assert!(stats.calls > 20 * CI_INPUTS, "only {} calls", stats.calls);
	assert!(stats.succeeded > CI_INPUTS, "only {} calls succeeded", stats.succeeded);
	assert!(stats.blocks > CI_INPUTS, "only {} blocks", stats.blocks);
}

#[test]
fn every_saved_input_replays_clean() {
	let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
	let mut files: Vec<_> = std::fs::read_dir(&dir).expect("fuzz/regressions exists").filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "bin")).collect();
	files.sort();
	assert!(!files.is_empty(), "no saved inputs in {}", dir.display());
	let genesis = Genesis::new().expect("the fuzzer's genesis builds");
	for file in files {
		let data = std::fs::read(&file).expect("readable");
		let mut stats = Stats::default();
		if let Err(failure) = genesis.run(&data, &mut stats) {
			panic!("{}: {failure}", file.display());
		}
		assert!(stats.calls > 0, "{} dispatched nothing", file.display());
	}
}
