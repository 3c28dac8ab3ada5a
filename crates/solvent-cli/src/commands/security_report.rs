//! `solvent security-report`: the month's security report from the files
//! each engine wrote, one JSON file and one self-contained page.

use std::path::PathBuf;

use clap::Parser;
use solvent_model::Month;
use solvent_security::job::{produce, JobError};
use solvent_security::Inputs;

use crate::exit::{usage, Outcome};
use crate::output::security::print_report;

/// Write the month's security report: proof of reserves, safety fund,
/// anti-phishing, risk provision fund, API security, rookie protection,
/// wrong-deposit assistance, fraudulent tokens and blacklists, each read
/// from the file its command wrote. A section whose file is not given is
/// NOT_REPORTED (never zero). Writes DIR/security-report.json and
/// DIR/security-report.html and records the month's counts in the history
/// store, for the monthly charts.
///
/// Exit 0 written, 2 a file cannot be used (another command's output, a
/// month other than --month; nothing is written), 3 the output or history
/// cannot be written.
#[derive(Parser)]
pub struct Args {
    /// The month reported, `YYYY-MM`.
    #[arg(long)]
    pub month: Month,
    /// A `solvent report` output directory (its report.json).
    #[arg(long, value_name = "REPORT_DIR")]
    pub por: Option<PathBuf>,
    /// The safety and risk provision funds' ledger (`solvent funds`).
    #[arg(long, value_name = "LEDGER")]
    pub funds: Option<PathBuf>,
    /// The month's screening figures (`solvent screen stats`).
    #[arg(long, value_name = "STATS")]
    pub screen: Option<PathBuf>,
    /// The month's token figures (`solvent token stats`).
    #[arg(long, value_name = "STATS")]
    pub tokens: Option<PathBuf>,
    /// The API-key audit (`solvent keys-audit --json`).
    #[arg(long, value_name = "AUDIT")]
    pub keys: Option<PathBuf>,
    /// The cooling-off figures (`solvent cooling-off --json`).
    #[arg(long, value_name = "STATS")]
    pub cooling_off: Option<PathBuf>,
    /// The wrong-deposit triage (`solvent deposit-check --json`).
    #[arg(long, value_name = "STATS")]
    pub deposits: Option<PathBuf>,
    /// Output directory (created).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// History store (default: $SOLVENT_HISTORY, else
    /// ~/.local/share/solvent/history.redb).
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Print the report as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let history = solvent_security::history::location(args.history.clone()).map_err(usage)?;
    let inputs = Inputs {
        por: args.por,
        funds: args.funds,
        screen: args.screen,
        tokens: args.tokens,
        keys: args.keys,
        cooling_off: args.cooling_off,
        deposits: args.deposits,
    };
    let report = produce(args.month, &inputs, &args.out, &history).map_err(|e| match e {
        JobError::Input(_) => usage(e),
        other => other.into(),
    })?;
    print_report(&report, &args.out, args.json)?;
    Ok(Outcome::Ok)
}
