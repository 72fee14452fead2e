//! Whole-runtime fuzzing of Caduceus (issue 18).
//!
//! An input is a byte string, read as a sequence of operations: a call from one of the cast's
//! accounts (drawn by [`generate::Generator`] from the runtime's type information), or "advance
//! the chain by n blocks". Each input runs from the same genesis ([`cast::genesis`]) against the
//! real `caduceus-runtime`, natively. After every call and every block the harness checks:
//!
//! - no panic;
//! - the call's declared weight covers what it did: the weight it reports after dispatch, the
//!   storage proof it produced (measured by the proof recorder, with the caller's account and the
//!   storage benchmarks whitelist excluded, as the benchmarks exclude them), and the database
//!   writes it made, priced at the runtime's `DbWeight`;
//! - a call declared heavier than an extrinsic may be is never dispatched (no block admits it);
//! - the block's consumed weight stays within the block's limit;
//! - the total issuance moved only by what was burned (no call mints);
//! - after each block, every pallet's `do_try_state` and the runtime's cross-pallet invariants
//!   (`caduceus_runtime::invariants::check`: holds equal storage, reference counts).
//!
//! The first broken check ends the input with a [`Failure`].

pub mod cast;
pub mod generate;

use arbitrary::Unstructured;
use caduceus_runtime::{configs::system::RuntimeBlockWeights, invariants, AllPalletsWithSystem, Balances, Runtime, RuntimeCall, RuntimeOrigin, Scheduler, System, DAYS};
use codec::Encode;
use generate::{Generator, Now};
use polkadot_sdk::{
	frame_support::{
		dispatch::{DispatchClass, GetDispatchInfo},
		traits::{Hooks, IntegrityTest, WhitelistedStorageKeys},
		weights::{RuntimeDbWeight, Weight},
	},
	sp_core::H256,
	sp_io,
	sp_runtime::{traits::Dispatchable, StateVersion},
};
use std::{collections::BTreeMap, ops::AddAssign};

/// How far one "advance" operation moves the chain.
const ADVANCES: [u32; 8] = [1, 1, 2, 10, 100, 1_000, DAYS, 30 * DAYS];

/// What a run did: counts per call, for the figures in docs/security.md.
#[derive(Default, Clone)]
pub struct Stats {
	pub inputs: u64,
	pub calls: u64,
	pub succeeded: u64,
	pub undecodable: u64,
	pub too_heavy: u64,
	/// Calls of [`generate::HELD_BACK`], generated but not dispatched.
	pub held_back: u64,
	pub blocks: u64,
	/// Calls whose post-dispatch weight exceeded their declared weight, by name.
	pub reported_above_declared: BTreeMap<String, u64>,
	/// (pallet, call) → (succeeded, failed).
	pub per_call: BTreeMap<(String, String), (u64, u64)>,
	/// (pallet, call) → why it was refused (the error's name) → how often: what keeps the
	/// generator from reaching deeper.
	pub refusals: BTreeMap<(String, String), BTreeMap<String, u64>>,
}

impl Stats {
	pub fn merge(&mut self, other: &Stats) {
		self.inputs += other.inputs;
		self.calls += other.calls;
		self.succeeded += other.succeeded;
		self.undecodable += other.undecodable;
		self.too_heavy += other.too_heavy;
		self.held_back += other.held_back;
		self.blocks += other.blocks;
		for (name, n) in &other.reported_above_declared {
			*self.reported_above_declared.entry(name.clone()).or_default() += n;
		}
		for (name, (ok, err)) in &other.per_call {
			let entry = self.per_call.entry(name.clone()).or_default();
			entry.0 += ok;
			entry.1 += err;
		}
		for (name, reasons) in &other.refusals {
			let entry = self.refusals.entry(name.clone()).or_default();
			for (reason, n) in reasons {
				*entry.entry(reason.clone()).or_default() += n;
			}
		}
	}
}

/// A broken check: what broke, and the call (if a call broke it) as pallet.call and SCALE hex.
#[derive(Debug, Clone)]
pub struct Failure {
	pub check: String,
	pub call: Option<String>,
}

impl std::fmt::Display for Failure {
	fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
		match &self.call {
			Some(call) => write!(f, "{} (call {call})", self.check),
			None => write!(f, "{}", self.check),
		}
	}
}

/// The genesis every input starts from, kept as a raw snapshot so that each input starts fast.
pub struct Genesis {
	raw: Vec<(Vec<u8>, (Vec<u8>, i32))>,
	root: H256,
	generator: Generator,
	whitelist: Vec<Vec<u8>>,
}

impl Genesis {
	pub fn new() -> Result<Self, String> {
		Self::from_state(cast::genesis()?)
	}

	/// Inputs start from `ext` instead of the cast's genesis, e.g. from a migrated state
	/// (fuzz/tests/migrations.rs). The cast's accounts still make the calls.
	pub fn from_state(mut ext: sp_io::TestExternalities) -> Result<Self, String> {
		ext.execute_with(|| <AllPalletsWithSystem as IntegrityTest>::integrity_test());
		let whitelist = AllPalletsWithSystem::whitelisted_storage_keys().into_iter().map(|k| k.key).collect();
		let (raw, root) = ext.into_raw_snapshot();
		Ok(Self { raw, root, generator: Generator::new(cast::Cast::new().accounts()), whitelist })
	}

