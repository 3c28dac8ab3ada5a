//! Matching addresses against loaded lists by canonical key, and swapping a
//! whole new set of lists in at once.

use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;
use rustc_hash::FxHashMap;
use solvent_reserves::address::AddressKey;

use crate::error::LoadError;
use crate::list::{Entry, List, ListMeta, Rejected};
use crate::poison::AddressBook;
use crate::verdict::{AddressVerdict, Match, MatchKind, Verdict};

/// No next node.
const END: u32 = u32::MAX;

/// Every entry of a set of lists, by canonical key. The table holds only
/// 64-bit key hashes and entry numbers, so it stays small enough to stay
/// in cache: a lookup of an unlisted address touches the table alone, and a
/// hit is confirmed against the entry's own keys.
#[derive(Debug, Default)]
pub struct Index {
    lists: Vec<Arc<ListMeta>>,
    entries: Vec<Entry>,
    rejected: Vec<Rejected>,
    /// Key hash → first node of the entries with a key of that hash.
    heads: FxHashMap<u64, u32>,
    /// (entry, next node): the chain of one hash, in list order.
    nodes: Vec<(u32, u32)>,
}

fn key_hash(key: &AddressKey) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    key.hash(&mut hasher);
    hasher.finish()
}

impl Index {
    pub fn new(lists: Vec<List>) -> Self {
        let mut index = Index::default();
        // The last node of each hash's chain, to append in list order.
        let mut tails: FxHashMap<u64, u32> = FxHashMap::default();
        for list in lists {
            index.lists.push(list.meta);
            index.rejected.extend(list.rejected);
            for entry in list.entries {
                let n = index.entries.len() as u32;
                for key in &entry.keys {
                    let node = index.nodes.len() as u32;
                    index.nodes.push((n, END));
                    let hash = key_hash(key);
                    match tails.insert(hash, node) {
                        Some(tail) => index.nodes[tail as usize].1 = node,
                        None => {
                            index.heads.insert(hash, node);
                        }
                    }
                }
                index.entries.push(entry);
            }
        }
        index
    }

    /// The entries listed under `key`, in list order.
    fn listed<'s: 'k, 'k>(&'s self, key: &'k AddressKey) -> impl Iterator<Item = &'s Entry> + 'k {
        let mut node = self.heads.get(&key_hash(key)).copied().unwrap_or(END);
        std::iter::from_fn(move || {
            while node != END {
                let (entry, next) = self.nodes[node as usize];
                node = next;
                let entry = &self.entries[entry as usize];
                if entry.keys.contains(key) {
                    return Some(entry);
                }
            }
            None
        })
    }

    /// Reads and indexes the lists at `paths`; the first that cannot be
    /// read is the error.
    pub fn load(paths: &[impl AsRef<Path>]) -> Result<Self, LoadError> {
        let lists = paths
            .iter()
            .map(|p| crate::load::load(p.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Index::new(lists))
    }

    pub fn lists(&self) -> &[Arc<ListMeta>] {
        &self.lists
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries that were not addresses of their chain.
    pub fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }

    /// Screens `address`, on `chain` when one is named (any name
    /// [`crate::chain::resolve`] takes), else on whichever chains it decodes
    /// on; with a `book`, an unlisted address that imitates one of its
    /// entries is a WARN.
    pub fn screen<'a>(
        &'a self,
        address: &'a str,
        chain: Option<&str>,
        book: Option<&'a AddressBook>,
    ) -> Verdict<'a> {
        let address = address.trim();
        let keys = match crate::chain::keys(chain.unwrap_or(""), address) {
            Ok(keys) => keys,
            Err(reason) => {
                return Verdict {
                    address,
                    chain: "",
                    verdict: AddressVerdict::Invalid,
                    matches: Vec::new(),
                    reason: Some(reason),
                }
            }
        };
        let mut listed: Vec<(&AddressKey, &Entry)> = Vec::new();
        for key in &keys {
            for entry in self.listed(key) {
                // An entry of two keys (a legacy `1…` listed without a
                // chain is Bitcoin's and Bitcoin Cash's) matches once.
                if !listed.iter().any(|(_, e)| std::ptr::eq(*e, entry)) {
                    listed.push((key, entry));
                }
            }
        }
        let (verdict, chain, matches) = if let Some((key, _)) = listed.first() {
            let matches = listed
                .iter()
                .map(|&(_, entry)| Match {
                    kind: MatchKind::Listed,
                    entry,
                })
                .collect();
            (AddressVerdict::Block, key.chain, matches)
        } else {
            let lookalikes = book
                .map(|b| b.lookalikes(address, &keys))
                .unwrap_or_default();
            let chain = lookalikes
                .first()
                .and_then(|e| {
                    keys.iter()
                        .find(|k| e.keys.iter().any(|ek| ek.chain == k.chain))
                })
                .unwrap_or(&keys[0])
                .chain;
            let matches: Vec<Match> = lookalikes
                .into_iter()
                .map(|entry| Match {
                    kind: MatchKind::Lookalike,
                    entry,
                })
                .collect();
            let verdict = if matches.is_empty() {
                AddressVerdict::None
            } else {
                AddressVerdict::Warn
            };
            (verdict, chain, matches)
        };
        Verdict {
            address,
            chain,
            verdict,
            matches,
            reason: None,
        }
    }
}

/// The lists a long-running caller screens against. [`Screener::reload`]
/// builds the new index apart and swaps it in whole: a lookup sees the old
/// lists or the new ones, never a mix, and a reload that fails leaves the
/// old ones in place.
pub struct Screener {
    current: ArcSwap<Index>,
}

impl Screener {
    pub fn new(index: Index) -> Self {
        Screener {
            current: ArcSwap::from_pointee(index),
        }
    }

    /// The lists as they are now; hold it for a batch to screen it against
    /// one set of lists.
    pub fn index(&self) -> Arc<Index> {
        self.current.load_full()
    }

    /// Replaces the lists with those at `paths`, or keeps the current ones
    /// and returns why not.
    pub fn reload(&self, paths: &[impl AsRef<Path>]) -> Result<(), LoadError> {
        let index = Index::load(paths)?;
        self.current.store(Arc::new(index));
        Ok(())
    }
}
