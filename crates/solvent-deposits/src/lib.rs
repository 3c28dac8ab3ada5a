//! Wrong-deposit triage. A user reports a deposit that did not arrive; from
//! the report (network, destination, token contract, memo) and what the
//! exchange controls (its networks and tokens, its deposit addresses), say
//! which mistake it was and whether the exchange can recover the funds,
//! and what recovery needs.
//!
//! Addresses are compared by what they name, through solvent-reserves'
//! decoders: an EVM address is one account on every EVM network, a legacy
//! Bitcoin address is also a Bitcoin Cash one. That is what makes "sent on
//! another network to the same address" decidable.
//!
//! [`address`]: addresses compared across the chains one key controls.
//! [`config`]: the exchange's networks and tokens. [`book`]: its deposit
//! addresses, streamed. [`report`]: a user's report. [`triage`]: the
//! cases and the rules. [`check`]: a batch of reports, with counts.
#![forbid(unsafe_code)]

pub mod address;
pub mod book;
pub mod check;
pub mod config;
pub mod report;
pub mod triage;

pub use check::{check, Check, CheckError};
pub use config::{Config, ConfigError};
pub use report::{Report, ReportError};
pub use triage::{Case, Recovery, Triage};
