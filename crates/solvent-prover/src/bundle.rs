//! Writing a round bundle atomically: everything goes to a hidden sibling
//! directory that is renamed onto the output path only after the final proof
//! has been verified, so an interrupted or failed run never leaves a partial or
//! misleading bundle behind.
//!
//! The layout and its file names are `solvent_model::bundle`'s.

use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use solvent_commit::Digest;
use solvent_model::bundle::{
    AccountRecord, ACCOUNTS_FILE, LEAVES_FILE, PRIVATE_DIR, PROOF_FILE, STATEMENT_FILE,
    VERIFIER_KEY_FILE,
};
use solvent_model::inclusion::InclusionBalance;
use solvent_model::{format_amount, Account, AssetTable, Statement};

use crate::checkpoint::{self, Checkpoint};
use crate::error::ProveError;

pub struct BundleWriter {
    out: PathBuf,
    staging: PathBuf,
    force: bool,
    accounts: BufWriter<File>,
    leaves: BufWriter<File>,
    finished: bool,
    /// Keep the staging directory when dropped unfinished: set once a
    /// checkpoint exists, so an error late in a long run (a bad row, a changed
    /// file) does not throw away hours of proving; `--resume` continues it.
    keep: bool,
}

/// One line of `private/accounts.jsonl`.
pub struct InclusionRecord<'a> {
    pub index: u64,
    pub account: &'a Account,
    pub salt: &'a Digest,
    pub leaf: &'a Digest,
    pub assets: &'a AssetTable,
}

impl BundleWriter {
    /// Opens the staging directory `.<name>.partial` beside `out`. With
    /// `resume`, continues an interrupted run from its checkpoint; without, a
    /// leftover staging directory is an error (it may hold an unfinished round).
    pub fn open(
        out: &Path,
        force: bool,
        resume: bool,
    ) -> Result<(Self, Option<Checkpoint>), ProveError> {
        if out.exists() && !force {
            return Err(ProveError::OutputExists(out.to_owned()));
        }
        let staging = staging_path(out);
        let parent = staging.parent().expect("staging has a parent");
        fs::create_dir_all(parent).map_err(ProveError::io(parent))?;
        let private = staging.join(PRIVATE_DIR);
        let resumed = if staging.exists() {
            if !resume {
                return Err(ProveError::Interrupted(staging));
            }
            let state = checkpoint::load(&staging)?.ok_or_else(|| {
                ProveError::Resume(format!(
                    "{} has no checkpoint (interrupted before the first batch); delete it and start again",
                    staging.display()
                ))
            })?;
            // Drop inclusion records written after the checkpoint.
            for (file, len) in [
                (ACCOUNTS_FILE, state.accounts_bytes),
                (LEAVES_FILE, state.leaves_bytes),
            ] {
                let path = private.join(file);
                let f = OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(ProveError::io(&path))?;
                f.set_len(len).map_err(ProveError::io(&path))?;
            }
            Some(state)
        } else {
            if resume {
                return Err(ProveError::Resume(format!(
                    "nothing to resume: {} does not exist",
                    staging.display()
                )));
            }
            fs::create_dir_all(&private).map_err(ProveError::io(&private))?;
            None
        };
        let open = |file: &str| -> Result<BufWriter<File>, ProveError> {
            let path = private.join(file);
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(ProveError::io(&path))?;
            Ok(BufWriter::new(f))
        };
        let writer = BundleWriter {
            out: out.to_owned(),
            force,
            accounts: open(ACCOUNTS_FILE)?,
            leaves: open(LEAVES_FILE)?,
            staging,
            finished: false,
            keep: resumed.is_some(),
        };
        Ok((writer, resumed))
    }

