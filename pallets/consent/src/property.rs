//! Property test: over random sequences of grants, denies, revocations, expiry (blocks passing),
//! cleanup, credential suspension and reinstatement, `check` grants if and only if an in-force
//! permit, whose grantee the accessor is eligible for, covers the request and no in-force deny
//! covering it reaches the accessor.
//!
//! The model below states that rule directly over a flat list of consents; the pallet answers
//! it from per-grantee lists, with early exits and credential lookups. Every sequence runs on a
//! fresh chain and ends with `do_try_state`. A failure prints the sequence's seed and operations;
//! `CONSENT_PROPERTY_SEED=<seed>` replays that one sequence.

use crate::{mock::*, *};
use polkadot_sdk::{frame_system::RawOrigin, sp_runtime::DispatchError};

/// How many sequences a run generates (the acceptance asks for at least 10,000), in two halves
/// that the test harness runs in parallel.
const SEQUENCES: u64 = 10_000;
/// Requests checked after each operation, and per accessor at the end of a sequence.
const CHECKS_PER_OPERATION: usize = 2;
const CHECKS_PER_ACCESSOR: usize = 6;
/// The longest sequence.
const MAX_OPERATIONS: u64 = 12;

/// SplitMix64: small, seedable, and good enough to spread cases.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	fn pick<V: Clone>(&mut self, items: &[V]) -> V {
		items[self.below(items.len() as u64) as usize].clone()
	}
	/// A non-empty subset of `items`.
	fn subset<V: Clone>(&mut self, items: &[V]) -> Vec<V> {
		let mask = 1 + self.below((1 << items.len()) - 1);
		items.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, v)| v.clone()).collect()
	}
}

/// The accessors: a practitioner, a family member, a researcher and a payer.
const ACCESSORS: [u64; 4] = [DOCTOR, SPOUSE, RESEARCHER, PAYER];
/// Their credentials: role and organization. The spouse has none.
const CREDENTIALS: [(u64, Role, OrganizationId); 3] =
	[(DOCTOR, Role::Practitioner, HOSPITAL), (RESEARCHER, Role::Researcher, UNIVERSITY), (PAYER, Role::Payer, INSURER)];
/// The patient's records: version 1 is an observation, version 2 a condition.
const RECORDS: [(RecordId, RecordType); 2] = [(1, RecordType::Observation), (2, RecordType::Condition)];
const PURPOSES: [PurposeOfUse; 3] = [PurposeOfUse::Treatment, PurposeOfUse::Research, PurposeOfUse::Payment];
const ACTIONS: [ConsentAction; 2] = [ConsentAction::Access, ConsentAction::Correct];

fn grantees() -> Vec<Grantee<u64>> {
	let mut grantees: Vec<_> = ACCESSORS.iter().map(|a| Grantee::Account(*a)).collect();
	grantees.extend([HOSPITAL, UNIVERSITY, INSURER].map(Grantee::Organization));
	grantees.push(Grantee::Everyone);
	grantees
}

/// Every request the model can be asked about: reads and corrections of each record version,
/// and collections of a new document of each type.
fn targets() -> Vec<AccessTarget> {
	RECORDS
		.iter()
		.flat_map(|(id, t)| [AccessTarget::record(*id, *t), AccessTarget::of_type(*t)])
		.collect()
}

#[derive(Clone, Debug)]
struct ModelConsent {
	id: ConsentId,
	grantee: Grantee<u64>,
	provision: ProvisionType,
	scope: ScopeOf<Test>,
	purposes: Vec<PurposeOfUse>,
	actions: Vec<ConsentAction>,
	valid_from: Option<u64>,
	valid_until: Option<u64>,
}

#[derive(Clone, Debug)]
enum Operation {
	Record(ModelConsent),
	Revoke(ConsentId),
	RemoveExpired(ConsentId),
	Advance(u64),
	SetActive(u64, bool),
}

#[derive(Default)]
struct Model {
	consents: Vec<ModelConsent>,
	suspended: Vec<u64>,
	next_id: ConsentId,
	now: u64,
}

impl Model {
	fn in_force(&self, c: &ModelConsent) -> bool {
		c.valid_from.is_none_or(|f| self.now >= f) && c.valid_until.is_none_or(|u| self.now <= u)
	}

	fn covers(c: &ModelConsent, target: &AccessTarget, purpose: PurposeOfUse, action: ConsentAction) -> bool {
		let in_scope = match &c.scope {
			ConsentScope::AllRecords => true,
			ConsentScope::RecordTypes(types) => types.contains(&target.record_type),
			ConsentScope::Records(records) => target.record.is_some_and(|r| records.contains(&r)),
		};
		// A deny of a purpose covers its v3-ActReason specialisations; written out here, apart from
		// `PurposeOfUse::is_a`, so the model checks the hierarchy rather than repeating it.
		let purpose_covered = c.purposes.iter().any(|named| {
			*named == purpose ||
				(c.provision == ProvisionType::Deny &&
					matches!(
						(purpose, named),
						(PurposeOfUse::EmergencyTreatment, PurposeOfUse::Treatment) |
							(PurposeOfUse::Coverage, PurposeOfUse::Payment)
					))
		});
		in_scope && purpose_covered && c.actions.contains(&action)
	}

