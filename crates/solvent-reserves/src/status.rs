//! What checking a row gives, and the statuses a report shows.

use serde::{Deserialize, Serialize};

/// The outcome of checking one reserve row's ownership proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Verified,
    Failed(String),
    Unverified(String),
}

impl Status {
    pub fn label(&self) -> &'static str {
        self.row_status().label()
    }

    /// The status without its reason.
    pub fn row_status(&self) -> RowStatus {
        match self {
            Status::Verified => RowStatus::Verified,
            Status::Failed(_) => RowStatus::Failed,
            Status::Unverified(_) => RowStatus::Unverified,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Status::Verified => None,
            Status::Failed(r) | Status::Unverified(r) => Some(r),
        }
    }
}

/// The outcome of one row, with what a VERIFIED row leaves unproven.
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

/// A row's status as reports print it (`VERIFIED`, `FAILED`, `UNVERIFIED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RowStatus {
    /// The signature proves control of the address.
    Verified,
    /// The proof is wrong: the row must not be counted.
    Failed,
    /// No offline check could decide (an unsupported scheme, a balance that
    /// could not be confirmed): not counted either.
    Unverified,
}

impl RowStatus {
    pub fn label(self) -> &'static str {
        match self {
            RowStatus::Verified => "VERIFIED",
            RowStatus::Failed => "FAILED",
            RowStatus::Unverified => "UNVERIFIED",
        }
    }
}

impl std::fmt::Display for RowStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A published summary line against the detail rows it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SummaryStatus {
    /// Equal at the published precision.
    Match,
    Mismatch,
}

impl SummaryStatus {
    pub fn label(self) -> &'static str {
        match self {
            SummaryStatus::Match => "MATCH",
            SummaryStatus::Mismatch => "MISMATCH",
        }
    }
}

impl std::fmt::Display for SummaryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
