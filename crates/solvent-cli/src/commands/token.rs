//! `solvent token check`: is a token a scam ("pixiu")? Its trades are
//! simulated on the chain's state at a pinned block. `solvent token
//! stats`: the month's figures from those checks.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use solvent_model::{listing, Month};
use solvent_token::alloy_primitives::Address;
use solvent_token::stats::Tally;
use solvent_token::{check, CheckOptions, Fork};

use crate::exit::{open_input, read_input, usage, Outcome};
use crate::output::verdicts::Printer;

/// Uniswap V2's router on Ethereum mainnet.
const UNISWAP_V2_ROUTER: &str = "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D";

#[derive(Parser)]
pub struct Args {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Check tokens by simulating trades and reading their code: HONEYPOT
    /// (cannot be sold or moved, or sells taxed 50% or more), HIGH_RISK
    /// (taxes above 10%, buying or large sells revert, or the owner can
    /// mint, blacklist, pause or swap the code), CAUTION (a tax such as a
    /// fee-on-transfer token's, a limit per transaction or wallet, an owner
    /// who can change fees or limits, a pool one account can withdraw),
    /// NO_ISSUES_FOUND, or UNKNOWN (with why: no pair, no code, the node
    /// failed).
    ///
    /// The state is read from the node at the pinned block and the trades
    /// run locally: nothing is sent. Each round a fresh account buys with
    /// the native coin through the router, moves half to a second fresh
    /// account, and that account sells it back; the taxes are measured
    /// from balances. Owner functions are found in the bytecode and called
    /// by a stranger and by the owner to see who they let through.
    ///
    /// Exit 0 nothing flagged, 1 a HONEYPOT or HIGH_RISK, 2 a token could
    /// not be judged (UNKNOWN) or an argument cannot be used.
    Check(CheckArgs),
    /// The month's token figures as JSON, for the security report: tokens
    /// checked, per verdict and per finding, from `solvent token check
    /// --json` output. A token checked more than once counts once, at its
    /// latest check.
    ///
    /// Exit 0 written, 2 a file or argument cannot be used (nothing is
    /// written then).
    Stats(StatsArgs),
}

#[derive(Parser)]
pub struct StatsArgs {
    /// The month, `YYYY-MM`: every check must be pinned to a block in it.
    #[arg(long)]
    pub month: String,
    /// The month's `solvent token check --json` output (repeatable).
    #[arg(long = "checks", value_name = "FILE", required = true)]
    pub checks: Vec<PathBuf>,
}

#[derive(Parser)]
pub struct CheckArgs {
    /// The EVM node's JSON-RPC URL.
    #[arg(long, value_name = "URL")]
    pub rpc: String,
    /// A token to check (repeatable).
    #[arg(long = "token", value_name = "ADDR")]
    pub tokens: Vec<String>,
    /// Tokens to check, one address per line, `#` comments.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// The block to read the state at (default: the latest).
    #[arg(long, value_name = "N")]
    pub block: Option<u64>,
    /// The Uniswap-V2-style router to trade through.
    #[arg(long, value_name = "ADDR", default_value = UNISWAP_V2_ROUTER)]
    pub router: String,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
}

impl Args {
    pub fn json(&self) -> bool {
        match &self.command {
            TokenCommand::Check(a) => a.json,
            TokenCommand::Stats(_) => true,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        TokenCommand::Check(args) => check_tokens(args),
        TokenCommand::Stats(args) => stats(args),
    }
}

fn stats(args: StatsArgs) -> anyhow::Result<Outcome> {
    let month: Month = args
        .month
        .parse()
        .map_err(|e| usage(anyhow::anyhow!("--month: {e}")))?;
    let mut tally = Tally::new(month);
    for path in &args.checks {
        let file = open_input(path)?;
        tally.add(path, file).map_err(usage)?;
    }
    println!("{}", serde_json::to_string_pretty(&tally.finish())?);
    Ok(Outcome::Ok)
}

fn address(text: &str, what: &str) -> anyhow::Result<Address> {
    text.trim().parse().map_err(|_| {
        usage(anyhow::anyhow!(
            "{what} `{}` is not an EVM address",
            text.trim()
        ))
    })
}

fn check_tokens(args: CheckArgs) -> anyhow::Result<Outcome> {
    let mut tokens = args
        .tokens
        .iter()
        .map(|t| address(t, "--token"))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(path) = &args.input {
        let text = read_input(path)?;
        for (line, entry) in listing::entries(&text) {
            let what = format!("{}:{line}: token", path.display());
            tokens.push(address(entry, &what)?);
        }
    }
    if tokens.is_empty() {
        return Err(usage(anyhow::anyhow!(
            "no token to check: give --token ADDR or --input FILE"
        )));
    }
    let router = address(&args.router, "--router")?;
    let fork = Fork::connect(&args.rpc, args.block).map_err(usage)?;
    let options = CheckOptions::new(router);
    let mut printer = Printer::new(args.json);
    for token in tokens {
        printer.print(&check(&fork, token, &options))?;
    }
    Ok(printer.finish()?.outcome())
}
