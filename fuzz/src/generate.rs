//! Calls generated from the runtime's own type information: every dispatchable of the pallets
//! in [`PALLETS`] can come out, with arguments biased towards what the genesis holds (its
//! accounts, small ids, blocks and days near now, amounts that matter), so that most calls get
//! past their first checks. A call added to a pallet is fuzzed without any change here.
//!
//! The bytes come from [`arbitrary::Unstructured`]: a seeded stream in the deterministic mode,
//! the fuzzer's input in the coverage-guided one.

use arbitrary::{Result, Unstructured};
use caduceus_runtime::{AccountId, RuntimeCall, EXISTENTIAL_DEPOSIT, UNIT};
use codec::{Compact, Decode, Encode};
use polkadot_sdk::sp_core::H256;
use scale_info::{PortableRegistry, TypeDef, TypeDefPrimitive};

/// The pallets calls are drawn from, with their weight in the draw. The domain pallets come most
/// often; the SDK pallets are there for the paths they open (batches, proxies, multisigs, sudo,
/// referenda).
pub const PALLETS: &[(&str, u32)] = &[
	("Credentials", 6),
	("Records", 8),
	("Consent", 7),
	("EmergencyAccess", 6),
	("Claims", 8),
	("Balances", 1),
	("Utility", 2),
	("Proxy", 1),
	("Multisig", 1),
	("Sudo", 2),
	("RankedPolls", 1),
	("RankedCollective", 1),
	("Preimage", 1),
	("Parameters", 1),
];

/// Calls never generated, with the reason (also in docs/security.md, "Fuzzing").
pub const EXCLUDED: &[(&str, &str, &str)] = &[
	("Sudo", "sudo_unchecked_weight", "Root declares the weight itself"),
	("Utility", "with_weight", "Root declares the weight itself"),
	("Sudo", "set_key", "would end Root's reach for the rest of the run"),
	("Sudo", "remove_key", "would end Root's reach for the rest of the run"),
	("Balances", "force_set_balance", "Root mints and burns at will"),
	("Balances", "force_adjust_total_issuance", "Root sets the issuance at will"),
];

/// Calls generated (so that saved inputs keep decoding to the same calls) but not dispatched, with
/// the reason: open findings, listed in docs/security.md, that would stop every campaign.
pub const HELD_BACK: &[(&str, &str, &str)] = &[];

/// How deep calls nest (batch in sudo in proxy ...).
const MAX_DEPTH: u32 = 3;

/// Draws calls from the runtime's type registry.
pub struct Generator {
	registry: PortableRegistry,
	call: u32,
	accounts: Vec<AccountId>,
	hashes: Vec<H256>,
}

/// What the generator knows of the chain now.
#[derive(Clone, Copy)]
pub struct Now {
	pub block: u32,
	pub day: u32,
}

impl Generator {
	pub fn new(accounts: Vec<AccountId>) -> Self {
		let mut registry = scale_info::Registry::new();
		let call = registry.register_type(&scale_info::meta_type::<RuntimeCall>()).id;
		let hashes = (1u8..=4).map(H256::repeat_byte).collect();
		Self { registry: registry.into(), call, accounts, hashes }
	}

	pub fn accounts(&self) -> &[AccountId] {
		&self.accounts
	}

	/// One call, or `None` if the bytes drawn do not decode as a call (a value out of its
	/// bounds, say): the runtime would refuse that extrinsic before dispatch.
	pub fn call(&self, u: &mut Unstructured, now: Now) -> Result<Option<RuntimeCall>> {
		let mut bytes = Vec::new();
		self.runtime_call(u, now, 0, &mut bytes)?;
		Ok(RuntimeCall::decode(&mut &bytes[..]).ok())
	}

	/// `(pallet, call)` names of a call, for the statistics.
	pub fn names(&self, call: &RuntimeCall) -> (String, String) {
		let encoded = call.encode();
		let Some(TypeDef::Variant(pallets)) = self.registry.resolve(self.call).map(|t| &t.type_def) else {
			return (String::new(), String::new());
		};
		let Some(pallet) = pallets.variants.iter().find(|v| Some(&v.index) == encoded.first()) else {
			return (String::new(), String::new());
		};
		let inner = pallet.fields.first().and_then(|f| self.registry.resolve(f.ty.id));
		let name = match inner.map(|t| &t.type_def) {
			Some(TypeDef::Variant(calls)) =>
				calls.variants.iter().find(|v| Some(&v.index) == encoded.get(1)).map(|v| v.name.clone()),
			_ => None,
		};
		(pallet.name.clone(), name.unwrap_or_default())
	}

