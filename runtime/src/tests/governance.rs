//! Consortium governance, end to end on the `development` preset (rapid track timing): every
//! track runs a whole referendum — preimage, submission, decision deposit, members' votes,
//! confirmation, enactment — and ends in its effect. Also: who may not vote or submit, and that a
//! track's origin cannot act outside its track.

use super::{genesis_ext, Collator};
use crate::{
	configs::parameters::{credentials as credential_policy, RuntimeParameters},
	governance::{
		origins::{Origin, Timing, TrackTiming},
		tracks::{self, ConsortiumTracks},
	},
	AccountId, Balances, CollatorSelection, Credentials, OriginCaller, Preimage, RankedCollective,
	RankedPolls, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Session,
	SessionKeys, System, UNIT,
};
use polkadot_sdk::*;

use caduceus_primitives::{CredentialActionReason, CredentialInspect, Role};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, schedule::DispatchTime, Bounded, Get},
};
use pallet_referenda::{ReferendumIndex, ReferendumInfo, TracksInfo};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{
	traits::{BlakeTwo256, Dispatchable, Hash},
	DispatchError,
};

/// A development chain with the harness to run referenda on it.
struct Consortium {
	chain: Collator,
	/// Every event of every block produced so far.
	events: Vec<RuntimeEvent>,
}

impl Consortium {
	fn new() -> Self {
		let mut consortium = Self { chain: Collator::new("development"), events: Vec::new() };
		consortium.next_block(|| ());
		consortium
	}

	/// Produces a block and runs `during` inside it.
	fn next_block<R>(&mut self, during: impl FnOnce() -> R) -> R {
		let (_, result) = self.chain.produce_block_with(vec![], during);
		self.events.extend(self.chain.ext.execute_with(|| {
			System::events().into_iter().map(|record| record.event).collect::<Vec<_>>()
		}));
		result
	}

