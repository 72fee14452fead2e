//! Benchmarks of pallet-credentials, each at its worst case: the longest jurisdiction code, an
//! organization holding every role, and for `rotate_account` a holder with every role.
//!
//! The signer is `whitelisted_caller`, as in the SDK, where the call touches no account but the
//! signer's that another path would not: an organization's removal (also by the registrar) and
//! a staff credential's removal (its deposit goes to whoever paid it) keep every account counted.

use super::*;
use crate::pallet::{BalanceOf, OrganizationRoles};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, sp_runtime::traits::Saturating};

const SEED: u32 = 0;

/// The longest valid jurisdiction code.
fn longest_jurisdiction() -> Jurisdiction {
	Jurisdiction::truncate_from(b"US-ABC".to_vec())
}

fn all_roles() -> OrganizationRoles {
	OrganizationRoles::truncate_from(Role::ALL.to_vec())
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	fund::<T>(account(name, index, SEED))
}

/// The signer of the benchmarked call, funded: `whitelisted_caller`, as in the SDK's benchmarks,
/// since the transaction's fee payment has already read and written its account.
fn signer<T: Config>() -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	fund::<T>(whitelisted_caller())
}

fn fund<T: Config>(who: T::AccountId) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let deposits = T::OrganizationDeposit::get()
		.saturating_add(T::CredentialDeposit::get().saturating_mul(BalanceOf::<T>::from(100u32)))
		.saturating_add(T::ProfessionalEntryFee::get().saturating_mul(BalanceOf::<T>::from(100u32)));
	let balance = T::Currency::minimum_balance().saturating_add(deposits).saturating_mul(2u32.into());
	T::Currency::set_balance(&who, balance);
	who
}

fn registrar<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::RegistrarOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Registers an organization holding every role, with a funded admin; returns (id, admin).
fn organization<T: Config>() -> Result<(OrganizationId, T::AccountId), BenchmarkError>
where
	T::Currency: Mutate<T::AccountId>,
{
	organization_of::<T>(funded::<T>("admin", 0))
}

/// Registers an organization holding every role, administered by `admin`.
fn organization_of<T: Config>(admin: T::AccountId) -> Result<(OrganizationId, T::AccountId), BenchmarkError>
where
	T::Currency: Mutate<T::AccountId>,
{
	let id = NextOrganizationId::<T>::get();
	Pallet::<T>::register_organization(
		registrar::<T>()?,
		admin.clone(),
		OrganizationKind::Hospital,
		all_roles(),
		longest_jurisdiction(),
	)?;
	Ok((id, admin))
}

fn valid_until<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(T::MaxCredentialValidity::get())
}

/// Issues `holder` a credential for `role` from `organization`.
fn credential<T: Config>(
	organization: OrganizationId,
	holder: &T::AccountId,
	role: Role,
) -> Result<(), BenchmarkError> {
	Pallet::<T>::issue_credential(
		registrar::<T>()?,
		holder.clone(),
		role,
		organization,
		H256::repeat_byte(1),
		longest_jurisdiction(),
		valid_until::<T>(),
	)?;
	Ok(())
}

use frame_system::pallet_prelude::BlockNumberFor;

