//! The round prover: accounts in, batch proofs folded into the tree, the
//! final zero-knowledge proof out, checked against the native computation
//! before the bundle is moved into place.

use std::time::Instant;

use anyhow::anyhow;
use plonky2::field::types::Field;
use rand::RngCore;
use solvent_circuits::batch::{BatchStarkProver, Slot, Weight};
use solvent_circuits::Totals;
use solvent_commit::{Digest, F};
use solvent_model::Account;

use super::options::{Progress, ProveOptions, ProveReport};
use super::resume::save_checkpoint;
use super::round::Round;
use super::seal::{seal_round, Top};
use super::tree::{combine, tree_depth, BinaryCounter, Subtree};
use crate::bundle::{BundleWriter, InclusionRecord};
use crate::circuits::Circuits;
use crate::error::ProveError;

/// Folds accounts into batch proofs and batch proofs into the tree, and
/// checkpoints after each batch.
pub(super) struct RoundProver<'a> {
    pub(super) options: &'a ProveOptions,
    pub(super) round: Round,
    pub(super) chain: Circuits,
    pub(super) stark: BatchStarkProver,
    pub(super) writer: BundleWriter,
    pub(super) secret: Digest,
    pub(super) pad_leaf: Digest,
    pub(super) counter: BinaryCounter<Subtree>,
    pub(super) batch: Vec<Slot>,
    pub(super) batch_leaves: Vec<Digest>,
    pub(super) totals: Vec<Totals>,
    pub(super) accounts: u64,
    pub(super) batches: u64,
}

impl RoundProver<'_> {
    /// Adds one account's leaf to the current batch (and the inclusion
    /// store); proves the batch once it is full.
    pub(super) fn add(
        &mut self,
        account: &Account,
        salt: &Digest,
        id_commit: Digest,
        balances: Vec<(u64, u64)>,
        leaf: Digest,
        progress: &dyn Progress,
    ) -> Result<(), ProveError> {
        for (t, &(e, d)) in self.totals.iter_mut().zip(&balances) {
            *t = t.add(&Totals::of_amounts(e, d));
        }
        self.writer.append_inclusion(&InclusionRecord {
            index: self.accounts,
            account,
            salt,
            leaf: &leaf,
            assets: &self.round.assets,
        })?;
        self.batch.push(Slot {
            id_commitment: id_commit,
            balances,
        });
        self.batch_leaves.push(leaf);
        self.accounts += 1;
        if self.accounts.is_multiple_of(1024) {
            progress.accounts_read(self.accounts);
        }
        if self.batch.len() == self.round.batch_size {
            self.prove_batch(progress)?;
            self.checkpoint()?;
            #[cfg(feature = "test-hooks")]
            if self.options.interrupt_after_batches == Some(self.batches) {
                return Err(ProveError::Resume(format!(
                    "interrupted after {} batches (test hook)",
                    self.batches
                )));
            }
        }
        Ok(())
    }

    /// Proves the accumulated batch, folds it into the tree and empties it.
    fn prove_batch(&mut self, progress: &dyn Progress) -> Result<(), ProveError> {
        let subtree = prove_batch(
            &self.stark,
            &mut self.chain,
            &self.round.context,
            &self.round.circuit_weights,
            &self.batch,
            &self.batch_leaves,
            self.pad_leaf,
        )?;
        self.batch.clear();
        self.batch_leaves.clear();
        let chain = self.chain.get()?;
        self.counter
            .push(subtree, &mut |l, a, b| combine(chain, l, a, Some(b)))?;
        self.batches += 1;
        progress.batch_proven(self.batches, self.accounts);
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<(), ProveError> {
        save_checkpoint(
            &mut self.writer,
            &self.counter,
            &self.options.round,
            &self.round.assets_sha256,
            self.round.shape,
            &self.secret,
            self.accounts,
            self.batches,
            &self.totals,
        )
    }

    /// Pads the tree, proves the final zero-knowledge proof, checks its public
    /// inputs against the native computation, builds the inclusion store and
    /// moves the bundle into place.
    pub(super) fn finish(
        mut self,
        progress: &dyn Progress,
        started: Instant,
        proving_started: Instant,
    ) -> Result<ProveReport, ProveError> {
        if !self.batch.is_empty() {
            self.prove_batch(progress)?;
        }
        let (round, accounts, batches) = (&self.round, self.accounts, self.batches);
        let depth = tree_depth(batches);
        let setup = {
            self.chain.get()?; // joined by now: every round proves a batch
            self.chain.waited()
        };
        let chain = self.chain.get()?;

        progress.stage("aggregating");
        let top = self
            .counter
            .finish(depth, &mut |l, a, b| combine(chain, l, a, b))?;

        let sealed = seal_round(
            chain,
            round,
            &self.options.round,
            Top {
                proof: &top.proof,
                root: top.root,
                accounts,
                depth,
                totals: &self.totals,
            },
            self.writer,
            self.pad_leaf,
            progress,
        )?;
        Ok(ProveReport {
            statement: sealed.statement,
            accounts,
            batches,
            batch_size: round.batch_size,
            depth,
            proof_bytes: sealed.proof_bytes,
            setup,
            proving: sealed.proven_at - proving_started,
            circuits_from_cache: self.chain.were_read_from_cache(),
            total: started.elapsed(),
        })
    }
}

/// Proves one batch: its STARK, then (once the circuits are built) the
/// wrapper.
pub(super) fn prove_batch(
    stark: &BatchStarkProver,
    chain: &mut Circuits,
    context: &Digest,
    weights: &[Weight],
    slots: &[Slot],
    leaves: &[Digest],
    pad_leaf: Digest,
) -> Result<Subtree, ProveError> {
    let started = Instant::now();
    let stark_proof = stark.prove(weights, slots).map_err(ProveError::Proving)?;
    let chain = chain.get()?;
    let root = crate::units::batch_root(chain.shape, leaves, pad_leaf);
    let proof = chain
        .batch
        .wrap(context, &stark_proof)
        .map_err(ProveError::Proving)?;
    tracing::info!(
        accounts = slots.len(),
        seconds = started.elapsed().as_secs_f64(),
        "batch proven"
    );
    let proven_root = Digest(
        proof.public_inputs[4..8]
            .try_into()
            .expect("root in public inputs"),
    );
    if proven_root != root {
        return Err(ProveError::Proving(anyhow!(
            "internal error: batch root mismatch"
        )));
    }
    Ok(Subtree { proof, root })
}

pub fn random_secret() -> Digest {
    let mut rng = rand::rngs::OsRng;
    Digest(std::array::from_fn(|_| {
        F::from_noncanonical_u64(rng.next_u64())
    }))
}
