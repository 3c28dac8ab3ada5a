//! `solvent verify`: a bundle's final proof against the trusted key, and
//! optionally one user's inclusion proof.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use solvent_model::{Bundle, InclusionProof};
use solvent_verifier::{verify_bundle, verify_inclusion, KeySource};

use crate::exit::{usage, Outcome};
use crate::output::verify::{
    announce, included_json, print_included, print_verified, verified_json,
};

#[derive(Parser)]
pub struct Args {
    /// Bundle directory written by `solvent prove`.
    pub dir: PathBuf,
    /// Trust the verifier key rebuilt now from this verifier's own circuits
    /// (seconds) instead of its pinned table: for a verifier built from a
    /// modified source. Never needed for rounds of a released prover.
    #[arg(long)]
    pub rebuild_key: bool,
    /// Also check this user's inclusion proof against the bundle's root.
    #[arg(long)]
    pub inclusion: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

fn load_inclusion(path: &Path) -> anyhow::Result<InclusionProof> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(usage)?;
    serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not an inclusion proof", path.display()))
        .map_err(usage)
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let bundle = Bundle::read(&args.dir).map_err(usage)?;
    let inclusion = args.inclusion.as_deref().map(load_inclusion).transpose()?;
    let source = KeySource::rebuilt_if(args.rebuild_key);
    announce(source);
    let verdict = verify_bundle(&bundle.statement, &bundle.proof, &bundle.key, source);
    let included = match (&verdict, &inclusion) {
        (Ok(_), Some(proof)) => {
            Some(verify_inclusion(&bundle.statement, proof).map_err(|e| e.to_string()))
        }
        _ => None,
    };
    let seconds = started.elapsed().as_secs_f64();
    match (verdict, included) {
        (Ok(_), Some(Err(reason))) => {
            if args.json {
                let out = serde_json::json!({
                    "valid": false,
                    "global_proof_valid": true,
                    "inclusion_valid": false,
                    "error": reason,
                    "round": bundle.statement.round,
                    "seconds": seconds,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                println!(
                    "INVALID: the global proof is valid, but the inclusion proof is not: {reason}"
                );
            }
            Ok(Outcome::Invalid)
        }
        (Ok(v), included) => {
            let account = included.and_then(Result::ok);
            if args.json {
                let mut out = verified_json(&v, source, seconds);
                if let Some(a) = &account {
                    out["inclusion_valid"] = serde_json::json!(true);
                    out["account"] = included_json(a);
                }
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                if let Some(a) = &account {
                    print_included(a);
                }
                print_verified(&v, source, seconds);
            }
            Ok(Outcome::Ok)
        }
        (Err(e), _) => {
            if args.json {
                let out = serde_json::json!({
                    "valid": false,
                    "error": e.to_string(),
                    "round": bundle.statement.round,
                    "seconds": seconds,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                println!("INVALID: {e}");
                println!("Nothing in this bundle should be trusted.");
            }
            Ok(Outcome::Invalid)
        }
    }
}
