//! The report's sections and their figures, in the page's order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A section: REPORTED with its figures, or NOT_REPORTED with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status")]
pub enum Section<T> {
    #[serde(rename = "REPORTED")]
    Reported(T),
    #[serde(rename = "NOT_REPORTED")]
    NotReported { reason: String },
}

impl<T> Section<T> {
    pub fn not_given(option: &str) -> Section<T> {
        Section::NotReported {
            reason: format!("not reported: no {option} file was given"),
        }
    }

    pub fn figures(&self) -> Option<&T> {
        match self {
            Section::Reported(t) => Some(t),
            Section::NotReported { .. } => None,
        }
    }
}

/// Proof of reserves, from the round report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofOfReserves {
    pub source: String,
    pub round: String,
    pub proof_verified: bool,
    pub accounts: u64,
    pub root: String,
    pub assets: Vec<PorAsset>,
    /// The USD totals over the round's assets.
    pub usd: solvent_report::UsdTotals,
    pub reserve_rows_verified: u64,
    pub reserve_rows_not_counted: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PorAsset {
    pub asset: String,
    /// Users' net holdings (equity minus debt).
    pub net_liabilities: String,
    pub reserves_verified: String,
    pub ratio_percent: Option<String>,
    pub status: String,
    pub net_liabilities_usd: String,
    pub reserves_verified_usd: String,
}

/// One fund (safety or risk provision), from the funds ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundFigures {
    pub source: String,
    /// `SEQ:HASH` of the ledger's last entry up to the month's end: what
    /// `solvent funds verify --anchor` checks a later ledger against.
    pub ledger_head: Option<String>,
    pub as_of: String,
    pub assets: Vec<FundAsset>,
    /// The fund in USD at the round's prices, where `--por` was given and
    /// priced every asset.
    pub total_usd: Option<String>,
    /// Month-end balances over the last twelve months (oldest first).
    pub months: Vec<FundMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundAsset {
    pub asset: String,
    pub balance: String,
    /// Moved in and out during the month.
    pub inflows: String,
    pub outflows: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundMonth {
    pub month: String,
    pub balances: BTreeMap<String, String>,
    pub total_usd: Option<String>,
}

/// Phishing domains screened, from the screening figures' traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AntiPhishing {
    pub source: String,
    pub domains_screened: u64,
    pub blocked: u64,
    pub warned: u64,
    pub allowed: u64,
    pub by_rule: BTreeMap<String, u64>,
}

/// Blacklisted addresses, from the screening figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blacklists {
    pub source: String,
    pub listed_addresses: u64,
    pub sources: Vec<ListSource>,
    /// Against the previous month's lists, where recorded.
    pub previous_month: Option<String>,
    pub addresses_screened: Option<u64>,
    pub blocked: Option<u64>,
    pub warned: Option<u64>,
    pub blocked_by_source: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListSource {
    pub source: String,
    pub entries: u64,
    pub new: Option<u64>,
    pub removed: Option<u64>,
}

/// API-key hygiene, from the keys audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiSecurity {
    pub source: String,
    pub as_of: String,
    pub keys: u64,
    pub by_action: BTreeMap<String, u64>,
    pub by_rule: BTreeMap<String, u64>,
}

/// The cooling-off rules, from the replay's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RookieProtection {
    pub source: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub users: u64,
    pub orders: u64,
    pub denied: u64,
    pub denied_by_rule: BTreeMap<String, u64>,
    pub cooling_offs: u64,
    pub users_cooled_off: u64,
}

/// Deposits users reported lost, from the triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrongDeposit {
    pub source: String,
    pub reports: u64,
    pub by_case: BTreeMap<String, u64>,
    pub by_recovery: BTreeMap<String, u64>,
}

/// Tokens checked for scams, from the token figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FraudulentTokens {
    pub source: String,
    pub checks: u64,
    pub tokens: u64,
    pub flagged: u64,
    pub by_verdict: BTreeMap<String, u64>,
    pub by_finding: BTreeMap<String, u64>,
}

/// Every section, in the page's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sections {
    pub proof_of_reserves: Section<ProofOfReserves>,
    pub safety_fund: Section<FundFigures>,
    pub anti_phishing: Section<AntiPhishing>,
    pub risk_provision_fund: Section<FundFigures>,
    pub api_security: Section<ApiSecurity>,
    pub rookie_protection: Section<RookieProtection>,
    pub wrong_deposit: Section<WrongDeposit>,
    pub fraudulent_tokens: Section<FraudulentTokens>,
    pub blacklists: Section<Blacklists>,
}

/// A month's counts as the history keeps them (the monthly charts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    AddressesBlocked,
    PhishingBlocked,
    KeysPurgedOrRestricted,
    OrdersDenied,
    WrongDeposits,
    TokensFlagged,
}

impl Count {
    pub const ALL: [Count; 6] = [
        Count::AddressesBlocked,
        Count::PhishingBlocked,
        Count::KeysPurgedOrRestricted,
        Count::OrdersDenied,
        Count::WrongDeposits,
        Count::TokensFlagged,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Count::AddressesBlocked => "addresses_blocked",
            Count::PhishingBlocked => "phishing_blocked",
            Count::KeysPurgedOrRestricted => "keys_purged_or_restricted",
            Count::OrdersDenied => "orders_denied",
            Count::WrongDeposits => "wrong_deposits",
            Count::TokensFlagged => "tokens_flagged",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Count::AddressesBlocked => "Addresses blocked",
            Count::PhishingBlocked => "Phishing domains blocked",
            Count::KeysPurgedOrRestricted => "API keys purged or restricted",
            Count::OrdersDenied => "Rookie orders denied",
            Count::WrongDeposits => "Wrong deposits triaged",
            Count::TokensFlagged => "Tokens flagged",
        }
    }
}

impl Sections {
    /// This month's counts, for the history: only sections reported.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        let mut put = |c: Count, n: Option<u64>| {
            if let Some(n) = n {
                out.insert(c.key().to_owned(), n);
            }
        };
        put(
            Count::AddressesBlocked,
            self.blacklists.figures().and_then(|b| b.blocked),
        );
        put(
            Count::PhishingBlocked,
            self.anti_phishing.figures().map(|a| a.blocked),
        );
        put(
            Count::KeysPurgedOrRestricted,
            self.api_security.figures().map(|a| {
                ["PURGE", "RESTRICT"]
                    .iter()
                    .map(|k| a.by_action.get(*k).copied().unwrap_or(0))
                    .sum()
            }),
        );
        put(
            Count::OrdersDenied,
            self.rookie_protection.figures().map(|r| r.denied),
        );
        put(
            Count::WrongDeposits,
            self.wrong_deposit
                .figures()
                .map(|w| w.reports - w.by_case.get("NO_MISTAKE").copied().unwrap_or(0)),
        );
        put(
            Count::TokensFlagged,
            self.fraudulent_tokens.figures().map(|t| t.flagged),
        );
        out
    }
}
