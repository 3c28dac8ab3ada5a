//! Extracting one user's inclusion proof from a bundle's private data.
//!
//! Reads the indexed store (`store.rs`): an O(log n) lookup of the account's
//! record and one read per tree level, whatever the size of the round.

use std::path::Path;

use solvent_commit::padding_leaf;
use solvent_model::bundle::{AccountRecord, Bundle, BundleError, ACCOUNTS_FILE, PRIVATE_DIR};
use solvent_model::inclusion::{encode_sibling, InclusionProof, INCLUSION_FORMAT};

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

    Ok(InclusionProof {
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
    })
}