/// An organization with one practitioner; returns (organization, admin, practitioner).
fn practitioner<T: Config>() -> Result<(OrganizationId, T::AccountId, T::AccountId), BenchmarkError>
where
	T::Currency: Mutate<T::AccountId>,
{
	let (id, admin) = organization::<T>()?;
	let holder: T::AccountId = account("holder", 0, SEED);
	credential::<T>(id, &holder, Role::Practitioner)?;
	Ok((id, admin, holder))
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_organization() -> Result<(), BenchmarkError> {
		let origin = registrar::<T>()?;
		let admin = funded::<T>("admin", 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, admin, OrganizationKind::Hospital, all_roles(), longest_jurisdiction());
		assert!(Organizations::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn suspend_organization() -> Result<(), BenchmarkError> {
		let (id, _) = organization::<T>()?;
		let origin = registrar::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, CredentialActionReason::Investigation);
		assert_eq!(Organizations::<T>::get(id).map(|o| o.status), Some(OrganizationStatus::Suspended));
		Ok(())
	}

	#[benchmark]
	fn reinstate_organization() -> Result<(), BenchmarkError> {
		let (id, _) = organization::<T>()?;
		Pallet::<T>::suspend_organization(registrar::<T>()?, id, CredentialActionReason::Investigation)?;
		let origin = registrar::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);
		assert_eq!(Organizations::<T>::get(id).map(|o| o.status), Some(OrganizationStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn revoke_organization() -> Result<(), BenchmarkError> {
		let (id, _) = organization::<T>()?;
		let origin = registrar::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, CredentialActionReason::LicenceWithdrawn);
		assert_eq!(Organizations::<T>::get(id).map(|o| o.status), Some(OrganizationStatus::Revoked));
		Ok(())
	}

	#[benchmark]
	fn remove_organization() -> Result<(), BenchmarkError> {
		let (id, admin) = organization::<T>()?;
		// Not whitelisted: the registrar's path touches the admin's account (the deposit goes
		// back) without a fee having loaded it.
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), id);
		assert!(!Organizations::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn issue_credential() -> Result<(), BenchmarkError> {
		let (id, _) = organization::<T>()?;
		let holder: T::AccountId = account("holder", 0, SEED);
		let origin = registrar::<T>()?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			holder.clone(),
			Role::Practitioner,
			id,
			H256::repeat_byte(1),
			longest_jurisdiction(),
			valid_until::<T>(),
		);
		assert!(CredentialOf::<T>::contains_key(&holder, Role::Practitioner));
		Ok(())
	}

	#[benchmark]
	fn renew_credential() -> Result<(), BenchmarkError> {
		let (_, _, holder) = practitioner::<T>()?;
		let origin = registrar::<T>()?;
		let until = valid_until::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, holder.clone(), Role::Practitioner, until);
		assert_eq!(CredentialOf::<T>::get(&holder, Role::Practitioner).map(|c| c.valid_until), Some(until));
		Ok(())
	}

	#[benchmark]
	fn suspend_credential() -> Result<(), BenchmarkError> {
		let (_, _, holder) = practitioner::<T>()?;
		let origin = registrar::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, holder.clone(), Role::Practitioner, CredentialActionReason::Investigation);
		assert!(!Pallet::<T>::is_active(&holder, Role::Practitioner));
		Ok(())
	}

	#[benchmark]
	fn reinstate_credential() -> Result<(), BenchmarkError> {
		let (_, _, holder) = practitioner::<T>()?;
		Pallet::<T>::suspend_credential(
			registrar::<T>()?,
			holder.clone(),
			Role::Practitioner,
			CredentialActionReason::Investigation,
		)?;
		let origin = registrar::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, holder.clone(), Role::Practitioner);
		assert!(Pallet::<T>::is_active(&holder, Role::Practitioner));
		Ok(())
	}

	#[benchmark]
	fn revoke_credential() -> Result<(), BenchmarkError> {
		let (_, _, holder) = practitioner::<T>()?;
		let origin = registrar::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, holder.clone(), Role::Practitioner, CredentialActionReason::AccessAbuse);
		assert!(!CredentialOf::<T>::contains_key(&holder, Role::Practitioner));
		Ok(())
	}

	#[benchmark]
	fn add_staff() -> Result<(), BenchmarkError> {
		let (id, admin) = organization_of::<T>(signer::<T>())?;
		let holder: T::AccountId = account("holder", 0, SEED);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(admin),
			id,
			holder.clone(),
			Role::Practitioner,
			H256::repeat_byte(1),
			longest_jurisdiction(),
			valid_until::<T>(),
		);
		assert!(CredentialOf::<T>::contains_key(&holder, Role::Practitioner));
		Ok(())
	}

	#[benchmark]
	fn remove_staff() -> Result<(), BenchmarkError> {
		let (_, admin, holder) = practitioner::<T>()?;
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), holder.clone(), Role::Practitioner);
		assert!(!CredentialOf::<T>::contains_key(&holder, Role::Practitioner));
		Ok(())
	}

	#[benchmark]
	fn rotate_account() -> Result<(), BenchmarkError> {
		let (id, _) = organization::<T>()?;
		let old = signer::<T>();
		let new: T::AccountId = account("holder", 1, SEED);
		for role in Role::ALL {
			credential::<T>(id, &old, *role)?;
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(old.clone()), new.clone());
		assert!(Role::ALL.iter().all(|role| CredentialOf::<T>::contains_key(&new, role)));
		Ok(())
	}

	#[benchmark]
	fn remove_lapsed_credential() -> Result<(), BenchmarkError> {
		let (id, _, holder) = practitioner::<T>()?;
		Pallet::<T>::revoke_organization(registrar::<T>()?, id, CredentialActionReason::LicenceWithdrawn)?;
		let caller = signer::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), holder.clone(), Role::Practitioner);
		assert!(!CredentialOf::<T>::contains_key(&holder, Role::Practitioner));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