	/// Reads the chain's state between blocks.
	fn read<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.chain.ext.execute_with(f)
	}

	/// Notes `call` as a preimage and submits it for `track_origin`, placing the decision deposit:
	/// what a member does in Polkadot.js Apps. Returns the referendum's index.
	fn propose(
		&mut self,
		proposer: Sr25519Keyring,
		track_origin: OriginCaller,
		call: RuntimeCall,
	) -> ReferendumIndex {
		self.next_block(|| {
			let who = RuntimeOrigin::signed(proposer.to_account_id());
			let proposal = note(who.clone(), &call);
			let index = pallet_referenda::ReferendumCount::<Runtime>::get();
			assert_ok!(RankedPolls::submit(
				who.clone(),
				Box::new(track_origin),
				proposal,
				DispatchTime::After(0),
			));
			assert_ok!(RankedPolls::place_decision_deposit(who, index));
			index
		})
	}

	fn vote(&mut self, index: ReferendumIndex, ayes: &[Sr25519Keyring], nays: &[Sr25519Keyring]) {
		self.next_block(|| {
			for (voters, aye) in [(ayes, true), (nays, false)] {
				for voter in voters {
					let who = RuntimeOrigin::signed(voter.to_account_id());
					assert_ok!(RankedCollective::vote(who, index, aye));
				}
			}
		});
	}

	/// Produces blocks until referendum `index` is no longer ongoing and, if it was approved,
	/// its call has been dispatched. Panics after `limit` blocks.
	/// Returns how it ended and the result of its enacted call, if one was dispatched.
	fn conclude(
		&mut self,
		index: ReferendumIndex,
		limit: u32,
	) -> (ReferendumInfoOf, Option<Result<(), DispatchError>>) {
		let since = self.events.len();
		for _ in 0..limit {
			self.next_block(|| ());
			let info = self.read(|| pallet_referenda::ReferendumInfoFor::<Runtime>::get(index));
			match info {
				Some(ReferendumInfo::Ongoing(_)) | None => continue,
				Some(ReferendumInfo::Approved(..)) if self.dispatched_since(index, since).is_none() =>
					continue,
				Some(done) => return (done, self.dispatched_since(index, since)),
			}
		}
		panic!("referendum {index} still open after {limit} blocks");
	}

	/// The result of referendum `index`'s enacted call, if it was dispatched after event number
	/// `since`. Referenda also dispatches its own alarms through the scheduler, anonymously;
	/// the enactment is the task it names after the referendum.
	fn dispatched_since(&self, index: ReferendumIndex, since: usize) -> Option<Result<(), DispatchError>> {
		let enactment = (*b"assembly", "enactment", index).using_encoded(sp_io::hashing::blake2_256);
		self.events[since..].iter().rev().find_map(|event| match event {
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched { result, id, .. })
				if *id == Some(enactment) =>
				Some(*result),
			_ => None,
		})
	}

	fn referenda_events(&self, index: ReferendumIndex) -> Vec<&'static str> {
		self.events
			.iter()
			.filter_map(|event| match event {
				RuntimeEvent::RankedPolls(e) => Some(e),
				_ => None,
			})
			.filter_map(|e| {
				use pallet_referenda::Event::*;
				let (i, name) = match e {
					Submitted { index, .. } => (*index, "Submitted"),
					DecisionDepositPlaced { index, .. } => (*index, "DecisionDepositPlaced"),
					DecisionStarted { index, .. } => (*index, "DecisionStarted"),
					ConfirmStarted { index } => (*index, "ConfirmStarted"),
					Confirmed { index, .. } => (*index, "Confirmed"),
					Approved { index } => (*index, "Approved"),
					Rejected { index, .. } => (*index, "Rejected"),
					_ => return None,
				};
				(i == index).then_some(name)
			})
			.collect()
	}

	/// Runs a referendum that all three founding members back, and checks each phase happened
	/// and the enacted call succeeded.
	fn enact(&mut self, track_origin: OriginCaller, call: RuntimeCall) {
		let track = ConsortiumTracks::track_for(&track_origin).expect("origin has a track");
		let index = self.propose(Alice, track_origin, call);
		let status = self.read(|| pallet_referenda::ReferendumInfoFor::<Runtime>::get(index));
		assert!(
			matches!(status, Some(ReferendumInfo::Ongoing(ref s)) if s.track == track),
			"submitted on track {track}"
		);
		self.vote(index, &[Alice, Bob, Charlie], &[]);
		let (info, dispatched) = self.conclude(index, 20);
		assert!(matches!(info, ReferendumInfo::Approved(..)), "approved: {info:?}");
		assert_eq!(
			self.referenda_events(index),
			[
				"Submitted",
				"DecisionDepositPlaced",
				"DecisionStarted",
				"ConfirmStarted",
				"Confirmed"
			]
		);
		assert_eq!(dispatched, Some(Ok(())), "the enacted call succeeded");
	}
}

/// Notes `call` as a preimage, as Apps does before submitting, and returns the proposal that
/// refers to it by hash.
fn note(who: RuntimeOrigin, call: &RuntimeCall) -> Bounded<RuntimeCall, sp_runtime::traits::BlakeTwo256> {
	let encoded = call.encode();
	assert_ok!(Preimage::note_preimage(who, encoded.clone()));
	Bounded::Lookup { hash: BlakeTwo256::hash(&encoded), len: encoded.len() as u32 }
}

type ReferendumInfoOf = pallet_referenda::ReferendumInfoOf<Runtime, ()>;

fn track_origin(origin: Origin) -> OriginCaller {
	OriginCaller::Origins(origin)
}

fn root_origin() -> OriginCaller {
	OriginCaller::system(frame_system::RawOrigin::Root)
}

fn jurisdiction() -> pallet_credentials::Jurisdiction {
	b"US-CA".to_vec().try_into().expect("code fits")
}

fn register_hospital(admin: &AccountId) -> RuntimeCall {
	RuntimeCall::Credentials(pallet_credentials::Call::register_organization {
		admin: admin.clone(),
		kind: pallet_credentials::OrganizationKind::Hospital,
		roles: vec![Role::Practitioner, Role::EmergencyResponder]
			.try_into()
			.expect("two roles fit"),
		jurisdiction: jurisdiction(),
	})
}

