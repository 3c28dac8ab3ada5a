//! The whole `solvent report` job as one use case: read and check every input
//! first (the liabilities bundle against the verifier's trusted key, the
//! reserve file, the optional balances config and insurance file, the
//! history), and only then write `report.json` and `report.html` atomically
//! and record the round. A bundle that does not verify writes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use solvent_balances::BalancesConfig;
use solvent_model::bundle::{Bundle, BundleError};
use solvent_reserves::check::{check_path, CheckPathError};
use solvent_verifier::{verify_bundle, KeySource, VerifyError};

use crate::history::{HistoryError, HistoryStore};
use crate::report::{build, history_entry, Inputs, Report, ReportError, RowBalance};
use crate::{html, insurance};

pub const REPORT_JSON: &str = "report.json";
pub const REPORT_HTML: &str = "report.html";

/// What to report on and where.
#[derive(Debug, Clone)]
pub struct ReportJob {
    /// Liabilities bundle directory.
    pub bundle: PathBuf,
    /// Reserve file (solvent-v1 or an OKX layout).
    pub reserves: PathBuf,
    /// Balances config: re-read every verified address's balance on chain.
    pub balances: Option<PathBuf>,
    /// Insurance / safety fund file, shown apart.
    pub insurance: Option<PathBuf>,
    /// Output directory (created).
    pub out: PathBuf,
    /// History store.
    pub history: PathBuf,
    /// Which verifier key to trust.
    pub key_source: KeySource,
}

/// A written report.
#[derive(Debug)]
pub struct Produced {
    pub report: Report,
    /// `report.json` as written.
    pub json: String,
}

/// What the job tells its caller while it runs.
pub trait JobProgress {
    /// About to read `addresses` verified addresses' balances on chain.
    fn reading_balances(&self, _addresses: usize) {}
}

impl JobProgress for () {}

/// Why no report was written.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The liabilities bundle does not verify: ratios against unproven
    /// liabilities would mean nothing.
    #[error("the liabilities bundle {bundle} does not verify: {cause}")]
    Unverified { bundle: PathBuf, cause: VerifyError },
    #[error("{0}")]
    Bundle(BundleError),
    #[error("{0}")]
    Reserves(CheckPathError),
    #[error("cannot read {path}: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path} is not a usable balances config: {cause}")]
    Balances {
        path: PathBuf,
        cause: solvent_balances::ConfigError,
    },
    #[error("{path} is not a usable insurance file: {cause}")]
    Insurance {
        path: PathBuf,
        cause: insurance::InsuranceError,
    },
    #[error("{bundle}: {cause}")]
    Report { bundle: PathBuf, cause: ReportError },
    #[error("{0}")]
    History(HistoryError),
    #[error("cannot write {path}: {cause}")]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
}

impl JobError {
    /// Whether the inputs are at fault (as opposed to the bundle failing to
    /// verify, or the machine failing to write).
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            JobError::Bundle(_)
                | JobError::Reserves(_)
                | JobError::Read { .. }
                | JobError::Balances { .. }
                | JobError::Insurance { .. }
                | JobError::Report { .. }
        )
    }
}

fn read(path: &Path) -> Result<Vec<u8>, JobError> {
    std::fs::read(path).map_err(|cause| JobError::Read {
        path: path.to_owned(),
        cause,
    })
}

/// Writes `name` in `dir` through a temporary file and a rename, so a reader
/// never sees half a file.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), JobError> {
    let staging = dir.join(format!(".{name}.partial"));
    std::fs::write(&staging, bytes).map_err(|cause| JobError::Write {
        path: staging.clone(),
        cause,
    })?;
    std::fs::rename(&staging, dir.join(name)).map_err(|cause| JobError::Write {
        path: dir.join(name),
        cause,
    })
}

/// Runs the job; see the module documentation.
pub fn produce(job: &ReportJob, progress: &dyn JobProgress) -> Result<Produced, JobError> {
    let bundle = Bundle::read(&job.bundle).map_err(JobError::Bundle)?;
    verify_bundle(
        &bundle.statement,
        &bundle.proof,
        &bundle.key,
        job.key_source,
    )
    .map_err(|cause| JobError::Unverified {
        bundle: job.bundle.clone(),
        cause,
    })?;
    let (reserve_file, reserve_report) = check_path(&job.reserves).map_err(JobError::Reserves)?;
    let balances_config = match &job.balances {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|cause| JobError::Read {
                path: path.clone(),
                cause,
            })?;
            Some(
                BalancesConfig::parse(&text).map_err(|cause| JobError::Balances {
                    path: path.clone(),
                    cause,
                })?,
            )
        }
        None => None,
    };
    let insurance = match &job.insurance {
        Some(path) => insurance::parse(&read(path)?).map_err(|cause| JobError::Insurance {
            path: path.clone(),
            cause,
        })?,
        None => Vec::new(),
    };
    let store = HistoryStore::open(&job.history).map_err(JobError::History)?;
    let past = store.rounds().map_err(JobError::History)?;

    let balances: Option<HashMap<u64, RowBalance>> = balances_config.map(|config| {
        let verified: Vec<_> = reserve_file
            .rows
            .iter()
            .zip(&reserve_report.rows)
            .filter(|(_, result)| result.status == solvent_reserves::RowStatus::Verified)
            .map(|(row, _)| row)
            .collect();
        progress.reading_balances(verified.len());
        solvent_balances::fetch(&config, &verified)
            .into_iter()
            .map(|(line, fetched)| {
                let balance = match fetched {
                    Ok(amount) => RowBalance::Read(amount),
                    Err(why) => RowBalance::Failed(why.to_string()),
                };
                (line, balance)
            })
            .collect()
    });
    let report = build(&Inputs {
        statement: &bundle.statement,
        reserves: &reserve_report,
        reserves_file: job.reserves.display().to_string(),
        balances: balances.as_ref(),
        insurance: &insurance,
        history: &past,
    })
    .map_err(|cause| JobError::Report {
        bundle: job.bundle.clone(),
        cause,
    })?;

    std::fs::create_dir_all(&job.out).map_err(|cause| JobError::Write {
        path: job.out.clone(),
        cause,
    })?;
    let json = serde_json::to_string_pretty(&report).expect("a report serializes");
    write_atomically(&job.out, REPORT_JSON, json.as_bytes())?;
    write_atomically(&job.out, REPORT_HTML, html::render(&report).as_bytes())?;
    store
        .record(&history_entry(&report.round, &report.assets))
        .map_err(JobError::History)?;
    Ok(Produced { report, json })
}
