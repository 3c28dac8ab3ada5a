//! Rounds kept across months in an embedded `redb` database (pure Rust,
//! one file, crash-safe transactions): round label → that round's per-asset
//! figures as JSON. Recording a round again replaces it.

use std::path::{Path, PathBuf};

use redb::{Database, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

const ROUNDS: TableDefinition<&str, &[u8]> = TableDefinition::new("rounds");

/// One asset's figures in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPoint {
    pub asset: String,
    pub net_liabilities: String,
    pub reserves_verified: String,
    pub ratio_percent: Option<String>,
}

/// One round as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub round: String,
    pub assets: Vec<HistoryPoint>,
}

/// Where the history lives unless the caller names a store:
/// `$SOLVENT_HISTORY`, else `$XDG_DATA_HOME/solvent/history.redb`, else
/// `~/.local/share/solvent/history.redb`; `None` when none of them is set.
pub fn default_location() -> Option<PathBuf> {
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

/// `given`, else the [`default_location`].
pub fn location(given: Option<PathBuf>) -> Result<PathBuf, HistoryError> {
    given
        .or_else(default_location)
        .ok_or(HistoryError::NoLocation)
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("no history location: pass --history PATH or set SOLVENT_HISTORY")]
    NoLocation,
    #[error("history store {path}: {message}")]
    Store { path: String, message: String },
}

/// The history store at a path (created on first write).
pub struct HistoryStore {
    db: Database,
    path: String,
}

impl HistoryStore {
    pub fn open(path: &Path) -> Result<HistoryStore, HistoryError> {
        let shown = path.display().to_string();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| HistoryError::Store {
                path: shown.clone(),
                message: format!("cannot create its directory: {e}"),
            })?;
        }
        let db = Database::create(path).map_err(|e| HistoryError::Store {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        Ok(HistoryStore { db, path: shown })
    }

    fn err(&self, e: impl std::fmt::Display) -> HistoryError {
        HistoryError::Store {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Records (or replaces) a round.
    pub fn record(&self, entry: &HistoryEntry) -> Result<(), HistoryError> {
        let bytes = serde_json::to_vec(entry).map_err(|e| self.err(e))?;
        let tx = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = tx.open_table(ROUNDS).map_err(|e| self.err(e))?;
            table
                .insert(entry.round.as_str(), bytes.as_slice())
                .map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Every recorded round, ordered by label (`2026-09` < `2026-10`).
    pub fn rounds(&self) -> Result<Vec<HistoryEntry>, HistoryError> {
        let tx = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = match tx.open_table(ROUNDS) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(self.err(e)),
        };
        let mut out = Vec::new();
        for item in table.iter().map_err(|e| self.err(e))? {
            let (key, value) = item.map_err(|e| self.err(e))?;
            let entry: HistoryEntry = serde_json::from_slice(value.value())
                .map_err(|e| self.err(format!("round {}: {e}", key.value())))?;
            out.push(entry);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(round: &str, ratio: &str) -> HistoryEntry {
        HistoryEntry {
            round: round.into(),
            assets: vec![HistoryPoint {
                asset: "BTC".into(),
                net_liabilities: "100".into(),
                reserves_verified: "104".into(),
                ratio_percent: Some(ratio.into()),
            }],
        }
    }

    #[test]
    fn records_lists_and_replaces_rounds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/history.redb");
        let store = HistoryStore::open(&path).unwrap();
        assert!(store.rounds().unwrap().is_empty());
        store.record(&entry("2026-10", "103.00")).unwrap();
        store.record(&entry("2026-09", "101.00")).unwrap();
        store.record(&entry("2026-10", "104.00")).unwrap();
        drop(store);
        let store = HistoryStore::open(&path).unwrap();
        let rounds = store.rounds().unwrap();
        assert_eq!(
            rounds,
            vec![entry("2026-09", "101.00"), entry("2026-10", "104.00")]
        );
    }
}
