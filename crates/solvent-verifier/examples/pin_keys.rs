//! Regenerates the verifier's pinned table of final-key digests
//! (`crates/solvent-verifier/src/pinned_keys.rs`) by building the circuits of
//! every shape the prover can emit, from this source:
//!
//! `cargo run --release -p solvent-verifier --example pin_keys` rewrites it;
//! `... -- --check` fails if the checked-in table differs (CI runs this).
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
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
    // Part of building a circuit is serial, so a few builds side by side
    // keep the cores busier than one; each holds about 1 GB.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let built: Vec<Mutex<Option<PinnedKey>>> = (0..total).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&(capacity, trace_bits)) = shapes.get(i) else {
                            return Ok(());
                        };
                        let t = Instant::now();
                        let digest = solvent_verifier::pinned::build_digest(capacity, trace_bits)?;
                        eprintln!(
                            "[{}/{total}] capacity {capacity}, trace 2^{trace_bits}: {} ({:.1?}, {:.0?} so far)",
                            done.fetch_add(1, Ordering::Relaxed) + 1,
                            hex::encode(digest),
                            t.elapsed(),
                            started.elapsed()
                        );
                        *built[i].lock().expect("no worker panics holding it") = Some(PinnedKey {
                            capacity,
                            trace_bits,
                            digest,
                        });
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("a key builder panicked")?;
        }
        Ok(())
    })?;
    let keys: Vec<PinnedKey> = built
        .into_iter()
        .map(|k| {
            k.into_inner()
                .expect("no worker panics holding it")
                .expect("every shape built")
        })
        .collect();
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
