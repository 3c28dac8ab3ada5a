//! Builds the report from verified inputs.

use std::collections::{BTreeMap, HashMap};

use num_bigint::BigInt;
use serde::{Deserialize, Serialize};
use solvent_model::Decimal;
use solvent_model::{parse_decimal_u128, Statement};
use solvent_reserves::check::ReserveReport;
use solvent_reserves::RowStatus;

use crate::history::{HistoryEntry, HistoryPoint};
use crate::insurance::InsuranceEntry;
use crate::ratio::{
    format_base_units, format_cents, headline_usd, net_liability, usd_cents, Ratio, Rounding,
};

/// Identifies report.json's layout.
pub const REPORT_FORMAT: &str = "solvent-report-v1";

/// An on-chain balance re-read for one reserve row (by its line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowBalance {
    /// The balance at the snapshot block.
    Read(Decimal),
    /// Why it could not be read; the row then counts as unverified.
    Failed(String),
}

/// Everything the report is made of. The caller has verified `statement`'s
/// proof and produced `reserves` by checking the reserve file.
pub struct Inputs<'a> {
    pub statement: &'a Statement,
    pub reserves: &'a ReserveReport,
    pub reserves_file: String,
    /// On-chain balances by row line, when a balances config was given.
    pub balances: Option<&'a HashMap<u64, RowBalance>>,
    pub insurance: &'a [InsuranceEntry],
    /// Earlier rounds, oldest first (this round is added by [`build`]).
    pub history: &'a [HistoryEntry],
}

/// One asset's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetLine {
    pub asset: String,
    pub decimals: u32,
    pub total_equity: String,
    pub total_debt: String,
    /// Proven `total_equity - total_debt` (may be negative).
    pub net_liabilities: String,
    /// Sum of VERIFIED reserve rows mapped to this asset, as counted: the
    /// on-chain balance (capped at the published one) when balances were
    /// re-read, else the published balance.
    pub reserves_verified: String,
    /// The same rows' balances as the exchange published them, for the
    /// per-asset comparison with what was read on chain.
    pub reserves_published: String,
    /// Sum of UNVERIFIED rows (and rows whose on-chain balance could not be
    /// read); never counted in the ratio.
    pub reserves_unverified: String,
    /// Sum of FAILED rows; never counted.
    pub reserves_failed: String,
    /// `reserves_verified / net_liabilities` in percent, rounded down to
    /// 0.01%; `null` when nothing is owed (net ≤ 0).
    pub ratio_percent: Option<String>,
    pub status: Coverage,
    /// The statement's price.
    #[serde(default)]
    pub price_usd: String,
    /// `net_liabilities` at `price_usd`, in dollars with cents, rounded up.
    #[serde(default)]
    pub net_liabilities_usd: String,
    /// `reserves_verified` at `price_usd`, rounded down.
    #[serde(default)]
    pub reserves_verified_usd: String,
}

/// The round's assets together, at the statement's prices: the sums of the
/// asset lines' (rounded) dollar figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsdTotals {
    pub net_liabilities: String,
    pub reserves_verified: String,
    /// The headline form of `reserves_verified`: `USD 20.3 billion`.
    pub headline: String,
}

/// Whether an asset's verified reserves cover its net liabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Coverage {
    /// Ratio at least 100%.
    #[serde(rename = "COVERED")]
    Covered,
    #[serde(rename = "UNDER-RESERVED")]
    UnderReserved,
    /// Nothing is owed (net liabilities ≤ 0): no ratio.
    #[serde(rename = "NO NET LIABILITIES")]
    NoNetLiabilities,
}

impl Coverage {
    pub fn label(self) -> &'static str {
        match self {
            Coverage::Covered => "COVERED",
            Coverage::UnderReserved => "UNDER-RESERVED",
            Coverage::NoNetLiabilities => "NO NET LIABILITIES",
        }
    }
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Reserves of assets that have no liabilities in the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherReserve {
    pub asset: String,
    pub reserves_verified: String,
    pub reserves_unverified: String,
}

/// A reserve row that did not count, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncountedRow {
    pub line: u64,
    pub asset: String,
    pub network: String,
    pub address: String,
    pub amount: Option<String>,
    pub status: RowStatus,
    pub reason: String,
}