	/// Runs one input from genesis; `stats` gains what it did.
	pub fn run(&self, data: &[u8], stats: &mut Stats) -> Result<(), Failure> {
		let ext = sp_io::TestExternalities::from_raw_snapshot(self.raw.clone(), self.root, StateVersion::V1);
		let weights = RuntimeBlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		let mut chain = Chain {
			ext,
			genesis: self,
			block: 1,
			used: Weight::zero(),
			hooks: Weight::zero(),
			max_block: weights.max_block,
			max_normal: normal.max_total.unwrap_or(weights.max_block),
			max_extrinsic: normal.max_extrinsic.unwrap_or(weights.max_block),
			db: <Runtime as polkadot_sdk::frame_system::Config>::DbWeight::get(),
			stats: Stats { inputs: 1, ..Default::default() },
		};
		let result = chain.run(&mut Unstructured::new(data));
		stats.merge(&chain.stats);
		result
	}
}

struct Chain<'a> {
	ext: sp_io::TestExternalities,
	genesis: &'a Genesis,
	block: u32,
	/// What the block's calls consumed (the normal class), and its hooks (mandatory).
	used: Weight,
	hooks: Weight,
	max_block: Weight,
	max_normal: Weight,
	max_extrinsic: Weight,
	db: RuntimeDbWeight,
	stats: Stats,
}

