use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use solvent_model::{format_amount, Statement};
use solvent_verifier::{IncludedAccount, InclusionProof, KeySource, Verified, VerifyError};

use crate::{Outcome, UsageError};

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

/// Where the trusted key comes from: `--rebuild-key` or the pinned table.
pub fn key_source(rebuild_key: bool) -> KeySource {
    if rebuild_key {
        KeySource::Rebuilt
    } else {
        KeySource::Pinned
    }
}

pub struct Bundle {
    pub statement: Statement,
    pub proof: Vec<u8>,
    pub key: Vec<u8>,
}

fn usage(e: anyhow::Error) -> anyhow::Error {
    anyhow::Error::new(UsageError(e))
}

pub fn load_bundle(dir: &Path) -> anyhow::Result<Bundle> {
    let read = |name: &str| -> anyhow::Result<Vec<u8>> {
        let path = dir.join(name);
        std::fs::read(&path)
            .with_context(|| format!("cannot read {}", path.display()))
            .map_err(usage)
    };
    let statement_bytes = read("statement.json")?;
    let statement: Statement = serde_json::from_slice(&statement_bytes)
        .with_context(|| {
            format!(
                "{} is not a valid statement",
                dir.join("statement.json").display()
            )
        })
        .map_err(usage)?;
    Ok(Bundle {
        statement,
        proof: read("proof.bin")?,
        key: read("verifier_key.bin")?,
    })
}

/// Verifies the bundle's global proof against the key `source` trusts.
pub fn verify_bundle(bundle: &Bundle, source: KeySource) -> Result<Verified, VerifyError> {
    if source == KeySource::Rebuilt {
        eprintln!("Rebuilding the verifier key from this verifier's circuits (seconds)...");
    }
    solvent_verifier::verify_bundle(&bundle.statement, &bundle.proof, &bundle.key, source)
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
    let bundle = load_bundle(&args.dir)?;
    let inclusion = args.inclusion.as_deref().map(load_inclusion).transpose()?;
    let source = key_source(args.rebuild_key);
    let verdict = verify_bundle(&bundle, source);
    let included = match (&verdict, &inclusion) {
        (Ok(_), Some(proof)) => Some(
            solvent_verifier::verify_inclusion(&bundle.statement, proof).map_err(|e| e.to_string()),
        ),
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

fn included_json(a: &IncludedAccount) -> serde_json::Value {
    serde_json::json!({
        "account_id": a.account_id,
        "leaf_index": a.leaf_index,
        "balances": a.balances.iter().map(|(symbol, decimals, equity, debt)| serde_json::json!({
            "asset": symbol,
            "equity": format_amount(u128::from(*equity), *decimals),
            "debt": format_amount(u128::from(*debt), *decimals),
        })).collect::<Vec<_>>(),
    })
}

fn print_included(a: &IncludedAccount) {
    println!(
        "INCLUDED: account `{}` is leaf {} of round {}, with exactly these balances (all others zero):",
        a.account_id, a.leaf_index, a.round
    );
    for (symbol, decimals, equity, debt) in &a.balances {
        println!(
            "  {symbol}: equity {}, debt {}",
            format_amount(u128::from(*equity), *decimals),
            format_amount(u128::from(*debt), *decimals)
        );
    }
}

pub fn verified_json(v: &Verified, source: KeySource, seconds: f64) -> serde_json::Value {
    serde_json::json!({
        "valid": true,
        "round": v.round,
        "leaf_count": v.leaf_count,
        "root": v.root.to_hex(),
        "verifier_key_digest": hex::encode(v.key_digest),
        "key_source": source,
        "assets": v.assets.iter().map(|a| serde_json::json!({
            "symbol": a.symbol,
            "price_usd": a.price_usd,
            "collateral_ratio": a.collateral_ratio,
            "price_source": a.price_source,
            "price_time": a.price_time,
            "total_equity": format_amount(a.total_equity, a.decimals),
            "total_debt": format_amount(a.total_debt, a.decimals),
        })).collect::<Vec<_>>(),
        "seconds": seconds,
    })
}

pub fn print_verified(v: &Verified, source: KeySource, seconds: f64) {
    println!(
        "VALID: the liabilities of round {} are proven for {} accounts and {} assets.",
        v.round,
        v.leaf_count,
        v.assets.len()
    );
    println!("  Every balance is in range and no account is under water at the prices below");
    println!("  (equity counted at its collateral ratio, debt at the full price); the per-asset");
    println!("  totals are exactly the sums over all accounts in the tree.");
    let width = v
        .assets
        .iter()
        .map(|a| a.symbol.len())
        .max()
        .unwrap_or(4)
        .max(5);
    println!(
        "  {:<width$}  {:>28}  {:>28}  {:>14}  {:>6}",
        "asset", "total equity", "total debt", "price USD", "ratio"
    );
    for a in &v.assets {
        println!(
            "  {:<width$}  {:>28}  {:>28}  {:>14}  {:>6}",
            a.symbol,
            format_amount(a.total_equity, a.decimals),
            format_amount(a.total_debt, a.decimals),
            a.price_usd,
            a.collateral_ratio
        );
    }
    for a in v
        .assets
        .iter()
        .filter(|a| a.price_source.is_some() || a.price_time.is_some())
    {
        println!(
            "  {} price: {} at {}",
            a.symbol,
            a.price_source.as_deref().unwrap_or("unnamed source"),
            a.price_time.as_deref().unwrap_or("unstated time")
        );
    }
    println!("  root {}", v.root.to_hex());
    let how = match source {
        KeySource::Pinned => "pinned in this verifier",
        KeySource::Rebuilt => "rebuilt now from this verifier's circuits",
    };
    println!("  verifier key {} ({how})", hex::encode(v.key_digest));
    println!("  verified in {seconds:.2}s");
}
