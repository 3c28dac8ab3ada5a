//! Why a ledger cannot be read or does not hold together.

use solvent_model::Day;

use crate::entry::Fund;

/// A problem and the ledger line it is on (none for a missing entry).
#[derive(Debug, thiserror::Error)]
#[error("{}{problem}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct LedgerError {
    pub line: Option<u64>,
    pub problem: Problem,
}

#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a ledger entry: {0}")]
    Entry(#[from] serde_json::Error),
    #[error(
        "entry numbered {found} where {expected} was due: an entry was removed, added or moved"
    )]
    Seq { expected: u64, found: u64 },
    #[error("entry {seq} does not name the hash of the entry before it: the chain is broken here")]
    Prev { seq: u64 },
    #[error("entry {seq} does not hash to its `hash`: it was changed")]
    Hash { seq: u64 },
    #[error("entry {seq} is dated {date}, before the entry before it ({previous})")]
    Date { seq: u64, date: Day, previous: Day },
    #[error("entry {seq} moves no amount")]
    Zero { seq: u64 },
    #[error("entry {seq} names the asset `{asset}`: a symbol is 1 to 32 letters, digits, `.`, `-` or `_`")]
    Asset { seq: u64, asset: String },
    #[error("entry {seq} takes {amount} {asset} out of the {fund:?} fund, which holds {balance}")]
    Overdrawn {
        seq: u64,
        fund: Fund,
        asset: String,
        /// The holding and the outflow, as decimals.
        balance: String,
        amount: String,
    },
    #[error("entry {seq} makes the {asset} balance too large to hold exactly")]
    Overflow { seq: u64, asset: String },
    #[error("entry {seq} hashes to {found}, but {published} was published for it: the ledger was rewritten from there")]
    Anchor {
        seq: u64,
        published: String,
        found: String,
    },
    #[error("the ledger has no entry {seq}, which a published anchor names: entries were removed")]
    AnchorMissing { seq: u64 },
}

impl LedgerError {
    pub(crate) fn at(line: u64, problem: impl Into<Problem>) -> Self {
        LedgerError {
            line: Some(line),
            problem: problem.into(),
        }
    }
}
