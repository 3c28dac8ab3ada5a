//! `solvent deposit-check`: wrong-deposit triage. For each reported
//! deposit, which mistake it was and whether the exchange can recover it.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use solvent_deposits::{check, Config, Report};

use crate::exit::{open_input, read_input, usage, Outcome};
use crate::output::deposits::print_check;

/// Triage deposits users report as lost: sent on another network to the
/// same address, without or with a wrong memo (tag) on a memo network, to a
/// token's contract, in a token not listed, or to another asset's address;
/// whether the exchange can recover them (FEASIBLE, NOT_FEASIBLE,
/// NOT_NEEDED, UNDECIDED) and what recovery needs. Addresses are decoded as
/// the reserves checker decodes them, so any spelling of an address
/// matches.
///
/// Exit 0 triaged, 2 a file, line or argument cannot be used (the error
/// names the line and field; nothing is printed).
#[derive(Parser)]
pub struct Args {
    /// The exchange's networks (TOML: [[network]] name, native, memo,
    /// tokens).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// The exchange's deposit addresses (CSV: network, asset, address,
    /// memo, custody), read once as a stream.
    #[arg(long, value_name = "FILE")]
    pub addresses: PathBuf,
    /// Reports, one JSON object per line (id, network, tx, to, token,
    /// memo).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["network", "to"])]
    pub input: Option<PathBuf>,
    /// One report: the network the deposit was sent on.
    #[arg(long, requires = "to")]
    pub network: Option<String>,
    /// One report: the destination address.
    #[arg(long, requires = "network")]
    pub to: Option<String>,
    /// One report: the token's contract (none for the native coin).
    #[arg(long)]
    pub token: Option<String>,
    /// One report: the memo or tag given.
    #[arg(long)]
    pub memo: Option<String>,
    /// One report: the transaction hash (echoed).
    #[arg(long)]
    pub tx: Option<String>,
    /// The verdicts and counts as one JSON object (the security report's
    /// `--deposits` input).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let text = read_input(&args.config)?;
    let config = Config::parse(&text)
        .with_context(|| format!("{}", args.config.display()))
        .map_err(usage)?;
    let reports: Box<dyn BufRead> = match (&args.input, &args.network, &args.to) {
        (Some(path), _, _) => Box::new(open_input(path)?),
        (None, Some(network), Some(to)) => {
            let report = Report {
                id: None,
                network: network.clone(),
                tx: args.tx.clone(),
                to: to.clone(),
                token: args.token.clone(),
                memo: args.memo.clone(),
            };
            Box::new(std::io::Cursor::new(serde_json::to_vec(&report)?))
        }
        _ => {
            return Err(usage(anyhow::anyhow!(
                "no report: give --input FILE, or --network and --to"
            )))
        }
    };
    let book = open_input(&args.addresses)?;
    let input = args
        .input
        .as_ref()
        .map_or("the report".to_owned(), |p| p.display().to_string());
    let result = check(reports, book, &config).map_err(|e| {
        let file = match &e {
            solvent_deposits::CheckError::Book(_) => args.addresses.display().to_string(),
            solvent_deposits::CheckError::Report(_) => input.clone(),
        };
        usage(anyhow::Error::new(e).context(file))
    })?;
    print_check(&result, args.json)?;
    Ok(Outcome::Ok)
}
