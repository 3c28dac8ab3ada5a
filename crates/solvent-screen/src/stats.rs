//! The month's screening figures for the security report: entries per
//! source and chain, what changed since the previous month's snapshot of
//! the lists, and, from the month's screened traffic (the JSON Lines that
//! `solvent screen address --json` writes), hits per verdict and source.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use solvent_history::ListSnapshot;

use crate::index::Index;

/// The `format` of [`Stats`].
pub const STATS_FORMAT: &str = "solvent-screen-stats-v1";

/// `solvent screen stats`'s output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub format: &'static str,
    pub month: String,
    pub lists: Vec<ListStats>,
    /// Distinct listed addresses per source and chain.
    pub entries: Vec<SourceChain>,
    /// Against the latest earlier snapshot; `None` when there is none.
    pub changes: Option<Changes>,
    /// `None` when no traffic was given.
    pub traffic: Option<Traffic>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListStats {
    pub source: String,
    pub file: PathBuf,
    pub format: &'static str,
    pub list_date: Option<String>,
    pub entries: u64,
    /// Entries that were not addresses of their chain.
    pub rejected: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceChain {
    pub source: String,
    pub chain: &'static str,
    pub entries: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub previous_month: String,
    /// Per source (of either month): addresses added and removed.
    pub sources: Vec<SourceChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceChange {
    pub source: String,
    pub new: u64,
    pub removed: u64,
}

/// The month's screened addresses, by verdict, and blocks by source; and
/// its screened domains.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Traffic {
    pub screened: u64,
    pub block: u64,
    pub warn: u64,
    pub none: u64,
    pub invalid: u64,
    /// BLOCK verdicts per listing source (a verdict listed by two sources
    /// counts for each).
    pub blocked_by_source: BTreeMap<String, u64>,
    /// The domain records (`solvent screen domain --json`) among them.
    pub domains: DomainTraffic,
}

/// The month's screened URLs and hosts, by verdict, and by the rules that
/// fired (a host that two rules flag counts for each).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DomainTraffic {
    pub screened: u64,
    pub block: u64,
    pub warn: u64,
    pub allow: u64,
    pub none: u64,
    pub invalid: u64,
    pub by_rule: BTreeMap<String, u64>,
}

/// A traffic file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct TrafficError {
    pub file: PathBuf,
    pub line: Option<u64>,
    pub message: String,
}

/// The fields of a verdict record that the figures need.
#[derive(Deserialize)]
struct Record {
    verdict: String,
    #[serde(default)]
    matches: Vec<RecordMatch>,
    /// Present in domain records only.
    reasons: Option<Vec<RecordReason>>,
}

#[derive(Deserialize)]
struct RecordReason {
    rule: String,
}

#[derive(Deserialize)]
struct RecordMatch {
    kind: String,
    source: String,
}

impl Traffic {
    /// Adds the verdict records (JSON Lines) of `reader`, read from `file`.
    pub fn add(&mut self, file: &Path, reader: impl BufRead) -> Result<(), TrafficError> {
        let error = |line, message| TrafficError {
            file: file.to_owned(),
            line,
            message,
        };
        for (i, line) in reader.lines().enumerate() {
            let n = i as u64 + 1;
            let line = line.map_err(|e| error(Some(n), e.to_string()))?;
            if line.trim().is_empty() {
                continue;
            }
            let record: Record =
                serde_json::from_str(&line).map_err(|e| error(Some(n), e.to_string()))?;
            let unknown =
                |v: &str| error(Some(n), format!("field `verdict`: unknown verdict `{v}`"));
            if let Some(reasons) = record.reasons {
                let d = &mut self.domains;
                d.screened += 1;
                match record.verdict.as_str() {
                    "BLOCK" => d.block += 1,
                    "WARN" => d.warn += 1,
                    "ALLOW" => d.allow += 1,
                    "NONE" => d.none += 1,
                    "INVALID" => d.invalid += 1,
                    other => return Err(unknown(other)),
                }
                let rules: BTreeSet<String> = reasons.into_iter().map(|r| r.rule).collect();
                for rule in rules {
                    *d.by_rule.entry(rule).or_default() += 1;
                }
                continue;
            }
            self.screened += 1;
            match record.verdict.as_str() {
                "BLOCK" => self.block += 1,
                "WARN" => self.warn += 1,
                "NONE" => self.none += 1,
                "INVALID" => self.invalid += 1,
                other => return Err(unknown(other)),
            }
            let sources: BTreeSet<&str> = record
                .matches
                .iter()
                .filter(|m| m.kind == "listed")
                .map(|m| m.source.as_str())
                .collect();
            for source in sources {
                *self.blocked_by_source.entry(source.to_owned()).or_default() += 1;
            }
        }
        Ok(())
    }
}

/// The lists' entries as the store keeps them: per source, each entry's
/// canonical identity `CHAIN:hex`.
pub fn snapshot(index: &Index, month: &str) -> ListSnapshot {
    let mut sources: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in index.entries() {
        let ids = sources.entry(entry.source().to_owned()).or_default();
        ids.extend(
            entry
                .keys
                .iter()
                .map(|k| format!("{}:{}", k.chain, hex::encode(&k.bytes))),
        );
    }
    ListSnapshot {
        month: month.to_owned(),
        sources,
    }
}

/// The month's figures of `index`, against the `previous` snapshot.
pub fn stats(
    index: &Index,
    month: &str,
    previous: Option<&ListSnapshot>,
    traffic: Option<Traffic>,
) -> Stats {
    let lists = index
        .lists()
        .iter()
        .map(|meta| ListStats {
            source: meta.source.clone(),
            file: meta.file.clone(),
            format: meta.format,
            list_date: meta.list_date.clone(),
            entries: index
                .entries()
                .iter()
                .filter(|e| std::sync::Arc::ptr_eq(&e.meta, meta))
                .count() as u64,
            rejected: index
                .rejected()
                .iter()
                .filter(|r| r.file == meta.file)
                .count() as u64,
        })
        .collect();
    let current = snapshot(index, month);
    let mut per_chain: BTreeMap<(String, &'static str), BTreeSet<&[u8]>> = BTreeMap::new();
    for entry in index.entries() {
        for key in &entry.keys {
            per_chain
                .entry((entry.source().to_owned(), key.chain))
                .or_default()
                .insert(&key.bytes);
        }
    }
    let entries = per_chain
        .into_iter()
        .map(|((source, chain), keys)| SourceChain {
            source,
            chain,
            entries: keys.len() as u64,
        })
        .collect();
    let changes = previous.map(|previous| {
        let empty = BTreeSet::new();
        let names: BTreeSet<&String> = current
            .sources
            .keys()
            .chain(previous.sources.keys())
            .collect();
        let sources = names
            .into_iter()
            .map(|name| {
                let now = current.sources.get(name).unwrap_or(&empty);
                let before = previous.sources.get(name).unwrap_or(&empty);
                SourceChange {
                    source: name.clone(),
                    new: now.difference(before).count() as u64,
                    removed: before.difference(now).count() as u64,
                }
            })
            .collect();
        Changes {
            previous_month: previous.month.clone(),
            sources,
        }
    });
    Stats {
        format: STATS_FORMAT,
        month: month.to_owned(),
        lists,
        entries,
        changes,
        traffic,
    }
}
