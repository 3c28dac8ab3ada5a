//! `solvent worker`: prove units from the queue until stopped (any number,
//! on any machine). `--threads N` (global) sets its proving threads.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use solvent_cluster::WorkerOptions;
use solvent_prover::CircuitCache;

use crate::exit::Outcome;
use crate::output::cluster::run_worker;

#[derive(Parser)]
pub struct Args {
    /// The NATS server, e.g. `nats://127.0.0.1:4222` (JetStream enabled).
    #[arg(long)]
    pub nats: String,
    /// The coordinator's object store (a directory, `file://` or `s3://` URL).
    #[arg(long)]
    pub store: String,
    /// Keep built circuits in DIR, as for `solvent prove`.
    #[arg(long, value_name = "DIR")]
    pub circuit_cache: Option<PathBuf>,
    /// Exit after this many seconds without a unit (default: run until stopped).
    #[arg(long, value_name = "SECONDS")]
    pub idle_exit: Option<u64>,
    /// Print what the worker did as JSON when it exits.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let options = WorkerOptions {
        nats: args.nats,
        store: args.store,
        circuit_cache: args
            .circuit_cache
            .map(CircuitCache::for_this_build)
            .transpose()
            .context("identifying this build for the circuit cache")?,
        idle_exit: args.idle_exit.map(Duration::from_secs),
    };
    run_worker(options, args.json)?;
    Ok(Outcome::Ok)
}
