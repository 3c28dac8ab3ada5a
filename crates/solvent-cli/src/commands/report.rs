//! `solvent report`: verifies the liabilities bundle and the reserve file,
//! then writes report.json and report.html and records the round.

use std::path::PathBuf;

use clap::Parser;
use solvent_report::history;
use solvent_report::job::{
    produce, JobError, JobProgress, Produced, ReportJob, REPORT_HTML, REPORT_JSON,
};
use solvent_verifier::KeySource;

use crate::exit::{usage, Outcome};
use crate::output::report::{print_ratios, print_refused};
use crate::output::verify::announce;

#[derive(Parser)]
pub struct Args {
    /// Liabilities bundle directory written by `solvent prove`.
    #[arg(long)]
    pub bundle: PathBuf,
    /// Reserve file (solvent-v1 or an OKX layout).
    #[arg(long)]
    pub reserves: PathBuf,
    /// Balances config (TOML: EVM JSON-RPC and Esplora endpoints): re-read
    /// every verified address's balance at the snapshot block on chain.
    #[arg(long)]
    pub balances: Option<PathBuf>,
    /// Insurance / safety fund file (`asset,amount[,note]`), shown apart.
    #[arg(long)]
    pub insurance: Option<PathBuf>,
    /// Output directory for report.json and report.html (created).
    #[arg(long)]
    pub out: PathBuf,
    /// History store (default: $SOLVENT_HISTORY, else
    /// ~/.local/share/solvent/history.redb).
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Trust the verifier key rebuilt from this verifier's circuits instead
    /// of its pinned table (as in `solvent verify`).
    #[arg(long)]
    pub rebuild_key: bool,
    /// Print report.json to stdout as well.
    #[arg(long)]
    pub json: bool,
}

/// Tells the user what takes time.
struct Stderr;

impl JobProgress for Stderr {
    fn reading_balances(&self, addresses: usize) {
        eprintln!("Reading {addresses} verified addresses' balances at the snapshot block...");
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let job = ReportJob {
        history: history::location(args.history.clone()).map_err(usage)?,
        key_source: KeySource::rebuilt_if(args.rebuild_key),
        bundle: args.bundle,
        reserves: args.reserves,
        balances: args.balances,
        insurance: args.insurance,
        out: args.out,
    };
    announce(job.key_source);
    let Produced { report, json } = match produce(&job, &Stderr) {
        Ok(p) => p,
        Err(JobError::Unverified { bundle, cause }) => {
            print_refused(&bundle, &cause);
            return Ok(Outcome::Invalid);
        }
        Err(e) if e.is_input_error() => return Err(usage(e)),
        Err(e) => return Err(e.into()),
    };
    if args.json {
        println!("{json}");
    } else {
        println!(
            "Round {}: liabilities proof verified ({} accounts); reserves: {} verified, {} failed, {} unverified rows.",
            report.round,
            report.liabilities.leaf_count,
            report.reserves.rows_verified,
            report.reserves.rows_failed,
            report.reserves.rows_unverified
        );
        print_ratios(&report);
        if !report.insurance.is_empty() {
            println!("  insurance fund listed separately (never counted as reserves)");
        }
        println!(
            "Wrote {} and {}; round recorded in {} ({} rounds).",
            job.out.join(REPORT_JSON).display(),
            job.out.join(REPORT_HTML).display(),
            job.history.display(),
            report.history.len()
        );
    }
    Ok(Outcome::Ok)
}
