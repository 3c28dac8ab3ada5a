//! The monthly round report: per asset, the proven net liabilities (equity −
//! debt, from a verified liabilities bundle), the verified reserves (from a
//! checked reserve file, optionally re-read on chain), the reserve ratio, and
//! what could not be verified; an insurance fund shown apart and never
//! counted; and each asset's ratio over past rounds.
//!
//! [`report::build`] does exact arithmetic and rendering only, over a
//! statement whose proof the caller verified; [`job::produce`] is the whole
//! use case, from the files on disk to the written report, verification
//! included.
#![forbid(unsafe_code)]

/// The demo's reserve file, not for production reports.
#[cfg(feature = "demo")]
pub mod demo;
/// The store rounds are recorded in (its own crate: screening keeps its
/// snapshots there too).
pub use solvent_history as history;
pub mod html;
pub mod insurance;
#[cfg(feature = "job")]
pub mod job;
pub mod ratio;
pub mod report;

pub use report::{
    build, AssetLine, Coverage, Inputs, Report, ReportError, UsdTotals, REPORT_FORMAT,
};
