//! A proven round, as text and as JSON.

use std::path::Path;

use solvent_prover::ProveReport;

pub fn report_json(report: &ProveReport, out: &Path) -> serde_json::Value {
    serde_json::json!({
        "bundle": out,
        "round": report.statement.round,
        "accounts": report.accounts,
        "batches": report.batches,
        "batch_size": report.batch_size,
        "aggregation_depth": report.depth,
        "proof_bytes": report.proof_bytes,
        "root": report.statement.root,
        "verifier_key_digest": report.statement.verifier_key_digest,
        "circuits_from_cache": report.circuits_from_cache,
        "seconds": {
            "setup": report.setup.as_secs_f64(),
            "proving": report.proving.as_secs_f64(),
            "total": report.total.as_secs_f64(),
        },
        "accounts_per_second": report.accounts as f64 / report.total.as_secs_f64(),
    })
}

/// Appended to "waiting for circuits" when they came from the circuit cache.
pub fn circuits_source(report: &ProveReport) -> &'static str {
    if report.circuits_from_cache {
        ", read from the cache"
    } else {
        ""
    }
}

pub fn print_report(report: &ProveReport, out: &Path) {
    let s = &report.statement;
    println!(
        "Proved round {} for {} accounts and {} assets.",
        s.round,
        report.accounts,
        s.assets.len()
    );
    println!(
        "  {} batch{} of up to {} accounts, aggregation depth {}, final proof {} bytes",
        report.batches,
        if report.batches == 1 { "" } else { "es" },
        report.batch_size,
        report.depth,
        report.proof_bytes
    );
    println!(
        "  time: {:.1}s total ({:.1}s waiting for circuits{}, {:.1}s proving) = {:.0} accounts/s",
        report.total.as_secs_f64(),
        report.setup.as_secs_f64(),
        circuits_source(report),
        report.proving.as_secs_f64(),
        report.accounts as f64 / report.total.as_secs_f64()
    );
    println!("  root {}", s.root);
    println!("  verifier key digest {}", s.verifier_key_digest);
    println!("  bundle written to {}", out.display());
}
