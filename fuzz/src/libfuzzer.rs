//! The coverage-guided mode: libFuzzer mutates inputs, guided by the branches the workspace's
//! crates (pallets, runtime, harness) take. Build and run it with `scripts/fuzz-coverage.sh`;
//! see docs/security.md, "Fuzzing".
//!
//! An input is read exactly as the seeded mode reads it, so what libFuzzer finds replays with
//! `caduceus-fuzz replay`. A broken check panics, which libFuzzer records as a crash.

#![no_main]

use caduceus_fuzz::{Genesis, Stats};
use libfuzzer_sys::fuzz_target;

thread_local! {
	// Built once per process: the cast's genesis takes a second, an input a fraction of it.
	static GENESIS: Genesis = Genesis::new().unwrap_or_else(|e| panic!("the fuzzer's genesis: {e}"));
}

fuzz_target!(|data: &[u8]| {
	GENESIS.with(|genesis| {
		if let Err(failure) = genesis.run(data, &mut Stats::default()) {
			panic!("{failure}");
		}
	});
});
