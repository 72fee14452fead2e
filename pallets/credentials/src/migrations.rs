//! Storage migrations of pallet-credentials.

use super::*;
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	traits::UncheckedOnRuntimeUpgrade,
};
use frame_system::pallet_prelude::BlockNumberFor;

/// Version 0 to 1: every stored credential's holder becomes a [`Professionals`] entry (dated
/// at its `issued_at`), and every suspended credential gets the [`Sanction`] that now records a
/// suspension. Version 0 did not store why a credential was suspended; the sanction records
/// [`CredentialActionReason::Investigation`], which is what a suspension means until the
/// registrar decides.
pub mod v1 {
	use super::*;

	/// The migration, unversioned; use [`MigrateToV1`].
	pub struct UncheckedMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			for (holder, role, credential) in CredentialOf::<T>::iter() {
				reads = reads.saturating_add(1);
				Professionals::<T>::mutate(&holder, |since| {
					let first = since.map_or(credential.issued_at, |s: BlockNumberFor<T>| s.min(credential.issued_at));
					*since = Some(first);
				});
				writes = writes.saturating_add(1);
				if credential.status == CredentialStatus::Suspended && !Sanctions::<T>::contains_key(&holder, role) {
					Sanctions::<T>::insert(
						&holder,
						role,
						Sanction {
							kind: SanctionKind::Suspended,
							reason: CredentialActionReason::Investigation,
							since: credential.issued_at,
						},
					);
					writes = writes.saturating_add(1);
				}
			}
			T::DbWeight::get().reads_writes(reads.saturating_mul(2), writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(Self::pre_upgrade_state())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_post_upgrade(state)
		}
	}

	/// The try-runtime checks, callable without the `try-runtime` feature, so that the migration
	/// test (fuzz/tests/migrations.rs) runs them on the real runtime in every test build: what
	/// `pre_upgrade` records, and what `post_upgrade` requires of the migrated state.
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	impl<T: Config> UncheckedMigrateToV1<T> {
		pub fn pre_upgrade_state() -> alloc::vec::Vec<u8> {
			let suspended = CredentialOf::<T>::iter_values()
				.filter(|c| c.status == CredentialStatus::Suspended)
				.count() as u32;
			(CredentialOf::<T>::iter().count() as u32, suspended).encode()
		}

		pub fn check_post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (credentials, suspended): (u32, u32) =
				Decode::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(CredentialOf::<T>::iter().count() as u32 == credentials, "credentials lost");
			for (holder, role, credential) in CredentialOf::<T>::iter() {
				ensure!(Professionals::<T>::contains_key(&holder), "holder not marked professional");
				if credential.status == CredentialStatus::Suspended {
					ensure!(Sanctions::<T>::contains_key(&holder, role), "suspension without sanction");
				}
			}
			ensure!(Sanctions::<T>::iter().count() as u32 >= suspended, "sanctions missing");
			Pallet::<T>::do_try_state()
		}
	}

	/// Runs [`UncheckedMigrateToV1`] once, when the on-chain version is 0.
	pub type MigrateToV1<T> =
		VersionedMigration<0, 1, UncheckedMigrateToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
