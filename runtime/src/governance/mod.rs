//! How the consortium governs the chain.
//!
//! Members of the ranked collective (`RankedCollective`, one member one vote) submit referenda to
//! `RankedPolls` (pallet-referenda) on one of the [`tracks`]. A referendum that passes is
//! scheduled (pallet-scheduler) and enacted with its track's origin from [`origins`]; its call
//! is stored as a preimage (pallet-preimage, deposit held). The pallet configs are in
//! `configs::governance` and `configs::parameters`; docs/governance.md is the members' guide.

pub mod origins;
pub mod tracks;
