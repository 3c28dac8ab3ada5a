//! The monthly round report: per asset, the proven net liabilities (equity −
//! debt, from a verified liabilities bundle), the verified reserves (from a
//! checked reserve file, optionally re-read on chain), the reserve ratio, and
//! what could not be verified; an insurance fund shown apart and never
//! counted; and each asset's ratio over past rounds.
//!
//! This crate does no verification itself: callers pass it a statement whose
//! proof they verified and a reserve report, and it does exact arithmetic and
//! rendering only.
#![forbid(unsafe_code)]

pub mod history;
pub mod html;
pub mod insurance;
pub mod ratio;
pub mod report;

pub use report::{build, AssetLine, Inputs, Report, ReportError, REPORT_FORMAT};
