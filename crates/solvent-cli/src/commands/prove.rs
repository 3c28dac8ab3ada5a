//! `solvent prove`: a snapshot in, a round bundle out.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use solvent_prover::{CircuitCache, ProveOptions};

use crate::exit::Outcome;
use crate::output::progress::prove_with_progress;
use crate::output::prove::{print_report, report_json};

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
    /// built by the same `solvent` binary: skips building them (seconds of
    /// CPU per round), for a few hundred MB of disk per shape.
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
        resume: args.resume,
        circuit_cache: args
            .circuit_cache
            .map(CircuitCache::for_this_build)
            .transpose()
            .context("identifying this build for the circuit cache")?,
        ..Default::default()
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
