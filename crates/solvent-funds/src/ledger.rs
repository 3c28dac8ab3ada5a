//! A whole ledger: read and checked entry by entry, appended to, and
//! summed into balances.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::str::FromStr;

use serde::Serialize;
use solvent_model::{Day, Decimal};

use crate::entry::{Direction, Entry, Fund, NewEntry, GENESIS};
use crate::error::{LedgerError, Problem};

/// A head hash published for an entry (`SEQ:HASH`, as a monthly report
/// prints it): a ledger rewritten after it no longer matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: u64,
    pub hash: String,
}

impl FromStr for Anchor {
    type Err = String;

    fn from_str(text: &str) -> Result<Anchor, String> {
        let bad = || format!("`{text}` is not an anchor as SEQ:HASH (a number, 64 hex digits)");
        let (seq, hash) = text.split_once(':').ok_or_else(bad)?;
        let seq = seq.parse().map_err(|_| bad())?;
        let hex_digits = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex_digits {
            return Err(bad());
        }
        Ok(Anchor {
            seq,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// A fund's holding of one asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub fund: Fund,
    pub asset: String,
    pub balance: Decimal,
    pub inflows: Decimal,
    pub outflows: Decimal,
    /// Entries that moved it.
    pub entries: u64,
}

/// A checked ledger.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    entries: Vec<(u64, Entry)>,
    holdings: BTreeMap<(Fund, String), Decimal>,
}

fn symbol_ok(asset: &str) -> bool {
    (1..=32).contains(&asset.len())
        && asset
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

impl Ledger {
    /// Reads a ledger (JSON Lines, one entry per line; blank lines
    /// skipped) and checks it: entries numbered from 1 without a gap, each
    /// naming the hash of the one before and hashing to its own, dated in
    /// order, moving a positive amount of a named asset, no outflow taking
    /// a fund below zero.
    pub fn read(reader: impl BufRead) -> Result<Ledger, LedgerError> {
        let mut ledger = Ledger::default();
        for (text, line) in reader.lines().zip(1..) {
            let text = text.map_err(|e| LedgerError::at(line, e))?;
            if text.trim().is_empty() {
                continue;
            }
            let entry: Entry = serde_json::from_str(&text).map_err(|e| LedgerError::at(line, e))?;
            let (seq, prev) = ledger.next();
            if entry.seq != seq {
                return Err(LedgerError::at(
                    line,
                    Problem::Seq {
                        expected: seq,
                        found: entry.seq,
                    },
                ));
            }
            if entry.prev != prev {
                return Err(LedgerError::at(line, Problem::Prev { seq }));
            }
            if entry.hash != entry.expected_hash() {
                return Err(LedgerError::at(line, Problem::Hash { seq }));
            }
            ledger.admit(line, entry)?;
        }
        Ok(ledger)
    }

    /// The number and `prev` the next entry takes.
    fn next(&self) -> (u64, String) {
        match self.entries.last() {
            Some((_, e)) => (e.seq + 1, e.hash.clone()),
            None => (1, GENESIS.to_owned()),
        }
    }

    /// Checks a chained entry's movement against the ledger so far, and
    /// keeps it.
    fn admit(&mut self, line: u64, entry: Entry) -> Result<(), LedgerError> {
        let seq = entry.seq;
        let m = &entry.movement;
        if let Some((_, last)) = self.entries.last() {
            if m.date < last.movement.date {
                return Err(LedgerError::at(
                    line,
                    Problem::Date {
                        seq,
                        date: m.date,
                        previous: last.movement.date,
                    },
                ));
            }
        }
        if m.amount.is_zero() {
            return Err(LedgerError::at(line, Problem::Zero { seq }));
        }
        if !symbol_ok(&m.asset) {
            return Err(LedgerError::at(
                line,
                Problem::Asset {
                    seq,
                    asset: m.asset.clone(),
                },
            ));
        }
        let held = self
            .holdings
            .entry((m.fund, m.asset.clone()))
            .or_insert(Decimal::ZERO);
        *held = match m.direction {
            Direction::Inflow => held.checked_add(m.amount).ok_or_else(|| {
                LedgerError::at(
                    line,
                    Problem::Overflow {
                        seq,
                        asset: m.asset.clone(),
                    },
                )
            })?,
            Direction::Outflow => held.checked_sub(m.amount).ok_or_else(|| {
                LedgerError::at(
                    line,
                    Problem::Overdrawn {
                        seq,
                        fund: m.fund,
                        asset: m.asset.clone(),
                        balance: held.to_string(),
                        amount: m.amount.to_string(),
                    },
                )
            })?,
        };
        self.entries.push((line, entry));
        Ok(())
    }

    /// Checks published head hashes against this ledger.
    pub fn check_anchors(&self, anchors: &[Anchor]) -> Result<(), LedgerError> {
        for anchor in anchors {
            let Some((line, entry)) = self.entries.iter().find(|(_, e)| e.seq == anchor.seq) else {
                return Err(LedgerError {
                    line: None,
                    problem: Problem::AnchorMissing { seq: anchor.seq },
                });
            };
            if entry.hash != anchor.hash {
                return Err(LedgerError::at(
                    *line,
                    Problem::Anchor {
                        seq: anchor.seq,
                        published: anchor.hash.clone(),
                        found: entry.hash.clone(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// Chains `movement` after the last entry, if it keeps the ledger
    /// whole; the entry to write is returned.
    pub fn append(&mut self, movement: NewEntry) -> Result<&Entry, LedgerError> {
        let (seq, prev) = self.next();
        let line = self.entries.last().map_or(1, |(l, _)| l + 1);
        self.admit(line, Entry::chain(seq, movement, &prev))?;
        Ok(&self.entries.last().expect("just admitted").1)
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().map(|(_, e)| e)
    }

    /// The last entry: its number and hash are what a report publishes.
    pub fn head(&self) -> Option<&Entry> {
        self.entries.last().map(|(_, e)| e)
    }

    /// Each fund's holding of each asset at the end of `at` (default: after
    /// every entry), funds and assets in order.
    pub fn balances(&self, at: Option<Day>) -> Vec<Balance> {
        let mut sums: BTreeMap<(Fund, &str), Balance> = BTreeMap::new();
        for e in self
            .entries()
            .filter(|e| at.is_none_or(|d| e.movement.date <= d))
        {
            let m = &e.movement;
            let b = sums.entry((m.fund, &m.asset)).or_insert_with(|| Balance {
                fund: m.fund,
                asset: m.asset.clone(),
                balance: Decimal::ZERO,
                inflows: Decimal::ZERO,
                outflows: Decimal::ZERO,
                entries: 0,
            });
            // The whole ledger was summed without overflow on reading, and
            // a prefix of it sums to no more.
            let add = |a: Decimal| a.checked_add(m.amount).expect("checked on reading");
            match m.direction {
                Direction::Inflow => b.inflows = add(b.inflows),
                Direction::Outflow => b.outflows = add(b.outflows),
            }
            b.entries += 1;
        }
        sums.into_values()
            .map(|mut b| {
                b.balance = b
                    .inflows
                    .checked_sub(b.outflows)
                    .expect("no outflow overdraws, checked on reading");
                b
            })
            .collect()
    }
}
