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

#[cfg(feature = "sim")]
mod abi;
pub mod bytecode;
#[cfg(feature = "sim")]
mod check;
#[cfg(feature = "sim")]
mod error;
#[cfg(feature = "sim")]
mod fork;
#[cfg(feature = "sim")]
mod liquidity;
#[cfg(feature = "sim")]
mod signals;
#[cfg(feature = "sim")]
mod sim;
pub mod stats;
#[cfg(feature = "sim")]
mod trades;
mod verdict;

pub use alloy::primitives as alloy_primitives;
#[cfg(feature = "sim")]
pub use check::{check, CheckOptions};
#[cfg(feature = "sim")]
pub use error::TokenError;
#[cfg(feature = "sim")]
pub use fork::Fork;
pub use verdict::{
    Access, Capability, Finding, FindingKind, Holder, Liquidity, OwnerFunction, Ownership, Proxy,
    TokenReport, TokenVerdict, Trade, UnknownReason,
};
