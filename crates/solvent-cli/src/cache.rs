//! The prover's circuit cache (`--circuit-cache`).

use std::path::PathBuf;

use anyhow::Context;
use sha2::{Digest as _, Sha256};
use solvent_prover::CircuitCache;

/// The prover's circuit cache in `dir`, for circuits built by this very
/// executable: its build identifier is the SHA-256 of the executable file, so
/// that any other build of `solvent` rebuilds the circuits instead of using
/// ones its code may not match.
pub fn circuit_cache(dir: PathBuf) -> anyhow::Result<CircuitCache> {
    let exe = std::env::current_exe().context("locating the solvent executable")?;
    let bytes = std::fs::read(&exe)
        .with_context(|| format!("reading {} to identify this build", exe.display()))?;
    Ok(CircuitCache {
        dir,
        build_id: hex::encode(Sha256::digest(&bytes)),
    })
}