impl Chain<'_> {
	fn run(&mut self, u: &mut Unstructured) -> Result<(), Failure> {
		let accounts = self.genesis.generator.accounts().to_vec();
		while !u.is_empty() {
			let Ok(op) = u.int_in_range(0u8..=15) else { break };
			if op == 0 {
				let Ok(by) = u.choose(&ADVANCES) else { break };
				self.next_block(*by)?;
				continue;
			}
			let Ok(origin) = u.choose(&accounts) else { break };
			let now = Now { block: self.block, day: cast::GENESIS_DAY + self.block / DAYS };
			match self.genesis.generator.call(u, now) {
				Ok(Some(call)) => self.dispatch(origin.clone(), call)?,
				Ok(None) => self.stats.undecodable += 1,
				Err(_) => break,
			}
		}
		self.next_block(1)
	}

	/// Ends the block (its weight and every invariant checked) and starts the one `by` later.
	fn next_block(&mut self, by: u32) -> Result<(), Failure> {
		let total = self.used.saturating_add(self.hooks);
		if self.used.any_gt(self.max_normal) || total.any_gt(self.max_block) {
			return Err(failure(
				format!("block {} used {:?} by calls and {:?} by hooks", self.block, self.used, self.hooks),
				None,
			));
		}
		self.ext.execute_with(invariants::check).map_err(|e| failure(format!("after block {}: {e}", self.block), None))?;
		self.stats.blocks += 1;
		self.block = self.block.saturating_add(by);
		let block = self.block;
		let scheduled = self.ext.execute_with(|| {
			System::reset_events();
			System::set_block_number(block);
			cast::set_time(block);
			// Referenda's alarms and enactments are the scheduler's agenda.
			std::panic::catch_unwind(|| Scheduler::on_initialize(block))
		});
		self.hooks = scheduled.map_err(|_| failure(format!("the scheduler panicked at block {block}"), None))?;
		self.used = Weight::zero();
		Ok(())
	}

	fn dispatch(&mut self, who: caduceus_runtime::AccountId, call: RuntimeCall) -> Result<(), Failure> {
		let (pallet, name) = self.genesis.generator.names(&call);
		let described = || format!("{pallet}.{name} 0x{}", hex(&call.encode()));
		if generate::HELD_BACK.iter().any(|(p, n, _)| *p == pallet && *n == name) {
			self.stats.held_back += 1;
			return Ok(());
		}
		let declared = call.get_dispatch_info().call_weight;
		// A block builder refuses an extrinsic heavier than the per-extrinsic limit; so do we.
		if declared.any_gt(self.max_extrinsic) {
			self.stats.too_heavy += 1;
			return Ok(());
		}
		// As `CheckWeight` does: the call must fit its class's limit and the whole block's.
		let (max_normal, max_block) = (self.max_normal, self.max_block);
		let fits = move |used: Weight, hooks: Weight| {
			let after = used.saturating_add(declared);
			!after.any_gt(max_normal) && !after.saturating_add(hooks).any_gt(max_block)
		};
		if !fits(self.used, self.hooks) {
			self.next_block(1)?;
			// Still too heavy beside this block's hooks: it waits for a lighter block, which
			// the fuzzer does not model.
			if !fits(self.used, self.hooks) {
				self.stats.too_heavy += 1;
				return Ok(());
			}
		}
		self.stats.calls += 1;
		self.ext.commit_all().map_err(|e| failure(format!("commit: {e}"), Some(described())))?;
		// Whitelisted keys (the caller's account, the block number, events, ...) are read by every
		// extrinsic and priced in its base weight, not in the call's: serve them from the overlay so
		// that the proof below leaves them out, as the benchmarks do.
		let mut whitelist = self.genesis.whitelist.clone();
		whitelist.push(polkadot_sdk::frame_system::Account::<Runtime>::hashed_key_for(&who));
		// The storage layer's nesting level and the extrinsic index live in well-known keys that
		// the block's first extrinsic has proved already.
		whitelist.extend([b":transaction_level:".to_vec(), b":extrinsic_index".to_vec()]);
		self.ext.execute_with(|| {
			for key in &whitelist {
				// An absent key is cleared in the overlay, so that reading it proves no absence.
				match sp_io::storage::get(key) {
					Some(value) => sp_io::storage::set(key, &value),
					None => sp_io::storage::clear(key),
				}
			}
		});
		let origin = RuntimeOrigin::signed(who);
		let (outcome, proof) = self.ext.execute_and_prove(|| {
			let issuance = Balances::total_issuance();
			let events = System::event_count();
			let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call.clone().dispatch(origin)));
			let after = Balances::total_issuance();
			let emitted: Vec<_> = System::read_events_no_consensus().skip(events as usize).collect();
			let (burned, minted) = invariants::burned_and_minted(emitted.iter().map(|record| &record.event));
			(result, issuance, after, burned, minted)
		});
		let (result, issuance, after, burned, minted) = outcome;
		let result = result.map_err(|_| failure("panic".into(), Some(described())))?;
		let post = match &result {
			Ok(post) => *post,
			Err(e) => e.post_info,
		};
		let entry = self.stats.per_call.entry((pallet.clone(), name.clone())).or_default();
		match &result {
			Ok(_) => {
				self.stats.succeeded += 1;
				entry.0 += 1;
			},
			Err(e) => {
				entry.1 += 1;
				let reason = match e.error {
					polkadot_sdk::sp_runtime::DispatchError::Module(m) => m.message.unwrap_or("Module").to_string(),
					other => format!("{other:?}"),
				};
				*self.stats.refusals.entry((pallet.clone(), name.clone())).or_default().entry(reason).or_default() += 1;
			},
		}
		// FRAME charges min(reported, declared), so a report above the declared weight refunds
		// nothing and costs nothing; it is counted (docs/security.md lists where) but is no failure.
		// What matters is what the call did, measured below.
		if post.actual_weight.is_some_and(|actual| actual.any_gt(declared)) {
			self.stats.reported_above_declared.entry(format!("{pallet}.{name}")).or_default().add_assign(1);
		}
		let measured: u64 = proof.iter_nodes().map(|node| node.len() as u64).sum();
		if measured > declared.proof_size() {
			return Err(failure(
				format!("storage proof of {measured} bytes above the declared {} (outcome {result:?})", declared.proof_size()),
				Some(described()),
			));
		}
		let written: Vec<String> = self
			.ext
			.overlayed_changes()
			.changes()
			// Well-known `:` keys (the storage layer's nesting level) are bookkeeping, not state.
			.filter(|(key, _)| !key.starts_with(b":") && !whitelist.iter().any(|w| w == *key))
			.map(|(key, _)| hex(&key[..key.len().min(32)]))
			.collect();
		let writes = written.len() as u64;
		let priced = self.db.writes(writes);
		if priced.ref_time() > declared.ref_time() {
			return Err(failure(
				format!("{writes} database writes ({}) cost {priced:?}, above the declared {declared:?} (outcome {result:?})", written.join(", ")),
				Some(described()),
			));
		}
		if minted > 0 || after.saturating_add(burned) != issuance {
			return Err(failure(
				format!("issuance {issuance} → {after}, burned {burned}, minted {minted}"),
				Some(described()),
			));
		}
		self.used = self.used.saturating_add(post.calc_actual_weight(&call.get_dispatch_info()));
		Ok(())
	}
}

fn failure(check: String, call: Option<String>) -> Failure {
	Failure { check, call }
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A deterministic byte stream (SplitMix64): the same seed gives the same inputs on every
/// machine, so a failure found in CI reproduces anywhere.
pub struct Seeded(u64);

impl Seeded {
	pub fn new(seed: u64) -> Self {
		Self(seed)
	}

	pub fn bytes(&mut self, len: usize) -> Vec<u8> {
		let mut out = Vec::with_capacity(len + 8);
		while out.len() < len {
			self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
			let mut z = self.0;
			z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
			z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
			out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
		}
		out.truncate(len);
		out
	}
}

/// Runs `inputs` seeded inputs of `len` bytes each, from `seed`; stops at the first failure and
/// returns it with the input that caused it.
pub fn run_seeded(genesis: &Genesis, seed: u64, inputs: u64, len: usize, stats: &mut Stats) -> Result<(), (Failure, Vec<u8>)> {
	let mut stream = Seeded::new(seed);
	for _ in 0..inputs {
		let data = stream.bytes(len);
		genesis.run(&data, stats).map_err(|f| (f, data))?;
	}
	Ok(())
}
