//! Runtime tests, run natively (no WASM needed): every genesis preset builds, and the chain it
//! starts produces and re-executes blocks that carry a balance transfer, as a collator and a
//! validator would.

use crate::{
	configs::system::RuntimeBlockWeights, genesis_config_presets, AccountId, Balance, Balances,
	Block, Executive, Header, InherentDataExt, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeGenesisConfig, Session, System, TxExtension, UncheckedExtrinsic,
	SLOT_DURATION, UNIT,
};
use polkadot_sdk::*;

use codec::Encode;
use cumulus_primitives_core::{relay_chain::HeadData, PersistedValidationData};
use cumulus_primitives_parachain_inherent::ParachainInherentData;
use cumulus_test_relay_sproof_builder::RelayStateSproofBuilder;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::Pair;
use sp_inherents::InherentData;
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;
use sp_runtime::{
	generic::{Era, SignedPayload},
	traits::{Block as BlockT, Header as HeaderT},
	Digest, DigestItem,
};

const PRESETS: [&str; 3] = ["development", "local_testnet", "consortium"];
/// Relay chain slot of the first block; any value works as long as slots increase.
const FIRST_SLOT: u64 = 300_000_000;

fn genesis_config(preset: &str) -> RuntimeGenesisConfig {
	crate::invariants::preset_config(preset).unwrap_or_else(|e| panic!("{e}"))
}

fn genesis_storage(preset: &str) -> sp_io::TestExternalities {
	let storage = genesis_config(preset).build_storage().expect("genesis storage builds");
	sp_io::TestExternalities::new(storage)
}

/// A preset's genesis for a test that calls the pallets directly: after the test, every
/// pallet's invariants are checked, and the native token was neither minted nor burned except
/// by the fees the runtime burns.
fn genesis_ext(preset: &str) -> CheckedExt {
	CheckedExt(genesis_storage(preset))
}

struct CheckedExt(sp_io::TestExternalities);

impl CheckedExt {
	fn execute_with<R>(&mut self, test: impl FnOnce() -> R) -> R {
		self.0.execute_with(|| {
			let issuance = Balances::total_issuance();
			let result = test();
			runtime_invariants_hold(issuance);
			result
		})
	}
}

/// The runtime-level invariants of issue 17, checked after each runtime test: every pallet's
/// `do_try_state` and the cross-pallet checks of [`crate::invariants`] (holds equal storage both
/// ways, histories paid for, reference counts), and a total issuance that moved only by burned
/// fees and lost dust.
fn runtime_invariants_hold(issuance_before: Balance) {
	if let Err(e) = crate::invariants::check() {
		panic!("the runtime's invariants hold: {e}");
	}
	let (burned, minted) = crate::invariants::burned_and_minted(System::events().iter().map(|r| &r.event));
	assert_eq!(minted, 0, "a test minted the native token");
	assert_eq!(Balances::total_issuance() + burned, issuance_before, "the issuance moved by more than the burned fees");
}

/// The accounts a preset funds: the sender of the test transfer is the first of them.
fn funded_sender(preset: &str) -> Sr25519Keyring {
	match preset {
		"consortium" => Sr25519Keyring::One,
		_ => Sr25519Keyring::Alice,
	}
}

fn signed(signer: Sr25519Keyring, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	let extension: TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim::new((
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
	));
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("extension is valid");
	let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		signer.to_account_id().into(),
		signature.into(),
		extension,
	)
}

fn transfer(to: &AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: to.clone().into(),
		value,
	})
}

/// A parachain collator in miniature: builds blocks on its own state, as the node would.
struct Collator {
	ext: sp_io::TestExternalities,
	parent: Header,
}

impl Collator {
	fn new(preset: &str) -> Self {
		// The header the first block builds on; its content only needs to hash consistently.
		let parent = Header::new(0, Default::default(), Default::default(), Default::default(), Default::default());
		Self { ext: genesis_storage(preset), parent }
	}

