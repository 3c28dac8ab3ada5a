//! `solvent reserves verify FILE`: checks every reserve address's ownership
//! proof offline and totals the balances per asset by outcome.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use solvent_reserves::check::{check_path, ReserveReport};

use crate::exit::{usage, Outcome};

#[derive(Parser)]
pub struct Args {
    #[command(subcommand)]
    pub command: ReservesCommand,
}

#[derive(Subcommand)]
pub enum ReservesCommand {
    /// Verify the signed messages of a reserve file (solvent-v1 or OKX CSV).
    ///
    /// Exit 0 when every row verified and the summary section (if any)
    /// matches the rows, 1 when any row failed or is unverified or a summary
    /// line does not match, 2 when the file cannot be used.
    Verify(VerifyArgs),
}

#[derive(Parser)]
pub struct VerifyArgs {
    /// The reserve file.
    pub file: PathBuf,
    /// Print one JSON object (`rows`, `totals`, `summary`, counts).
    #[arg(long)]
    pub json: bool,
}

impl Args {
    pub fn json(&self) -> bool {
        match &self.command {
            ReservesCommand::Verify(a) => a.json,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        ReservesCommand::Verify(args) => verify(args),
    }
}

fn verify(args: VerifyArgs) -> anyhow::Result<Outcome> {
    let (_, report) = check_path(&args.file).map_err(usage)?;
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["file"] = args.file.display().to_string().into();
        value["all_verified"] = report.all_verified().into();
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print_report(&args.file, &report);
    }
    Ok(if report.all_verified() {
        Outcome::Ok
    } else {
        Outcome::Invalid
    })
}

fn print_report(path: &std::path::Path, report: &ReserveReport) {
    println!(
        "{}: {} layout, {} rows",
        path.display(),
        report.layout.name(),
        report.rows.len()
    );
    let header = ["LINE", "ASSET", "NETWORK", "ADDRESS", "AMOUNT", "STATUS"];
    let cells: Vec<[String; 6]> = report
        .rows
        .iter()
        .map(|r| {
            [
                r.line.to_string(),
                r.asset.clone(),
                r.network.clone(),
                r.address.clone(),
                r.amount.map_or_else(|| "-".into(), |a| a.to_string()),
                r.status.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| {
        cols.iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
    };
    println!();
    println!("{}", line(&header.map(String::from)).trim_end());
    for (row, result) in cells.iter().zip(&report.rows) {
        println!("{}", line(row).trim_end());
        if let Some(reason) = &result.reason {
            println!("    reason: {reason}");
        }
        if let Some(note) = &result.note {
            println!("    note: {note}");
        }
    }
    println!();
    println!("Totals per asset (unverified and failed balances are never counted as verified):");
    for (asset, t) in &report.totals {
        let missing = if t.rows_without_amount > 0 {
            format!("; rows without a balance: {}", t.rows_without_amount)
        } else {
            String::new()
        };
        println!(
            "  {asset}: verified {} (rows: {}), failed {} (rows: {}), unverified {} (rows: {}){missing}",
            t.verified, t.rows_verified, t.failed, t.rows_failed, t.unverified, t.rows_unverified
        );
    }
    if !report.summary.is_empty() {
        println!();
        println!("Summary section against the detail rows (equal at the published precision):");
        for s in &report.summary {
            println!(
                "  line {}: {} published {}, detail rows ({}) add up to {}: {}",
                s.line, s.coin, s.published, s.detail_rows, s.detail_total, s.status
            );
        }
    }
    println!();
    let verdict = if report.all_verified() {
        "ALL VERIFIED"
    } else {
        "NOT ALL VERIFIED"
    };
    println!(
        "{verdict}: {} verified, {} failed, {} unverified row(s); {} summary line(s) do not match",
        report.verified, report.failed, report.unverified, report.summary_mismatches
    );
}
