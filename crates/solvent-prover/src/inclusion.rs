//! Extracting one user's inclusion proof from a bundle's private data.
//!
//! This first version scans `private/accounts.jsonl` and rebuilds the tree
//! from `private/leaves.bin` in memory; an indexed store for very large rounds
//! is planned (docs/DESIGN.md, issue 3).

use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;
use solvent_commit::{padding_leaf, Digest, MerkleTreeBuilder};
use solvent_model::Statement;
use solvent_verifier::inclusion::{
    encode_sibling, InclusionBalance, InclusionProof, INCLUSION_FORMAT,
};

use crate::bundle::{ACCOUNTS_FILE, LEAVES_FILE, PRIVATE_DIR, STATEMENT_FILE};

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

    let accounts_path = bundle.join(PRIVATE_DIR).join(ACCOUNTS_FILE);
    let file = std::fs::File::open(&accounts_path).map_err(io(&accounts_path))?;
    let mut record = None;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io(&accounts_path))?;
        let parsed: AccountLine =
            serde_json::from_str(&line).map_err(|e| ExtractError::Corrupt {
                path: accounts_path.clone(),
                message: format!("line {}: {e}", n + 1),
            })?;
        if parsed.account_id == account_id {
            record = Some(parsed);
            break;
        }
    }
    let record = record.ok_or_else(|| ExtractError::NotFound(account_id.to_string()))?;

    let leaves_path = bundle.join(PRIVATE_DIR).join(LEAVES_FILE);
    let bytes = std::fs::read(&leaves_path).map_err(io(&leaves_path))?;
    let corrupt = |message: String| ExtractError::Corrupt {
        path: leaves_path.clone(),
        message,
    };
    if bytes.len() as u64 != statement.leaf_count * 32 {
        return Err(corrupt(format!(
            "{} bytes for {} leaves",
            bytes.len(),
            statement.leaf_count
        )));
    }
    let mut leaves = bytes
        .chunks(32)
        .map(|c| {
            Digest::from_bytes(c.try_into().expect("32 bytes")).map_err(|e| corrupt(e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let capacity =
        (statement.parameters.batch_size as usize) << statement.parameters.aggregation_depth;
    leaves.resize(capacity, padding_leaf(statement.assets.len()));
    let path = MerkleTreeBuilder::new(leaves).path(record.index);

    Ok(InclusionProof {
        format: INCLUSION_FORMAT.to_string(),
        round: statement.round.clone(),
        account_id: record.account_id,
        salt: record.salt,
        leaf_index: record.index,
        balances: record.balances,
        siblings: path.siblings.iter().map(encode_sibling).collect(),
    })
}