	/// The accessor's credential, if it acts in a role of `purpose`: (organization, active).
	fn acting(&self, accessor: u64, purpose: PurposeOfUse) -> Option<(OrganizationId, bool)> {
		CREDENTIALS
			.iter()
			.find(|(who, role, _)| *who == accessor && acting_roles(purpose).contains(role))
			.map(|(_, _, organization)| (*organization, !self.suspended.contains(&accessor)))
	}

	/// Does a consent to `grantee` reach `accessor`: a deny whenever it names them, a permit
	/// only if they are eligible.
	fn reaches(&self, grantee: &Grantee<u64>, provision: ProvisionType, accessor: u64, purpose: PurposeOfUse) -> bool {
		let acting = self.acting(accessor, purpose);
		let professional = CREDENTIALS.iter().any(|(who, ..)| *who == accessor);
		match (grantee, provision) {
			(Grantee::Everyone, ProvisionType::Deny) => true,
			(Grantee::Everyone, ProvisionType::Permit) => false,
			(Grantee::Account(a), ProvisionType::Deny) => *a == accessor,
			(Grantee::Account(a), ProvisionType::Permit) =>
				*a == accessor && (!professional || acting.is_some_and(|(_, active)| active)),
			(Grantee::Organization(o), ProvisionType::Deny) => acting.is_some_and(|(org, _)| org == *o),
			(Grantee::Organization(o), ProvisionType::Permit) => acting == Some((*o, true)),
		}
	}

	fn applies(&self, provision: ProvisionType, accessor: u64, t: &AccessTarget, p: PurposeOfUse, a: ConsentAction) -> bool {
		self.consents.iter().any(|c| {
			c.provision == provision &&
				self.in_force(c) &&
				Self::covers(c, t, p, a) &&
				self.reaches(&c.grantee, provision, accessor, p)
		})
	}

	/// The rule under test, and whether a deny is why not.
	fn expected(&self, accessor: u64, t: &AccessTarget, p: PurposeOfUse, a: ConsentAction) -> (bool, bool) {
		let denied = self.applies(ProvisionType::Deny, accessor, t, p, a);
		(self.applies(ProvisionType::Permit, accessor, t, p, a) && !denied, denied)
	}
}

fn generate(rng: &mut Rng, model: &Model) -> Operation {
	let existing = |rng: &mut Rng| {
		// Mostly an existing consent, sometimes one that never existed.
		if model.consents.is_empty() || rng.below(8) == 0 {
			model.next_id + rng.below(3)
		} else {
			rng.pick(&model.consents).id
		}
	};
	match rng.below(20) {
		0..=9 => {
			let provision = if rng.below(3) == 0 { ProvisionType::Deny } else { ProvisionType::Permit };
			let mut grantee = rng.pick(&grantees());
			if grantee == Grantee::Everyone && provision == ProvisionType::Permit {
				grantee = Grantee::Account(DOCTOR);
			}
			let scope = match rng.below(3) {
				0 => ConsentScope::AllRecords,
				1 => ConsentScope::RecordTypes(
					rng.subset(&[RecordType::Observation, RecordType::Condition]).try_into().expect("2 types fit"),
				),
				_ => ConsentScope::Records(rng.subset(&[1, 2]).try_into().expect("2 records fit")),
			};
			let valid_from = (rng.below(3) == 0).then(|| model.now + rng.below(5));
			let valid_until =
				(rng.below(2) == 0).then(|| valid_from.unwrap_or(model.now) + rng.below(8));
			Operation::Record(ModelConsent {
				id: model.next_id,
				grantee,
				provision,
				scope,
				purposes: rng.subset(&PURPOSES),
				actions: rng.subset(&ACTIONS),
				valid_from,
				valid_until,
			})
		},
		10..=12 => Operation::Revoke(existing(rng)),
		13 => Operation::RemoveExpired(existing(rng)),
		14..=16 => Operation::Advance(1 + rng.below(4)),
		_ => Operation::SetActive(rng.pick(&[DOCTOR, RESEARCHER, PAYER]), rng.below(2) == 0),
	}
}

