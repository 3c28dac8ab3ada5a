use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use solvent_prover::{prove_round, ProveError, ProveOptions, ProveReport};

use crate::commands::progress::Bars;
use crate::{Outcome, UsageError};

#[derive(Parser)]
pub struct Args {
    /// Assets file: CSV `symbol,decimals,price_usd`.
    #[arg(long)]
    pub assets: PathBuf,
    /// Accounts file: CSV `account_id,asset,equity,debt` or JSON Lines (`.jsonl`).
    #[arg(long)]
    pub accounts: PathBuf,
    /// Round label, e.g. `2026-11`.
    #[arg(long)]
    pub round: String,
    /// Output bundle directory (must not exist unless --force).
    #[arg(long)]
    pub out: PathBuf,
    /// Accounts per batch proof (power of two, 2..=131072; default: the largest
    /// whose batch STARK fits its memory budget, given the fullest batch's
    /// holdings, and no larger than the snapshot).
    #[arg(long)]
    pub batch_size: Option<usize>,
    /// Replace the output directory if it exists.
    #[arg(long)]
    pub force: bool,
    /// Continue an interrupted run (same inputs) from its last checkpoint.
    #[arg(long)]
    pub resume: bool,
    /// Keep the round's circuits in DIR and reuse them in the next round of
    /// the same shape (assets, batch size, trace length; any depth)
    /// built by the same `solvent` binary: skips building them (~13 s of CPU
    /// at 65,536 x 22), for a few hundred MB of disk per shape.
    #[arg(long, value_name = "DIR")]
    pub circuit_cache: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let options = ProveOptions {
        assets: args.assets,
        accounts: args.accounts,
        round: args.round,
        out: args.out.clone(),
        batch_size: args.batch_size,
        force: args.force,
        salt_secret: None,
        resume: args.resume,
        interrupt_after_batches: None,
        circuit_cache: args
            .circuit_cache
            .map(crate::cache::circuit_cache)
            .transpose()?,
    };
    let report = prove_with_progress(&options, args.json)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report_json(&report, &args.out))?
        );
    } else {
        print_report(&report, &args.out);
    }
    Ok(Outcome::Ok)
}

pub fn prove_with_progress(options: &ProveOptions, quiet: bool) -> anyhow::Result<ProveReport> {
    let bars = Bars::new(quiet);
    let result = prove_round(options, &bars);
    bars.finish();
    result
        .map_err(|e: ProveError| {
            if e.is_input_error() || matches!(e, ProveError::OutputExists(_)) {
                anyhow::Error::new(UsageError(anyhow::Error::new(e)))
            } else {
                anyhow::Error::new(e).context("no bundle was written")
            }
        })
        .context(format!("proving round `{}`", options.round))
}

pub fn report_json(report: &ProveReport, out: &std::path::Path) -> serde_json::Value {
    serde_json::json!({
        "bundle": out,
        "round": report.statement.round,
        "accounts": report.accounts,
        "batches": report.batches,
        "batch_size": report.batch_size,
        "aggregation_depth": report.depth,
        "proof_bytes": report.proof_bytes,
        "root": report.statement.root,
        "verifier_key_digest": report.statement.verifier_key_digest,
        "circuits_from_cache": report.circuits_from_cache,
        "seconds": {
            "setup": report.setup.as_secs_f64(),
            "proving": report.proving.as_secs_f64(),
            "total": report.total.as_secs_f64(),
        },
        "accounts_per_second": report.accounts as f64 / report.total.as_secs_f64(),
    })
}

/// Appended to "waiting for circuits" when they came from the circuit cache.
pub fn circuits_source(report: &ProveReport) -> &'static str {
    if report.circuits_from_cache {
        ", read from the cache"
    } else {
        ""
    }
}

pub fn print_report(report: &ProveReport, out: &std::path::Path) {
    let s = &report.statement;
    println!(
        "Proved round {} for {} accounts and {} assets.",
        s.round,
        report.accounts,
        s.assets.len()
    );
    println!(
        "  {} batch{} of up to {} accounts, aggregation depth {}, final proof {} bytes",
        report.batches,
        if report.batches == 1 { "" } else { "es" },
        report.batch_size,
        report.depth,
        report.proof_bytes
    );
    println!(
        "  time: {:.1}s total ({:.1}s waiting for circuits{}, {:.1}s proving) = {:.0} accounts/s",
        report.total.as_secs_f64(),
        report.setup.as_secs_f64(),
        circuits_source(report),
        report.proving.as_secs_f64(),
        report.accounts as f64 / report.total.as_secs_f64()
    );
    println!("  root {}", s.root);
    println!("  verifier key digest {}", s.verifier_key_digest);
    println!("  bundle written to {}", out.display());
}
