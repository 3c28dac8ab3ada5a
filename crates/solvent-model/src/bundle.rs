//! A round bundle on disk: the file names every tool agrees on, and reading
//! the public part back. See docs/SPEC.md, "Bundle".
//!
//! - `statement.json`, `proof.bin`, `verifier_key.bin`: public;
//! - `private/accounts.jsonl`, `private/leaves.bin`: per-user inclusion data,
//!   served to each user individually, never published whole.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::inclusion::InclusionBalance;
use crate::Statement;

pub const STATEMENT_FILE: &str = "statement.json";
pub const PROOF_FILE: &str = "proof.bin";
pub const VERIFIER_KEY_FILE: &str = "verifier_key.bin";
pub const PRIVATE_DIR: &str = "private";
pub const ACCOUNTS_FILE: &str = "accounts.jsonl";
pub const LEAVES_FILE: &str = "leaves.bin";

/// One line of `private/accounts.jsonl`: what an inclusion proof needs
/// besides the Merkle path (`private/leaves.bin`, 32 bytes per leaf).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    pub index: u64,
    pub account_id: String,
    /// The account's salt, digest hex.
    pub salt: String,
    pub balances: Vec<InclusionBalance>,
}

/// The public part of a bundle, as read from its directory. Nothing here is
/// checked beyond parsing: that is the verifier's job.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub statement: Statement,
    pub proof: Vec<u8>,
    pub key: Vec<u8>,
}

/// Why a bundle could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a valid statement: {source}")]
    Statement {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

impl Bundle {
    /// Reads `statement.json`, `proof.bin` and `verifier_key.bin` from `dir`.
    pub fn read(dir: &Path) -> Result<Bundle, BundleError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| BundleError::Io { path, source })
        };
        Ok(Bundle {
            statement: Self::read_statement(dir)?,
            proof: read(PROOF_FILE)?,
            key: read(VERIFIER_KEY_FILE)?,
        })
    }

    /// Reads only `dir`'s statement.
    pub fn read_statement(dir: &Path) -> Result<Statement, BundleError> {
        let path = dir.join(STATEMENT_FILE);
        let bytes = std::fs::read(&path).map_err(|source| BundleError::Io {
            path: path.clone(),
            source,
        })?;
        serde_json::from_slice(&bytes).map_err(|source| BundleError::Statement { path, source })
    }
}