fn issue_practitioner(holder: &AccountId) -> RuntimeCall {
	RuntimeCall::Credentials(pallet_credentials::Call::issue_credential {
		holder: holder.clone(),
		role: Role::Practitioner,
		organization: 0,
		licence_commitment: sp_core::H256::repeat_byte(7),
		jurisdiction: jurisdiction(),
		valid_until: 1_000,
	})
}

fn set_credential_deposit(value: crate::Balance) -> RuntimeCall {
	RuntimeCall::Parameters(pallet_parameters::Call::set_parameter {
		key_value: RuntimeParameters::Credentials(credential_policy::Parameters::CredentialDeposit(
			credential_policy::CredentialDeposit,
			Some(value),
		)),
	})
}

/// The credential deposit pallet-credentials charges now.
fn credential_deposit() -> crate::Balance {
	<Runtime as pallet_credentials::Config>::CredentialDeposit::get()
}

fn is_member(who: Sr25519Keyring) -> bool {
	pallet_ranked_collective::Members::<Runtime>::contains_key(who.to_account_id())
}

#[test]
fn development_chain_has_three_founding_members_and_rapid_tracks() {
	genesis_ext("development").execute_with(|| {
		assert!(is_member(Alice) && is_member(Bob) && is_member(Charlie));
		assert!(!is_member(Dave));
		assert_eq!(pallet_ranked_collective::MemberCount::<Runtime>::get(0), 3);
		assert_eq!(Timing::<Runtime>::get(), TrackTiming::Rapid);
		assert!(ConsortiumTracks::tracks().all(|t| t.info.decision_period <= 100));
		assert!(ConsortiumTracks::check_integrity().is_ok());
		// Sessions on the same rapid timing: a collator joins a local network in minutes.
		assert_eq!(<crate::configs::collation::SessionPeriod as Get<crate::BlockNumber>>::get(), crate::MINUTES);
	});
}

#[test]
fn consortium_chain_uses_realistic_tracks_and_its_placeholder_members() {
	genesis_ext("consortium").execute_with(|| {
		assert_eq!(Timing::<Runtime>::get(), TrackTiming::Consortium);
		assert!(is_member(Sr25519Keyring::One) && is_member(Sr25519Keyring::Two));
		assert_eq!(pallet_ranked_collective::MemberCount::<Runtime>::get(0), 2);
		// Days, not blocks: every decision period is at least five days of 6 s blocks.
		assert!(ConsortiumTracks::tracks().all(|t| t.info.decision_period >= 5 * crate::DAYS));
		assert_eq!(<crate::configs::collation::SessionPeriod as Get<crate::BlockNumber>>::get(), 6 * crate::HOURS);
		let names: Vec<_> = ConsortiumTracks::tracks()
			.map(|t| {
				let name = t.info.name;
				String::from_utf8(name.into_iter().take_while(|b| *b != 0).collect()).expect("ASCII")
			})
			.collect();
		assert_eq!(names, ["root", "credentialing", "policy", "arbitration", "collators"]);
	});
}

#[test]
fn every_track_origin_maps_to_its_own_track() {
	assert_eq!(ConsortiumTracks::track_for(&root_origin()), Ok(tracks::ROOT));
	assert_eq!(ConsortiumTracks::track_for(&track_origin(Origin::Credentialing)), Ok(tracks::CREDENTIALING));
	assert_eq!(ConsortiumTracks::track_for(&track_origin(Origin::Policy)), Ok(tracks::POLICY));
	assert_eq!(ConsortiumTracks::track_for(&track_origin(Origin::Arbitration)), Ok(tracks::ARBITRATION));
	assert_eq!(ConsortiumTracks::track_for(&track_origin(Origin::Collators)), Ok(tracks::COLLATORS));
	// A signed account is not a track: nobody can submit a referendum to act as Alice.
	let alice = OriginCaller::system(frame_system::RawOrigin::Signed(Alice.to_account_id()));
	assert_eq!(ConsortiumTracks::track_for(&alice), Err(()));
}

