//! Cache of verifier-key digests this machine rebuilt itself, so that only the
//! first verification for a set of parameters pays for rebuilding circuits.

use std::path::PathBuf;

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
        "{}-v{}-assets{}-batch{}-rows{}-depth{}.sha256",
        p.proof_system.replace('/', "_"),
        env!("CARGO_PKG_VERSION"),
        statement.assets.len(),
        p.batch_size,
        p.batch_trace_bits,
        p.aggregation_depth
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
