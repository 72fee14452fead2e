//! The fuzzer's command line; see docs/security.md, "Fuzzing".
//!
//! ```text
//! caduceus-fuzz seeded <seed> <inputs> [bytes per input]   deterministic run from a seed
//! caduceus-fuzz replay <file or directory>...              re-run saved inputs
//! caduceus-fuzz stdin                                      one input from standard input
//! caduceus-fuzz minimize <failing input> <output>          shrink an input that fails
//! ```
//! A failing input is written to `fuzz/findings/` and the process exits with status 1.

use caduceus_fuzz::{run_seeded, Genesis, Stats};
use std::{path::PathBuf, process::ExitCode, time::Instant};

const DEFAULT_LEN: usize = 4_096;

fn main() -> ExitCode {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let genesis = match Genesis::new() {
		Ok(genesis) => genesis,
		Err(e) => {
			eprintln!("caduceus-fuzz: genesis failed: {e}");
			return ExitCode::from(2);
		},
	};
	let mut stats = Stats::default();
	let started = Instant::now();
	let outcome = match args.first().map(String::as_str) {
		Some("seeded") => {
			let (Some(seed), Some(inputs)) = (args.get(1).and_then(|s| s.parse().ok()), args.get(2).and_then(|s| s.parse().ok())) else {
				return usage();
			};
			let len = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_LEN);
			seeded(&genesis, seed, inputs, len, &mut stats)
		},
		Some("replay") if args.len() > 1 => replay(&genesis, &args[1..], &mut stats),
		Some("minimize") if args.len() == 3 => minimize(&genesis, &args[1], &args[2]),
		Some("stdin") => {
			let mut data = Vec::new();
			if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut data) {
				eprintln!("caduceus-fuzz: stdin: {e}");
				return ExitCode::from(2);
			}
			genesis.run(&data, &mut stats).map_err(|f| {
				// Under AFL++ a failure must be a crash to be kept.
				panic!("{f}");
			})
		},
		_ => return usage(),
	};
	report(&stats, started.elapsed().as_secs_f64());
	match outcome {
		Ok(()) => ExitCode::SUCCESS,
		Err(()) => ExitCode::from(1),
	}
}

fn usage() -> ExitCode {
	eprintln!("usage: caduceus-fuzz seeded <seed> <inputs> [bytes] | replay <path>... | stdin | minimize <input> <output>");
	ExitCode::from(2)
}

/// What makes two failures the same: the call (pallet.call) and the check's words, without the
/// numbers that vary with the input (sizes, blocks) or what follows the first parenthesis.
fn failure_kind(failure: &caduceus_fuzz::Failure) -> (Option<String>, String) {
	let call = failure.call.as_ref().and_then(|c| c.split(' ').next()).map(str::to_string);
	let words: String = failure.check.chars().take_while(|c| *c != '(').filter(|c| !c.is_ascii_digit()).collect();
	(call, words.trim().to_string())
}

/// Shrinks a failing input by removing ever smaller chunks while it still fails the same way
/// (delta debugging), within a time budget; writes the result to `output`.
fn minimize(genesis: &Genesis, input: &str, output: &str) -> Result<(), ()> {
	const BUDGET: std::time::Duration = std::time::Duration::from_secs(120);
	let Ok(mut data) = std::fs::read(input) else {
		eprintln!("caduceus-fuzz: cannot read {input}");
		return Err(());
	};
	let fails_as = |data: &[u8]| genesis.run(data, &mut Stats::default()).err().map(|f| failure_kind(&f));
	let Some(kind) = fails_as(&data) else {
		eprintln!("caduceus-fuzz: {input} does not fail; nothing to minimize");
		return Err(());
	};
	let started = Instant::now();
	let mut chunk = data.len().div_ceil(2).max(1);
	while started.elapsed() < BUDGET {
		let mut at = 0;
		let mut removed = false;
		while at < data.len() && started.elapsed() < BUDGET {
			let candidate = [&data[..at], &data[(at + chunk).min(data.len())..]].concat();
			if fails_as(&candidate).as_ref() == Some(&kind) {
				data = candidate;
				removed = true;
			} else {
				at += chunk;
			}
		}
		if !removed {
			if chunk == 1 {
				break;
			}
			chunk = chunk.div_ceil(2);
		}
	}
	if let Err(e) = std::fs::write(output, &data) {
		eprintln!("caduceus-fuzz: cannot write {output}: {e}");
		return Err(());
	}
	eprintln!("caduceus-fuzz: {input} → {output}: {} bytes, failing as {kind:?}", data.len());
	Ok(())
}

