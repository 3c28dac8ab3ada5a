//! `solvent report`: verifies the liabilities bundle and the reserve file,
//! then writes report.json and report.html and records the round.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;
use solvent_report::history::{HistoryEntry, HistoryStore};
use solvent_report::report::RowBalance;
use solvent_report::{build, html, insurance, Inputs, Report};

use crate::commands::{reserves, verify};
use crate::{history_path, Outcome, UsageError};

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

fn usage(e: anyhow::Error) -> anyhow::Error {
    anyhow::Error::new(UsageError(e))
}

/// Writes `name` in `dir` through a temporary file and a rename, so a reader
/// never sees half a file.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let staging = dir.join(format!(".{name}.partial"));
    std::fs::write(&staging, bytes)
        .with_context(|| format!("cannot write {}", staging.display()))?;
    std::fs::rename(&staging, dir.join(name))
        .with_context(|| format!("cannot write {}", dir.join(name).display()))
}

/// A written report and where the history is.
pub struct Produced {
    pub report: Report,
    pub json: String,
    pub history_file: PathBuf,
}

/// Verifies the inputs and writes the report. `Ok(Err(reason))`: the bundle
/// does not verify and nothing was written.
pub fn produce(args: &Args) -> anyhow::Result<Result<Produced, String>> {
    // Every input is read and checked before anything is written.
    let bundle = verify::load_bundle(&args.bundle)?;
    if let Err(e) = verify::verify_bundle(&bundle, verify::key_source(args.rebuild_key)) {
        return Ok(Err(e.to_string()));
    }
    let (reserve_file, reserve_report) = reserves::check_parsed(&args.reserves)?;
    let balances_config = match &args.balances {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))
                .map_err(usage)?;
            Some(
                solvent_balances::BalancesConfig::parse(&text)
                    .with_context(|| format!("{} is not a usable balances config", path.display()))
                    .map_err(usage)?,
            )
        }
        None => None,
    };
    let insurance = match &args.insurance {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read {}", path.display()))
                .map_err(usage)?;
            insurance::parse(&bytes)
                .with_context(|| format!("{} is not a usable insurance file", path.display()))
                .map_err(usage)?
        }
        None => Vec::new(),
    };
    let history_file = history_path::resolve(args.history.clone()).map_err(usage)?;
    let store = HistoryStore::open(&history_file)?;
    let past = store.rounds()?;

    let balances: Option<HashMap<u64, RowBalance>> = balances_config.map(|config| {
        let verified: Vec<_> = reserve_file
            .rows
            .iter()
            .zip(&reserve_report.rows)
            .filter(|(_, result)| result.status == "VERIFIED")
            .map(|(row, _)| row)
            .collect();
        eprintln!(
            "Reading {} verified addresses' balances at the snapshot block...",
            verified.len()
        );
        solvent_balances::fetch(&config, &verified)
            .into_iter()
            .map(|(line, fetched)| {
                let balance = match fetched {
                    Ok(amount) => RowBalance::Read(amount),
                    Err(why) => RowBalance::Failed(why),
                };
                (line, balance)
            })
            .collect()
    });
    let report = build(&Inputs {
        statement: &bundle.statement,
        reserves: &reserve_report,
        reserves_file: args.reserves.display().to_string(),
        balances: balances.as_ref(),
        insurance: &insurance,
        history: &past,
    })
    .map_err(|e| usage(anyhow::anyhow!("{}: {e}", args.bundle.display())))?;

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let json = serde_json::to_string_pretty(&report)?;
    write_atomically(&args.out, "report.json", json.as_bytes())?;
    write_atomically(&args.out, "report.html", html::render(&report).as_bytes())?;
    store.record(&HistoryEntry::of(&report.round, &report.assets))?;
    Ok(Ok(Produced {
        report,
        json,
        history_file,
    }))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let Produced {
        report,
        json,
        history_file,
    } = match produce(&args)? {
        Ok(p) => p,
        Err(reason) => {
            println!(
                "REFUSED: the liabilities bundle {} does not verify: {reason}",
                args.bundle.display()
            );
            println!(
                "No report was written: reserve ratios against unproven liabilities mean nothing."
            );
            return Ok(Outcome::Invalid);
        }
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
            args.out.join("report.json").display(),
            args.out.join("report.html").display(),
            history_file.display(),
            report.history.len()
        );
    }
    Ok(Outcome::Ok)
}

/// One line per asset: ratio, net liabilities, verified reserves, status.
pub fn print_ratios(report: &Report) {
    {
        for a in &report.assets {
            println!(
                "  {:<8} ratio {:>9}  net liabilities {}  verified reserves {}  {}",
                a.asset,
                a.ratio_percent
                    .as_deref()
                    .map_or("n/a".into(), |r| format!("{r}%")),
                a.net_liabilities,
                a.reserves_verified,
                a.status
            );
        }
    }
}
