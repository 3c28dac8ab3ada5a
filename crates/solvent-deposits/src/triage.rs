//! The cases of a wrong deposit and the rules that tell them apart, checked
//! in this order:
//! 1. the network or an address cannot be read (`UNKNOWN_NETWORK`,
//!    `INVALID_ADDRESS`);
//! 2. the destination is a token's contract (`SENT_TO_TOKEN_CONTRACT`);
//! 3. the destination is the exchange's on the network used: on a memo
//!    network the memo must name an account (`MISSING_MEMO`,
//!    `WRONG_MEMO`), the token must be listed there (`UNSUPPORTED_TOKEN`)
//!    and the address must be one for that asset (`WRONG_ASSET_ADDRESS`),
//!    else `NO_MISTAKE`;
//! 4. the destination is the exchange's on another network
//!    (`WRONG_NETWORK`);
//! 5. else `NOT_EXCHANGE_ADDRESS`.

use serde::Serialize;
use solvent_reserves::address::AddressKey;
use solvent_reserves::error::DecodeError;
use solvent_reserves::network::Family;

use crate::address::key;
use crate::book::{Custody, Row};
use crate::config::{Config, Network};
use crate::report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Case {
    NoMistake,
    WrongNetwork,
    MissingMemo,
    WrongMemo,
    SentToTokenContract,
    UnsupportedToken,
    WrongAssetAddress,
    NotExchangeAddress,
    InvalidAddress,
    UnknownNetwork,
}

impl Case {
    pub const ALL: [Case; 10] = [
        Case::NoMistake,
        Case::WrongNetwork,
        Case::MissingMemo,
        Case::WrongMemo,
        Case::SentToTokenContract,
        Case::UnsupportedToken,
        Case::WrongAssetAddress,
        Case::NotExchangeAddress,
        Case::InvalidAddress,
        Case::UnknownNetwork,
    ];
}

/// Whether the exchange can get the funds back to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Recovery {
    /// The funds are where the exchange can move them.
    Feasible,
    /// Not by the exchange.
    NotFeasible,
    /// Nothing went wrong.
    NotNeeded,
    /// The report cannot be read well enough to say.
    Undecided,
}

impl Recovery {
    pub const ALL: [Recovery; 4] = [
        Recovery::Feasible,
        Recovery::NotFeasible,
        Recovery::NotNeeded,
        Recovery::Undecided,
    ];
}

/// The labels JSON gives them, for text output.
impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

/// The verdict on one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Triage {
    pub case: Case,
    pub recovery: Recovery,
    pub reason: String,
    /// What recovery needs, step by step.
    pub needs: Vec<String>,
    /// The deposited asset, where the token or coin is known.
    pub asset: Option<String>,
    /// The exchange's network the destination belongs to, where it is not
    /// the one the deposit was sent on.
    pub found_on: Option<String>,
}

/// The exchange's deposit addresses that the report's destination may be:
/// those on the network it was sent on, and those elsewhere.
#[derive(Debug, Default)]
pub struct Found<'b> {
    pub here: Vec<&'b Row>,
    /// The destination is a deposit address on the network it was sent
    /// on (even where no row with the report's memo was kept).
    pub here_any: bool,
    pub elsewhere: Vec<&'b Row>,
}

fn verdict(case: Case, recovery: Recovery, reason: String, needs: &[&str]) -> Triage {
    Triage {
        case,
        recovery,
        reason,
        needs: needs.iter().map(|s| s.to_string()).collect(),
        asset: None,
        found_on: None,
    }
}

/// The report's family and keys, or the verdict that it cannot be read.
pub struct Decoded {
    pub family: Family,
    pub to: AddressKey,
    pub token: Option<AddressKey>,
}

pub fn decode(report: &Report) -> Result<Decoded, Triage> {
    let family = Family::of(&report.network).ok_or_else(|| {
        verdict(
            Case::UnknownNetwork,
            Recovery::Undecided,
            format!(
                "no chain family is known for the network `{}`",
                report.network
            ),
            &["the network the deposit was sent on, as a block explorer names it"],
        )
    })?;
    let invalid = |what: &str, e: DecodeError| {
        verdict(
            Case::InvalidAddress,
            Recovery::Undecided,
            format!("the {what} is not an address on {}: {e}", report.network),
            &["the destination and token contract exactly as the sending wallet shows them"],
        )
    };
    let to = key(family, &report.to).map_err(|e| invalid("destination", e))?;
    let token = match &report.token {
        Some(t) => Some(key(family, t).map_err(|e| invalid("token contract", e))?),
        None => None,
    };
    Ok(Decoded { family, to, token })
}