#[test]
fn root_track_admits_a_new_member_who_can_then_vote() {
	let mut chain = Consortium::new();
	let admit_dave = RuntimeCall::RankedCollective(pallet_ranked_collective::Call::add_member {
		who: Dave.to_account_id().into(),
	});
	chain.enact(root_origin(), admit_dave);
	assert!(chain.read(|| is_member(Dave)));

	// Dave now votes like any member.
	let index = chain.propose(Alice, track_origin(Origin::Policy), set_credential_deposit(UNIT));
	chain.next_block(|| {
		assert_ok!(RankedCollective::vote(RuntimeOrigin::signed(Dave.to_account_id()), index, true));
	});
}

#[test]
fn credentialing_track_registers_a_hospital_and_issues_a_credential() {
	let mut chain = Consortium::new();
	let admin = Eve.to_account_id();
	let doctor = Dave.to_account_id();
	let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
		calls: vec![register_hospital(&admin), issue_practitioner(&doctor)],
	});
	chain.enact(track_origin(Origin::Credentialing), batch);
	chain.read(|| {
		assert!(<Credentials as CredentialInspect<AccountId>>::is_active(&doctor, Role::Practitioner));
		// The deposits are the hospital admin's, not the proposer's.
		assert!(Balances::total_balance_on_hold(&admin) > 0);
	});
}

#[test]
fn policy_track_changes_a_parameter_that_a_pallet_reads() {
	let mut chain = Consortium::new();
	let default = chain.read(credential_deposit);
	// Within its range: a hundred times the default is the most a referendum may set.
	chain.enact(track_origin(Origin::Policy), set_credential_deposit(2 * UNIT));
	assert_ne!(default, 2 * UNIT);
	assert_eq!(chain.read(credential_deposit), 2 * UNIT);

	// The next credential is charged the new deposit.
	let admin = Eve.to_account_id();
	chain.next_block(|| {
		assert_ok!(register_hospital(&admin).dispatch(RuntimeOrigin::root()));
		let before = Balances::total_balance_on_hold(&admin);
		assert_ok!(issue_practitioner(&Dave.to_account_id()).dispatch(RuntimeOrigin::root()));
		assert_eq!(Balances::total_balance_on_hold(&admin) - before, 2 * UNIT);
	});
}

#[test]
fn arbitration_track_suspends_a_credential_after_a_dispute() {
	let mut chain = Consortium::new();
	let doctor = Dave.to_account_id();
	chain.next_block(|| {
		assert_ok!(register_hospital(&Eve.to_account_id()).dispatch(RuntimeOrigin::root()));
		assert_ok!(issue_practitioner(&doctor).dispatch(RuntimeOrigin::root()));
	});
	let suspend = RuntimeCall::Credentials(pallet_credentials::Call::suspend_credential {
		holder: doctor.clone(),
		role: Role::Practitioner,
		reason: CredentialActionReason::AccessAbuse,
	});
	chain.enact(track_origin(Origin::Arbitration), suspend);
	assert!(!chain.read(|| <Credentials as CredentialInspect<AccountId>>::is_active(&doctor, Role::Practitioner)));
	assert!(chain.events.iter().any(|e| matches!(
		e,
		RuntimeEvent::Credentials(pallet_credentials::Event::CredentialSuspended {
			actor: pallet_credentials::Actor::Arbitration,
			..
		})
	)));
}

