//! Storage migrations of pallet-emergency-access.

use super::*;
use frame_support::{migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade};

/// Version 0 to 1: each unsettled session gets its [`SessionOrganization`], the organization of
/// the responder's current `EmergencyResponder` credential (version 0 did not record the one
/// the responder acted for). A session whose responder holds no credential any more gets none;
/// its reviewers are then checked against nothing but the responder's key.
pub mod v1 {
	use super::*;

	/// The migration, unversioned; use [`MigrateToV1`].
	pub struct UncheckedMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut sessions = 0u64;
			for (id, session) in Sessions::<T>::iter() {
				sessions = sessions.saturating_add(1);
				if let Some(affiliation) = T::Credentials::affiliation(&session.responder, Role::EmergencyResponder) {
					SessionOrganization::<T>::insert(id, affiliation.organization);
				}
			}
			// Per session: the session, the credential and its organization; one write.
			T::DbWeight::get().reads_writes(sessions.saturating_mul(3), sessions)
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
			(Sessions::<T>::iter().count() as u32).encode()
		}

		pub fn check_post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let sessions: u32 = Decode::decode(&mut &state[..]).map_err(|_| "pre_upgrade state does not decode")?;
			ensure!(Sessions::<T>::iter().count() as u32 == sessions, "sessions lost");
			for (id, _) in SessionOrganization::<T>::iter() {
				ensure!(Sessions::<T>::contains_key(id), "organization of a missing session");
			}
			for (id, session) in Sessions::<T>::iter() {
				let acting_for = T::Credentials::affiliation(&session.responder, Role::EmergencyResponder);
				ensure!(
					SessionOrganization::<T>::get(id) == acting_for.map(|a| a.organization),
					"a session without its responder's organization"
				);
			}
			Pallet::<T>::do_try_state()
		}
	}

	/// Runs [`UncheckedMigrateToV1`] once, when the on-chain version is 0.
	pub type MigrateToV1<T> =
		VersionedMigration<0, 1, UncheckedMigrateToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
