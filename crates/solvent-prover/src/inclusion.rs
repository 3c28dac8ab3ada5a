//! Extracting one user's inclusion proof from a bundle's private data.
//!
//! Reads the indexed store (`store.rs`): an O(log n) lookup of the account's
//! record and one read per tree level, whatever the size of the round.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use solvent_commit::{padding_leaf, Digest};
use solvent_model::bundle::{AccountRecord, Bundle, BundleError, ACCOUNTS_FILE, PRIVATE_DIR};
use solvent_model::inclusion::{encode_sibling, InclusionProof, INCLUSION_FORMAT};
use solvent_model::Statement;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Corrupt {
        path: std::path::PathBuf,
        message: String,
    },
    #[error("account `{0}` is not in this bundle")]
    NotFound(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExtractError + '_ {
    move |source| ExtractError::Io {
        path: path.to_owned(),
        source,
    }
}

pub fn extract_inclusion(bundle: &Path, account_id: &str) -> Result<InclusionProof, ExtractError> {
    let statement = Bundle::read_statement(bundle).map_err(|e| match e {
        BundleError::Io { path, source } => ExtractError::Io { path, source },
        BundleError::Statement { path, source } => ExtractError::Corrupt {
            path,
            message: source.to_string(),
        },
    })?;

    let private = bundle.join(PRIVATE_DIR);
    let line = crate::store::find_account_line(&private, account_id)
        .map_err(io(&private))?
        .ok_or_else(|| ExtractError::NotFound(account_id.to_string()))?;
    let record: AccountRecord = serde_json::from_str(&line).map_err(|e| ExtractError::Corrupt {
        path: private.join(ACCOUNTS_FILE),
        message: e.to_string(),
    })?;
    if record.index >= statement.leaf_count {
        return Err(ExtractError::Corrupt {
            path: private.join(ACCOUNTS_FILE),
            message: format!("leaf index {} out of range", record.index),
        });
    }
    let siblings =
        crate::store::siblings(&private, record.index, padding_leaf(statement.assets.len()))
            .map_err(io(&private))?;
    Ok(proof_of(&statement, record, &siblings))
}

fn proof_of(statement: &Statement, record: AccountRecord, siblings: &[Digest]) -> InclusionProof {
    InclusionProof {
        format: INCLUSION_FORMAT.to_string(),
        round: statement.round.clone(),
        account_id: record.account_id,
        salt: record.salt,
        leaf_index: record.index,
        balances: record.balances,
        siblings: siblings
            .iter()
            .map(|s| encode_sibling(&s.to_bytes()))
            .collect(),
    }
}

/// Every account's inclusion proof, in leaf order, read in one sequential
/// pass over `private/` (constant memory): what `solvent publish` seals.
pub struct Inclusions {
    statement: Statement,
    accounts: BufReader<File>,
    accounts_path: PathBuf,
    paths: crate::store::PathStream,
    next: u64,
    line: String,
}

impl Inclusions {
    /// Opens a pass over the bundle at `bundle` with statement `statement`.
    pub fn open(bundle: &Path, statement: &Statement) -> Result<Inclusions, ExtractError> {
        let private = bundle.join(PRIVATE_DIR);
        let accounts_path = private.join(ACCOUNTS_FILE);
        let accounts = File::open(&accounts_path).map_err(io(&accounts_path))?;
        let paths = crate::store::PathStream::open(&private, padding_leaf(statement.assets.len()))
            .map_err(io(&private))?;
        Ok(Inclusions {
            statement: statement.clone(),
            accounts: BufReader::new(accounts),
            accounts_path,
            paths,
            next: 0,
            line: String::new(),
        })
    }

    fn corrupt(&self, message: String) -> ExtractError {
        ExtractError::Corrupt {
            path: self.accounts_path.clone(),
            message,
        }
    }

    fn read_next(&mut self) -> Result<Option<InclusionProof>, ExtractError> {
        self.line.clear();
        let n = self
            .accounts
            .read_line(&mut self.line)
            .map_err(io(&self.accounts_path))?;
        if n == 0 {
            return Ok(None);
        }
        let record: AccountRecord = serde_json::from_str(&self.line)
            .map_err(|e| self.corrupt(format!("line {}: {e}", self.next + 1)))?;
        if record.index != self.next || record.index >= self.statement.leaf_count {
            return Err(self.corrupt(format!(
                "line {}: leaf index {} out of order",
                self.next + 1,
                record.index
            )));
        }
        self.next += 1;
        let siblings = self.paths.next_path().map_err(|source| ExtractError::Io {
            path: self.accounts_path.with_file_name(crate::store::TREE_FILE),
            source,
        })?;
        Ok(Some(proof_of(&self.statement, record, &siblings)))
    }
}

impl Iterator for Inclusions {
    type Item = Result<InclusionProof, ExtractError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.read_next().transpose()
    }
}
