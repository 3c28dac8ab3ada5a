//! `solvent coordinate`: prove a round on many machines. Takes every option
//! `solvent prove` takes, plus the queue and the store the workers share.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use solvent_cluster::queue::Limits;
use solvent_cluster::CoordinateOptions;
use solvent_prover::{CircuitCache, ProveOptions};

use crate::exit::Outcome;
use crate::output::cluster::{coordinate_with_progress, print_coordinated};

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
    /// Accounts per batch proof, as for `solvent prove`.
    #[arg(long)]
    pub batch_size: Option<usize>,
    /// Replace the output directory if it exists.
    #[arg(long)]
    pub force: bool,
    /// Require that the store holds this run already (a coordinator always
    /// resumes a run of the same inputs; this refuses to start a new one).
    #[arg(long)]
    pub resume: bool,
    /// Keep the round's circuits in DIR, as for `solvent prove`.
    #[arg(long, value_name = "DIR")]
    pub circuit_cache: Option<PathBuf>,
    /// The NATS server, e.g. `nats://127.0.0.1:4222` (JetStream enabled).
    #[arg(long)]
    pub nats: String,
    /// Object store for batch inputs and proofs: a directory, `file://` URL
    /// or `s3://bucket/prefix` (private: it holds the round secret).
    #[arg(long)]
    pub store: String,
    /// Seconds a unit may go without a worker's progress report before it
    /// is delivered to another worker.
    #[arg(long, default_value_t = 60)]
    pub ack_wait: u64,
    /// Deliveries of one unit before the round stops, naming it.
    #[arg(long, default_value_t = 5)]
    pub max_deliver: i64,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let options = CoordinateOptions {
        prove: ProveOptions {
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
        },
        nats: args.nats,
        store: args.store,
        limits: Limits {
            ack_wait: Duration::from_secs(args.ack_wait.max(1)),
            max_deliver: args.max_deliver.max(1),
        },
    };
    let report = coordinate_with_progress(&options, args.json)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_coordinated(&report, &args.out);
    }
    Ok(Outcome::Ok)
}
