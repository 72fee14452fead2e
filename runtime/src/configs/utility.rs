//! Account utilities: batching, multi-signature accounts and proxies.
//!
//! Organizations act through shared accounts: a hospital's compliance office can require two of
//! three officers (multisig), and staff can act for an organization account within a limited
//! scope (proxy).

use crate::{
	deposit, Balance, Balances, OriginCaller, Runtime, RuntimeCall, RuntimeEvent,
};
use polkadot_sdk::*;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{parameter_types, traits::InstanceFilter};
use scale_info::TypeInfo;

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = UtilityWeight;
}

parameter_types! {
	// A multisig operation stores its call hash, approvals and deposit holder.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	// Each further signatory stores one account id.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
	pub const MaxSignatories: u32 = 100;
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = MaxSignatories;
	type WeightInfo = MultisigWeight;
	type BlockNumberProvider = frame_system::Pallet<Runtime>;
}

/// What a proxy may do for the account that appointed it. Every type but `Any` is a whitelist:
/// a call no type names is refused, so a pallet added later is never reachable by accident.
/// Calls inside `utility` batches are filtered by the same type.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Everything the account can do.
	#[default]
	#[codec(index = 0)]
	Any,
	/// Chain housekeeping, governance and batching: nothing that moves funds, and nothing that
	/// acts on health records, consents, credentials, break-glass or claims.
	#[codec(index = 1)]
	NonTransfer,
	/// Only rejecting announcements of other proxies (a safety valve for time-delayed proxies).
	#[codec(index = 2)]
	CancelProxy,
	/// Voting and proposing in the consortium's referenda, for a member's governance key.
	#[codec(index = 3)]
	Governance,
	/// A clinical assistant: anchors new records and device readings for the practitioner,
	/// under the practitioner's consent, but never reads, corrects or erases.
	#[codec(index = 4)]
	ClinicalAssistant,
	/// A billing office: submits, appeals and archives the provider's claims; no escrow, no
	/// records.
	#[codec(index = 5)]
	Billing,
}

/// Batches, whose inner calls the proxy's type filters again.
fn is_batch(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::Utility(
			pallet_utility::Call::batch { .. } |
				pallet_utility::Call::batch_all { .. } |
				pallet_utility::Call::force_batch { .. }
		)
	)
}

fn is_governance(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::RankedCollective(pallet_ranked_collective::Call::vote { .. }) |
			RuntimeCall::RankedPolls(
				pallet_referenda::Call::submit { .. } |
					pallet_referenda::Call::place_decision_deposit { .. } |
					pallet_referenda::Call::refund_decision_deposit { .. } |
					pallet_referenda::Call::refund_submission_deposit { .. } |
					pallet_referenda::Call::set_metadata { .. }
			) | RuntimeCall::Preimage(
			pallet_preimage::Call::note_preimage { .. } |
				pallet_preimage::Call::unnote_preimage { .. } |
				pallet_preimage::Call::request_preimage { .. } |
				pallet_preimage::Call::unrequest_preimage { .. }
		)
	)
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer =>
				is_batch(call) ||
					is_governance(call) ||
					matches!(
						call,
						RuntimeCall::System(
							frame_system::Call::remark { .. } | frame_system::Call::remark_with_event { .. }
						) | RuntimeCall::Session(..) |
							RuntimeCall::Proxy(
								pallet_proxy::Call::add_proxy { .. } |
									pallet_proxy::Call::remove_proxy { .. } |
									pallet_proxy::Call::remove_proxies { .. } |
									pallet_proxy::Call::announce { .. } |
									pallet_proxy::Call::remove_announcement { .. } |
									pallet_proxy::Call::reject_announcement { .. }
							)
					),
			ProxyType::CancelProxy =>
				is_batch(call) ||
					matches!(call, RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. })),
			ProxyType::Governance => is_batch(call) || is_governance(call),
			ProxyType::ClinicalAssistant =>
				is_batch(call) ||
					matches!(
						call,
						RuntimeCall::Records(
							pallet_records::Call::create_record { .. } | pallet_records::Call::anchor_batch { .. }
						)
					),
			ProxyType::Billing =>
				is_batch(call) ||
					matches!(
						call,
						RuntimeCall::Claims(
							pallet_claims::Call::submit_claim { .. } |
								pallet_claims::Call::appeal_item { .. } |
								pallet_claims::Call::archive_claim { .. }
						)
					),
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		match (self, other) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::CancelProxy | ProxyType::Governance) => true,
			_ => false,
		}
	}
}

parameter_types! {
	// A proxy list entry: delegate, type and delay.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	pub const MaxProxies: u32 = 32;
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	pub const AnnouncementDepositFactor: Balance = deposit(0, 66);
	pub const MaxPending: u32 = 32;
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = MaxProxies;
	type WeightInfo = ProxyWeight;
	type MaxPending = MaxPending;
	type CallHasher = sp_runtime::traits::BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = frame_system::Pallet<Runtime>;
}

super::weights_with_another_account!(UtilityWeight, pallet_utility::WeightInfo, crate::weights::pallet_utility::WeightInfo<Runtime>,
	other: [as_derivative(), dispatch_as(), dispatch_as_fallible()],
	same: [batch(c), batch_all(c), force_batch(c), if_else()]);

super::weights_with_another_account!(MultisigWeight, pallet_multisig::WeightInfo, crate::weights::pallet_multisig::WeightInfo<Runtime>,
	other: [as_multi_threshold_1(z), as_multi_complete(s, z)],
	same: [as_multi_create(s, z), as_multi_approve(s, z), approve_as_multi_create(s), approve_as_multi_approve(s),
		cancel_as_multi(s), poke_deposit(s)]);

super::weights_with_another_account!(ProxyWeight, pallet_proxy::WeightInfo, crate::weights::pallet_proxy::WeightInfo<Runtime>,
	other: [proxy(p), proxy_announced(a, p)],
	same: [remove_announcement(a, p), reject_announcement(a, p), announce(a, p), add_proxy(p), remove_proxy(p),
		remove_proxies(p), create_pure(p), kill_pure(p), poke_deposit()]);

