//! Verifies a solvent round: the final proof against `statement.json` and a
//! verifier key whose digest this verifier trusts on its own: from its pinned
//! table ([`pinned`]), or rebuilt from its circuits on request. Never a digest
//! the exchange supplies.
//!
//! This crate depends on the circuit definitions but never on the prover.
#![forbid(unsafe_code)]

mod error;
mod global;
pub mod inclusion;
pub mod pinned;
mod pinned_keys;
pub mod view;

pub use global::{
    shape_of, trusted_key_digest, verify_bundle, verify_global, AssetTotals, KeySource, Verified,
    VerifyError,
};
pub use inclusion::{verify_inclusion, IncludedAccount, InclusionError};
pub use view::{AssetView, IncludedView, VerifiedView};

/// Verifies the global proof and a user's inclusion proof together: what a
/// user needs to trust that their balances are counted in the proven totals.
pub fn verify_user(
    statement: &solvent_model::Statement,
    proof: &[u8],
    key_bytes: &[u8],
    source: KeySource,
    inclusion: &solvent_model::InclusionProof,
) -> Result<(Verified, IncludedAccount), UserVerifyError> {
    let global = verify_bundle(statement, proof, key_bytes, source)?;
    let account = verify_inclusion(statement, inclusion)?;
    Ok((global, account))
}

/// Either half of [`verify_user`] failed.
#[derive(Debug, thiserror::Error)]
pub enum UserVerifyError {
    #[error("the global proof is invalid: {0}")]
    Global(#[from] VerifyError),
    #[error("the inclusion proof is invalid: {0}")]
    Inclusion(#[from] InclusionError),
}
