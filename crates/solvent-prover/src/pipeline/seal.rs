//! The end of a round, however its tree was proven: the final
//! zero-knowledge proof over the top of the tree, checked against the
//! natively computed statement, the inclusion store, and the bundle moved
//! into place.

use std::time::Instant;

use anyhow::anyhow;
use solvent_circuits::{KeyChain, Proof, PublicInputs, Totals, VerifierKey};
use solvent_commit::Digest;

use super::options::Progress;
use super::round::Round;
use super::statement::build_statement;
use crate::bundle::BundleWriter;
use crate::error::ProveError;

/// The proven top of a round's aggregation tree and what it must prove.
pub struct Top<'a> {
    pub proof: &'a Proof,
    /// The tree's root, computed natively from the leaves.
    pub root: Digest,
    pub accounts: u64,
    pub depth: u32,
    /// Limb totals per asset, summed natively.
    pub totals: &'a [Totals],
}

/// What [`seal_round`] wrote.
pub struct Sealed {
    pub statement: solvent_model::Statement,
    pub proof_bytes: usize,
    /// When the final proof was proven and checked.
    pub proven_at: Instant,
}

/// Proves the final proof over `top`, checks that it proves exactly the
/// native statement, builds the inclusion store (its root checked against
/// the proven one) and finishes the bundle.
pub fn seal_round(
    chain: &KeyChain,
    round: &Round,
    label: &str,
    top: Top<'_>,
    writer: BundleWriter,
    pad_leaf: Digest,
    progress: &dyn Progress,
) -> Result<Sealed, ProveError> {
    progress.stage("final zero-knowledge proof");
    let final_circuit = &chain.final_circuit;
    let final_started = Instant::now();
    let final_proof = final_circuit
        .prove(top.proof)
        .map_err(ProveError::Proving)?;
    tracing::info!(
        seconds = final_started.elapsed().as_secs_f64(),
        "final proof proven"
    );
    let key = VerifierKey::from_final(final_circuit).map_err(ProveError::Proving)?;
    key.verify(final_proof.clone())
        .map_err(ProveError::Proving)?;

    let expected = PublicInputs {
        context: round.context,
        root: top.root,
        leaf_count: top.accounts,
        level: top.depth,
        batch_height: round.batch_size.ilog2(),
        weights: round.circuit_weights.clone(),
        totals: top.totals.iter().map(Totals::normalised).collect(),
    };
    let capacity = round.shape.capacity();
    let proven =
        PublicInputs::from_fields(&final_proof.public_inputs, capacity).ok_or_else(|| {
            ProveError::Proving(anyhow!("final proof has a wrong public-input count"))
        })?;
    if proven != expected.clone().padded(capacity) {
        return Err(ProveError::Proving(anyhow!(
            "internal error: proven public inputs differ from the natively computed ones"
        )));
    }
    let proven_at = Instant::now();
    let statement = build_statement(
        label,
        &round.assets,
        &round.weights,
        &expected,
        round.shape,
        top.depth,
        &key,
    );
    progress.stage("building the inclusion store");
    let mut writer = writer;
    writer.inclusion_lengths()?; // flushes the inclusion files
    let private = writer.staging().join(solvent_model::bundle::PRIVATE_DIR);
    let height = round.batch_size.ilog2() + top.depth;
    let store_started = Instant::now();
    let stored_root = crate::store::build(&private, top.accounts, height, pad_leaf)
        .map_err(ProveError::io(&private))?;
    tracing::info!(
        seconds = store_started.elapsed().as_secs_f64(),
        "inclusion store built"
    );
    if stored_root != top.root {
        return Err(ProveError::Proving(anyhow!(
            "internal error: the inclusion store's root differs from the proven root"
        )));
    }
    let proof_bytes = final_proof.to_bytes();
    writer.finish(&statement, &proof_bytes, &key.bytes)?;
    Ok(Sealed {
        statement,
        proof_bytes: proof_bytes.len(),
        proven_at,
    })
}
