//! Checks every row of a reserve file and totals the results per asset.

use std::collections::hash_map::{Entry, HashMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::decimal::Decimal;
use crate::encoding::is_placeholder_hex;
use crate::file::{Layout, ReserveFile, ReserveRow};
use crate::{bitcoin, ed25519, eos, evm, okx_header, tron, Status};

/// Networks whose addresses and signatures are Ethereum's.
const EVM_NETWORKS: &[&str] = &[
    "ETH",
    "ETHEREUM",
    "ERC20",
    "ARBITRUM",
    "ARB",
    "ARBITRUM ONE",
    "OPTIMISM",
    "OP",
    "POLYGON",
    "POLY",
    "MATIC",
    "AVAXC",
    "AVAX-C",
    "AVAX C-CHAIN",
    "AVALANCHE",
    "BSC",
    "BEP20",
    "BNB",
    "BASE",
    "LINEA",
    "ZKSYNC",
    "ZKSYNC ERA",
    "SCROLL",
    "MANTLE",
    "FANTOM",
    "FTM",
    "CELO",
    "ETC",
    "ETHEREUM CLASSIC",
    "X LAYER",
    "XLAYER",
    "BLAST",
    "GNOSIS",
    "CRONOS",
    "KLAYTN",
    "KAIA",
    "MOONBEAM",
    "SONIC",
    "UNICHAIN",
    "BERACHAIN",
    "MERLIN",
    "CORE",
];

/// The outcome of one row, with the scheme that was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowOutcome {
    pub status: Status,
    /// What a VERIFIED row does not prove, when something (a contract's
    /// owners, an account's on-chain keys) lies outside an offline check.
    pub note: Option<String>,
}

impl From<Status> for RowOutcome {
    fn from(status: Status) -> Self {
        RowOutcome { status, note: None }
    }
}

fn first_signature(row: &ReserveRow) -> Result<&str, Status> {
    match row.signatures.as_slice() {
        [] => Err(Status::Failed("no signature".into())),
        [one] => Ok(one),
        many => Err(Status::Failed(format!(
            "{} signatures for a single-key address",
            many.len()
        ))),
    }
}

fn is_evm(network: &str) -> bool {
    EVM_NETWORKS.contains(&network) || network.starts_with("ETH-")
}

fn ed25519_chain(network: &str) -> Option<ed25519::Chain> {
    Some(match network {
        "SOL" | "SOLANA" => ed25519::Chain::Solana,
        "APTOS" | "APT" => ed25519::Chain::Aptos,
        "SUI" => ed25519::Chain::Sui,
        "TON" => ed25519::Chain::Ton,
        "DOT" | "POLKADOT" => ed25519::Chain::Polkadot,
        "ADA" | "CARDANO" => ed25519::Chain::Cardano,
        _ => return None,
    })
}

/// Verifies one row's ownership proof. Never panics on any input.
pub fn verify_row(row: &ReserveRow) -> RowOutcome {
    let network = row.network.trim().to_ascii_uppercase();
    if row.message.is_empty() {
        return Status::Failed("no message".into()).into();
    }
    let signatures: Vec<&str> = row.signatures.iter().map(String::as_str).collect();
    if let Some(coin) = bitcoin::coin_of(&network) {
        return bitcoin::verify_row(
            coin,
            &row.address,
            &row.message,
            &signatures,
            row.script_or_key.as_deref(),
        )
        .into();
    }
    if is_evm(&network) {
        return verify_evm(row);
    }
    if let Some(chain) = ed25519_chain(&network) {
        let Some(key) = row.script_or_key.as_deref() else {
            return Status::Failed(
                "no public key: ed25519 signatures are checked under the listed key".into(),
            )
            .into();
        };
        return match first_signature(row) {
            Ok(sig) => ed25519::verify(chain, &row.address, &row.message, sig, key).into(),
            Err(status) => status.into(),
        };
    }
    if let Some(chain) = okx_header::chain_of(&network) {
        return match first_signature(row) {
            Ok(sig) => okx_header::verify(chain, &row.address, &row.message, sig).into(),
            Err(status) => status.into(),
        };
    }
    match network.as_str() {
        "TRON" | "TRX" | "TRC20" => match first_signature(row) {
            Ok(sig) => tron::verify(&row.address, &row.message, sig).into(),
            Err(status) => status.into(),
        },
        "EOS" | "VAULTA" | "A" => {
            let Some(key) = row.script_or_key.as_deref() else {
                return Status::Failed("no public key listed for the EOS account".into()).into();
            };
            let status = match first_signature(row) {
                Ok(sig) => eos::verify(&row.message, sig, key),
                Err(status) => status,
            };
            let note = (status == Status::Verified).then(|| {
                format!(
                    "key {key} signed; that it controls account `{}` is on-chain permission state, not checked offline",
                    row.address
                )
            });
            RowOutcome { status, note }
        }
        "STARKNET" | "STRK" => Status::Unverified(
            "Starknet account signatures (Stark curve, account-contract typed data) are not supported".into(),
        )
        .into(),
        _ => Status::Unverified(format!(
            "network `{}`: no ownership-proof scheme is known for it",
            row.network
        ))
        .into(),
    }
}

