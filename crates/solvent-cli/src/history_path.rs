//! Where the round history lives by default.

use std::path::PathBuf;

/// `$SOLVENT_HISTORY`, else `$XDG_DATA_HOME/solvent/history.redb`, else
/// `~/.local/share/solvent/history.redb`.
pub fn default_history() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SOLVENT_HISTORY") {
        return Some(PathBuf::from(path));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share"))
        })?;
    Some(data.join("solvent").join("history.redb"))
}

/// The `--history` path, or the default.
pub fn resolve(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    given.or_else(default_history).ok_or_else(|| {
        anyhow::anyhow!("no history location: pass --history PATH or set SOLVENT_HISTORY")
    })
}