	fn runtime_call(&self, u: &mut Unstructured, now: Now, depth: u32, out: &mut Vec<u8>) -> Result<()> {
		let Some(TypeDef::Variant(pallets)) = self.registry.resolve(self.call).map(|t| &t.type_def) else {
			return Err(arbitrary::Error::IncorrectFormat);
		};
		let total: u32 = PALLETS.iter().map(|(_, w)| w).sum();
		let mut pick = u.int_in_range(0..=total - 1)?;
		let name = PALLETS
			.iter()
			.find(|(_, w)| {
				let hit = pick < *w;
				pick = pick.saturating_sub(*w);
				hit
			})
			.map(|(n, _)| *n)
			.unwrap_or("Records");
		// Nested calls stay in the domain pallets, so that nesting ends.
		let name = if depth >= MAX_DEPTH - 1 { ["Records", "Consent", "Claims", "Credentials"][usize::from(u.int_in_range(0u8..=3)?)] } else { name };
		let pallet = pallets.variants.iter().find(|v| v.name == name).ok_or(arbitrary::Error::IncorrectFormat)?;
		out.push(pallet.index);
		let calls_ty = pallet.fields.first().map(|f| f.ty.id).ok_or(arbitrary::Error::IncorrectFormat)?;
		let Some(TypeDef::Variant(calls)) = self.registry.resolve(calls_ty).map(|t| &t.type_def) else {
			return Err(arbitrary::Error::IncorrectFormat);
		};
		let allowed: Vec<_> = calls
			.variants
			.iter()
			.filter(|c| !EXCLUDED.iter().any(|(p, n, _)| *p == name && *n == c.name))
			.collect();
		let call = u.choose(&allowed)?;
		out.push(call.index);
		for field in &call.fields {
			self.value(field.ty.id, u, now, depth, out)?;
		}
		Ok(())
	}

	fn value(&self, id: u32, u: &mut Unstructured, now: Now, depth: u32, out: &mut Vec<u8>) -> Result<()> {
		let ty = self.registry.resolve(id).ok_or(arbitrary::Error::IncorrectFormat)?;
		let last = ty.path.segments.last().map(String::as_str);
		match last {
			Some("AccountId32") => {
				self.account(u)?.encode_to(out);
				return Ok(());
			},
			Some("H256") => {
				let hash = if u.ratio(4u8, 5u8)? { *u.choose(&self.hashes)? } else { H256(u.arbitrary()?) };
				hash.encode_to(out);
				return Ok(());
			},
			Some("MultiAddress") if u.ratio(9u8, 10u8)? => {
				out.push(0);
				self.account(u)?.encode_to(out);
				return Ok(());
			},
			Some("RuntimeCall") if id == self.call => {
				if depth + 1 >= MAX_DEPTH {
					// Too deep: a remark-free domain call that fails fast keeps the shape valid.
					return self.runtime_call(u, now, MAX_DEPTH, out);
				}
				return self.runtime_call(u, now, depth + 1, out);
			},
			_ => {},
		}
		match &ty.type_def {
			TypeDef::Composite(c) =>
				for field in &c.fields {
					self.value(field.ty.id, u, now, depth, out)?;
				},
			TypeDef::Variant(v) => {
				if v.variants.is_empty() {
					return Err(arbitrary::Error::IncorrectFormat);
				}
				let variant = u.choose(&v.variants)?;
				out.push(variant.index);
				for field in &variant.fields {
					self.value(field.ty.id, u, now, depth, out)?;
				}
			},
			TypeDef::Sequence(s) => {
				let bytes = self.is_u8(s.type_param.id);
				let len: u32 = if bytes { self.byte_len(u)? } else { u.int_in_range(0..=3)? };
				Compact(len).encode_to(out);
				for _ in 0..len {
					if bytes {
						out.push(u.int_in_range(b'a'..=b'z')?);
					} else {
						self.value(s.type_param.id, u, now, depth, out)?;
					}
				}
			},
			TypeDef::Array(a) =>
				for _ in 0..a.len {
					self.value(a.type_param.id, u, now, depth, out)?;
				},
			TypeDef::Tuple(t) =>
				for field in &t.fields {
					self.value(field.id, u, now, depth, out)?;
				},
			TypeDef::Primitive(p) => self.primitive(p, u, now, out)?,
			TypeDef::Compact(c) => self.compact(c.type_param.id, u, now, out)?,
			TypeDef::BitSequence(_) => Compact(0u32).encode_to(out),
		}
		Ok(())
	}

	fn account(&self, u: &mut Unstructured) -> Result<AccountId> {
		Ok(if u.ratio(19u8, 20u8)? { u.choose(&self.accounts)?.clone() } else { AccountId::new(u.arbitrary()?) })
	}

	fn is_u8(&self, id: u32) -> bool {
		matches!(self.registry.resolve(id).map(|t| &t.type_def), Some(TypeDef::Primitive(TypeDefPrimitive::U8)))
	}

