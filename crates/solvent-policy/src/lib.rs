//! Account-safety policies over the exchange's own exports: small,
//! explainable rules whose every decision names the rule behind it, for
//! the monthly security report.
//!
//! [`keys`]: API-key hygiene, which keys to purge or restrict and why.
//! [`cooling_off`]: rookie protection, which orders a cooling-off denies.
#![forbid(unsafe_code)]

pub mod cooling_off;
pub mod keys;
