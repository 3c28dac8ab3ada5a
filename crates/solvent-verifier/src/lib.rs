//! Verifies a solvent round: the final proof against `statement.json` and a
//! verifier key whose digest the caller trusts (published, or rebuilt from the
//! statement's parameters with [`rebuild_key_digest`]).
//!
//! This crate depends on the circuit definitions but never on the prover.
#![forbid(unsafe_code)]

mod global;
pub mod inclusion;

pub use global::{rebuild_key_digest, shape_of, verify_global, AssetTotals, Verified, VerifyError};
pub use inclusion::{verify_inclusion, IncludedAccount, InclusionError, InclusionProof};