/// EVM rows: an EOA signs for itself; a contract or staking row lists owner
/// EOAs (eoa1/eoa2) and each signature must recover to a distinct owner.
fn verify_evm(row: &ReserveRow) -> RowOutcome {
    if row.owners.is_empty() {
        return match first_signature(row) {
            Ok(sig) => evm::verify(&row.address, &row.message, sig).0.into(),
            Err(status) => status.into(),
        };
    }
    if row.signatures.is_empty() {
        return Status::Failed("no signature".into()).into();
    }
    // Each signature is recovered once and matched against every owner.
    let owner_addresses: Vec<Option<[u8; 20]>> = row
        .owners
        .iter()
        .map(|owner| evm::parse_address(owner).ok())
        .collect();
    let mut signed = vec![false; row.owners.len()];
    for (i, sig) in row.signatures.iter().enumerate() {
        let by = evm::signers(&row.message, sig)
            .ok()
            .and_then(|mut signers| {
                signers.find_map(|(signer, _)| {
                    owner_addresses
                        .iter()
                        .position(|owner| *owner == Some(signer))
                })
            });
        match by {
            Some(o) if signed[o] => {
                return Status::Failed(format!(
                    "signature {} is by owner {} again: an owner counts once",
                    i + 1,
                    row.owners[o]
                ))
                .into()
            }
            Some(o) => signed[o] = true,
            None => {
                return Status::Failed(format!(
                    "signature {} is not by any listed owner ({})",
                    i + 1,
                    row.owners.join(", ")
                ))
                .into()
            }
        }
    }
    let owners: Vec<&str> = row
        .owners
        .iter()
        .zip(&signed)
        .filter(|(_, s)| **s)
        .map(|(o, _)| o.as_str())
        .collect();
    let owners = owners.join(", ");
    if is_placeholder_hex(&row.address) {
        return Status::Unverified(format!(
            "placeholder address {}: owner(s) {owners} signed, but the address is not a real account",
            row.address
        ))
        .into();
    }
    let kind = row.kind.as_deref().unwrap_or("contract");
    let address_ok = evm::parse_address(&row.address).is_ok()
        || (kind.to_ascii_lowercase().contains("staking") && is_validator_key(&row.address));
    if !address_ok {
        return Status::Failed(format!(
            "address `{}` is neither an EVM address nor a validator key",
            row.address
        ))
        .into();
    }
    RowOutcome {
        status: Status::Verified,
        note: Some(format!(
            "{kind} row: owner(s) {owners} signed; that they control {} is on-chain state, not checked offline",
            row.address
        )),
    }
}

/// A 48-byte BLS validator public key in hex.
fn is_validator_key(address: &str) -> bool {
    address
        .strip_prefix("0x")
        .is_some_and(|h| h.len() == 96 && h.bytes().all(|b| b.is_ascii_hexdigit()))
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
    pub status: &'static str,
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
    /// `MATCH` when equal at the published precision, else `MISMATCH`.
    pub status: &'static str,
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
            status: outcome.status.label(),
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
            status: if matched { "MATCH" } else { "MISMATCH" },
        });
    }
    let summary_mismatches = summary.iter().filter(|s| s.status == "MISMATCH").count() as u64;
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
