//! Rookie protection: a contract "cooling-off period" for new derivatives
//! traders. A stream of account events is replayed against the policy, and
//! every order gets ALLOW or DENY with the rule that fired.
//!
//! The rules, for an order that opens a derivatives position (spot orders
//! and reduce-only orders, which only close, are always allowed), checked
//! in this order, the first that fires deciding:
//! 1. `unknown_account`: the stream has not opened the account;
//! 2. `account_age`: the account is younger than `min_account_age_hours`;
//! 3. `loss_cooling_off`: for `cooling_off_hours` after the net realised
//!    loss over the last `loss_window_hours` went above
//!    `loss_threshold_percent` of the equity before it;
//! 4. `rookie_leverage`: leverage above `rookie_max_leverage` within
//!    `rookie_days` of the first derivatives order allowed.
//!
//! The decisions depend on the events alone, never on the clock: a replay
//! gives the same decisions, which is what lets a month's figures be
//! checked.

mod engine;
mod event;
mod policy;
mod replay;

pub use engine::{Counts, Decision, Engine, EngineError, Outcome, Rule, Verdict};
pub use event::{Event, EventError, Kind, Market, AMOUNT_SCALE, LEVERAGE_SCALE};
pub use policy::{Policy, PolicyError};
pub use replay::{replay, Decided, DecisionRecord, ReplayError, Stats, MAX_LINE};
