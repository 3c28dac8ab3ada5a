//! Address poisoning: an attacker sends dust from an address whose first and
//! last characters copy an address the victim pays, hoping the victim copies
//! it from their history. A destination that is not in the user's address
//! book but shares the ends of an entry's distinctive part
//! ([`solvent_reserves::address::distinctive_part`]) on the same chain is a
//! lookalike.

use rustc_hash::FxHashMap;
use solvent_reserves::address::{distinctive_part, AddressKey};

use crate::list::{Entry, List};

/// How many characters at each end must agree; 4 and 4 is what wallets show
/// (`0x1234…cdef`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookalike {
    pub head: usize,
    pub tail: usize,
}

impl Default for Lookalike {
    fn default() -> Self {
        Lookalike { head: 4, tail: 4 }
    }
}

impl Lookalike {
    /// The ends of `address`'s distinctive part, case-folded; `None` when it
    /// is too short to have distinct ends.
    fn ends(self, address: &str) -> Option<String> {
        let part: Vec<char> = distinctive_part(address).chars().collect();
        if part.len() < self.head + self.tail + 1 {
            return None;
        }
        let head = part[..self.head].iter();
        let tail = part[part.len() - self.tail..].iter();
        Some(
            head.chain(['…'].iter())
                .chain(tail)
                .flat_map(|c| c.to_lowercase())
                .collect(),
        )
    }
}

/// A user's known counterparties, by chain and the ends of their address.
#[derive(Debug, Default)]
pub struct AddressBook {
    rule: Lookalike,
    entries: Vec<Entry>,
    by_ends: FxHashMap<(&'static str, String), Vec<u32>>,
}

impl AddressBook {
    /// The book of `lists`' entries (an address book reads as any list);
    /// their rejected entries are the caller's to report.
    pub fn new(lists: Vec<List>, rule: Lookalike) -> Self {
        let mut book = AddressBook {
            rule,
            ..AddressBook::default()
        };
        for entry in lists.into_iter().flat_map(|l| l.entries) {
            if let Some(ends) = rule.ends(&entry.address) {
                let n = book.entries.len() as u32;
                for key in &entry.keys {
                    book.by_ends
                        .entry((key.chain, ends.clone()))
                        .or_default()
                        .push(n);
                }
                book.entries.push(entry);
            }
        }
        book
    }

    /// The entries `address` (whose keys are `keys`) imitates: same chain,
    /// same ends, a different address. None when `address` is itself in the
    /// book.
    pub fn lookalikes(&self, address: &str, keys: &[AddressKey]) -> Vec<&Entry> {
        let Some(ends) = self.rule.ends(address) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for key in keys {
            let Some(ids) = self.by_ends.get(&(key.chain, ends.clone())) else {
                continue;
            };
            for &i in ids {
                let entry = &self.entries[i as usize];
                if entry.keys.contains(key) {
                    return Vec::new();
                }
                found.push(entry);
            }
        }
        found
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