/// A row whose on-chain balance differs from the published one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceMismatch {
    pub line: u64,
    pub asset: String,
    pub address: String,
    pub published: String,
    pub on_chain: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiabilitiesSummary {
    pub root: String,
    pub leaf_count: u64,
    pub verifier_key_digest: String,
    pub proof_verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReservesSummary {
    pub file: String,
    pub layout: String,
    pub rows_verified: u64,
    pub rows_failed: u64,
    pub rows_unverified: u64,
    pub summary_mismatches: u64,
    /// Whether balances were re-read on chain (a balances config was given).
    pub balances_checked: bool,
    pub balance_mismatches: Vec<BalanceMismatch>,
}

/// report.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub format: String,
    pub round: String,
    pub liabilities: LiabilitiesSummary,
    pub reserves: ReservesSummary,
    pub assets: Vec<AssetLine>,
    /// Over the round's assets (not `other_reserves`, which have no price).
    #[serde(default)]
    pub usd: UsdTotals,
    pub other_reserves: Vec<OtherReserve>,
    pub uncounted_rows: Vec<UncountedRow>,
    /// Shown apart; never part of any ratio.
    pub insurance: Vec<InsuranceEntry>,
    /// Every recorded round (this one included), oldest first.
    pub history: Vec<HistoryEntry>,
}

/// The liability asset a reserve asset counts toward: the name itself when
/// the statement lists it, else the part before the first `-`
/// (`USDT-TRC20` → `USDT`). Case-insensitive.
pub fn liability_asset<'a>(reserve_asset: &str, symbols: &'a [String]) -> Option<&'a str> {
    let find = |name: &str| {
        symbols
            .iter()
            .find(|s| s.eq_ignore_ascii_case(name))
            .map(String::as_str)
    };
    find(reserve_asset).or_else(|| find(reserve_asset.split_once('-')?.0))
}

#[derive(Default)]
struct Sums {
    published: Decimal,
    verified: Decimal,
    unverified: Decimal,
    failed: Decimal,
}

/// Why a report cannot be built from its inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("statement field `{field}` of {asset}: {message}")]
    Statement {
        asset: String,
        field: &'static str,
        message: String,
    },
    #[error("the reserve total of {asset} overflows 128 bits")]
    Overflow { asset: String },
}

fn add(into: &mut Decimal, amount: Decimal, asset: &str) -> Result<(), ReportError> {
    *into = into
        .checked_add(amount)
        .ok_or_else(|| ReportError::Overflow {
            asset: asset.to_string(),
        })?;
    Ok(())
}

