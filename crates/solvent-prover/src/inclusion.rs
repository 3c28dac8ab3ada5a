//! Extracting one user's inclusion proof from a bundle's private data.
//!
//! Reads the indexed store (`store.rs`): an O(log n) lookup of the account's
//! record and one read per tree level, whatever the size of the round.

use std::path::Path;

use serde::Deserialize;
use solvent_commit::padding_leaf;
use solvent_model::Statement;
use solvent_verifier::inclusion::{
    encode_sibling, InclusionBalance, InclusionProof, INCLUSION_FORMAT,
};

use crate::bundle::{ACCOUNTS_FILE, PRIVATE_DIR, STATEMENT_FILE};

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

#[derive(Deserialize)]
struct AccountLine {
    index: u64,
    account_id: String,
    salt: String,
    balances: Vec<InclusionBalance>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExtractError + '_ {
    move |source| ExtractError::Io {
        path: path.to_owned(),
        source,
    }
}

pub fn extract_inclusion(bundle: &Path, account_id: &str) -> Result<InclusionProof, ExtractError> {
    let statement_path = bundle.join(STATEMENT_FILE);
    let statement: Statement =
        serde_json::from_slice(&std::fs::read(&statement_path).map_err(io(&statement_path))?)
            .map_err(|e| ExtractError::Corrupt {
                path: statement_path.clone(),
                message: e.to_string(),
            })?;

    let private = bundle.join(PRIVATE_DIR);
    let line = crate::store::find_account_line(&private, account_id)
        .map_err(io(&private))?
        .ok_or_else(|| ExtractError::NotFound(account_id.to_string()))?;
    let record: AccountLine = serde_json::from_str(&line).map_err(|e| ExtractError::Corrupt {
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

    Ok(InclusionProof {
        format: INCLUSION_FORMAT.to_string(),
        round: statement.round.clone(),
        account_id: record.account_id,
        salt: record.salt,
        leaf_index: record.index,
        balances: record.balances,
        siblings: siblings.iter().map(encode_sibling).collect(),
    })
}
