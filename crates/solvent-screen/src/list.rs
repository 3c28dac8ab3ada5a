//! A loaded list: its entries with their provenance, and the entries that
//! could not be used, each with the reason.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use solvent_reserves::address::AddressKey;

/// Where a list's entries come from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ListMeta {
    /// Who publishes the list: `OFAC SDN`, a CSV row's `source`, else the
    /// file's name.
    pub source: String,
    /// The list's own date (OFAC's date of issue), else the file's
    /// modification date, as `YYYY-MM-DD`.
    pub list_date: Option<String>,
    pub file: PathBuf,
    /// The format it was read as (`ofac-advanced-xml`, `ofac-sdn-xml`,
    /// `text`, `json`, `csv`).
    pub format: &'static str,
}

/// One listed address.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The address as the list spells it.
    pub address: String,
    /// The chain or currency as the list names it (empty when it names none).
    pub listed_chain: String,
    pub label: Option<String>,
    /// A CSV row's own `source`, when it differs from the list's.
    pub source: Option<String>,
    /// 1-based line in the list file.
    pub line: u64,
    /// Its canonical keys: one, or one per chain an unnamed chain's address
    /// decodes on (a legacy `1…` address is Bitcoin's and Bitcoin Cash's).
    #[serde(skip)]
    pub keys: Vec<AddressKey>,
    #[serde(skip)]
    pub meta: Arc<ListMeta>,
}

impl Entry {
    /// Who lists it: the entry's own source (a CSV row's), else its list's.
    pub fn source(&self) -> &str {
        self.source.as_deref().unwrap_or(&self.meta.source)
    }
}

/// An entry that is not an address of its chain: reported, never matched.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rejected {
    pub file: PathBuf,
    pub line: u64,
    pub address: String,
    pub listed_chain: String,
    pub reason: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let chain = if self.listed_chain.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.listed_chain)
        };
        write!(
            f,
            "{}:{}: `{}`{chain} not used: {}",
            self.file.display(),
            self.line,
            self.address,
            self.reason
        )
    }
}

/// A list file, read.
#[derive(Debug, Clone)]
pub struct List {
    pub meta: Arc<ListMeta>,
    pub entries: Vec<Entry>,
    pub rejected: Vec<Rejected>,
}

impl List {
    /// Starts an empty list; [`List::push`] adds entries to it.
    pub(crate) fn new(meta: ListMeta) -> Self {
        List {
            meta: Arc::new(meta),
            entries: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Adds `address` as listed for `listed_chain`: an entry when it decodes
    /// as an address of that chain, else a rejected entry with the reason.
    pub(crate) fn push(
        &mut self,
        line: u64,
        address: &str,
        listed_chain: &str,
        label: Option<String>,
        source: Option<String>,
    ) {
        let address = address.trim();
        match crate::chain::keys(listed_chain, address) {
            Ok(keys) => self.entries.push(Entry {
                address: address.to_owned(),
                listed_chain: listed_chain.to_owned(),
                label,
                source,
                line,
                keys,
                meta: self.meta.clone(),
            }),
            Err(reason) => self.rejected.push(Rejected {
                file: self.meta.file.clone(),
                line,
                address: address.to_owned(),
                listed_chain: listed_chain.to_owned(),
                reason,
            }),
        }
    }
}