#[test]
fn arbitration_track_carries_out_a_court_order_appointing_a_guardian() {
	let mut chain = Consortium::new();
	let (patient, guardian) = (Dave.to_account_id(), Eve.to_account_id());
	let appoint = RuntimeCall::Consent(pallet_consent::Call::appoint_guardian {
		patient: patient.clone(),
		guardian: guardian.clone(),
		until: Some(1_000),
	});
	chain.enact(track_origin(Origin::Arbitration), appoint);
	let guardianship = chain.read(|| pallet_consent::Guardians::<Runtime>::get(&patient)).expect("appointed");
	assert_eq!(
		(guardianship.guardian, guardianship.appointed_by, guardianship.deposit),
		(guardian, pallet_consent::Appointer::Authority, 0)
	);
	// The patient cannot end a court-ordered guardianship before it lapses.
	chain.next_block(|| {
		assert_noop!(
			crate::Consent::end_guardianship(RuntimeOrigin::signed(patient.clone()), patient.clone()),
			pallet_consent::Error::<Runtime>::GuardianshipInForce
		);
	});
}

#[test]
fn collators_track_adds_an_invulnerable_collator() {
	let mut chain = Consortium::new();
	let bob = Bob.to_account_id();
	// A collator registers its session keys before it can be made invulnerable.
	chain.next_block(|| {
		use sp_core::proof_of_possession::ProofOfPossessionGenerator;
		let keys = SessionKeys { aura: Bob.public().into() };
		// Proof that Bob holds the Aura key: the key signs Bob's account id.
		let proof = Bob.pair().generate_proof_of_possession(&bob.encode()).encode();
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(bob.clone()), keys, proof));
	});
	let add = RuntimeCall::CollatorSelection(pallet_collator_selection::Call::add_invulnerable {
		who: bob.clone(),
	});
	chain.enact(track_origin(Origin::Collators), add);
	chain.read(|| assert!(pallet_collator_selection::Invulnerables::<Runtime>::get().contains(&bob)));
}

#[test]
fn a_contested_referendum_passes_only_once_its_threshold_has_fallen() {
	let mut chain = Consortium::new();
	let index = chain.propose(Bob, track_origin(Origin::Policy), set_credential_deposit(3 * UNIT));
	// Two of three in favour: support (2/3) clears policy's 67 % ceiling only as it falls, and
	// approval (2/3) must wait for the approval curve to fall below it.
	chain.vote(index, &[Alice, Bob], &[Charlie]);
	for _ in 0..10 {
		chain.next_block(|| ());
	}
	assert!(chain.read(|| matches!(
		pallet_referenda::ReferendumInfoFor::<Runtime>::get(index),
		Some(ReferendumInfo::Ongoing(_))
	)));
	let (info, dispatched) = chain.conclude(index, 120);
	assert!(matches!(info, ReferendumInfo::Approved(..)), "approved: {info:?}");
	assert_eq!(dispatched, Some(Ok(())));
	assert_eq!(chain.read(credential_deposit), 3 * UNIT);
}

#[test]
fn a_referendum_the_members_oppose_is_rejected_and_not_enacted() {
	let mut chain = Consortium::new();
	let default = chain.read(credential_deposit);
	let index = chain.propose(Alice, track_origin(Origin::Policy), set_credential_deposit(UNIT));
	chain.vote(index, &[Alice], &[Bob, Charlie]);
	let (info, dispatched) = chain.conclude(index, 120);
	assert!(matches!(info, ReferendumInfo::Rejected(..)), "rejected: {info:?}");
	assert_eq!(dispatched, None);
	assert_eq!(chain.read(credential_deposit), default);
}

