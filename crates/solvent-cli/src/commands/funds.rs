//! `solvent funds`: the safety fund's and the risk provision fund's
//! ledger: `add` chains a movement (dry run unless `--write`), `verify`
//! checks the chain (and published heads), `balances` sums it, `wallets`
//! checks a fund's own wallets against it.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};
use solvent_funds::{
    check_wallets, Anchor, Direction, Fund, Ledger, NewEntry, Proven, WalletStatus,
};
use solvent_model::{Day, Decimal, DecimalError};
use solvent_reserves::check::check_path;

use crate::exit::{open_input, usage, Outcome};
use crate::output::funds::{print_balances, print_entry, print_verdict, print_wallets, Verdict};

#[derive(Parser)]
pub struct Args {
    #[command(subcommand)]
    pub command: FundsCommand,
}

#[derive(Subcommand)]
pub enum FundsCommand {
    /// Chain a movement onto the ledger: printed, and appended only with
    /// `--write`. Refused if the ledger does not hold together or the
    /// outflow would take the fund below zero.
    ///
    /// Exit 0 printed (or written), 1 the ledger does not hold together, 2
    /// an argument cannot be used or the outflow overdraws the fund.
    Add(AddArgs),
    /// Check the ledger: numbered entries, each naming the hash of the one
    /// before and hashing to its own, dated in order, no fund overdrawn;
    /// and each `--anchor` (a head hash a past report published).
    ///
    /// Exit 0 valid, 1 tampered or broken (the line and what broke), 2 the
    /// file cannot be read.
    Verify(VerifyArgs),
    /// Each fund's holding of each asset, after every entry or at the end
    /// of `--date`.
    ///
    /// Exit 0 printed, 1 the ledger does not hold together, 2 the file
    /// cannot be read.
    Balances(BalancesArgs),
    /// Check a fund's own wallets against its ledger: the wallet file (a
    /// reserve file of signed addresses, as `solvent reserves verify`
    /// reads) must verify row by row, and its verified balances cover
    /// every asset the ledger says the fund holds. The funds are never
    /// counted as reserves for user liabilities.
    ///
    /// Exit 0 VERIFIED, 1 NOT_VERIFIED or the ledger is not valid, 2 a file
    /// cannot be read.
    Wallets(WalletsArgs),
}

#[derive(Parser)]
pub struct WalletsArgs {
    #[arg(long, value_name = "FILE")]
    pub ledger: PathBuf,
    #[arg(long, value_enum)]
    pub fund: FundArg,
    /// The fund's wallets: a reserve file (solvent-v1 or OKX's layout).
    #[arg(long, value_name = "FILE")]
    pub wallets: PathBuf,
    /// The day the ledger is summed to (default: every entry).
    #[arg(long)]
    pub date: Option<Day>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Parser)]