fn seeded(genesis: &Genesis, seed: u64, inputs: u64, len: usize, stats: &mut Stats) -> Result<(), ()> {
	// Progress every 10% of the inputs, in chunks that each start from their own seed.
	let chunks = 10.min(inputs.max(1));
	let per_chunk = inputs.div_ceil(chunks);
	for chunk in 0..chunks {
		let chunk_seed = seed.wrapping_mul(1_000_003).wrapping_add(chunk);
		if let Err((failure, data)) = run_seeded(genesis, chunk_seed, per_chunk, len, stats) {
			let path = save(&format!("seed-{seed}-chunk-{chunk}"), &data);
			eprintln!("caduceus-fuzz: FAILED: {failure}\n  input saved to {}", path.display());
			return Err(());
		}
		eprintln!("caduceus-fuzz: {}/{} inputs, {} calls, {} blocks", stats.inputs, inputs, stats.calls, stats.blocks);
	}
	Ok(())
}

fn replay(genesis: &Genesis, paths: &[String], stats: &mut Stats) -> Result<(), ()> {
	let mut files = Vec::new();
	for path in paths {
		let path = PathBuf::from(path);
		if path.is_dir() {
			let Ok(entries) = std::fs::read_dir(&path) else { return Err(()) };
			let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
			found.sort();
			files.extend(found);
		} else {
			files.push(path);
		}
	}
	let mut failed = false;
	for file in files {
		let Ok(data) = std::fs::read(&file) else {
			eprintln!("caduceus-fuzz: cannot read {}", file.display());
			return Err(());
		};
		match genesis.run(&data, stats) {
			Ok(()) => eprintln!("caduceus-fuzz: {} ok", file.display()),
			Err(failure) => {
				eprintln!("caduceus-fuzz: {} FAILED: {failure}", file.display());
				failed = true;
			},
		}
	}
	if failed { Err(()) } else { Ok(()) }
}

fn save(name: &str, data: &[u8]) -> PathBuf {
	let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("findings");
	let _ = std::fs::create_dir_all(&dir);
	let path = dir.join(format!("{name}.bin"));
	if let Err(e) = std::fs::write(&path, data) {
		eprintln!("caduceus-fuzz: cannot save {}: {e}", path.display());
	}
	path
}

fn report(stats: &Stats, seconds: f64) {
	let reached = stats.per_call.values().filter(|(ok, _)| *ok > 0).count();
	println!(
		"inputs {}  calls {}  succeeded {}  undecodable {}  too heavy {}  held back {}  blocks {}  {:.0} calls/s  {:.1} s",
		stats.inputs,
		stats.calls,
		stats.succeeded,
		stats.undecodable,
		stats.too_heavy,
		stats.held_back,
		stats.blocks,
		stats.calls as f64 / seconds.max(1e-9),
		seconds
	);
	println!("calls dispatched: {} kinds, {} of them succeeded at least once", stats.per_call.len(), reached);
	for (name, n) in &stats.reported_above_declared {
		println!("reported a weight above the declared one (charged the declared): {name} ×{n}");
	}
	for ((pallet, call), (ok, err)) in &stats.per_call {
		let mut reasons: Vec<_> = stats.refusals.get(&(pallet.clone(), call.clone())).into_iter().flatten().collect();
		reasons.sort_by(|a, b| b.1.cmp(a.1));
		let top: Vec<String> = reasons.iter().take(3).map(|(reason, n)| format!("{reason} ×{n}")).collect();
		let why = if top.is_empty() { String::new() } else { format!(" ({})", top.join(", ")) };
		println!("  {pallet}.{call}: {ok} ok, {err} refused{why}");
	}
}
