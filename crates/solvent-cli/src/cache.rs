//! Cache of verifier-key digests this machine rebuilt itself, so that only the
//! first verification for a set of parameters pays for rebuilding circuits;
//! and the prover's circuit cache (`--circuit-cache`).

use std::path::PathBuf;

use anyhow::Context;
use sha2::{Digest as _, Sha256};
use solvent_prover::CircuitCache;

use solvent_model::Statement;

/// `$SOLVENT_CACHE_DIR`, else `$XDG_CACHE_HOME/solvent`, else `~/.cache/solvent`.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SOLVENT_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(dir).join("solvent"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("solvent"))
}

fn entry(statement: &Statement) -> Option<PathBuf> {
    let p = &statement.parameters;
    let name = format!(
        "{}-v{}-assets{}-batch{}-rows{}.sha256",
        p.proof_system.replace('/', "_"),
        env!("CARGO_PKG_VERSION"),
        statement.assets.len(),
        p.batch_size,
        p.batch_trace_bits
    );
    cache_dir().map(|d| d.join("keys").join(name))
}

pub fn load(statement: &Statement) -> Option<[u8; 32]> {
    let text = std::fs::read_to_string(entry(statement)?).ok()?;
    hex::decode(text.trim()).ok()?.try_into().ok()
}

pub fn store(statement: &Statement, digest: &[u8; 32]) {
    if let Some(path) = entry(statement) {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, hex::encode(digest));
    }
}

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