	/// Inherents for the block at `number`: the timestamp and the relay chain's validation data,
	/// which declares the parent block included (so the unincluded segment never fills).
	fn inherent_data(&self, number: u32, slot: u64) -> InherentData {
		let sproof = RelayStateSproofBuilder {
			para_id: genesis_config_presets::PARACHAIN_ID.into(),
			current_slot: slot.into(),
			included_para_head: Some(HeadData(self.parent.encode())),
			..Default::default()
		};
		let (relay_parent_storage_root, relay_chain_state) = sproof.into_state_root_and_proof();
		let validation = ParachainInherentData {
			validation_data: PersistedValidationData {
				parent_head: HeadData(self.parent.encode()),
				relay_parent_number: number,
				relay_parent_storage_root,
				max_pov_size: 5 * 1024 * 1024,
			},
			relay_chain_state,
			downward_messages: Default::default(),
			horizontal_messages: Default::default(),
			relay_parent_descendants: Default::default(),
			collator_peer_id: None,
		};
		let mut data = InherentData::new();
		data.put_data(sp_timestamp::INHERENT_IDENTIFIER, &(slot * SLOT_DURATION))
			.expect("timestamp encodes");
		data.put_data(cumulus_primitives_parachain_inherent::INHERENT_IDENTIFIER, &validation)
			.expect("validation data encodes");
		data
	}

	/// Builds the next block with `extrinsics` after the inherents; every extrinsic must succeed.
	fn produce_block(&mut self, extrinsics: Vec<UncheckedExtrinsic>) -> Block {
		self.produce_block_with(extrinsics, || ()).0
	}

	/// As `produce_block`, then runs `during` inside the block, before it is finalized: calls
	/// dispatched there take effect as if they were extrinsics of this block.
	fn produce_block_with<R>(
		&mut self,
		extrinsics: Vec<UncheckedExtrinsic>,
		during: impl FnOnce() -> R,
	) -> (Block, R) {
		let number = self.parent.number + 1;
		let slot = FIRST_SLOT + u64::from(number);
		let inherent_data = self.inherent_data(number, slot);
		let parent_hash = self.parent.hash();
		let block = self.ext.execute_with(|| {
			let digest = Digest {
				logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())],
			};
			let header = Header::new(number, Default::default(), Default::default(), parent_hash, digest);
			Executive::initialize_block(&header);
			// As a collator does: inherents are created on top of the initialized block.
			let inherents = inherent_data.create_extrinsics();
			let all: Vec<UncheckedExtrinsic> = inherents.into_iter().chain(extrinsics).collect();
			for xt in &all {
				Executive::apply_extrinsic(xt.clone())
					.expect("extrinsic is valid")
					.expect("extrinsic dispatches");
			}
			let result = during();
			(Block::new(Executive::finalize_block(), all), result)
		});
		self.ext.commit_all().expect("state commits");
		self.parent = block.0.header().clone();
		block
	}
}

/// Re-executes `blocks` on a fresh genesis state, as a validator would: checks the extrinsics
/// root and the state root of every block.
fn validate_blocks(preset: &str, blocks: &[Block]) {
	genesis_storage(preset).execute_with(|| {
		for block in blocks {
			Executive::execute_block(block.clone().into());
		}
	});
}

mod attacks;
mod claims;
mod emergency;
mod governance;
mod money;
mod records;

/// Registers organization 0, a hospital administered by `admin` for the roles of `staff`, and
/// issues each member of `staff` its credential, as the credentialing track would.
fn hospital_with_staff(admin: AccountId, staff: &[(AccountId, caduceus_primitives::Role)]) {
	organization_with_staff(&admin, pallet_credentials::OrganizationKind::Hospital, staff);
}

/// Registers the next organization, of `kind`, administered by `admin` for the roles of
/// `staff`, and issues each member of `staff` its credential; returns the organization's id.
fn organization_with_staff(
	admin: &AccountId,
	kind: pallet_credentials::OrganizationKind,
	staff: &[(AccountId, caduceus_primitives::Role)],
) -> caduceus_primitives::OrganizationId {
	use frame_support::assert_ok;
	let organization = pallet_credentials::NextOrganizationId::<Runtime>::get();
	let jurisdiction: pallet_credentials::Jurisdiction = b"US-CA".to_vec().try_into().expect("fits");
	let roles: Vec<_> = staff.iter().map(|(_, role)| *role).collect();
	assert_ok!(crate::Credentials::register_organization(
		crate::RuntimeOrigin::root(),
		admin.clone(),
		kind,
		roles.try_into().expect("fits"),
		jurisdiction.clone(),
	));
	for (holder, role) in staff {
		assert_ok!(crate::Credentials::issue_credential(
			crate::RuntimeOrigin::root(),
			holder.clone(),
			*role,
			organization,
			Default::default(),
			jurisdiction.clone(),
			100_000,
		));
	}
	organization
}

/// Registers the next organization, an insurer administered by `payer`, with `payer` its payer.
fn insurer(payer: &AccountId) -> caduceus_primitives::OrganizationId {
	organization_with_staff(payer, pallet_credentials::OrganizationKind::Payer, &[(payer.clone(), caduceus_primitives::Role::Payer)])
}

