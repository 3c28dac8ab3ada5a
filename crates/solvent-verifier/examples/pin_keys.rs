//! Regenerates the verifier's pinned table of final-key digests
//! (`crates/solvent-verifier/src/pinned_keys.rs`) by building the circuits of
//! every shape the prover can emit, from this source:
//!
//! `cargo run --release -p solvent-verifier --example pin_keys` rewrites it;
//! `... -- --check` fails if the checked-in table differs (CI runs this).
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use solvent_verifier::pinned::{pinned_shapes, render_table, PinnedKey};

fn main() -> anyhow::Result<()> {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => bail!("unknown argument {other:?}; use --check or nothing"),
    };
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/pinned_keys.rs");
    let shapes = pinned_shapes();
    let total = shapes.len();
    let started = Instant::now();
    let mut keys = Vec::with_capacity(total);
    for (i, (capacity, trace_bits)) in shapes.into_iter().enumerate() {
        let t = Instant::now();
        let digest = solvent_verifier::pinned::build_digest(capacity, trace_bits)?;
        eprintln!(
            "[{}/{total}] capacity {capacity}, trace 2^{trace_bits}: {} ({:.1?}, {:.0?} so far)",
            i + 1,
            hex::encode(digest),
            t.elapsed(),
            started.elapsed()
        );
        keys.push(PinnedKey {
            capacity,
            trace_bits,
            digest,
        });
    }
    let table = render_table(&keys);
    if check {
        let current = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        if current != table {
            bail!(
                "{} is stale: the circuits in this source give other keys; run \
                 `cargo run --release -p solvent-verifier --example pin_keys` and commit it",
                path.display()
            );
        }
        eprintln!("{} matches the circuits ({total} keys)", path.display());
    } else {
        std::fs::write(&path, table).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {} ({total} keys)", path.display());
    }
    Ok(())
}
