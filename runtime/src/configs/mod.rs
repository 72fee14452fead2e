//! `Config` implementations, one module per concern.
//!
//! Policy numbers that governance tunes are runtime parameters, in [`parameters`].

pub mod claims;
pub mod collation;
pub mod credentials;
pub mod governance;
pub mod monetary;
pub mod parameters;
pub mod consent;
pub mod emergency;
pub mod records;
pub mod system;
pub mod utility;
pub mod xcm;