    /// Opens a new staging directory, deleting the one an interrupted run
    /// left: for a caller that rewrites every inclusion record from the
    /// snapshot (the cluster coordinator, which resumes from its store).
    pub fn open_over_stale(out: &Path, force: bool) -> Result<Self, ProveError> {
        if out.exists() && !force {
            return Err(ProveError::OutputExists(out.to_owned()));
        }
        let staging = staging_path(out);
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(ProveError::io(&staging))?;
        }
        Ok(Self::open(out, force, false)?.0)
    }

    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Leave the staging directory in place when dropped.
    pub fn keep_on_drop(&mut self) {
        self.keep = true;
    }

    /// Flushes the inclusion files and returns their lengths in bytes.
    pub fn inclusion_lengths(&mut self) -> Result<(u64, u64), ProveError> {
        let private = self.staging.join(PRIVATE_DIR);
        self.accounts.flush().map_err(ProveError::io(&private))?;
        self.leaves.flush().map_err(ProveError::io(&private))?;
        let a = self
            .accounts
            .get_ref()
            .metadata()
            .map_err(ProveError::io(&private))?
            .len();
        let l = self
            .leaves
            .get_ref()
            .metadata()
            .map_err(ProveError::io(&private))?
            .len();
        Ok((a, l))
    }

    /// Reads back the leaves recorded so far (to check a resumed prefix).
    pub fn recorded_leaves(&self) -> Result<BufReader<File>, ProveError> {
        let path = self.staging.join(PRIVATE_DIR).join(LEAVES_FILE);
        Ok(BufReader::new(
            File::open(&path).map_err(ProveError::io(&path))?,
        ))
    }

    pub fn append_inclusion(&mut self, record: &InclusionRecord<'_>) -> Result<(), ProveError> {
        let line = AccountRecord {
            index: record.index,
            account_id: record.account.id.clone(),
            salt: record.salt.to_hex(),
            balances: record
                .account
                .holdings
                .iter()
                .map(|h| {
                    let asset = record.assets.get(h.asset);
                    InclusionBalance {
                        asset: asset.symbol.clone(),
                        equity: format_amount(u128::from(h.equity), asset.decimals),
                        debt: format_amount(u128::from(h.debt), asset.decimals),
                    }
                })
                .collect(),
        };
        let path = self.staging.join(PRIVATE_DIR).join(ACCOUNTS_FILE);
        serde_json::to_writer(&mut self.accounts, &line).map_err(|e| ProveError::Io {
            path: path.clone(),
            source: e.into(),
        })?;
        self.accounts
            .write_all(b"\n")
            .map_err(ProveError::io(&path))?;
        let leaves_path = self.staging.join(PRIVATE_DIR).join(LEAVES_FILE);
        self.leaves
            .write_all(&record.leaf.to_bytes())
            .map_err(ProveError::io(&leaves_path))?;
        Ok(())
    }

    /// Writes the public files and moves the bundle into place.
    pub fn finish(
        mut self,
        statement: &Statement,
        proof: &[u8],
        key: &[u8],
    ) -> Result<(), ProveError> {
        let private = self.staging.join(PRIVATE_DIR);
        self.accounts.flush().map_err(ProveError::io(&private))?;
        self.leaves.flush().map_err(ProveError::io(&private))?;
        let write = |file: &str, bytes: &[u8]| -> Result<(), ProveError> {
            let path = self.staging.join(file);
            fs::write(&path, bytes).map_err(ProveError::io(&path))
        };
        let mut json = serde_json::to_vec_pretty(statement).expect("statement serializes");
        json.push(b'\n');
        write(STATEMENT_FILE, &json)?;
        write(PROOF_FILE, proof)?;
        write(VERIFIER_KEY_FILE, key)?;
        let checkpoints = self.staging.join(checkpoint::CHECKPOINT_DIR);
        if checkpoints.exists() {
            fs::remove_dir_all(&checkpoints).map_err(ProveError::io(&checkpoints))?;
        }
        if self.out.exists() && self.force {
            fs::remove_dir_all(&self.out).map_err(ProveError::io(&self.out))?;
        }
        fs::rename(&self.staging, &self.out).map_err(ProveError::io(&self.out))?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for BundleWriter {
    fn drop(&mut self) {
        if !self.finished && !self.keep {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// The hidden directory next to `out` where a bundle is assembled.
fn staging_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.partial"))
}
