//! Checkpoints and resuming: after every batch the pending proofs and running
//! totals are saved; a resumed run checks it is the same round and re-reads
//! the proven prefix of the snapshot leaf by leaf.

use solvent_circuits::{KeyChain, Proof, Shape, Totals};
use solvent_commit::Digest;
use solvent_model::Account;

use super::tree::{BinaryCounter, Subtree};
use crate::bundle::BundleWriter;
use crate::checkpoint::{self, Checkpoint, PendingLevel};
use crate::error::ProveError;

#[allow(clippy::too_many_arguments)]
pub(super) fn save_checkpoint(
    writer: &mut BundleWriter,
    counter: &BinaryCounter<Subtree>,
    round: &str,
    assets_sha256: &str,
    shape: Shape,
    secret: &Digest,
    accounts: u64,
    batches: u64,
    totals: &[Totals],
) -> Result<(), ProveError> {
    let (accounts_bytes, leaves_bytes) = writer.inclusion_lengths()?;
    let mut proofs = Vec::new();
    let pending = counter
        .levels
        .iter()
        .enumerate()
        .map(|(level, slot)| {
            slot.as_ref().map(|subtree| {
                proofs.push((level, subtree.proof.to_bytes()));
                PendingLevel {
                    root: subtree.root.to_hex(),
                    file: format!("level-{level}-after-{batches}.bin"),
                }
            })
        })
        .collect();
    let state = Checkpoint {
        format: Checkpoint::new_format(),
        round: round.to_string(),
        assets_sha256: assets_sha256.to_string(),
        batch_size: shape.batch_size,
        trace_bits: shape.trace_bits,
        secret: secret.to_hex(),
        accounts,
        batches,
        totals: totals
            .iter()
            .map(|t| [t.equity_lo, t.equity_hi, t.debt_lo, t.debt_hi])
            .collect(),
        accounts_bytes,
        leaves_bytes,
        pending,
    };
    checkpoint::save(writer.staging(), &state, &proofs)?;
    writer.keep_on_drop();
    Ok(())
}

pub(super) fn check_resumable(
    state: &Checkpoint,
    round: &str,
    assets_sha256: &str,
    shape: Shape,
    num_assets: usize,
) -> Result<(), ProveError> {
    let batch_size = shape.batch_size;
    let differs = |what: &str| {
        Err(ProveError::Resume(format!(
            "the interrupted run used a different {what}; delete the staging directory to start over"
        )))
    };
    if state.round != round {
        return differs("round");
    }
    if state.assets_sha256 != assets_sha256 {
        return differs("assets file");
    }
    if state.batch_size != batch_size {
        return differs("batch size");
    }
    if state.trace_bits != shape.trace_bits {
        return differs("batch trace length (the snapshot changed)");
    }
    if state.totals.len() != num_assets || state.accounts != state.batches * batch_size as u64 {
        return Err(ProveError::Resume("the checkpoint is inconsistent".into()));
    }
    Ok(())
}

pub(super) fn restore_counter(
    chain: &KeyChain,
    staging: &std::path::Path,
    state: &Checkpoint,
) -> Result<BinaryCounter<Subtree>, ProveError> {
    let mut counter = BinaryCounter::new();
    for pending in &state.pending {
        let restored = match pending {
            None => None,
            Some(p) => {
                let path = checkpoint::proof_path(staging, &p.file);
                let bytes = std::fs::read(&path).map_err(ProveError::io(&path))?;
                // Batch and aggregation proofs share one common data.
                let proof = Proof::from_bytes(bytes, &chain.aggregation.data.common)
                    .map_err(|e| ProveError::Resume(format!("{}: {e:?}", path.display())))?;
                let root = Digest::from_hex(&p.root)
                    .map_err(|e| ProveError::Resume(format!("checkpoint root: {e}")))?;
                Some(Subtree { proof, root })
            }
        };
        counter.levels.push(restored);
    }
    Ok(counter)
}

pub(super) fn check_recorded_leaf(
    recorded: &mut impl std::io::Read,
    leaf: &Digest,
    file: &std::path::Path,
    account: &Account,
) -> Result<(), ProveError> {
    let mut bytes = [0u8; 32];
    recorded
        .read_exact(&mut bytes)
        .map_err(ProveError::io(file))?;
    if bytes != leaf.to_bytes() {
        return Err(ProveError::Resume(format!(
            "{}:{}: account `{}` differs from the interrupted run (the snapshot changed); delete the staging directory to start over",
            file.display(),
            account.line,
            account.id
        )));
    }
    Ok(())
}