/// Builds the report. Errors only on malformed statement totals or overflow.
pub fn build(inputs: &Inputs<'_>) -> Result<Report, ReportError> {
    let statement = inputs.statement;
    let symbols: Vec<String> = statement.assets.iter().map(|a| a.symbol.clone()).collect();
    let mut sums: BTreeMap<String, Sums> = BTreeMap::new();
    let mut uncounted = Vec::new();
    let mut mismatches = Vec::new();
    for row in &inputs.reserves.rows {
        let published = row.amount;
        let key = liability_asset(&row.asset, &symbols)
            .map(str::to_string)
            .unwrap_or_else(|| row.asset.clone());
        let entry = sums.entry(key).or_default();
        let mut status = row.status;
        let mut reason = row.reason.clone();
        let mut amount = published;
        if let (Some(balances), RowStatus::Verified) = (inputs.balances, row.status) {
            match balances.get(&row.line) {
                Some(RowBalance::Read(on_chain)) => {
                    if published.is_some_and(|p| p != *on_chain) {
                        mismatches.push(BalanceMismatch {
                            line: row.line,
                            asset: row.asset.clone(),
                            address: row.address.clone(),
                            published: published.map(|p| p.to_string()).unwrap_or_default(),
                            on_chain: on_chain.to_string(),
                        });
                    }
                    // Count what is both claimed and on chain.
                    amount = Some(published.map_or(*on_chain, |p| p.min(*on_chain)));
                }
                Some(RowBalance::Failed(why)) => {
                    status = RowStatus::Unverified;
                    reason = Some(format!("on-chain balance not read: {why}"));
                }
                None => {
                    status = RowStatus::Unverified;
                    reason = Some("no balance source configured for this network".into());
                }
            }
        }
        if row.status == RowStatus::Verified {
            add(
                &mut entry.published,
                published.unwrap_or(Decimal::ZERO),
                &row.asset,
            )?;
        }
        let value = amount.unwrap_or(Decimal::ZERO);
        match status {
            RowStatus::Verified => add(&mut entry.verified, value, &row.asset)?,
            RowStatus::Failed => add(&mut entry.failed, value, &row.asset)?,
            RowStatus::Unverified => add(&mut entry.unverified, value, &row.asset)?,
        }
        if status != RowStatus::Verified {
            uncounted.push(UncountedRow {
                line: row.line,
                asset: row.asset.clone(),
                network: row.network.clone(),
                address: row.address.clone(),
                amount: amount.map(|a| a.to_string()),
                status,
                reason: reason.unwrap_or_default(),
            });
        }
    }

    let mut assets = Vec::with_capacity(statement.assets.len());
    let (mut total_net, mut total_reserves) = (BigInt::ZERO, BigInt::ZERO);
    for a in &statement.assets {
        let parse = |text: &str, field: &'static str| {
            parse_decimal_u128(text, a.decimals).map_err(|e| ReportError::Statement {
                asset: a.symbol.clone(),
                field,
                message: e.to_string(),
            })
        };
        let equity = parse(&a.total_equity, "total_equity")?;
        let debt = parse(&a.total_debt, "total_debt")?;
        let net: BigInt = net_liability(equity, debt);
        let s = sums.remove(&a.symbol).unwrap_or_default();
        let ratio = Ratio::of(s.verified, &net, a.decimals);
        let price = Decimal::parse(&a.price_usd).map_err(|e| ReportError::Statement {
            asset: a.symbol.clone(),
            field: "price_usd",
            message: e.to_string(),
        })?;
        let net_usd = usd_cents(&net, a.decimals, price, Rounding::Up);
        let reserves_usd = usd_cents(
            &BigInt::from(s.verified.units()),
            s.verified.scale(),
            price,
            Rounding::Down,
        );
        total_net += &net_usd;
        total_reserves += &reserves_usd;
        let status = match &ratio {
            None => Coverage::NoNetLiabilities,
            Some(r) if r.is_covered() => Coverage::Covered,
            Some(_) => Coverage::UnderReserved,
        };
        assets.push(AssetLine {
            asset: a.symbol.clone(),
            decimals: a.decimals,
            total_equity: a.total_equity.clone(),
            total_debt: a.total_debt.clone(),
            net_liabilities: format_base_units(&net, a.decimals),
            reserves_verified: s.verified.to_string(),
            reserves_published: s.published.to_string(),
            reserves_unverified: s.unverified.to_string(),
            reserves_failed: s.failed.to_string(),
            ratio_percent: ratio.map(|r| r.percent()),
            status,
            price_usd: a.price_usd.clone(),
            net_liabilities_usd: format_cents(&net_usd),
            reserves_verified_usd: format_cents(&reserves_usd),
        });
    }
    let other_reserves = sums
        .into_iter()
        .map(|(asset, s)| OtherReserve {
            asset,
            reserves_verified: s.verified.to_string(),
            reserves_unverified: s.unverified.to_string(),
        })
        .collect();

    let this_round = history_entry(&statement.round, &assets);
    let mut history: Vec<HistoryEntry> = inputs
        .history
        .iter()
        .filter(|h| h.round != statement.round)
        .cloned()
        .collect();
    history.push(this_round);
    history.sort_by(|a, b| a.round.cmp(&b.round));

    Ok(Report {
        format: REPORT_FORMAT.into(),
        round: statement.round.clone(),
        liabilities: LiabilitiesSummary {
            root: statement.root.clone(),
            leaf_count: statement.leaf_count,
            verifier_key_digest: statement.verifier_key_digest.clone(),
            proof_verified: true,
        },
        reserves: ReservesSummary {
            file: inputs.reserves_file.clone(),
            layout: inputs.reserves.layout.name().into(),
            rows_verified: inputs.reserves.verified,
            rows_failed: inputs.reserves.failed,
            rows_unverified: inputs.reserves.unverified,
            summary_mismatches: inputs.reserves.summary_mismatches,
            balances_checked: inputs.balances.is_some(),
            balance_mismatches: mismatches,
        },
        assets,
        usd: UsdTotals {
            net_liabilities: format_cents(&total_net),
            reserves_verified: format_cents(&total_reserves),
            headline: headline_usd(&total_reserves),
        },
        other_reserves,
        uncounted_rows: uncounted,
        insurance: inputs.insurance.to_vec(),
        history,
    })
}

/// A round as the history records it: its asset lines' figures.
pub fn history_entry(round: &str, assets: &[AssetLine]) -> HistoryEntry {
    HistoryEntry {
        round: round.to_string(),
        assets: assets
            .iter()
            .map(|a| HistoryPoint {
                asset: a.asset.clone(),
                net_liabilities: a.net_liabilities.clone(),
                reserves_verified: a.reserves_verified.clone(),
                ratio_percent: a.ratio_percent.clone(),
            })
            .collect(),
    }
}