/// `payer` accepts `patient` into `plan`, and pays providers of the `network` organizations at
/// submission, up to 1,000 UNIT each per 30 days.
fn payer_accepts(payer: &AccountId, plan: caduceus_primitives::PlanId, patient: &AccountId, network: &[caduceus_primitives::OrganizationId]) {
	use frame_support::assert_ok;
	let origin = || crate::RuntimeOrigin::signed(payer.clone());
	assert_ok!(crate::Claims::enroll(origin(), plan, patient.clone()));
	let rules = pallet_claims::ProviderRules {
		network: network.to_vec().try_into().expect("fits"),
		period: 30 * crate::DAYS,
		per_provider_limit: 1_000 * UNIT,
	};
	assert_ok!(crate::Claims::set_provider_rules(origin(), plan, rules));
}

/// `patient` records a consent provision over all records to `grantee`; returns its id.
fn consent_to(
	patient: &AccountId,
	provision: caduceus_primitives::ProvisionType,
	grantee: pallet_consent::Grantee<AccountId>,
	purposes: &[caduceus_primitives::PurposeOfUse],
	actions: &[caduceus_primitives::ConsentAction],
) -> caduceus_primitives::ConsentId {
	let id = pallet_consent::NextConsentId::<Runtime>::get();
	frame_support::assert_ok!(crate::Consent::record_consent(
		crate::RuntimeOrigin::signed(patient.clone()),
		patient.clone(),
		provision,
		grantee,
		pallet_consent::ConsentScope::AllRecords,
		purposes.to_vec().try_into().expect("fits"),
		actions.to_vec().try_into().expect("fits"),
		None,
		None,
	));
	id
}

/// `patient` anchors a record of `record_type` kept by `custodian`.
fn patient_record(patient: &AccountId, record_type: caduceus_primitives::RecordType, custodian: &AccountId) {
	let locator: pallet_records::LocatorOf<Runtime> = b"bafybeigdyrzt".to_vec().try_into().expect("fits");
	frame_support::assert_ok!(crate::Records::create_record(
		crate::RuntimeOrigin::signed(patient.clone()),
		patient.clone(),
		record_type,
		caduceus_primitives::PurposeOfUse::Treatment,
		sp_core::H256::repeat_byte(1),
		custodian.clone(),
		locator,
	));
}

#[test]
fn preset_names_list_exactly_the_three_presets() {
	let expected: Vec<sp_genesis_builder::PresetId> = PRESETS.map(Into::into).to_vec();
	assert_eq!(genesis_config_presets::preset_names(), expected);
	assert!(genesis_config_presets::get_preset(&"no-such-preset".into()).is_none());
}

#[test]
fn every_preset_builds_a_genesis_with_collators_and_funds() {
	for preset in PRESETS {
		genesis_ext(preset).execute_with(|| {
			let invulnerables = pallet_collator_selection::Invulnerables::<Runtime>::get();
			assert!(!invulnerables.is_empty(), "{preset}: no collators");
			assert_eq!(Session::validators(), invulnerables.to_vec(), "{preset}: session set");
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), invulnerables.len());
			let sender = funded_sender(preset).to_account_id();
			assert!(Balances::free_balance(&sender) >= 1_000 * UNIT, "{preset}: sender funded");
			assert_eq!(
				crate::ParachainInfo::parachain_id(),
				genesis_config_presets::PARACHAIN_ID.into(),
			);
		});
	}
}

#[test]
fn only_development_presets_have_a_sudo_key() {
	for (preset, expected) in [
		("development", Some(Sr25519Keyring::Alice.to_account_id())),
		("local_testnet", Some(Sr25519Keyring::Alice.to_account_id())),
		("consortium", None),
	] {
		genesis_ext(preset).execute_with(|| assert_eq!(pallet_sudo::Key::<Runtime>::get(), expected, "{preset}"));
	}
}

