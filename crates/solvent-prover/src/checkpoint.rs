//! Checkpoints that let an interrupted run continue where it stopped.
//!
//! After every full batch the prover records, in the staging directory, how far
//! it got: accounts and batches done, the limb totals, the round secret (so
//! salts and leaves come out identical), the lengths of the inclusion files and
//! the pending proof of each tree level. `solvent prove --resume` re-reads the
//! consumed prefix of the snapshot, checks every leaf against the recorded
//! ones, and continues. The staging directory is private: it holds the secret.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::ProveError;

pub const CHECKPOINT_DIR: &str = "checkpoint";
const STATE_FILE: &str = "state.json";
const FORMAT: &str = "solvent-checkpoint-v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    pub format: String,
    pub round: String,
    /// SHA-256 of the assets file, hex.
    pub assets_sha256: String,
    pub batch_size: usize,
    /// `log2` of the batch STARK's trace length (from the pre-pass).
    pub trace_bits: usize,
    /// Round secret (digest hex) from which salts derive.
    pub secret: String,
    pub accounts: u64,
    pub batches: u64,
    /// Limb totals per asset: `[E0, E1, D0, D1]`.
    pub totals: Vec<[u64; 4]>,
    /// Bytes of `private/accounts.jsonl` and `private/leaves.bin` covered.
    pub accounts_bytes: u64,
    pub leaves_bytes: u64,
    /// The pending subtree at each level, if any.
    pub pending: Vec<Option<PendingLevel>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingLevel {
    /// Subtree root, digest hex.
    pub root: String,
    /// Proof file name inside `checkpoint/`.
    pub file: String,
}

impl Checkpoint {
    pub fn new_format() -> String {
        FORMAT.to_string()
    }
}

pub fn proof_path(staging: &Path, file: &str) -> PathBuf {
    staging.join(CHECKPOINT_DIR).join(file)
}

/// Writes the checkpoint atomically: proofs go to files named after this
/// generation, then the state file that names them is renamed into place, and
/// only then are older proof files deleted. A crash at any point leaves one
/// complete checkpoint.
pub fn save(
    staging: &Path,
    state: &Checkpoint,
    proofs: &[(usize, Vec<u8>)],
) -> Result<(), ProveError> {
    let dir = staging.join(CHECKPOINT_DIR);
    fs::create_dir_all(&dir).map_err(ProveError::io(&dir))?;
    for (level, bytes) in proofs {
        let named = state.pending[*level]
            .as_ref()
            .expect("proof for a pending level");
        let path = dir.join(&named.file);
        fs::write(&path, bytes).map_err(ProveError::io(&path))?;
    }
    let tmp_state = dir.join(format!("{STATE_FILE}.tmp"));
    let json = serde_json::to_vec_pretty(state).expect("checkpoint serializes");
    fs::write(&tmp_state, json).map_err(ProveError::io(&tmp_state))?;
    let state_path = dir.join(STATE_FILE);
    fs::rename(&tmp_state, &state_path).map_err(ProveError::io(&state_path))?;
    let keep: Vec<&str> = state
        .pending
        .iter()
        .flatten()
        .map(|p| p.file.as_str())
        .collect();
    for entry in fs::read_dir(&dir).map_err(ProveError::io(&dir))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".bin") && !keep.contains(&name.as_str()) {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

pub fn load(staging: &Path) -> Result<Option<Checkpoint>, ProveError> {
    let path = staging.join(CHECKPOINT_DIR).join(STATE_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = fs::read(&path).map_err(ProveError::io(&path))?;
    let state: Checkpoint = serde_json::from_slice(&bytes)
        .map_err(|e| ProveError::Resume(format!("{} is corrupt: {e}", path.display())))?;
    if state.format != FORMAT {
        return Err(ProveError::Resume(format!(
            "{} has an unknown format",
            path.display()
        )));
    }
    Ok(Some(state))
}
