//! The solvent data model: assets, exact fixed-point amounts, streamed account
//! snapshots, and the wire formats of a round: its statement, its bundle and
//! users' inclusion proofs.
//!
//! Everything here is pure data handling with no cryptography, so that the
//! parsers can be fuzzed and property-tested in isolation and reused by both
//! the prover and the (prover-independent) verifier.
#![forbid(unsafe_code)]

pub mod amount;
pub mod asset;
pub mod bundle;
pub mod columns;
pub mod day;
pub mod decimal;
pub mod error;
pub mod inclusion;
pub mod limits;
pub mod listing;
pub mod month;
pub mod snapshot;
pub mod statement;

pub use amount::{format_amount, parse_amount, parse_decimal_u128, AmountError};
pub use asset::{Asset, AssetTable, Price};
pub use bundle::{Bundle, BundleError};
pub use day::{Day, DayError, Timestamp, TimestampError};
pub use decimal::{Decimal, DecimalError};
pub use error::{InputError, Location};
pub use inclusion::{InclusionBalance, InclusionProof};
pub use month::{Month, MonthError};
pub use snapshot::{Account, AccountReader, Holding, SnapshotFormat};
pub use statement::{AssetStatement, Parameters, Statement};