#[test]
fn every_preset_produces_and_validates_blocks_with_a_transfer() {
	for preset in PRESETS {
		let mut collator = Collator::new(preset);
		let sender = funded_sender(preset);
		let recipient = Sr25519Keyring::Ferdie.to_account_id();
		let amount = 7 * UNIT;
		let (sender_before, recipient_before) = collator.ext.execute_with(|| {
			(Balances::free_balance(sender.to_account_id()), Balances::free_balance(&recipient))
		});

		let first = collator.produce_block(vec![]);
		let tx = collator.ext.execute_with(|| signed(sender, transfer(&recipient, amount), 0));
		let second = collator.produce_block(vec![tx]);
		// The block that carried the transfer recorded it, and the fee the sender paid.
		collator.ext.execute_with(|| {
			let events: Vec<RuntimeEvent> = System::events().into_iter().map(|r| r.event).collect();
			assert!(events.iter().any(|event| matches!(
				event,
				RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, to, amount: a })
					if *from == sender.to_account_id() && *to == recipient && *a == amount
			)), "{preset}: no Transfer event");
			assert!(events.iter().any(|event| matches!(
				event,
				RuntimeEvent::TransactionPayment(pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, .. })
					if *who == sender.to_account_id() && *actual_fee > 0
			)), "{preset}: no fee paid");
		});
		let third = collator.produce_block(vec![]);
		assert_eq!(*third.header().number(), 3);

		collator.ext.execute_with(|| {
			assert_eq!(System::block_number(), 3);
			assert_eq!(Balances::free_balance(&recipient), recipient_before + amount);
			// Fees go to the block's author, who may be the sender itself on a one-collator chain.
			assert!(Balances::free_balance(sender.to_account_id()) <= sender_before - amount);
			assert_eq!(System::account_nonce(sender.to_account_id()), 1);
		});

		validate_blocks(preset, &[first, second, third]);
	}
}

#[test]
fn a_transfer_signed_by_someone_else_is_rejected() {
	let mut collator = Collator::new("development");
	collator.produce_block(vec![]);
	collator.ext.execute_with(|| {
		let mut tx = signed(Sr25519Keyring::Alice, transfer(&Sr25519Keyring::Bob.to_account_id(), UNIT), 0);
		// Re-attribute Alice's signature to Eve: the signature no longer matches the signer.
		if let sp_runtime::generic::Preamble::Signed(ref mut address, _, _) = tx.preamble {
			*address = Sr25519Keyring::Eve.to_account_id().into();
		}
		assert!(Executive::apply_extrinsic(tx).is_err());
	});
}

#[test]
fn block_weights_leave_room_for_operational_extrinsics() {
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
	let operational = weights.get(frame_support::dispatch::DispatchClass::Operational);
	assert!(normal.max_total.expect("capped").ref_time() < weights.max_block.ref_time());
	assert_eq!(operational.max_total.expect("capped"), weights.max_block);
	assert_eq!(weights.max_block.ref_time(), 2 * frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND);
}

#[test]
fn collator_candidacy_is_bonded_and_open() {
	genesis_ext("development").execute_with(|| {
		assert!(pallet_collator_selection::CandidacyBond::<Runtime>::get() > 0);
		assert!(pallet_collator_selection::CandidateList::<Runtime>::get().is_empty());
	});
}

#[test]
fn root_registers_an_organization_and_issues_a_credential_that_is_active() {
	use caduceus_primitives::{CredentialInspect, Role};
	use crate::{Credentials, RuntimeOrigin};
	genesis_ext("development").execute_with(|| {
		System::set_block_number(1);
		let admin = Sr25519Keyring::Bob.to_account_id();
		let doctor = Sr25519Keyring::Dave.to_account_id();
		assert!(Credentials::register_organization(
			RuntimeOrigin::root(),
			admin.clone(),
			pallet_credentials::OrganizationKind::Hospital,
			vec![Role::Practitioner].try_into().expect("one role fits"),
			b"US-CA".to_vec().try_into().expect("code fits"),
		)
		.is_ok());
		assert!(Credentials::issue_credential(
			RuntimeOrigin::root(),
			doctor.clone(),
			Role::Practitioner,
			0,
			sp_core::H256::repeat_byte(7),
			b"US-CA".to_vec().try_into().expect("code fits"),
			100,
		)
		.is_ok());
		assert!(<Credentials as CredentialInspect<AccountId>>::is_active(&doctor, Role::Practitioner));
		// Deposits are held from the organization's admin.
		use frame_support::traits::{fungible::InspectHold, Get};
		let held = Balances::total_balance_on_hold(&admin);
		assert_eq!(
			held,
			crate::configs::parameters::credentials::OrganizationDeposit::get() +
				crate::configs::parameters::credentials::CredentialDeposit::get()
		);
		// A signed account is not the registrar.
		assert!(Credentials::issue_credential(
			RuntimeOrigin::signed(admin),
			doctor,
			Role::Practitioner,
			0,
			sp_core::H256::repeat_byte(7),
			b"US".to_vec().try_into().expect("code fits"),
			100,
		)
		.is_err());
	});
}
