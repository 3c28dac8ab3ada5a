//! A verified round and an included account, as text and as JSON.

use solvent_model::format_amount;
use solvent_verifier::{IncludedAccount, KeySource, Verified};

/// `solvent verify --json` for a valid round (docs/FORMATS.md).
pub fn verified_json(v: &Verified, source: KeySource, seconds: f64) -> serde_json::Value {
    let mut out = serde_json::to_value(v.view(source)).expect("a view serializes");
    out["seconds"] = seconds.into();
    out
}

pub fn included_json(a: &IncludedAccount) -> serde_json::Value {
    serde_json::to_value(a.view()).expect("a view serializes")
}

pub fn print_included(a: &IncludedAccount) {
    println!(
        "INCLUDED: account `{}` is leaf {} of round {}, with exactly these balances (all others zero):",
        a.account_id, a.leaf_index, a.round
    );
    for b in a.view().balances {
        println!("  {}: equity {}, debt {}", b.asset, b.equity, b.debt);
    }
}

/// Said before a verification that rebuilds the key (seconds of work).
pub fn announce(source: KeySource) {
    if source == KeySource::Rebuilt {
        eprintln!("Rebuilding the verifier key from this verifier's circuits (seconds)...");
    }
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
