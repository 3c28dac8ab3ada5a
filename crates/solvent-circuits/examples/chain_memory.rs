//! Resident memory of a round's circuits as the aggregation tree deepens:
//! `cargo run --release -p solvent-circuits --example chain_memory -- ASSETS BATCH TRACE_BITS DEPTH`
//!
//! A round of `2^DEPTH` batches keeps the batch circuit, one aggregation
//! circuit per level and the final circuit in memory for its whole run; this
//! prints the process's resident set after each is built, and the size of
//! their serialization (what the circuit cache stores), and the final
//! verifier key's digest (a check that a refactor left the circuits as
//! they were).
use std::time::Instant;

use solvent_circuits::{KeyChain, Shape, VerifierKey};

fn rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let assets = args.first().copied().unwrap_or(22);
    let batch = args.get(1).copied().unwrap_or(1 << 17);
    let trace_bits = args.get(2).copied().unwrap_or(19);
    let depth = args.get(3).copied().unwrap_or(7) as u32;
    println!("start: RSS {} MiB", rss_mib());
    let t = Instant::now();
    let mut chain = KeyChain::new(Shape::new(assets, batch, trace_bits));
    println!(
        "batch circuit (2^{} rows) in {:.1?}: RSS {} MiB",
        chain.batch.data.common.degree_bits(),
        t.elapsed(),
        rss_mib()
    );
    for level in 1..=depth {
        let t = Instant::now();
        let bits = chain.aggregation(level).data.common.degree_bits();
        println!(
            "aggregation level {level} (2^{bits} rows) in {:.1?}: RSS {} MiB",
            t.elapsed(),
            rss_mib()
        );
    }
    let t = Instant::now();
    let bits = chain.final_circuit(depth).data.common.degree_bits();
    println!(
        "final circuit (2^{bits} rows) in {:.1?}: RSS {} MiB",
        t.elapsed(),
        rss_mib()
    );
    let key = VerifierKey::from_final(chain.final_circuit(depth))?;
    let digest: String = key.digest().iter().map(|b| format!("{b:02x}")).collect();
    println!("final verifier key digest: {digest}");
    let bytes = chain.to_bytes("chain_memory")?;
    println!("serialized: {} MiB", bytes.len() >> 20);
    Ok(())
}
