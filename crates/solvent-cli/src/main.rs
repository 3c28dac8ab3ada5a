//! The `solvent` command line. Exit codes: 0 success / valid, 1 invalid proof
//! (or a failed check), 2 unusable input.
#![forbid(unsafe_code)]

mod cache;
mod commands;
mod history_path;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "solvent",
    version,
    about = "Open-source proof of reserves: prove and verify an exchange's liabilities and reserves"
)]
struct Cli {
    /// Worker threads for proving and signature checks (default: all cores).
    #[arg(long, global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Prove a round's liabilities from a snapshot and write the bundle.
    Prove(commands::prove::Args),
    /// Verify a bundle's final proof against its statement.
    Verify(commands::verify::Args),
    /// Extract one user's inclusion proof from a bundle's private data.
    Inclusion(commands::inclusion::Args),
    /// Generate a synthetic round, prove and verify it, check its reserves and write its report.
    Demo(commands::demo::Args),
    /// Measure end-to-end proving throughput, memory and proof size.
    Bench(commands::bench::Args),
    /// Check the exchange's reserve addresses (signed ownership messages).
    Reserves(commands::reserves::Args),
    /// Verify a round's bundle and reserves and write report.json/report.html.
    Report(commands::report::Args),
    /// List the rounds recorded by `solvent report`.
    History(commands::history::Args),
}

/// Outcome of a command, mapped onto the documented exit codes.
pub enum Outcome {
    Ok,
    /// A proof or check failed (exit 1).
    Invalid,
}

/// Errors that mean "unusable input" (exit 2), as opposed to internal failures.
#[derive(Debug)]
pub struct UsageError(pub anyhow::Error);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.0)
    }
}
impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("error: cannot set {n} threads: {e}");
            return ExitCode::from(2);
        }
    }
    let result = match cli.command {
        Command::Prove(args) => commands::prove::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Inclusion(args) => commands::inclusion::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Reserves(args) => commands::reserves::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::History(args) => commands::history::run(args),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(3)
            }
        }
    }
}