	/// Byte strings: locators, keys, jurisdictions. Mostly short and valid, now and then empty
	/// or long enough to cross a bound.
	fn byte_len(&self, u: &mut Unstructured) -> Result<u32> {
		Ok(match u.int_in_range(0u8..=9)? {
			0 => 0,
			1 => u.int_in_range(65..=600)?,
			_ => u.int_in_range(1..=40)?,
		})
	}

	fn compact(&self, id: u32, u: &mut Unstructured, now: Now, out: &mut Vec<u8>) -> Result<()> {
		let mut raw = Vec::new();
		self.value(id, u, now, 0, &mut raw)?;
		let input = &mut &raw[..];
		let ok = match raw.len() {
			1 => u8::decode(input).map(|v| Compact(v).encode_to(out)),
			2 => u16::decode(input).map(|v| Compact(v).encode_to(out)),
			4 => u32::decode(input).map(|v| Compact(v).encode_to(out)),
			8 => u64::decode(input).map(|v| Compact(v).encode_to(out)),
			16 => u128::decode(input).map(|v| Compact(v).encode_to(out)),
			_ => Ok(out.extend_from_slice(&raw)),
		};
		ok.map_err(|_| arbitrary::Error::IncorrectFormat)
	}

	fn primitive(&self, p: &TypeDefPrimitive, u: &mut Unstructured, now: Now, out: &mut Vec<u8>) -> Result<()> {
		match p {
			TypeDefPrimitive::Bool => u.arbitrary::<bool>()?.encode_to(out),
			TypeDefPrimitive::Char => (u32::from(u.int_in_range(b'a'..=b'z')?)).encode_to(out),
			TypeDefPrimitive::Str => {
				let len = u.int_in_range(0u8..=8)?;
				let s: String = (0..len).map(|_| u.int_in_range(b'a'..=b'z').map(char::from)).collect::<Result<_>>()?;
				s.encode_to(out)
			},
			TypeDefPrimitive::U8 =>
				(if u.ratio(4u8, 5u8)? { u.int_in_range(0u8..=15)? } else { u.arbitrary::<u8>()? }).encode_to(out),
			TypeDefPrimitive::U16 =>
				(if u.ratio(4u8, 5u8)? { u.int_in_range(0u16..=15)? } else { u.arbitrary::<u16>()? }).encode_to(out),
			TypeDefPrimitive::U32 => self.u32(u, now)?.encode_to(out),
			TypeDefPrimitive::U64 => self.u64(u, now)?.encode_to(out),
			TypeDefPrimitive::U128 => self.balance(u)?.encode_to(out),
			TypeDefPrimitive::U256 => out.extend_from_slice(&u.arbitrary::<[u8; 32]>()?),
			TypeDefPrimitive::I8 => u.arbitrary::<i8>()?.encode_to(out),
			TypeDefPrimitive::I16 => u.arbitrary::<i16>()?.encode_to(out),
			TypeDefPrimitive::I32 => u.arbitrary::<i32>()?.encode_to(out),
			TypeDefPrimitive::I64 => u.arbitrary::<i64>()?.encode_to(out),
			TypeDefPrimitive::I128 => u.arbitrary::<i128>()?.encode_to(out),
			TypeDefPrimitive::I256 => out.extend_from_slice(&u.arbitrary::<[u8; 32]>()?),
		}
		Ok(())
	}

	/// Ids, counts, blocks and days: small ids most often, then blocks and days around now.
	fn u32(&self, u: &mut Unstructured, now: Now) -> Result<u32> {
		Ok(match u.int_in_range(0u8..=9)? {
			0..=3 => u.int_in_range(0..=8)?,
			4 | 5 => now.block.saturating_add(u.int_in_range(0..=200_000)?),
			6 => now.day.saturating_sub(u.int_in_range(0..=800)?),
			7 => now.day.saturating_add(u.int_in_range(0..=10)?),
			8 => u32::MAX - u.int_in_range(0..=2)?,
			_ => u.arbitrary()?,
		})
	}

	fn u64(&self, u: &mut Unstructured, now: Now) -> Result<u64> {
		Ok(match u.int_in_range(0u8..=9)? {
			0..=6 => u.int_in_range(0..=12)?,
			7 => u64::from(self.u32(u, now)?),
			8 => u64::MAX,
			_ => u.arbitrary()?,
		})
	}

	/// Amounts that matter: zero, dust, the existential deposit, sums a payer or patient has,
	/// and more than anyone has.
	fn balance(&self, u: &mut Unstructured) -> Result<u128> {
		Ok(match u.int_in_range(0u8..=11)? {
			0 => 0,
			1 => 1,
			2 => EXISTENTIAL_DEPOSIT,
			3 => UNIT,
			4 => 10 * UNIT,
			5 | 6 => 100 * UNIT,
			7 => 1_000 * UNIT,
			8 => 2_000_000 * UNIT,
			9 => u128::MAX,
			_ => u.int_in_range(0..=10_000 * UNIT)?,
		})
	}
}