pub struct AddArgs {
    /// The ledger (JSON Lines).
    #[arg(long, value_name = "FILE")]
    pub ledger: PathBuf,
    /// Start a new ledger at FILE (which must not exist).
    #[arg(long)]
    pub new: bool,
    /// The day of the movement, `YYYY-MM-DD`.
    #[arg(long)]
    pub date: Day,
    #[arg(long, value_enum)]
    pub fund: FundArg,
    /// The asset's symbol.
    #[arg(long)]
    pub asset: String,
    #[arg(long, value_enum)]
    pub direction: DirectionArg,
    /// A positive decimal amount.
    #[arg(long)]
    pub amount: String,
    /// Why the fund moved.
    #[arg(long)]
    pub memo: String,
    /// Append the entry (without it, only print it).
    #[arg(long)]
    pub write: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FundArg {
    SafetyFund,
    RiskProvisionFund,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DirectionArg {
    Inflow,
    Outflow,
}

#[derive(Parser)]
pub struct VerifyArgs {
    #[arg(long, value_name = "FILE")]
    pub ledger: PathBuf,
    /// A published head, `SEQ:HASH` (repeatable).
    #[arg(long = "anchor", value_name = "SEQ:HASH")]
    pub anchors: Vec<Anchor>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Parser)]
pub struct BalancesArgs {
    #[arg(long, value_name = "FILE")]
    pub ledger: PathBuf,
    /// The day to sum to (default: every entry), `YYYY-MM-DD`.
    #[arg(long)]
    pub date: Option<Day>,
    #[arg(long)]
    pub json: bool,
}

impl Args {
    pub fn json(&self) -> bool {
        match &self.command {
            FundsCommand::Add(a) => a.json,
            FundsCommand::Verify(a) => a.json,
            FundsCommand::Balances(a) => a.json,
            FundsCommand::Wallets(a) => a.json,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        FundsCommand::Add(args) => add(args),
        FundsCommand::Verify(args) => verify(args),
        FundsCommand::Balances(args) => balances(args),
        FundsCommand::Wallets(args) => wallets(args),
    }
}

impl FundArg {
    fn fund(self) -> Fund {
        match self {
            FundArg::SafetyFund => Fund::SafetyFund,
            FundArg::RiskProvisionFund => Fund::RiskProvisionFund,
        }
    }
}

/// The ledger at `path`: `Err` when it cannot be read (exit 2), `Ok(Err)`
/// when it does not hold together (exit 1).
fn read(path: &Path) -> anyhow::Result<Result<Ledger, solvent_funds::LedgerError>> {
    Ok(Ledger::read(open_input(path)?))
}

/// The valid ledger at `path`, or `None` once its INVALID verdict is
/// printed (the command then exits 1).
fn valid(path: &Path, json: bool) -> anyhow::Result<Option<Ledger>> {
    match read(path)? {
        Ok(ledger) => Ok(Some(ledger)),
        Err(e) => {
            print_verdict(&Verdict::broken(path, &e), json)?;
            Ok(None)
        }
    }
}

fn add(args: AddArgs) -> anyhow::Result<Outcome> {
    let mut ledger = if args.new {
        if args.ledger.exists() {
            return Err(usage(anyhow::anyhow!(
                "{} exists: --new starts a ledger",
                args.ledger.display()
            )));
        }
        Ledger::default()
    } else {
        let Some(ledger) = valid(&args.ledger, args.json)? else {
            return Ok(Outcome::Invalid);
        };
        ledger
    };
    let amount =
        Decimal::parse(&args.amount).map_err(|e| usage(anyhow::anyhow!("--amount: {e}")))?;
    let movement = NewEntry {
        date: args.date,
        fund: args.fund.fund(),
        asset: args.asset,
        direction: match args.direction {
            DirectionArg::Inflow => Direction::Inflow,
            DirectionArg::Outflow => Direction::Outflow,
        },
        amount,
        memo: args.memo,
    };
    let entry = ledger
        .append(movement)
        .map_err(|e| usage(anyhow::anyhow!("the entry cannot be added: {}", e.problem)))?;
    if args.write {
        let mut line = serde_json::to_string(entry)?;
        line.push('\n');
        let mut file = OpenOptions::new()
            .append(true)
            .create_new(args.new)
            .open(&args.ledger)
            .with_context(|| format!("cannot open {} to append", args.ledger.display()))?;
        // One write of the whole line, then to disk: a crash leaves the
        // ledger without the entry or with all of it.
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot append to {}", args.ledger.display()))?;
    }
    print_entry(entry, args.write, args.json)?;
    Ok(Outcome::Ok)
}

fn verify(args: VerifyArgs) -> anyhow::Result<Outcome> {
    let checked = read(&args.ledger)?.and_then(|l| l.check_anchors(&args.anchors).map(|()| l));
    let verdict = match &checked {
        Ok(ledger) => Verdict::valid(&args.ledger, ledger, args.anchors.len()),
        Err(e) => Verdict::broken(&args.ledger, e),
    };
    print_verdict(&verdict, args.json)?;
    Ok(if checked.is_ok() {
        Outcome::Ok
    } else {
        Outcome::Invalid
    })
}

fn balances(args: BalancesArgs) -> anyhow::Result<Outcome> {
    let Some(ledger) = valid(&args.ledger, args.json)? else {
        return Ok(Outcome::Invalid);
    };
    print_balances(&ledger, args.date, args.json)?;
    Ok(Outcome::Ok)
}

fn wallets(args: WalletsArgs) -> anyhow::Result<Outcome> {
    let Some(ledger) = valid(&args.ledger, args.json)? else {
        return Ok(Outcome::Invalid);
    };
    let (_, report) = check_path(&args.wallets).map_err(usage)?;
    let verified = report
        .totals
        .iter()
        .map(|(asset, totals)| Ok((asset.clone(), Decimal::parse(&totals.verified)?)))
        .collect::<Result<_, DecimalError>>()?;
    let proven = Proven {
        rows_failed: report.failed,
        rows_unverified: report.unverified,
        verified,
    };
    let checked = check_wallets(&ledger, args.fund.fund(), args.date, &proven);
    print_wallets(&checked, args.json)?;
    Ok(match checked.status {
        WalletStatus::Verified => Outcome::Ok,
        WalletStatus::NotVerified => Outcome::Invalid,
    })
}