/// The verdict on a decoded report, given the deposit addresses found.
pub fn triage(report: &Report, decoded: &Decoded, config: &Config, found: &Found<'_>) -> Triage {
    let network = report.network.trim().to_ascii_uppercase();
    if let Some((on, symbol, _)) = config
        .contracts()
        .find(|(_, _, c)| **c == decoded.to)
        .map(|(n, s, c)| (n.name.as_str(), s, c))
        .or_else(|| {
            decoded
                .token
                .as_ref()
                .filter(|t| **t == decoded.to)
                .map(|t| (network.as_str(), "the token sent", t))
        })
    {
        return verdict(
            Case::SentToTokenContract,
            Recovery::NotFeasible,
            format!("the destination is the contract of {symbol} (on {on}), not a deposit address"),
            &[
                "tokens held by a token's own contract move only by that contract's code: only its issuer can return them, where the contract has a rescue function",
            ],
        );
    }
    if found.here_any {
        let here = config
            .network(&network)
            .expect("rows are on the exchange's networks");
        return on_this_network(report, decoded, here, &found.here);
    }
    if let Some(row) = found.elsewhere.first() {
        return wrong_network(report, config, row);
    }
    verdict(
        Case::NotExchangeAddress,
        Recovery::NotFeasible,
        format!(
            "{} is none of the exchange's deposit addresses, on {network} or any other network",
            report.to.trim()
        ),
        &["the funds went to an address the exchange does not control: only its owner can return them"],
    )
}

fn on_this_network(report: &Report, decoded: &Decoded, here: &Network, rows: &[&Row]) -> Triage {
    let memo = report.memo.as_deref().map(str::trim).unwrap_or("");
    let rows: Vec<&Row> = if here.memo {
        rows.iter().copied().filter(|r| r.memo == memo).collect()
    } else {
        rows.to_vec()
    };
    let manual = [
        "the transaction hash, and proof that the user made it (a message signed by the sending address)",
        "a manual credit by support from the exchange's own address",
    ];
    if rows.is_empty() {
        let (case, reason) = if memo.is_empty() {
            (
                Case::MissingMemo,
                format!("{} deposits share addresses and need a memo (tag) naming the account; none was given", here.name),
            )
        } else {
            (
                Case::WrongMemo,
                format!(
                    "the memo `{memo}` names no account at this {} address",
                    here.name
                ),
            )
        };
        return verdict(case, Recovery::Feasible, reason, &manual);
    }
    let asset = match &decoded.token {
        None => here.native.clone(),
        Some(contract) => match here.token(contract) {
            Some(symbol) => symbol.to_owned(),
            None => {
                let (recovery, needs): (Recovery, &[&str]) = if rows
                    .iter()
                    .any(|r| r.custody == Custody::Key)
                {
                    (
                        Recovery::Feasible,
                        &[
                            "the exchange signs a transfer of the token from its address (it holds the key)",
                            "the network's native coin at that address for the fee",
                            "a return to the sender, or a credit once the token is listed",
                        ],
                    )
                } else {
                    (
                        Recovery::NotFeasible,
                        &["the deposit address is a contract wallet: recovery only where its code can sweep any token"],
                    )
                };
                let mut t = verdict(
                    Case::UnsupportedToken,
                    recovery,
                    format!(
                        "the token {} is not listed on {}",
                        report.token.as_deref().unwrap_or("").trim(),
                        here.name
                    ),
                    needs,
                );
                t.asset = None;
                return t;
            }
        },
    };
    let mut t = if rows.iter().any(|r| r.asset == asset || r.asset == "*") {
        verdict(
            Case::NoMistake,
            Recovery::NotNeeded,
            format!(
                "a deposit address for {asset} on {}{}",
                here.name,
                if here.memo {
                    ", with an account's memo"
                } else {
                    ""
                }
            ),
            &["nothing: the deposit is credited once confirmed"],
        )
    } else {
        let of: Vec<&str> = rows.iter().map(|r| r.asset.as_str()).collect();
        verdict(
            Case::WrongAssetAddress,
            Recovery::Feasible,
            format!("{asset} was sent to the exchange's {} deposit address for {}", here.name, of.join(", ")),
            &["a manual credit by support: the funds are at the exchange's own address on this network"],
        )
    };
    t.asset = Some(asset);
    t
}

fn wrong_network(report: &Report, config: &Config, row: &Row) -> Triage {
    let sent_on = report.network.trim().to_ascii_uppercase();
    let supported = config.network(&sent_on).is_some();
    let (recovery, mut needs) = match row.custody {
        Custody::Key => (
            Recovery::Feasible,
            vec![
                format!("the exchange signs on {sent_on} with the key of its {} address (one key, the same address on both)", row.network),
                format!("{sent_on}'s native coin at that address for the fee"),
            ],
        ),
        Custody::Contract => (
            Recovery::NotFeasible,
            vec![format!(
                "the {} address is a contract wallet, which exists only where it was deployed: recovery needs the same contract deployed at the same address on {sent_on}",
                row.network
            )],
        ),
    };
    if recovery == Recovery::Feasible && !supported {
        needs.push(format!(
            "a node for {sent_on}, a network the exchange does not support"
        ));
    }
    Triage {
        case: Case::WrongNetwork,
        recovery,
        reason: format!(
            "sent on {sent_on} to the exchange's {} deposit address{}",
            row.network,
            if supported {
                ""
            } else {
                ", on a network the exchange does not support"
            }
        ),
        needs,
        asset: None,
        found_on: Some(row.network.clone()),
    }
}