#[test]
fn non_members_cannot_submit_or_vote() {
	let mut chain = Consortium::new();
	let index = chain.propose(Alice, track_origin(Origin::Policy), set_credential_deposit(UNIT));
	chain.next_block(|| {
		let dave = RuntimeOrigin::signed(Dave.to_account_id());
		assert_noop!(
			RankedCollective::vote(dave.clone(), index, true),
			pallet_ranked_collective::Error::<Runtime>::NotMember
		);
		let proposal = note(RuntimeOrigin::signed(Alice.to_account_id()), &set_credential_deposit(2 * UNIT));
		assert_noop!(
			RankedPolls::submit(dave, Box::new(track_origin(Origin::Policy)), proposal, DispatchTime::After(0)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_preimage_deposit_is_held_until_the_preimage_is_removed() {
	let mut chain = Consortium::new();
	let alice = Alice.to_account_id();
	let call = set_credential_deposit(UNIT);
	let hash = chain.next_block(|| {
		assert_ok!(Preimage::note_preimage(RuntimeOrigin::signed(alice.clone()), call.encode()));
		BlakeTwo256::hash(&call.encode())
	});
	let reason = RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	assert!(chain.read(|| Balances::balance_on_hold(&reason, &alice)) > 0);
	chain.next_block(|| {
		let hash: sp_core::H256 = hash;
		assert_ok!(Preimage::unnote_preimage(RuntimeOrigin::signed(alice.clone()), hash));
	});
	assert_eq!(chain.read(|| Balances::balance_on_hold(&reason, &alice)), 0);
}

/// Dispatches `call` with a track origin directly, as an enacted referendum would.
fn dispatch_as(origin: Origin, call: RuntimeCall) -> Result<(), DispatchError> {
	call.dispatch(RuntimeOrigin::from(origin)).map(|_| ()).map_err(|e| e.error)
}

#[test]
fn a_track_origin_cannot_act_outside_its_track() {
	let mut chain = Consortium::new();
	let bad = Err(DispatchError::BadOrigin);
	let add_member = || {
		RuntimeCall::RankedCollective(pallet_ranked_collective::Call::add_member {
			who: Dave.to_account_id().into(),
		})
	};
	let add_invulnerable = || {
		RuntimeCall::CollatorSelection(pallet_collator_selection::Call::add_invulnerable {
			who: Bob.to_account_id(),
		})
	};
	chain.next_block(|| {
		let admin = Eve.to_account_id();
		for origin in [Origin::Policy, Origin::Arbitration, Origin::Collators] {
			assert_eq!(dispatch_as(origin, register_hospital(&admin)), bad, "{origin:?} registers");
		}
		for origin in [Origin::Credentialing, Origin::Arbitration, Origin::Collators] {
			assert_eq!(dispatch_as(origin, set_credential_deposit(UNIT)), bad, "{origin:?} sets policy");
		}
		for origin in [Origin::Credentialing, Origin::Policy, Origin::Arbitration] {
			assert_eq!(dispatch_as(origin, add_invulnerable()), bad, "{origin:?} adds a collator");
		}
		for origin in [Origin::Credentialing, Origin::Policy, Origin::Arbitration, Origin::Collators] {
			assert_eq!(dispatch_as(origin, add_member()), bad, "{origin:?} admits a member");
			let upgrade = RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash: Default::default(),
			});
			assert_eq!(dispatch_as(origin, upgrade), bad, "{origin:?} authorizes an upgrade");
		}
		let suspend = RuntimeCall::Credentials(pallet_credentials::Call::suspend_credential {
			holder: Dave.to_account_id(),
			role: Role::Practitioner,
			reason: CredentialActionReason::AccessAbuse,
		});
		for origin in [Origin::Policy, Origin::Collators] {
			assert_eq!(dispatch_as(origin, suspend.clone()), bad, "{origin:?} suspends");
		}
		let appoint_guardian = RuntimeCall::Consent(pallet_consent::Call::appoint_guardian {
			patient: Dave.to_account_id(),
			guardian: Eve.to_account_id(),
			until: None,
		});
		for origin in [Origin::Credentialing, Origin::Policy, Origin::Collators] {
			assert_eq!(dispatch_as(origin, appoint_guardian.clone()), bad, "{origin:?} appoints a guardian");
		}
	});

	// The same holds through a whole referendum: a credentialing referendum that tries to change
	// policy is enacted, but its call fails and nothing changes.
	let default = chain.read(credential_deposit);
	let index = chain.propose(Alice, track_origin(Origin::Credentialing), set_credential_deposit(UNIT));
	chain.vote(index, &[Alice, Bob, Charlie], &[]);
	let (info, dispatched) = chain.conclude(index, 20);
	assert!(matches!(info, ReferendumInfo::Approved(..)), "approved: {info:?}");
	assert_eq!(dispatched, Some(bad));
	assert_eq!(chain.read(credential_deposit), default);
}

#[test]
fn collator_selection_sees_the_track_not_a_signed_member() {
	// Members themselves hold no power outside referenda.
	let mut chain = Consortium::new();
	chain.next_block(|| {
		let alice = RuntimeOrigin::signed(Alice.to_account_id());
		assert_noop!(
			CollatorSelection::add_invulnerable(alice.clone(), Bob.to_account_id()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			RankedCollective::add_member(alice, Dave.to_account_id().into()),
			DispatchError::BadOrigin
		);
	});
}

/// The same class (fuzz/regressions/as-derivative-leaves-out-the-account-it-acts-as.bin): every
/// call that dispatches its inner call as an account other than the extrinsic's signer (a
/// derivative, the proxied account, a multisig) declares that account's read, write and proof
/// on top of the inner call's weight.
#[test]
fn calls_acting_as_another_account_pay_for_it() {
	use frame_support::dispatch::GetDispatchInfo;
	let inner = || RuntimeCall::Balances(pallet_balances::Call::burn { value: UNIT, keep_alive: true });
	let account = <Runtime as frame_system::Config>::DbWeight::get().reads_writes(1, 1);
	let callers = [
		RuntimeCall::Utility(pallet_utility::Call::as_derivative { index: 0, call: Box::new(inner()) }),
		RuntimeCall::Proxy(pallet_proxy::Call::proxy {
			real: Bob.to_account_id().into(),
			force_proxy_type: None,
			call: Box::new(inner()),
		}),
		RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
			other_signatories: vec![Bob.to_account_id()],
			call: Box::new(inner()),
		}),
	];
	let inner = inner().get_dispatch_info().call_weight;
	for call in callers {
		let declared = call.get_dispatch_info().call_weight;
		assert!(declared.ref_time() >= inner.ref_time() + account.ref_time(), "{call:?}: {declared:?}");
		assert!(declared.proof_size() >= inner.proof_size() + 3_593, "{call:?}: {declared:?}");
	}
}

/// The fuzzer's finding (fuzz/regressions/sudo-as-leaves-out-the-account-it-acts-as.bin): the
/// inner call's weight leaves out its signer's account, and under `sudo_as` that signer is not
/// the extrinsic's, so `sudo_as` pays for it on top of the SDK's weight and the inner call's.
#[test]
fn sudo_as_pays_for_the_account_it_acts_as() {
	use frame_support::dispatch::GetDispatchInfo;
	use pallet_sudo::WeightInfo;
	let inner = RuntimeCall::Balances(pallet_balances::Call::burn { value: UNIT, keep_alive: true });
	let sudo_as = RuntimeCall::Sudo(pallet_sudo::Call::sudo_as {
		who: Bob.to_account_id().into(),
		call: Box::new(inner.clone()),
	});
	let declared = sudo_as.get_dispatch_info().call_weight;
	let sdk = pallet_sudo::weights::SubstrateWeight::<Runtime>::sudo_as();
	let account = <Runtime as frame_system::Config>::DbWeight::get().reads_writes(1, 1);
	let inner = inner.get_dispatch_info().call_weight;
	assert!(declared.ref_time() >= sdk.ref_time() + inner.ref_time() + account.ref_time(), "{declared:?}");
	assert!(declared.proof_size() >= sdk.proof_size() + inner.proof_size() + 3_593, "{declared:?}");
	// Only the sudo key may use it.
	let mut ext = genesis_ext("development");
	ext.execute_with(|| {
		let sudo_as = RuntimeCall::Sudo(pallet_sudo::Call::sudo_as {
			who: Bob.to_account_id().into(),
			call: Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] })),
		});
		assert_noop!(sudo_as.clone().dispatch(RuntimeOrigin::signed(Charlie.to_account_id())), pallet_sudo::Error::<Runtime>::RequireSudo);
		assert_ok!(sudo_as.dispatch(RuntimeOrigin::signed(Alice.to_account_id())));
	});
}
