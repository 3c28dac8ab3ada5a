//! `solvent coordinate` and `solvent worker`: the runtime they run on, their
//! progress and what they print.

use std::path::Path;

use anyhow::Context as _;
use solvent_cluster::{ClusterError, CoordinateOptions, CoordinateReport, WorkerOptions};

use super::progress::Bars;

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")
}

fn classify(e: ClusterError) -> anyhow::Error {
    let output_exists = matches!(
        e,
        ClusterError::Prove(solvent_prover::ProveError::OutputExists(_))
    );
    if e.is_input_error() || output_exists {
        crate::exit::usage(e)
    } else {
        anyhow::Error::new(e)
    }
}

pub fn coordinate_with_progress(
    options: &CoordinateOptions,
    quiet: bool,
) -> anyhow::Result<CoordinateReport> {
    let bars = Bars::new(quiet);
    let result = runtime()?.block_on(solvent_cluster::coordinate(options, &bars));
    bars.finish();
    result
        .map_err(classify)
        .with_context(|| format!("coordinating round `{}`", options.prove.round))
}

pub fn print_coordinated(report: &CoordinateReport, out: &Path) {
    println!(
        "Proved round {} for {} accounts on the workers (run {}).",
        report.statement.round, report.accounts, report.run
    );
    println!(
        "  {} batches of up to {} accounts, aggregation depth {}, {} units ({} already proven, {} duplicate results, {} proven again), final proof {} bytes",
        report.batches,
        report.batch_size,
        report.depth,
        report.units,
        report.resumed_units,
        report.duplicate_results,
        report.reproved,
        report.proof_bytes
    );
    println!("  time: {:.1}s", report.seconds);
    println!("Bundle written to {}", out.display());
}

pub fn run_worker(options: WorkerOptions, json: bool) -> anyhow::Result<()> {
    let report = runtime()?
        .block_on(solvent_cluster::run_worker(options))
        .map_err(classify)
        .context("worker stopped")?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "Worker done: {} units proven, {} already proven, {} with bad input, {} failed.",
            report.proven, report.already_proven, report.bad_input, report.failed
        );
    }
    Ok(())
}
