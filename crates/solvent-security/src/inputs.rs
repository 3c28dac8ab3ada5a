//! What each section reads of the file its command wrote. Each view names
//! only the fields the section shows (serde ignores the rest), and checks
//! the file's `format` label and month, so that last month's figures or
//! another command's output is refused rather than reported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use solvent_model::{Day, Month};

/// A section's file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: field `format` is `{found}`, not `{expected}` (the output of {command})")]
    Format {
        path: PathBuf,
        found: String,
        expected: &'static str,
        command: &'static str,
    },
    #[error("{path}: field `{field}`: {found} is not in the report's month {month}")]
    Month {
        path: PathBuf,
        field: &'static str,
        found: String,
        month: Month,
    },
    #[error("{path}: {source}")]
    Ledger {
        path: PathBuf,
        source: Box<solvent_funds::LedgerError>,
    },
}

/// Reads a JSON file as `T`, checking its `format`.
pub fn read<T: DeserializeOwned + Labelled>(path: &Path) -> Result<T, InputError> {
    let text = std::fs::read(path).map_err(|source| InputError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(path, &text)
}

/// `text`, the content of `path`, as `T`, checking its `format`.
pub fn parse<T: DeserializeOwned + Labelled>(path: &Path, text: &[u8]) -> Result<T, InputError> {
    let json = |source| InputError::Json {
        path: path.to_owned(),
        source,
    };
    #[derive(Deserialize)]
    struct Label {
        format: String,
    }
    let label: Label = serde_json::from_slice(text).map_err(json)?;
    if label.format != T::FORMAT {
        return Err(InputError::Format {
            path: path.to_owned(),
            found: label.format,
            expected: T::FORMAT,
            command: T::COMMAND,
        });
    }
    serde_json::from_slice(text).map_err(json)
}

/// A file's format label and the command that writes it.
pub trait Labelled {
    const FORMAT: &'static str;
    const COMMAND: &'static str;
}

/// Fails unless `day` falls in `month`.
pub fn in_month(
    path: &Path,
    field: &'static str,
    day: Day,
    month: Month,
) -> Result<(), InputError> {
    if month.contains(day) {
        return Ok(());
    }
    Err(InputError::Month {
        path: path.to_owned(),
        field,
        found: day.to_string(),
        month,
    })
}

/// `solvent screen stats`.
#[derive(Debug, Deserialize)]
pub struct ScreenStats {
    pub month: Month,
    pub lists: Vec<ScreenList>,
    pub changes: Option<ScreenChanges>,
    pub traffic: Option<ScreenTraffic>,
}

#[derive(Debug, Deserialize)]
pub struct ScreenList {
    pub source: String,
    pub entries: u64,
}

#[derive(Debug, Deserialize)]
pub struct ScreenChanges {
    pub previous_month: String,
    pub sources: Vec<ScreenChange>,
}

#[derive(Debug, Deserialize)]
pub struct ScreenChange {
    pub source: String,
    pub new: u64,
    pub removed: u64,
}

#[derive(Debug, Deserialize)]
pub struct ScreenTraffic {
    pub screened: u64,
    pub block: u64,
    pub warn: u64,
    pub blocked_by_source: BTreeMap<String, u64>,
    pub domains: DomainTraffic,
}

#[derive(Debug, Deserialize)]
pub struct DomainTraffic {
    pub screened: u64,
    pub block: u64,
    pub warn: u64,
    pub allow: u64,
    pub by_rule: BTreeMap<String, u64>,
}

impl Labelled for ScreenStats {
    const FORMAT: &'static str = "solvent-screen-stats-v1";
    const COMMAND: &'static str = "solvent screen stats";
}

/// `solvent token stats`.
#[derive(Debug, Deserialize)]
pub struct TokenStats {
    pub month: Month,
    pub checks: u64,
    pub tokens: u64,
    pub flagged: u64,
    pub by_verdict: BTreeMap<String, u64>,
    pub by_finding: BTreeMap<String, u64>,
}

impl Labelled for TokenStats {
    const FORMAT: &'static str = "solvent-token-stats-v1";
    const COMMAND: &'static str = "solvent token stats";
}

/// `solvent keys-audit --json`.
#[derive(Debug, Deserialize)]
pub struct KeysAudit {
    pub as_of: Day,
    pub keys: u64,
    pub by_action: BTreeMap<String, u64>,
    pub by_rule: BTreeMap<String, u64>,
}

impl Labelled for KeysAudit {
    const FORMAT: &'static str = "solvent-keys-audit-v1";
    const COMMAND: &'static str = "solvent keys-audit --json";
}

/// `solvent cooling-off --json`.
#[derive(Debug, Deserialize)]
pub struct CoolingOff {
    pub from: Option<String>,
    pub to: Option<String>,
    pub users: u64,
    pub orders: u64,
    pub denied: u64,
    pub denied_by_rule: BTreeMap<String, u64>,
    pub cooling_offs: u64,
    pub users_cooled_off: u64,
}

impl Labelled for CoolingOff {
    const FORMAT: &'static str = "solvent-cooling-off-stats-v1";
    const COMMAND: &'static str = "solvent cooling-off --json";
}

/// `solvent deposit-check --json`.
#[derive(Debug, Deserialize)]
pub struct DepositCheck {
    pub reports: u64,
    pub by_case: BTreeMap<String, u64>,
    pub by_recovery: BTreeMap<String, u64>,
}

impl Labelled for DepositCheck {
    const FORMAT: &'static str = "solvent-deposit-check-v1";
    const COMMAND: &'static str = "solvent deposit-check --json";
}

/// `solvent report`'s report.json.
impl Labelled for solvent_report::Report {
    const FORMAT: &'static str = solvent_report::REPORT_FORMAT;
    const COMMAND: &'static str = "solvent report";
}
