//! The storage migrations under their try-runtime checks, on the real runtime (issue 18).
//!
//! The fuzzer's deep genesis (organizations, credentials, a plan with escrow, enrollments, a
//! claim, an open emergency session) is written back into the layout that version 0 of each
//! migrated pallet stored. The runtime's own `Migrations` then run between every migration's
//! `pre_upgrade` and `post_upgrade` checks, as `try-runtime on-runtime-upgrade` would run them,
//! followed by every invariant of the chain; and then the fuzzer runs on the migrated chain.
//!
//! The checks are the migrations' try-runtime hooks, exposed as `pre_upgrade_state` and
//! `check_post_upgrade` so that they run in the ordinary test build: a `try-runtime` build of the
//! SDK would double what CI compiles (docs/security.md, "Fuzzing").

use caduceus_fuzz::{cast, run_seeded, Genesis, Stats};
use caduceus_primitives::Role;
use caduceus_runtime::{invariants, Claims, Credentials, EmergencyAccess, Migrations, Runtime};
use pallet_claims::migrations::{
	v1::{v0, UncheckedMigrateToV1 as ClaimsToV1},
	v2::UncheckedMigrateToV2 as ClaimsToV2,
};
use pallet_credentials::migrations::v1::UncheckedMigrateToV1 as CredentialsToV1;
use pallet_emergency_access::migrations::v1::UncheckedMigrateToV1 as EmergencyToV1;
use polkadot_sdk::{
	frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	},
	sp_io,
	sp_runtime::StateVersion,
};

/// Writes the state version 0 of credentials, emergency access and claims would have left.
fn write_version_0_state() {
	// Credentials: no professional marks and no sanctions; a suspension was only a status.
	let _ = pallet_credentials::Professionals::<Runtime>::clear(u32::MAX, None);
	let _ = pallet_credentials::Sanctions::<Runtime>::clear(u32::MAX, None);
	let charlie = cast::Cast::new().charlie;
	pallet_credentials::CredentialOf::<Runtime>::mutate(&charlie, Role::Practitioner, |credential| {
		let credential = credential.as_mut().expect("the cast's practitioner holds a credential");
		credential.status = pallet_credentials::CredentialStatus::Suspended;
	});
	// Emergency access: sessions without the organization their responder acted for.
	let _ = pallet_emergency_access::SessionOrganization::<Runtime>::clear(u32::MAX, None);
	// Claims: plans, enrollments and claims in their version-0 encodings, no provider usage.
	for (id, plan) in pallet_claims::Plans::<Runtime>::iter().collect::<Vec<_>>() {
		unhashed::put(&pallet_claims::Plans::<Runtime>::hashed_key_for(id), &v0::Plan::from(&plan));
	}
	for (patient, payer, enrollment) in pallet_claims::Enrollments::<Runtime>::iter().collect::<Vec<_>>() {
		let key = pallet_claims::Enrollments::<Runtime>::hashed_key_for(patient, payer);
		unhashed::put(&key, &v0::Enrollment::from(&enrollment));
	}
	for (id, claim) in pallet_claims::Claims::<Runtime>::iter().collect::<Vec<_>>() {
		unhashed::put(&pallet_claims::Claims::<Runtime>::hashed_key_for(id), &v0::Claim::from(&claim));
	}
	let _ = pallet_claims::ProviderUsageOf::<Runtime>::clear(u32::MAX, None);
	StorageVersion::new(0).put::<Credentials>();
	StorageVersion::new(0).put::<EmergencyAccess>();
	StorageVersion::new(0).put::<Claims>();
}

#[test]
fn every_migration_passes_its_try_runtime_checks_and_the_migrated_chain_stays_sound() {
	let mut ext = cast::genesis().expect("the fuzzer's genesis builds");
	ext.execute_with(|| {
		write_version_0_state();
		// The old state really is old: today's pallets cannot read it.
		assert!(invariants::check().is_err(), "the version-0 state passes today's checks");
		assert!(pallet_claims::Plans::<Runtime>::get(0).is_none(), "a version-0 plan decodes as today's");

		let before = (
			CredentialsToV1::<Runtime>::pre_upgrade_state(),
			EmergencyToV1::<Runtime>::pre_upgrade_state(),
			ClaimsToV1::<Runtime>::pre_upgrade_state(),
			// What v2 records (the claims) is what v1 leaves, so it is taken here as well.
			ClaimsToV2::<Runtime>::pre_upgrade_state(),
		);
		<Migrations as OnRuntimeUpgrade>::on_runtime_upgrade();
		CredentialsToV1::<Runtime>::check_post_upgrade(before.0).expect("credentials' post_upgrade");
		EmergencyToV1::<Runtime>::check_post_upgrade(before.1).expect("emergency access's post_upgrade");
		ClaimsToV1::<Runtime>::check_post_upgrade(before.2).expect("claims' post_upgrade to v1");
		ClaimsToV2::<Runtime>::check_post_upgrade(before.3).expect("claims' post_upgrade to v2");
		assert_eq!(
			(
				Credentials::on_chain_storage_version(),
				EmergencyAccess::on_chain_storage_version(),
				Claims::on_chain_storage_version()
			),
			(StorageVersion::new(1), StorageVersion::new(1), StorageVersion::new(2))
		);
		if let Err(e) = invariants::check() {
			panic!("the migrated chain breaks an invariant: {e}");
		}
		// What the migrations promise, on this state: the suspension became a sanction, the open
		// session knows its responder's organization, and the payer is asked again.
		let cast = cast::Cast::new();
		assert!(pallet_credentials::Sanctions::<Runtime>::contains_key(&cast.charlie, Role::Practitioner));
		assert_eq!(pallet_emergency_access::SessionOrganization::<Runtime>::get(0), Some(0));
		assert!(pallet_claims::Enrollments::<Runtime>::iter_values()
			.all(|e| e.status == pallet_claims::EnrollmentStatus::AwaitingPayer));

		// A second upgrade finds every version current and changes nothing.
		let root = sp_io::storage::root(StateVersion::V1);
		<Migrations as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(StateVersion::V1), root, "a migration ran twice");
	});
	ext.commit_all().expect("the migrated state commits");

	// Calls on the migrated chain keep every invariant too.
	let genesis = Genesis::from_state(ext).expect("the migrated state is a genesis");
	let mut stats = Stats::default();
	if let Err((failure, _)) = run_seeded(&genesis, 18, 20, 4_096, &mut stats) {
		panic!("on the migrated chain: {failure}");
	}
	assert!(stats.succeeded > 20, "only {} calls succeeded on the migrated chain", stats.succeeded);
}
