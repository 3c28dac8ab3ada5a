//! Checks every row of a reserve file and totals the results per asset.

use std::collections::hash_map::{Entry, HashMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::file::{Layout, ReserveFile, ReserveRow};
use crate::network::Family;
use crate::{RowOutcome, RowStatus, Status, SummaryStatus};
use solvent_model::Decimal;

/// Verifies one row's ownership proof with its network's scheme. Never
/// panics on any input.
pub fn verify_row(row: &ReserveRow) -> RowOutcome {
    if row.message.is_empty() {
        return Status::Failed("no message".into()).into();
    }
    match Family::of(&row.network) {
        Some(family) => family.verify(row),
        None => Status::Unverified(format!(
            "network `{}`: no ownership-proof scheme is known for it",
            row.network
        ))
        .into(),
    }
}

/// One row's result as reported.
#[derive(Debug, Clone, Serialize)]
pub struct RowResult {
    pub line: u64,
    pub asset: String,
    pub network: String,
    pub address: String,
    /// The row's balance, where the file lists one.
    pub amount: Option<Decimal>,
    pub status: RowStatus,
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Per-asset sums of row balances by status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssetTotals {
    pub verified: String,
    pub failed: String,
    pub unverified: String,
    pub rows_verified: u64,
    pub rows_failed: u64,
    pub rows_unverified: u64,
    /// Rows without a balance column (the 2025 layout lists none).
    pub rows_without_amount: u64,
}

/// A summary line compared with the detail rows it covers.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryCheck {
    pub line: u64,
    pub coin: String,
    pub published: String,
    /// Sum of the detail rows the line covers (`X(ALL)` covers `X` and
    /// `X-…`), whatever their status.
    pub detail_total: String,
    pub detail_rows: u64,
    pub status: SummaryStatus,
}

/// Everything `solvent reserves verify` reports.
#[derive(Debug, Clone, Serialize)]
pub struct ReserveReport {
    pub layout: Layout,
    pub rows: Vec<RowResult>,
    pub totals: BTreeMap<String, AssetTotals>,
    pub summary: Vec<SummaryCheck>,
    pub verified: u64,
    pub failed: u64,
    pub unverified: u64,
    pub summary_mismatches: u64,
}

impl ReserveReport {
    /// Every row verified and every summary line matched.
    pub fn all_verified(&self) -> bool {
        self.failed == 0 && self.unverified == 0 && self.summary_mismatches == 0
    }
}

#[derive(Default)]
struct Sums {
    verified: Decimal,
    failed: Decimal,
    unverified: Decimal,
    totals: AssetTotals,
}

/// Why a checked file cannot be totalled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    #[error("line {line}: the running total of {asset} overflows 128 bits")]
    Overflow { line: u64, asset: String },
    #[error("{rows} rows but {outcomes} verification outcomes")]
    MissingOutcomes { rows: usize, outcomes: usize },
}

fn add(into: &mut Decimal, amount: Decimal, row: &ReserveRow) -> Result<(), CheckError> {
    *into = into
        .checked_add(amount)
        .ok_or_else(|| CheckError::Overflow {
            line: row.line,
            asset: row.asset.clone(),
        })?;
    Ok(())
}

fn duplicate_key(row: &ReserveRow) -> (String, String, String) {
    let address = if row.address.starts_with("0x") || row.address.starts_with("0X") {
        row.address.to_ascii_lowercase()
    } else {
        row.address.clone()
    };
    (row.network.to_ascii_uppercase(), row.asset.clone(), address)
}

