//! What a check says, and the evidence behind it.

use alloy::primitives::{Address, Bytes, U256};
use serde::{Deserialize, Serialize};

/// The verdict on one token, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TokenVerdict {
    /// Bought but cannot be sold or moved, or sold at a tax of 50% or more.
    Honeypot,
    /// Trades, but at a tax above 10%, buying reverts, large sells revert,
    /// or its owner can mint, blacklist, pause or swap its code.
    HighRisk,
    /// Trades, with a tax (a fee-on-transfer token shows its fee here), a
    /// limit per transaction or wallet, an owner who can change fees or
    /// limits, or a pool one account can withdraw.
    Caution,
    /// Every simulated trade went through at no tax beyond the pool's.
    NoIssuesFound,
    /// The check could not conclude (the reason says why): never safe.
    Unknown,
}

impl TokenVerdict {
    /// Every verdict, worst first.
    pub const ALL: [TokenVerdict; 5] = [
        TokenVerdict::Honeypot,
        TokenVerdict::HighRisk,
        TokenVerdict::Caution,
        TokenVerdict::NoIssuesFound,
        TokenVerdict::Unknown,
    ];

    /// The verdict as JSON spells it.
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

/// What a check saw that makes the verdict: a trade, a probe of the
/// token's limits, a function its owner holds, or who holds the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    BuyReverted,
    TransferReverted,
    SellReverted,
    BuyTax,
    TransferTax,
    SellTax,
    /// A buy reverts above a size that smaller buys into one wallet pass.
    MaxTransaction,
    /// Buys into one wallet revert once it holds a certain amount.
    MaxWallet,
    /// Selling everything reverts, a tenth of it passes.
    SellLimit,
    /// The owner's own buy and sell pass where a holder's sell did not.
    OwnerOnlySell,
    /// An owner function, found in the code (see `owner_functions`).
    OwnerCanMint,
    OwnerCanBlacklist,
    OwnerCanPause,
    OwnerCanSetFees,
    OwnerCanSetLimits,
    /// An EIP-1967 proxy whose implementation someone can still swap.
    Upgradeable,
    /// One account (not a contract, not burnt) holds most of the pool.
    LiquidityHeld,
    /// The pool's holders could not be read (the verdict does not count it).
    LiquidityUnknown,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The trading round (0-based) it was seen in; none for what the code
    /// and the pool show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub round: Option<usize>,
    /// The tax, for the tax findings (basis points).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax_bps: Option<u32>,
    /// The revert data, for the revert findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert_data: Option<Bytes>,
    /// The revert reason, where the data is `Error(string)` or a panic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert_reason: Option<String>,
    /// What was seen, for a reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[cfg(feature = "sim")]
impl Finding {
    pub(crate) fn new(kind: FindingKind) -> Self {
        Finding {
            kind,
            round: None,
            tax_bps: None,
            revert_data: None,
            revert_reason: None,
            detail: None,
        }
    }

    pub(crate) fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// What an owner function can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    Mint,
    Blacklist,
    Pause,
    SetFees,
    SetLimits,
    Upgrade,
}

/// Who a simulated call of an owner function let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Access {
    /// A stranger's call reverted and the owner's passed.
    OwnerOnly,
    /// A stranger's call passed.
    Anyone,
    /// Both reverted (arguments the function refuses, or a role other
    /// than `owner()`): counted as the owner's.
    Unconfirmed,
    /// Ownership is renounced and a stranger's call reverted.
    Nobody,
}

/// A function found in the token's code (or its implementation's) that
/// changes who can hold, trade or mint it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerFunction {
    pub capability: Capability,
    pub signature: String,
    pub access: Access,
}

/// The token's `owner()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ownership {
    pub owner: Address,
    /// The owner is the zero address or 0x…dEaD.
    pub renounced: bool,
}

/// An EIP-1967 proxy: the code that runs is the implementation's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proxy {
    pub implementation: Address,
    /// The admin slot: who can swap the implementation (none for a UUPS
    /// proxy, where the implementation's own owner can).
    pub admin: Option<Address>,
    pub beacon: Option<Address>,
}

/// Who holds the pool's liquidity tokens: who can withdraw the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Liquidity {
    pub total_supply: U256,
    /// Held by the zero address or 0x…dEaD: never withdrawn.
    pub burnt_bps: u32,
    /// Held by contracts (lockers, the pair itself, multisigs).
    pub contracts_bps: u32,
    /// Held by accounts without code.
    pub accounts_bps: u32,
    /// The largest account holder and its share.
    pub largest_account: Option<Holder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holder {
    pub address: Address,
    pub share_bps: u32,
}

/// One checked token: the JSON Lines record of `solvent token check`.
#[derive(Debug, Clone, Serialize)]
pub struct TokenReport {
    pub token: Address,
    pub router: Address,
    pub pair: Option<Address>,
    pub block: u64,
    /// The pinned block's time (Unix seconds): the month the check counts
    /// in.
    pub block_time: u64,
    pub verdict: TokenVerdict,
    /// Why UNKNOWN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The token's owner, where it has an `owner()`.
    pub ownership: Option<Ownership>,
    pub proxy: Option<Proxy>,
    pub owner_functions: Vec<OwnerFunction>,
    pub liquidity: Option<Liquidity>,
    pub trades: Vec<Trade>,
    pub findings: Vec<Finding>,
}

/// The label JSON gives a finding, for text output.
impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_json_names() {
        for v in TokenVerdict::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), v.label());
        }
    }
}
