//! The solvent prover: snapshot in, bundle out.
//!
//! Accounts stream from the snapshot reader into batches; each batch is proven
//! as soon as it is full and folded into a binary counter of aggregation
//! proofs, so memory holds one batch plus one proof per tree level whatever the
//! number of accounts. Inclusion data is appended to disk as it is produced.
#![forbid(unsafe_code)]

pub mod bundle;
pub mod checkpoint;
mod circuits;
pub mod error;
mod extsort;
pub mod inclusion;
pub mod pipeline;
pub mod plan;
pub mod store;
/// Demo and benchmark data, not for production rounds.
#[cfg(feature = "demo")]
pub mod synthetic;
pub mod units;

pub use circuits::{CircuitCache, Circuits};
pub use error::ProveError;
pub use pipeline::{prove_round, Progress, ProveOptions, ProveReport};
