//! Checking a user's inclusion proof (the wire type is
//! `solvent_model::inclusion`): the user's leaf data, salt and Merkle path
//! against a statement's root. See docs/SPEC.md, "Inclusion proof".

use std::collections::HashSet;

use solvent_commit::{id_commitment, leaf_hash, Digest, MerklePath};
use solvent_model::inclusion::{InclusionProof, INCLUSION_FORMAT};
use solvent_model::limits::AMOUNT_LIMIT;
use solvent_model::{parse_amount, Statement};

/// Why an inclusion proof was rejected.
#[derive(Debug, thiserror::Error)]
pub enum InclusionError {
    #[error("inclusion proof is malformed: {0}")]
    Malformed(String),
    #[error("inclusion proof is for round `{proof}` but the statement is for round `{statement}`")]
    Round { proof: String, statement: String },
    #[error("the account's leaf does not lead to the statement's root: the balances, salt, account id, index or path were changed, or the proof belongs to another bundle")]
    RootMismatch,
}

/// What an inclusion proof established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludedAccount {
    pub account_id: String,
    pub round: String,
    pub leaf_index: u64,
    /// `(symbol, decimals, equity, debt)` for every non-zero holding.
    pub balances: Vec<(String, u32, u64, u64)>,
}

fn malformed(message: impl Into<String>) -> InclusionError {
    InclusionError::Malformed(message.into())
}

fn decode_sibling(i: usize, text: &str) -> Result<Digest, InclusionError> {
    let bytes = solvent_model::inclusion::decode_sibling(text)
        .map_err(|e| malformed(format!("siblings[{i}] {e}")))?;
    Digest::from_bytes(&bytes).map_err(|e| malformed(format!("siblings[{i}]: {e}")))
}

/// Checks `proof` against `statement` (whose global proof the caller verifies
/// separately). The statement itself must be well-formed.
pub fn verify_inclusion(
    statement: &Statement,
    proof: &InclusionProof,
) -> Result<IncludedAccount, InclusionError> {
    if proof.format != INCLUSION_FORMAT {
        return Err(malformed(format!("format must be `{INCLUSION_FORMAT}`")));
    }
    if proof.round != statement.round {
        return Err(InclusionError::Round {
            proof: proof.round.clone(),
            statement: statement.round.clone(),
        });
    }
    solvent_model::snapshot::validate_account_id(&proof.account_id)
        .map_err(|e| malformed(e.to_string()))?;
    let (shape, depth) = crate::shape_of(statement).map_err(|e| malformed(e.to_string()))?;
    let height = shape.batch_size.ilog2() + depth;
    if proof.siblings.len() != height as usize {
        return Err(malformed(format!(
            "{} siblings, the tree has height {height}",
            proof.siblings.len()
        )));
    }
    if proof.leaf_index >= statement.leaf_count {
        return Err(malformed(format!(
            "leaf_index {} is not below the leaf count {}",
            proof.leaf_index, statement.leaf_count
        )));
    }
    let salt = Digest::from_hex(&proof.salt).map_err(|e| malformed(format!("salt: {e}")))?;

    let mut dense = vec![(0u64, 0u64); statement.assets.len()];
    let mut seen = HashSet::new();
    let mut balances = Vec::with_capacity(proof.balances.len());
    for (i, b) in proof.balances.iter().enumerate() {
        let index = statement
            .assets
            .iter()
            .position(|a| a.symbol == b.asset)
            .ok_or_else(|| {
                malformed(format!(
                    "balances[{i}]: asset `{}` is not in the statement",
                    b.asset
                ))
            })?;
        if !seen.insert(index) {
            return Err(malformed(format!(
                "balances[{i}]: asset `{}` appears twice",
                b.asset
            )));
        }
        let decimals = statement.assets[index].decimals;
        let equity = parse_amount(&b.equity, decimals)
            .map_err(|e| malformed(format!("balances[{i}].equity: {e}")))?;
        let debt = parse_amount(&b.debt, decimals)
            .map_err(|e| malformed(format!("balances[{i}].debt: {e}")))?;
        debug_assert!(equity < AMOUNT_LIMIT && debt < AMOUNT_LIMIT);
        dense[index] = (equity, debt);
        balances.push((b.asset.clone(), decimals, equity, debt));
    }
    let siblings = proof
        .siblings
        .iter()
        .enumerate()
        .map(|(i, s)| decode_sibling(i, s))
        .collect::<Result<Vec<_>, _>>()?;

    let root =
        Digest::from_hex(&statement.root).map_err(|e| malformed(format!("statement root: {e}")))?;
    let leaf = leaf_hash(&id_commitment(&salt, &proof.account_id), &dense);
    let path = MerklePath {
        index: proof.leaf_index,
        siblings,
    };
    if path.root_from(&leaf) != root {
        return Err(InclusionError::RootMismatch);
    }
    Ok(IncludedAccount {
        account_id: proof.account_id.clone(),
        round: proof.round.clone(),
        leaf_index: proof.leaf_index,
        balances,
    })
}
