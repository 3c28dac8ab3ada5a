//! `solvent cooling-off`: a stream of account events replayed against the
//! rookie-protection policy, ALLOW or DENY per order with the rule that
//! fired. The library's engine is what an order path would call; this
//! command replays a day's or a month's events for the record.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use solvent_policy::cooling_off::{replay, Policy};

use crate::exit::{open_input, read_input, usage, Outcome};
use crate::output::cooling_off::{write_decisions, Summary};

/// Replay account events against the cooling-off rules: no derivatives
/// positions for accounts younger than the policy's age, a leverage cap in
/// a trader's first days, and no new derivatives positions for some hours
/// after a large realised loss. Spot and reduce-only orders are always
/// allowed. Prints each denied order with its rule and the counts; the
/// same events give the same decisions.
///
/// Exit 0 replayed, 2 a file or line cannot be used (the error names the
/// line and field; nothing is printed or written).
#[derive(Parser)]
pub struct Args {
    /// The policy (TOML: min_account_age_hours, rookie_days,
    /// rookie_max_leverage, loss_window_hours, loss_threshold_percent,
    /// cooling_off_hours).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,
    /// The events, one JSON object per line, in time order (account,
    /// order, pnl).
    #[arg(long, value_name = "FILE")]
    pub events: PathBuf,
    /// Also write every order's decision to FILE, one JSON object per line.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// The counts as one JSON object (the security report's
    /// `--cooling-off` input) instead of the denied orders and counts.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let policy_text = read_input(&args.policy)?;
    let policy = Policy::parse(&policy_text)
        .with_context(|| format!("{}", args.policy.display()))
        .map_err(usage)?;
    let open = || open_input(&args.events);
    // A first pass checks every line, so that nothing is printed or
    // written for a stream with a bad line; the second writes.
    let stats = replay(open()?, &policy, |_| Ok(()))
        .with_context(|| format!("{}", args.events.display()))
        .map_err(usage)?;
    if let Some(path) = &args.decisions {
        write_decisions(path, &policy, open()?)?;
    }
    let mut summary = Summary::new(args.json);
    if !args.json {
        replay(open()?, &policy, |decided| {
            summary.denied(&decided, &policy)
        })?;
    }
    summary.finish(&stats)?;
    Ok(Outcome::Ok)
}
