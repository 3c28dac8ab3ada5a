//! The `solvent` command line: a thin layer over the library crates. Each
//! command parses its arguments, calls a library and renders the result
//! ([`output`]); [`exit`] holds the one exit-code table; [`level`] hands a
//! portable build over to a faster build of itself.
#![forbid(unsafe_code)]

mod commands;
mod exit;
mod level;
mod output;

use std::process::ExitCode;
use std::sync::LazyLock;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "solvent",
    version = VERSION.as_str(),
    about = "Open-source proof of reserves: prove and verify an exchange's liabilities and reserves",
    after_help = exit::EXIT_CODES
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
    /// Prove a round on many machines: publish its units to NATS JetStream, aggregate the workers' proofs, write the bundle as `prove` does.
    Coordinate(commands::coordinate::Args),
    /// Prove units of rounds from NATS JetStream until stopped (any number, on any machine).
    Worker(commands::worker::Args),
    /// Verify a bundle's final proof against its statement.
    Verify(commands::verify::Args),
    /// Extract one user's inclusion proof from a bundle's private data.
    Inclusion(commands::inclusion::Args),
    /// Write a round's static verification site: the page, the public bundle and every user's inclusion proof, encrypted under their verification code.
    Publish(commands::publish::Args),
    /// Serve a published site over HTTP (local use and tests; any static host serves it in production).
    Serve(commands::serve::Args),
    /// Generate a synthetic round, prove and verify it, check its reserves and write its report.
    Demo(commands::demo::Args),
    /// Measure end-to-end proving throughput, memory and proof size.
    Bench(commands::bench::Args),
    /// Check the exchange's reserve addresses (signed ownership messages).
    Reserves(commands::reserves::Args),
    /// Verify a round's bundle and reserves and write report.json/report.html.
    Report(commands::report::Args),
    /// Check OKX's published proof-of-liabilities user files.
    Okx(commands::okx::Args),
    /// Screen addresses against sanctions lists and blacklists, and for address poisoning.
    Screen(commands::screen::Args),
    /// Check tokens for scams ("pixiu": unsellable, taxed) by simulating trades.
    Token(commands::token::Args),
    /// List the rounds recorded by `solvent report`.
    History(commands::history::Args),
    /// The safety and risk provision funds' hash-chained ledger: add, verify, balances.
    Funds(commands::funds::Args),
    /// Plan the API-key clean-up a policy asks for (idle, unbound, withdrawal without IP binding or 2FA).
    KeysAudit(commands::keys_audit::Args),
    /// Replay account events against the rookie cooling-off rules: ALLOW or DENY per order, with the rule that fired.
    CoolingOff(commands::cooling_off::Args),
    /// Triage a deposit reported lost: which mistake (another network, memo, token contract, unsupported token, another asset's address) and whether it can be recovered.
    DepositCheck(commands::deposit_check::Args),
    /// Write the month's security report (JSON and a self-contained page) from the files each engine wrote.
    SecurityReport(commands::security_report::Args),
}

/// The version and the x86-64 level this build was compiled for.
static VERSION: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} ({} build)",
        env!("CARGO_PKG_VERSION"),
        level::Level::built().name()
    )
});

impl Command {
    /// Whether the command was asked for JSON output (`--json`), so that a
    /// failure is reported as JSON too.
    fn json(&self) -> bool {
        match self {
            Command::Prove(a) => a.json,
            Command::Coordinate(a) => a.json,
            Command::Worker(a) => a.json,
            Command::Verify(a) => a.json,
            Command::Demo(a) => a.json,
            Command::Bench(a) => a.json,
            Command::Reserves(a) => a.json(),
            Command::Report(a) => a.json,
            Command::History(a) => a.json,
            Command::Publish(a) => a.json,
            Command::Okx(a) => a.json(),
            Command::Screen(a) => a.json(),
            Command::Token(a) => a.json(),
            Command::Funds(a) => a.json(),
            Command::KeysAudit(a) => a.json,
            Command::CoolingOff(a) => a.json,
            Command::DepositCheck(a) => a.json,
            Command::SecurityReport(a) => a.json,
            Command::Inclusion(_) | Command::Serve(_) => false,
        }
    }
}

fn main() -> ExitCode {
    // First: a faster build of this binary, if one is beside it, takes over.
    level::hand_over();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        // Colours only on a terminal: logs kept in files stay plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            return exit::finish(
                Err(exit::usage(anyhow::anyhow!("cannot set {n} threads: {e}"))),
                cli.command.json(),
            );
        }
    }
    let json = cli.command.json();
    let result = match cli.command {
        Command::Prove(args) => commands::prove::run(args),
        Command::Coordinate(args) => commands::coordinate::run(args),
        Command::Worker(args) => commands::worker::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Inclusion(args) => commands::inclusion::run(args),
        Command::Publish(args) => commands::publish::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Okx(args) => commands::okx::run(args),
        Command::Screen(args) => commands::screen::run(args),
        Command::Token(args) => commands::token::run(args),
        Command::Funds(args) => commands::funds::run(args),
        Command::KeysAudit(args) => commands::keys_audit::run(args),
        Command::CoolingOff(args) => commands::cooling_off::run(args),
        Command::DepositCheck(args) => commands::deposit_check::run(args),
        Command::SecurityReport(args) => commands::security_report::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Reserves(args) => commands::reserves::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::History(args) => commands::history::run(args),
    };
    exit::finish(result, json)
}
