//! `Config` implementations, one module per concern.
//!
//! Policy numbers that governance will tune live beside the pallet that reads them, as
//! `parameter_types!`; the governance issue moves them into `pallet-parameters`.

pub mod collation;
pub mod credentials;
pub mod governance;
pub mod monetary;
pub mod system;
pub mod utility;
pub mod xcm;