/// Verifies every row and compares the summary with the details.
/// `verify` is applied to each row (rayon or a plain loop, at the caller's
/// choice), then the results are totalled in file order.
pub fn check_file(
    file: &ReserveFile,
    outcomes: impl IntoIterator<Item = RowOutcome>,
) -> Result<ReserveReport, CheckError> {
    let mut rows = Vec::with_capacity(file.rows.len());
    let mut sums: BTreeMap<String, Sums> = BTreeMap::new();
    let (mut verified, mut failed, mut unverified) = (0, 0, 0);
    // The same balance listed twice would be counted twice: a repeated
    // (network, asset, address) fails, pointing at the first line.
    let mut first_line: HashMap<(String, String, String), u64> = HashMap::new();
    for (row, outcome) in file.rows.iter().zip(outcomes) {
        let outcome = match first_line.entry(duplicate_key(row)) {
            Entry::Occupied(first) => RowOutcome::from(Status::Failed(format!(
                "duplicate of line {}: the same address and asset are counted once",
                first.get()
            ))),
            Entry::Vacant(slot) => {
                slot.insert(row.line);
                outcome
            }
        };
        let entry = sums.entry(row.asset.clone()).or_default();
        let (bucket, count) = match outcome.status {
            Status::Verified => {
                verified += 1;
                (&mut entry.verified, &mut entry.totals.rows_verified)
            }
            Status::Failed(_) => {
                failed += 1;
                (&mut entry.failed, &mut entry.totals.rows_failed)
            }
            Status::Unverified(_) => {
                unverified += 1;
                (&mut entry.unverified, &mut entry.totals.rows_unverified)
            }
        };
        *count += 1;
        match row.amount {
            Some(amount) => add(bucket, amount, row)?,
            None => entry.totals.rows_without_amount += 1,
        }
        rows.push(RowResult {
            line: row.line,
            asset: row.asset.clone(),
            network: row.network.clone(),
            address: row.address.clone(),
            amount: row.amount,
            status: outcome.status.row_status(),
            reason: outcome.status.reason().map(str::to_string),
            note: outcome.note,
        });
    }
    if rows.len() != file.rows.len() {
        return Err(CheckError::MissingOutcomes {
            rows: file.rows.len(),
            outcomes: rows.len(),
        });
    }
    let totals = sums
        .into_iter()
        .map(|(asset, s)| {
            let mut t = s.totals;
            t.verified = s.verified.to_string();
            t.failed = s.failed.to_string();
            t.unverified = s.unverified.to_string();
            (asset, t)
        })
        .collect();
    let mut summary = Vec::with_capacity(file.summary.len());
    for line in &file.summary {
        let (base, all) = match line.coin.strip_suffix("(ALL)") {
            Some(base) => (base.trim(), true),
            None => (line.coin.as_str(), false),
        };
        let mut total = Decimal::ZERO;
        let mut count = 0;
        for row in &file.rows {
            let covered = row.asset == base
                || (all
                    && row
                        .asset
                        .strip_prefix(base)
                        .is_some_and(|rest| rest.starts_with('-')));
            if covered {
                count += 1;
                if let Some(a) = row.amount {
                    add(&mut total, a, row)?;
                }
            }
        }
        let matched = total.matches_at_precision(line.amount);
        summary.push(SummaryCheck {
            line: line.line,
            coin: line.coin.clone(),
            published: line.amount_text.clone(),
            detail_total: total.to_string(),
            detail_rows: count,
            status: if matched {
                SummaryStatus::Match
            } else {
                SummaryStatus::Mismatch
            },
        });
    }
    let summary_mismatches = summary
        .iter()
        .filter(|s| s.status == SummaryStatus::Mismatch)
        .count() as u64;
    Ok(ReserveReport {
        layout: file.layout,
        rows,
        totals,
        summary,
        verified,
        failed,
        unverified,
        summary_mismatches,
    })
}

/// Why a reserve file on disk could not be checked (unusable input, not a
/// failed row: those are in the report).
#[derive(Debug, thiserror::Error)]
pub enum CheckPathError {
    #[error("cannot read {path}: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path} is not a usable reserve file: {cause}")]
    Parse {
        path: PathBuf,
        cause: crate::file::FileError,
    },
    #[error("{path}: {cause}")]
    Check { path: PathBuf, cause: CheckError },
}

/// Reads, parses and checks the reserve file at `path`, verifying its rows
/// on every core (with the `parallel` feature); returns the parsed file with
/// its report, since callers such as the round report need both.
pub fn check_path(path: &Path) -> Result<(ReserveFile, ReserveReport), CheckPathError> {
    let bytes = std::fs::read(path).map_err(|cause| CheckPathError::Read {
        path: path.to_owned(),
        cause,
    })?;
    let parsed = crate::file::parse(&bytes).map_err(|cause| CheckPathError::Parse {
        path: path.to_owned(),
        cause,
    })?;
    #[cfg(feature = "parallel")]
    let outcomes: Vec<RowOutcome> = {
        use rayon::prelude::*;
        parsed.rows.par_iter().map(verify_row).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let outcomes: Vec<RowOutcome> = parsed.rows.iter().map(verify_row).collect();
    let report = check_file(&parsed, outcomes).map_err(|cause| CheckPathError::Check {
        path: path.to_owned(),
        cause,
    })?;
    Ok((parsed, report))
}
