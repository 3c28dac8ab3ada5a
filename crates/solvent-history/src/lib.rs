//! What solvent keeps across months, in one embedded `redb` database (pure
//! Rust, one file, crash-safe transactions): per round label, that round's
//! per-asset figures; per month, a snapshot of the screening lists' entries
//! and the security report's counts.
//! Values are JSON; recording a key again replaces it.
#![forbid(unsafe_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use redb::{Database, ReadableTable, TableDefinition, TableHandle};
use serde::{Deserialize, Serialize};

const ROUNDS: TableDefinition<&str, &[u8]> = TableDefinition::new("rounds");
const SCREEN_LISTS: TableDefinition<&str, &[u8]> = TableDefinition::new("screen_lists");
const SECURITY: TableDefinition<&str, &[u8]> = TableDefinition::new("security_months");

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

/// The screening lists' entries in one month: per source, each entry's
/// canonical identity (`CHAIN:hex`), so the next month can tell what was
/// added and removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSnapshot {
    pub month: String,
    pub sources: BTreeMap<String, BTreeSet<String>>,
}

/// One month's security report, as the next months chart it: the counts
/// each reported section gave (a section not reported has none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityMonth {
    pub month: String,
    pub counts: BTreeMap<String, u64>,
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

    /// Stores `value` as JSON under `key` in `table`, replacing it.
    fn put<T: Serialize>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        value: &T,
    ) -> Result<(), HistoryError> {
        let bytes = serde_json::to_vec(value).map_err(|e| self.err(e))?;
        let tx = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = tx.open_table(table).map_err(|e| self.err(e))?;
            table
                .insert(key, bytes.as_slice())
                .map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Every value of `definition`'s table, in key order.
    fn get_all<T: serde::de::DeserializeOwned>(
        &self,
        definition: TableDefinition<&str, &[u8]>,
    ) -> Result<Vec<T>, HistoryError> {
        let tx = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = match tx.open_table(definition) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(self.err(e)),
        };
        let mut out = Vec::new();
        for item in table.iter().map_err(|e| self.err(e))? {
            let (key, value) = item.map_err(|e| self.err(e))?;
            let value = serde_json::from_slice(value.value())
                .map_err(|e| self.err(format!("{} {}: {e}", definition.name(), key.value())))?;
            out.push(value);
        }
        Ok(out)
    }

    /// Records (or replaces) a round.
    pub fn record(&self, entry: &HistoryEntry) -> Result<(), HistoryError> {
        self.put(ROUNDS, &entry.round, entry)
    }

    /// Every recorded round, ordered by label (`2026-09` < `2026-10`).
    pub fn rounds(&self) -> Result<Vec<HistoryEntry>, HistoryError> {
        self.get_all(ROUNDS)
    }

    /// Records (or replaces) the month's snapshot of the screening lists.
    pub fn record_lists(&self, snapshot: &ListSnapshot) -> Result<(), HistoryError> {
        self.put(SCREEN_LISTS, &snapshot.month, snapshot)
    }

    /// Records (or replaces) a month's security figures.
    pub fn record_security(&self, month: &SecurityMonth) -> Result<(), HistoryError> {
        self.put(SECURITY, &month.month, month)
    }

    /// Every recorded month's security figures, oldest first.
    pub fn security_months(&self) -> Result<Vec<SecurityMonth>, HistoryError> {
        self.get_all(SECURITY)
    }

    /// The latest snapshot of the screening lists from before `month`.
    pub fn lists_before(&self, month: &str) -> Result<Option<ListSnapshot>, HistoryError> {
        let all: Vec<ListSnapshot> = self.get_all(SCREEN_LISTS)?;
        Ok(all.into_iter().rev().find(|s| s.month.as_str() < month))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_snapshots_by_month() {
        let dir = tempfile::tempdir().unwrap();
        let store = HistoryStore::open(&dir.path().join("h.redb")).unwrap();
        let snapshot = |month: &str, ids: &[&str]| ListSnapshot {
            month: month.into(),
            sources: [(
                "OFAC SDN".to_owned(),
                ids.iter().map(|s| s.to_string()).collect(),
            )]
            .into(),
        };
        assert_eq!(store.lists_before("2026-12").unwrap(), None);
        store
            .record_lists(&snapshot("2026-10", &["EVM:aa"]))
            .unwrap();
        store
            .record_lists(&snapshot("2026-11", &["EVM:aa", "BTC:bb"]))
            .unwrap();
        store
            .record_lists(&snapshot("2026-12", &["BTC:bb"]))
            .unwrap();
        assert_eq!(
            store.lists_before("2026-12").unwrap(),
            Some(snapshot("2026-11", &["EVM:aa", "BTC:bb"]))
        );
        assert_eq!(
            store.lists_before("2026-11").unwrap().unwrap().month,
            "2026-10"
        );
        // Rounds and snapshots live side by side.
        assert!(store.rounds().unwrap().is_empty());
    }

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
