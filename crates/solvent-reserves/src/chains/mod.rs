//! One module per chain family, each proving ownership its own way behind
//! one trait, [`OwnershipScheme`]; [`crate::network`] maps a row's network
//! name to its family.

pub mod bitcoin;
pub mod cashaddr;
pub mod ed25519;
pub mod eos;
pub mod evm;
pub mod okx_header;
mod secp;
pub mod stellar;
pub mod ton;
pub mod tron;
pub mod xrp;

use crate::file::ReserveRow;
use crate::{RowOutcome, Status};

/// How a chain family proves that the exchange controls a listed address:
/// the row's message, signatures and key or script, checked offline.
pub trait OwnershipScheme {
    /// The row's outcome (its message is known to be non-empty). Never
    /// panics, whatever the row holds.
    fn verify(&self, row: &ReserveRow) -> RowOutcome;
}

/// The row's one signature, for single-key schemes.
pub(crate) fn single_signature(row: &ReserveRow) -> Result<&str, Status> {
    match row.signatures.as_slice() {
        [] => Err(Status::Failed("no signature".into())),
        [one] => Ok(one),
        many => Err(Status::Failed(format!(
            "{} signatures for a single-key address",
            many.len()
        ))),
    }
}

/// A single-key scheme's outcome: `check` on the row's one signature.
pub(crate) fn with_single_signature(
    row: &ReserveRow,
    check: impl FnOnce(&str) -> Status,
) -> RowOutcome {
    match single_signature(row) {
        Ok(sig) => check(sig),
        Err(status) => status,
    }
    .into()
}
