//! A batch of reports against the address book: a verdict per report, and
//! the counts the security report shows.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};

use serde::Serialize;

use crate::book::{scan, BookError, Wanted};
use crate::config::Config;
use crate::report::{Report, ReportError};
use crate::triage::{decode, triage, Case, Found, Recovery, Triage};

/// One report and its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// The report's line in the input, from 1.
    pub line: u64,
    #[serde(flatten)]
    pub report: Report,
    #[serde(flatten)]
    pub triage: Triage,
}

/// The batch's verdicts (`solvent-deposit-check-v1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub format: &'static str,
    pub reports: u64,
    /// Every case, with its count.
    pub by_case: BTreeMap<Case, u64>,
    /// Every recovery verdict, with its count.
    pub by_recovery: BTreeMap<Recovery, u64>,
    pub results: Vec<Checked>,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("reports: {0}")]
    Report(#[from] ReportError),
    #[error("address book: {0}")]
    Book(#[from] BookError),
}

/// Triages every report (JSON Lines) against the address book (CSV, read
/// once, as a stream).
pub fn check(reports: impl BufRead, book: impl Read, config: &Config) -> Result<Check, CheckError> {
    let mut read = Vec::new();
    for (i, text) in reports.lines().enumerate() {
        let line = i as u64 + 1;
        let text = text.map_err(|source| ReportError::Io { line, source })?;
        if text.trim().is_empty() {
            continue;
        }
        read.push((line, Report::parse(&text, line)?));
    }
    let mut wanted = Wanted::default();
    let decoded: Vec<_> = read
        .iter()
        .map(|(_, report)| {
            let decoded = decode(report);
            if let Ok(d) = &decoded {
                wanted.add(d.to.clone(), report.memo.as_deref().unwrap_or(""));
            }
            decoded
        })
        .collect();
    let book = scan(book, config, &wanted)?;
    let mut check = Check {
        format: "solvent-deposit-check-v1",
        reports: 0,
        by_case: Case::ALL.into_iter().map(|c| (c, 0)).collect(),
        by_recovery: Recovery::ALL.into_iter().map(|r| (r, 0)).collect(),
        results: Vec::new(),
    };
    for ((line, report), decoded) in read.into_iter().zip(decoded) {
        let verdict = match decoded {
            Err(verdict) => verdict,
            Ok(d) => {
                let network = report.network.trim().to_ascii_uppercase();
                let found = Found {
                    here: book
                        .rows
                        .iter()
                        .filter(|r| r.network == network && r.key == d.to)
                        .collect(),
                    here_any: book.present.contains(&(network.clone(), d.to.clone())),
                    elsewhere: book
                        .rows
                        .iter()
                        .filter(|r| r.network != network && r.key == d.to)
                        .collect(),
                };
                triage(&report, &d, config, &found)
            }
        };
        check.reports += 1;
        *check.by_case.entry(verdict.case).or_default() += 1;
        *check.by_recovery.entry(verdict.recovery).or_default() += 1;
        check.results.push(Checked {
            line,
            report,
            triage: verdict,
        });
    }
    Ok(check)
}
