//! Verifies that an exchange controls its published reserve addresses: each
//! row's signed message is checked offline against the address, and every row
//! ends VERIFIED, FAILED (with the reason) or UNVERIFIED (with the reason),
//! never a silent pass. No C dependencies, so it also builds for WASM.
//!
//! [`network`] maps a row's network name to its chain [`network::Family`];
//! each family's ownership scheme lives in [`chains`]: Bitcoin-style signed
//! messages with single-key and m-of-n multisig scripts, EVM `personal_sign`,
//! TRON, ed25519 chains, EOS and the secp256k1 chains signed with OKX's
//! header. [`address`] reduces an address to one key whatever its spelling,
//! for screening lists. [`file`] reads solvent's and OKX's reserve files, [`check`]
//! verifies and totals them.
#![forbid(unsafe_code)]

pub mod address;
pub mod chains;
pub mod check;
mod encoding;
pub mod error;
pub mod file;
pub mod network;
/// Signed example data (fixed keys), for the demo, docs and tests only.
#[cfg(any(test, feature = "demo"))]
pub mod sample;
mod status;

pub use status::{RowOutcome, RowStatus, Status, SummaryStatus};
