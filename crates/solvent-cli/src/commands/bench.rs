//! `solvent bench`: end-to-end proving throughput, memory and proof size.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use solvent_model::{AssetTable, Bundle};
use solvent_prover::{synthetic, CircuitCache, ProveOptions};
use solvent_verifier::{verify_bundle, KeySource};

use crate::exit::Outcome;
use crate::output::progress::prove_with_progress;
use crate::output::prove::circuits_source;

#[derive(Parser)]
pub struct Args {
    /// Accounts per run.
    #[arg(long, default_value_t = 1 << 16)]
    pub accounts: u64,
    /// Asset counts to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "22,200")]
    pub assets: Vec<usize>,
    /// Print results as JSON lines.
    #[arg(long)]
    pub json: bool,
    /// Keep each run's circuits in DIR and reuse them in a later run of the
    /// same shape (assets, batch size, trace length; any depth)
    /// built by the same `solvent` binary: skips building them (seconds of
    /// CPU per round), for a few hundred MB of disk per shape.
    #[arg(long, value_name = "DIR")]
    pub circuit_cache: Option<PathBuf>,
}

/// Peak resident memory of this process so far (Linux `VmHWM`), in bytes.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let circuit_cache = args
        .circuit_cache
        .clone()
        .map(CircuitCache::for_this_build)
        .transpose()
        .context("identifying this build for the circuit cache")?;
    let dir = tempfile_dir()?;
    for &num_assets in &args.assets {
        let run_dir = dir.join(format!("assets-{num_assets}"));
        std::fs::create_dir_all(&run_dir)?;
        let assets_path = run_dir.join("assets.csv");
        let accounts_path = run_dir.join("accounts.csv");
        synthetic::write_assets(&assets_path, num_assets)?;
        let table = AssetTable::from_csv_path(&assets_path)?;
        synthetic::write_accounts(&accounts_path, &table, args.accounts, 7)?;
        let out = run_dir.join("bundle");
        let options = ProveOptions {
            assets: assets_path,
            accounts: accounts_path,
            round: "bench".into(),
            out: out.clone(),
            batch_size: None,
            force: true,
            salt_secret: None,
            circuit_cache: circuit_cache.clone(),
            ..Default::default()
        };
        let report = prove_with_progress(&options, args.json)?;
        let bundle = Bundle::read(&out)?;
        let started = Instant::now();
        let verdict = verify_bundle(
            &bundle.statement,
            &bundle.proof,
            &bundle.key,
            KeySource::Pinned,
        );
        let verify_seconds = started.elapsed().as_secs_f64();
        verdict?;
        let result = serde_json::json!({
            "accounts": report.accounts,
            "assets": num_assets,
            "batch_size": report.batch_size,
            "batches": report.batches,
            "total_seconds": report.total.as_secs_f64(),
            "setup_seconds": report.setup.as_secs_f64(),
            "circuits_from_cache": report.circuits_from_cache,
            "accounts_per_second": report.accounts as f64 / report.total.as_secs_f64(),
            "proof_bytes": report.proof_bytes,
            "verify_seconds": verify_seconds,
            "peak_rss_bytes": peak_rss_bytes(),
            "threads": rayon::current_num_threads(),
        });
        if args.json {
            println!("{result}");
        } else {
            println!(
                "{} accounts x {} assets: {:.1}s end to end ({:.1}s waiting for circuits{}) = {:.1} accounts/s; proof {} bytes; verify {:.3}s; peak RSS {:.2} GiB",
                report.accounts,
                num_assets,
                report.total.as_secs_f64(),
                report.setup.as_secs_f64(),
                circuits_source(&report),
                report.accounts as f64 / report.total.as_secs_f64(),
                report.proof_bytes,
                verify_seconds,
                peak_rss_bytes().unwrap_or(0) as f64 / (1u64 << 30) as f64
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Outcome::Ok)
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("solvent-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
