//! The whole `solvent security-report` use case: read and check every
//! section's file first, then write security-report.json and
//! security-report.html atomically and record the month's counts. A file
//! that cannot be used writes nothing.

use std::path::{Path, PathBuf};

use solvent_history::{HistoryError, HistoryStore};
use solvent_model::Month;

use crate::build::{build, Inputs, SecurityReport};
use crate::html::render;
use crate::inputs::InputError;

pub const SECURITY_JSON: &str = "security-report.json";
pub const SECURITY_HTML: &str = "security-report.html";

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), JobError> {
    let staging = dir.join(format!(".{name}.partial"));
    let target = dir.join(name);
    let error = |source| JobError::Write {
        path: target.clone(),
        source,
    };
    std::fs::write(&staging, bytes).map_err(error)?;
    std::fs::rename(&staging, &target).map_err(error)
}

/// Builds, writes and records the month's report.
pub fn produce(
    month: Month,
    inputs: &Inputs,
    out: &Path,
    history: &Path,
) -> Result<SecurityReport, JobError> {
    let store = HistoryStore::open(history)?;
    let report = build(month, inputs, &store.security_months()?)?;
    let json = serde_json::to_string_pretty(&report).expect("the report serializes");
    std::fs::create_dir_all(out).map_err(|source| JobError::Write {
        path: out.to_owned(),
        source,
    })?;
    write(out, SECURITY_JSON, json.as_bytes())?;
    write(out, SECURITY_HTML, render(&report).as_bytes())?;
    let this = report
        .history
        .iter()
        .find(|m| m.month == month.to_string())
        .expect("this month is in the history");
    store.record_security(this)?;
    Ok(report)
}
