//! A user's report of a deposit that did not arrive (JSON, one per line).

use serde::{Deserialize, Serialize};

/// What the user says they sent. `network` uses the exchange's own names
/// for the networks it supports.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The support ticket, echoed.
    #[serde(default)]
    pub id: Option<String>,
    /// The network the deposit was sent on.
    pub network: String,
    /// The transaction hash, echoed.
    #[serde(default)]
    pub tx: Option<String>,
    /// The destination address (or EOS account).
    pub to: String,
    /// The token's contract; none for the network's native coin.
    #[serde(default)]
    pub token: Option<String>,
    /// The memo or tag given, if any.
    #[serde(default)]
    pub memo: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("line {line}: {source}")]
    Json {
        line: u64,
        source: serde_json::Error,
    },
    #[error("line {line}: field `{field}`: empty")]
    Empty { line: u64, field: &'static str },
    #[error("line {line}: {source}")]
    Io { line: u64, source: std::io::Error },
}

impl Report {
    /// Reads one line (numbered `line` for errors).
    pub fn parse(text: &str, line: u64) -> Result<Report, ReportError> {
        let report: Report =
            serde_json::from_str(text).map_err(|source| ReportError::Json { line, source })?;
        for (field, value) in [("network", &report.network), ("to", &report.to)] {
            if value.trim().is_empty() {
                return Err(ReportError::Empty { line, field });
            }
        }
        Ok(report)
    }
}
