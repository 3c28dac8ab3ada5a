//! `solvent keys-audit`: which API keys the policy says to purge or
//! restrict, from the exchange's export, each with the rules that fired.
//! A plan only: nothing is changed anywhere.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use solvent_model::Day;
use solvent_policy::keys::{audit, Policy};

use crate::exit::{open_input, read_input, usage, Outcome};
use crate::output::keys::print_audit;

/// Plan the API-key clean-up the policy asks for: purge keys idle too
/// long, purge or restrict keys bound to no IP address past a grace
/// period, revoke withdrawal from keys without IP binding or whose user
/// has no 2FA. Prints the plan with a reason per key and the counts.
///
/// Exit 0 the plan was printed, 2 a file or row cannot be used (the error
/// names the line and field; nothing is printed).
#[derive(Parser)]
pub struct Args {
    /// The API-key export (CSV: key_id, user_id, created, last_used,
    /// permissions, ip_allowlist, user_2fa).
    #[arg(long, value_name = "FILE")]
    pub keys: PathBuf,
    /// The policy (TOML: idle_days, unbound_grace_days, unbound_action).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,
    /// The day the audit is made for, `YYYY-MM-DD` (so that it replays).
    #[arg(long, value_name = "DAY")]
    pub as_of: Day,
    /// The plan as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let policy_text = read_input(&args.policy)?;
    let policy = Policy::parse(&policy_text)
        .with_context(|| format!("{}", args.policy.display()))
        .map_err(usage)?;
    let export = open_input(&args.keys)?;
    let plan = audit(export, &policy, args.as_of)
        .with_context(|| format!("{}", args.keys.display()))
        .map_err(usage)?;
    print_audit(&plan, args.json)?;
    Ok(Outcome::Ok)
}
