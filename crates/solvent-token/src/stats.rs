//! The month's token figures for the security report, from what
//! `solvent token check --json` wrote: tokens checked, per verdict and per
//! finding. A token checked more than once counts once, at its latest
//! check (the highest block; at one block, the later record).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use alloy::primitives::Address;
use serde::{Deserialize, Serialize};
use solvent_model::Month;

use crate::verdict::{FindingKind, TokenVerdict};

/// The figures' format name.
pub const FORMAT: &str = "solvent-token-stats-v1";

/// What the figures read of a check record.
#[derive(Deserialize)]
struct Record {
    token: Address,
    block: u64,
    block_time: u64,
    verdict: TokenVerdict,
    findings: Vec<Seen>,
}

#[derive(Deserialize)]
struct Seen {
    kind: FindingKind,
}

/// A record that cannot be counted, where it is.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {problem}", file.display())]
pub struct StatsError {
    pub file: PathBuf,
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a `solvent token check --json` record: {0}")]
    Record(#[from] serde_json::Error),
    #[error("checked at block {block} (time {time}), which is not in {month}")]
    OutsideMonth { block: u64, time: u64, month: Month },
}

/// A token's latest check.
struct Latest {
    block: u64,
    verdict: TokenVerdict,
    kinds: BTreeSet<FindingKind>,
}

/// The month's checks, as they are read.
pub struct Tally {
    month: Month,
    checks: u64,
    latest: HashMap<Address, Latest>,
}

/// The month's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenStats {
    pub format: &'static str,
    pub month: Month,
    /// Records read.
    pub checks: u64,
    /// Distinct tokens.
    pub tokens: u64,
    /// Tokens whose latest verdict is HONEYPOT or HIGH_RISK.
    pub flagged: u64,
    /// Tokens per latest verdict, every verdict present.
    pub by_verdict: BTreeMap<TokenVerdict, u64>,
    /// Tokens whose latest check found this, each kind counted once per
    /// token.
    pub by_finding: BTreeMap<FindingKind, u64>,
}

impl Tally {
    pub fn new(month: Month) -> Self {
        Tally {
            month,
            checks: 0,
            latest: HashMap::new(),
        }
    }

    /// Reads one file of records (JSON Lines; blank lines skipped).
    pub fn add(&mut self, file: &Path, reader: impl BufRead) -> Result<(), StatsError> {
        for (i, line) in reader.lines().enumerate() {
            let error = |problem| StatsError {
                file: file.to_owned(),
                line: i + 1,
                problem,
            };
            let line = line.map_err(|e| error(e.into()))?;
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = serde_json::from_str(&line).map_err(|e| error(e.into()))?;
            let in_month = i64::try_from(record.block_time)
                .ok()
                .and_then(Month::of_unix)
                .is_some_and(|m| m == self.month);
            if !in_month {
                return Err(error(Problem::OutsideMonth {
                    block: record.block,
                    time: record.block_time,
                    month: self.month,
                }));
            }
            self.checks += 1;
            let later = self
                .latest
                .get(&record.token)
                .is_none_or(|known| record.block >= known.block);
            if later {
                let kinds = record.findings.iter().map(|f| f.kind).collect();
                self.latest.insert(
                    record.token,
                    Latest {
                        block: record.block,
                        verdict: record.verdict,
                        kinds,
                    },
                );
            }
        }
        Ok(())
    }

    pub fn finish(self) -> TokenStats {
        let mut by_verdict: BTreeMap<_, _> = TokenVerdict::ALL.iter().map(|v| (*v, 0)).collect();
        let mut by_finding = BTreeMap::new();
        for latest in self.latest.values() {
            *by_verdict.entry(latest.verdict).or_default() += 1;
            for kind in &latest.kinds {
                *by_finding.entry(*kind).or_default() += 1;
            }
        }
        let flagged = by_verdict[&TokenVerdict::Honeypot] + by_verdict[&TokenVerdict::HighRisk];
        TokenStats {
            format: FORMAT,
            month: self.month,
            checks: self.checks,
            tokens: self.latest.len() as u64,
            flagged,
            by_verdict,
            by_finding,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2026-12-10T00:00:00Z.
    const DECEMBER: u64 = 1_796_860_800;

    fn record(token: u8, block: u64, verdict: &str, kinds: &[&str]) -> String {
        let findings: Vec<_> = kinds
            .iter()
            .map(|k| serde_json::json!({ "kind": k, "round": 0 }))
            .collect();
        serde_json::json!({
            "token": Address::repeat_byte(token),
            "router": Address::repeat_byte(0xee),
            "pair": null,
            "block": block,
            "block_time": DECEMBER + block,
            "verdict": verdict,
            "trades": [],
            "findings": findings,
        })
        .to_string()
    }

    fn tally(text: &str) -> Result<TokenStats, StatsError> {
        let mut tally = Tally::new("2026-12".parse().unwrap());
        tally.add(Path::new("checks.jsonl"), text.as_bytes())?;
        Ok(tally.finish())
    }

    #[test]
    fn a_token_counts_once_at_its_latest_check() {
        let text = [
            record(1, 10, "HONEYPOT", &["sell_reverted", "sell_reverted"]),
            String::new(),
            record(1, 20, "CAUTION", &["sell_tax"]),
            record(1, 15, "HONEYPOT", &["sell_reverted"]),
            record(2, 10, "HIGH_RISK", &["owner_can_mint"]),
            record(3, 10, "UNKNOWN", &[]),
        ]
        .join("\n");
        let stats = tally(&text).unwrap();
        assert_eq!((stats.checks, stats.tokens, stats.flagged), (5, 3, 1));
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(json["format"], FORMAT);
        assert_eq!(json["month"], "2026-12");
        assert_eq!(
            json["by_verdict"],
            serde_json::json!({"HONEYPOT": 0, "HIGH_RISK": 1, "CAUTION": 1, "NO_ISSUES_FOUND": 0, "UNKNOWN": 1})
        );
        assert_eq!(
            json["by_finding"],
            serde_json::json!({"sell_tax": 1, "owner_can_mint": 1})
        );
    }

    #[test]
    fn a_record_that_cannot_count_names_file_and_line() {
        let bad = [
            (
                format!("{}\n{{\"token\": 1}}", record(1, 1, "CAUTION", &[])),
                2,
                "not a",
            ),
            (record(1, 1, "SAFE", &[]), 1, "not a"),
            (record(1, 1, "CAUTION", &["rug"]), 1, "not a"),
            (
                record(1, 1, "CAUTION", &[]).replace(&(DECEMBER + 1).to_string(), "1"),
                1,
                "not in 2026-12",
            ),
        ];
        for (text, line, says) in bad {
            let e = tally(&text).unwrap_err();
            assert_eq!(e.line, line, "{e}");
            let message = e.to_string();
            assert!(
                message.starts_with(&format!("checks.jsonl:{line}: ")),
                "{message}"
            );
            assert!(message.contains(says), "{message}");
        }
    }

    proptest! {
        #[test]
        fn any_input_is_counted_or_refused_without_panic(text in "\\PC{0,200}") {
            let _ = tally(&text);
        }
    }
}
