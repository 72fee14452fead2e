//! The referendum tracks. Each track is one kind of consortium decision with its own deposit,
//! phases, pass thresholds and origin.
//!
//! | id | track         | origin of the enacted call | governs                                    |
//! |----|---------------|----------------------------|--------------------------------------------|
//! | 0  | root          | `Root`                     | runtime upgrades, consortium membership    |
//! | 1  | credentialing | `Origins::Credentialing`   | the registrar of pallet-credentials         |
//! | 2  | policy        | `Origins::Policy`          | runtime parameters (pallet-parameters)     |
//! | 3  | arbitration   | `Origins::Arbitration`     | appeals and disputed reviews; suspensions  |
//! | 4  | collators     | `Origins::Collators`       | invulnerable collators                     |
//!
//! Votes come from the ranked collective with one vote per member, so *approval* is
//! ayes / (ayes + nays) and *support* is ayes / members. Both thresholds start high and fall
//! linearly over the decision period: a proposal everyone backs passes at once, a contested one
//! needs time and a clear majority.
//!
//! The phase lengths depend on the chain's [`TrackTiming`], chosen at genesis: weeks and days on
//! a consortium chain, a few blocks on a development chain. Deposits and thresholds are the same
//! for both, so what is tested on a dev chain is what runs in production.

use super::origins::{Origin, Timing, TrackTiming};
use crate::{Balance, BlockNumber, OriginCaller, Runtime, DAYS, HOURS, MINUTES, UNIT};
use polkadot_sdk::*;

use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::Perbill;

/// Identifier of a track.
pub type TrackId = u16;

/// The `root` track.
pub const ROOT: TrackId = 0;
/// The `credentialing` track.
pub const CREDENTIALING: TrackId = 1;
/// The `policy` track.
pub const POLICY: TrackId = 2;
/// The `arbitration` track.
pub const ARBITRATION: TrackId = 3;
/// The `collators` track.
pub const COLLATORS: TrackId = 4;

/// How long each phase lasts, in blocks.
struct Phases {
	prepare: BlockNumber,
	decision: BlockNumber,
	confirm: BlockNumber,
	min_enactment: BlockNumber,
}

/// Phases of a rapid (development) track: vote within ~10 minutes, enacted two blocks after
/// passing.
const RAPID: Phases = Phases { prepare: 1, decision: 100, confirm: 2, min_enactment: 1 };

/// A threshold that falls linearly from `ceil` to `floor` over the whole decision period.
const fn falling(ceil: u32, floor: u32) -> Curve {
	Curve::LinearDecreasing {
		length: Perbill::from_percent(100),
		floor: Perbill::from_percent(floor),
		ceil: Perbill::from_percent(ceil),
	}
}

/// Length of a track name in pallet-referenda's default `Track` type (not exported by it).
const NAME_LEN: usize = 25;

/// A track name as the fixed-size, zero-padded byte array referenda stores.
const fn name(text: &str) -> [u8; NAME_LEN] {
	let bytes = text.as_bytes();
	let mut out = [0u8; NAME_LEN];
	let mut i = 0;
	while i < bytes.len() && i < NAME_LEN {
		out[i] = bytes[i];
		i += 1;
	}
	out
}

const fn track(
	id: TrackId,
	label: &str,
	max_deciding: u32,
	decision_deposit: Balance,
	phases: Phases,
	min_approval: Curve,
	min_support: Curve,
) -> Track<TrackId, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name: name(label),
			max_deciding,
			decision_deposit,
			prepare_period: phases.prepare,
			decision_period: phases.decision,
			confirm_period: phases.confirm,
			min_enactment_period: phases.min_enactment,
			min_approval,
			min_support,
		},
	}
}

/// `consortium` is what a live chain uses; a rapid chain replaces every track's phases with
/// [`RAPID`].
const fn table(timing: TrackTiming) -> [Track<TrackId, Balance, BlockNumber>; 5] {
	let rapid = matches!(timing, TrackTiming::Rapid);
	macro_rules! phases {
		($prepare:expr, $decision:expr, $confirm:expr, $enactment:expr) => {
			if rapid {
				RAPID
			} else {
				Phases {
					prepare: $prepare,
					decision: $decision,
					confirm: $confirm,
					min_enactment: $enactment,
				}
			}
		};
	}
	[
		// Upgrades and membership change the rules for everyone: one at a time, two thirds.
		track(ROOT, "root", 1, 100 * UNIT, phases!(DAYS, 14 * DAYS, DAYS, DAYS), falling(100, 67), falling(100, 50)),
		// Admitting a practitioner is routine and must not wait weeks; a simple majority.
		track(CREDENTIALING, "credentialing", 10, 10 * UNIT, phases!(HOURS, 7 * DAYS, HOURS, 10 * MINUTES), falling(100, 50), falling(50, 25)),
		// Policy numbers bind every member; a day of confirmation lets objections surface.
		track(POLICY, "policy", 5, 50 * UNIT, phases!(4 * HOURS, 7 * DAYS, DAYS, HOURS), falling(100, 60), falling(67, 34)),
		// Disputes need an answer within days.
		track(ARBITRATION, "arbitration", 20, 10 * UNIT, phases!(HOURS, 5 * DAYS, 6 * HOURS, 10 * MINUTES), falling(100, 50), falling(50, 25)),
		// Block production: two thirds, like root, but several may run at once.
		track(COLLATORS, "collators", 3, 50 * UNIT, phases!(DAYS, 7 * DAYS, DAYS, DAYS), falling(100, 67), falling(67, 50)),
	]
}

static CONSORTIUM_TRACKS: [Track<TrackId, Balance, BlockNumber>; 5] = table(TrackTiming::Consortium);
static RAPID_TRACKS: [Track<TrackId, Balance, BlockNumber>; 5] = table(TrackTiming::Rapid);

/// The tracks of this chain, for pallet-referenda.
pub struct ConsortiumTracks;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for ConsortiumTracks {
	type Id = TrackId;
	type RuntimeOrigin = OriginCaller;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<TrackId, Balance, BlockNumber>>> {
		let table = match Timing::<Runtime>::get() {
			TrackTiming::Consortium => &CONSORTIUM_TRACKS,
			TrackTiming::Rapid => &RAPID_TRACKS,
		};
		table.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &OriginCaller) -> Result<TrackId, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT),
			OriginCaller::Origins(origin) => Ok(match origin {
				Origin::Credentialing => CREDENTIALING,
				Origin::Policy => POLICY,
				Origin::Arbitration => ARBITRATION,
				Origin::Collators => COLLATORS,
			}),
			_ => Err(()),
		}
	}
}
