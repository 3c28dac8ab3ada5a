//! The exchange's deposit addresses (CSV), read as a stream: only the rows
//! whose address a report names are kept, so that an address book of
//! millions of users takes no more memory than the reports.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use serde::Serialize;
use solvent_reserves::address::AddressKey;

use crate::address::key;
use crate::config::Config;

/// Who can move funds at an address on other networks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Custody {
    /// The exchange holds the private key: it can sign on every network
    /// that shares the address.
    Key,
    /// A contract wallet: it exists only on the network it was deployed on.
    Contract,
}

/// One deposit address row that a report may concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    /// The exchange's network name, upper case.
    pub network: String,
    pub key: AddressKey,
    /// The asset the address is for, upper case (`*`: any asset of the
    /// network).
    pub asset: String,
    /// The memo naming the account on a memo network (empty: none).
    pub memo: String,
    pub custody: Custody,
}

#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("the header lacks the column `{0}` (network,asset,address,memo,custody)")]
    Column(&'static str),
    #[error("line {line}: field `{field}`: {problem}")]
    Field {
        line: u64,
        field: &'static str,
        problem: String,
    },
}

/// What to keep: per address, the memos the reports give.
#[derive(Debug, Default)]
pub struct Wanted(HashMap<AddressKey, HashSet<String>>);

impl Wanted {
    pub fn add(&mut self, key: AddressKey, memo: &str) {
        self.0
            .entry(key)
            .or_default()
            .insert(memo.trim().to_owned());
    }
}

/// The rows kept, and every (network, address) seen among the wanted.
#[derive(Debug, Default)]
pub struct Book {
    pub rows: Vec<Row>,
    pub present: HashSet<(String, AddressKey)>,
}

const COLUMNS: [&str; 5] = ["network", "asset", "address", "memo", "custody"];

/// Reads the address book, checking every row, keeping the wanted ones.
pub fn scan(book: impl Read, config: &Config, wanted: &Wanted) -> Result<Book, BookError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(book);
    let csv_error = |e: csv::Error| BookError::Csv {
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    };
    let header = reader.headers().map_err(csv_error)?.clone();
    let at = solvent_model::columns::find(&header, &COLUMNS).map_err(BookError::Column)?;
    let mut out = Book::default();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| record.get(at[i]).unwrap_or_default().trim();
        let field = |field, problem: String| BookError::Field {
            line,
            field,
            problem,
        };
        let network = config.network(get(0)).ok_or_else(|| {
            field(
                "network",
                format!(
                    "`{}` is not one of the networks of the configuration",
                    get(0)
                ),
            )
        })?;
        let address = key(network.family, get(2)).map_err(|e| field("address", e.to_string()))?;
        let asset = get(1).to_ascii_uppercase();
        if asset.is_empty() {
            return Err(field("asset", "empty".into()));
        }
        let custody = match get(4) {
            "key" => Custody::Key,
            "contract" => Custody::Contract,
            other => {
                return Err(field(
                    "custody",
                    format!("`{other}` is not key or contract"),
                ))
            }
        };
        let memo = get(3);
        let Some(memos) = wanted.0.get(&address) else {
            continue;
        };
        out.present.insert((network.name.clone(), address.clone()));
        if memo.is_empty() || memos.contains(memo) {
            out.rows.push(Row {
                line,
                network: network.name.clone(),
                key: address,
                asset,
                memo: memo.to_owned(),
                custody,
            });
        }
    }
    Ok(out)
}
