//! Scam-token ("pixiu") detection by simulating real trades.
//!
//! A token is judged by what its own code does, not by its name: the
//! state at a pinned block is read from an EVM node ([`Fork`]) and the
//! trades run locally in revm, so a check costs a few RPC reads and sends
//! no transaction. [`check`] buys the token through its Uniswap-V2-style
//! router with the native coin, moves it to a second fresh account and
//! sells it back there, for several buyers and sizes, and measures the
//! taxes from balances; a sell or transfer that reverts is a honeypot.
//! Every verdict ([`TokenVerdict`]) carries its evidence, and a check that
//! cannot conclude is UNKNOWN with the reason, never reported as safe.
#![forbid(unsafe_code)]

mod abi;
mod error;
mod fork;
mod sim;
mod verdict;

pub use alloy::primitives as alloy_primitives;
pub use error::TokenError;
pub use fork::Fork;
pub use sim::{check, CheckOptions};
pub use verdict::{Finding, FindingKind, TokenReport, TokenVerdict, Trade, UnknownReason};
