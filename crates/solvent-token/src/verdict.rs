//! What a check says, and the evidence behind it.

use alloy::primitives::{Address, Bytes, U256};
use serde::Serialize;

/// The verdict on one token, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenVerdict {
    /// Bought but cannot be sold or moved, or sold at a tax of 50% or more.
    Honeypot,
    /// Trades, but at a tax above 10%, or buying reverts.
    HighRisk,
    /// Trades, with a tax (a fee-on-transfer token shows its fee here).
    Caution,
    /// Every simulated trade went through at no tax beyond the pool's.
    NoIssuesFound,
    /// The check could not conclude (the reason says why): never safe.
    Unknown,
}

impl TokenVerdict {
    pub fn label(self) -> &'static str {
        match self {
            TokenVerdict::Honeypot => "HONEYPOT",
            TokenVerdict::HighRisk => "HIGH_RISK",
            TokenVerdict::Caution => "CAUTION",
            TokenVerdict::NoIssuesFound => "NO_ISSUES_FOUND",
            TokenVerdict::Unknown => "UNKNOWN",
        }
    }
}

impl Serialize for TokenVerdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// Why a check is UNKNOWN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownReason {
    #[error("no code at the token's address (never deployed, or self-destructed)")]
    NoCode,
    #[error("no pair of the token with the router's wrapped native coin")]
    NoPair,
    #[error("the router does not answer as a Uniswap V2 router: {0}")]
    Router(String),
    #[error("the node failed during the check: {0}")]
    Rpc(String),
    #[error("the simulation cannot run: {0}")]
    Evm(String),
}

/// One simulated round: a fresh buyer buys, moves half to a fresh
/// receiver, and the receiver sells all it got. Taxes are in basis points,
/// measured from balances against what the pool quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trade {
    pub buyer: Address,
    pub receiver: Address,
    /// Native coin spent on the buy, in wei.
    pub amount_in: U256,
    /// Tokens the buyer received (none when the buy reverted).
    pub bought: Option<U256>,
    pub buy_tax_bps: Option<u32>,
    pub transfer_tax_bps: Option<u32>,
    pub sell_tax_bps: Option<u32>,
}

/// What a call did that makes the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    BuyReverted,
    TransferReverted,
    SellReverted,
    BuyTax,
    TransferTax,
    SellTax,
}

impl FindingKind {
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::BuyReverted => "buy_reverted",
            FindingKind::TransferReverted => "transfer_reverted",
            FindingKind::SellReverted => "sell_reverted",
            FindingKind::BuyTax => "buy_tax",
            FindingKind::TransferTax => "transfer_tax",
            FindingKind::SellTax => "sell_tax",
        }
    }
}

impl Serialize for FindingKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The round (0-based) it was seen in.
    pub round: usize,
    /// The tax, for the tax findings (basis points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_bps: Option<u32>,
    /// The revert data, for the revert findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert_data: Option<Bytes>,
    /// The revert reason, where the data is `Error(string)` or a panic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert_reason: Option<String>,
}

/// One checked token: the JSON Lines record of `solvent token check`.
#[derive(Debug, Clone, Serialize)]
pub struct TokenReport {
    pub token: Address,
    pub router: Address,
    pub pair: Option<Address>,
    pub block: u64,
    pub verdict: TokenVerdict,
    /// Why UNKNOWN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub trades: Vec<Trade>,
    pub findings: Vec<Finding>,
}