/// Applies `operation` to the chain and the model; checks they agree on whether it succeeds.
fn apply(operation: &Operation, model: &mut Model) {
	let signed = || RuntimeOrigin::from(RawOrigin::Signed(PATIENT));
	match operation {
		Operation::Record(c) => {
			let per_grantee = model.consents.iter().filter(|m| m.grantee == c.grantee).count();
			let fits = model.consents.len() < 6 && per_grantee < 3;
			let result = Consent::record_consent(
				signed(),
				PATIENT,
				c.provision,
				c.grantee.clone(),
				c.scope.clone(),
				c.purposes.clone().try_into().expect("at most every purpose"),
				c.actions.clone().try_into().expect("at most every action"),
				c.valid_from,
				c.valid_until,
			);
			if fits {
				assert_eq!(result, Ok(()), "recording {c:?}");
				model.consents.push(c.clone());
				model.next_id += 1;
			} else {
				let full = [Error::<Test>::TooManyConsents.into(), Error::<Test>::TooManyConsentsForGrantee.into()];
				assert!(result.is_err_and(|e: DispatchError| full.contains(&e)), "recording past the bounds");
			}
		},
		Operation::Revoke(id) => {
			let exists = model.consents.iter().any(|c| c.id == *id);
			assert_eq!(Consent::revoke_consent(signed(), *id).is_ok(), exists, "revoking {id}");
			model.consents.retain(|c| c.id != *id);
		},
		Operation::RemoveExpired(id) => {
			let expired = model.consents.iter().any(|c| c.id == *id && c.valid_until.is_some_and(|u| model.now > u));
			assert_eq!(Consent::remove_expired_consent(signed(), *id).is_ok(), expired, "removing {id}");
			if expired {
				model.consents.retain(|c| c.id != *id);
			}
		},
		Operation::Advance(blocks) => {
			model.now += blocks;
			System::set_block_number(model.now);
		},
		Operation::SetActive(who, active) => {
			set_active(*who, *active);
			model.suspended.retain(|w| w != who);
			if !active {
				model.suspended.push(*who);
			}
		},
	}
}

/// A random request: a target, a purpose and an action.
fn request(rng: &mut Rng) -> (AccessTarget, PurposeOfUse, ConsentAction) {
	(rng.pick(&targets()), rng.pick(&PURPOSES), rng.pick(&ACTIONS))
}

/// Asks the chain and the model about one request.
fn agree(model: &Model, accessor: u64, &(target, purpose, action): &(AccessTarget, PurposeOfUse, ConsentAction)) {
	let target = &target;
	let answer = Consent::check(&accessor, &PATIENT, *target, purpose, action);
	let (granted, denied) = model.expected(accessor, target, purpose, action);
	assert_eq!(answer.is_ok(), granted, "check({accessor}, {target:?}, {purpose:?}, {action:?}) = {answer:?}");
	if denied {
		assert_eq!(answer, Err(AccessDenied::DeniedByPatient));
	}
	if let Ok(basis) = answer {
		// The basis names a permit that itself covers the request.
		let AccessBasis::Consent(id) = basis else { panic!("basis {basis:?} from consent alone") };
		let permit = model.consents.iter().find(|c| c.id == id).expect("the basis exists");
		assert!(permit.provision == ProvisionType::Permit && Model::covers(permit, target, purpose, action));
	}
}

fn run_sequence(seed: u64) -> (usize, usize) {
	let mut rng = Rng(seed);
	let mut model = Model { now: 1, ..Default::default() };
	let mut operations = Vec::new();
	let mut checks = 0;
	let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
		bare_ext().execute_with(|| {
			for (who, role, organization) in CREDENTIALS {
				credential(who, role, organization);
			}
			for _ in 0..1 + rng.below(MAX_OPERATIONS) {
				let operation = generate(&mut rng, &model);
				operations.push(operation.clone());
				apply(&operation, &mut model);
				for _ in 0..CHECKS_PER_OPERATION {
					agree(&model, rng.pick(&ACCESSORS), &request(&mut rng));
					checks += 1;
				}
			}
			// At the end, every accessor.
			for accessor in ACCESSORS {
				for _ in 0..CHECKS_PER_ACCESSOR {
					agree(&model, accessor, &request(&mut rng));
					checks += 1;
				}
			}
			Consent::do_try_state().expect("invariants hold");
		})
	}));
	if let Err(panic) = outcome {
		eprintln!("consent property failed: seed {seed}, operations:");
		for operation in &operations {
			eprintln!("  {operation:?}");
		}
		std::panic::resume_unwind(panic);
	}
	(operations.len(), checks)
}

/// Runs the sequences of seeds `seeds`, or only `CONSENT_PROPERTY_SEED` if it is set.
fn run_sequences(seeds: core::ops::Range<u64>) {
	if let Some(seed) = std::env::var("CONSENT_PROPERTY_SEED").ok().and_then(|s| s.parse().ok()) {
		run_sequence(seed);
		return;
	}
	let (count, mut operations, mut checks) = (seeds.end - seeds.start, 0, 0);
	for seed in seeds {
		let (o, c) = run_sequence(seed);
		operations += o;
		checks += c;
	}
	// Shown with `--nocapture`; the counts show the run was not vacuous.
	println!("{count} sequences, {operations} operations, {checks} checks");
	let least = count as usize * (CHECKS_PER_OPERATION + ACCESSORS.len() * CHECKS_PER_ACCESSOR);
	assert!(operations >= count as usize && checks >= least);
}

#[test]
fn check_grants_iff_an_in_force_permit_covers_and_no_deny_does_first_half() {
	run_sequences(0..SEQUENCES / 2);
}

#[test]
fn check_grants_iff_an_in_force_permit_covers_and_no_deny_does_second_half() {
	run_sequences(SEQUENCES / 2..SEQUENCES);
}
