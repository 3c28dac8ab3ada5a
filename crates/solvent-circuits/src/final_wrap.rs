//! The final circuit: verifies the top proof of the tree inside a
//! zero-knowledge circuit and re-exposes its statement, with the leaf bound
//! checked and the totals carry-normalised. The inner proofs are its private
//! witness and are never published.
//!
//! The top proof is a batch proof (a round of one batch) or an aggregation
//! proof, told apart by its level as inside the aggregation circuit
//! (`gadgets::verify_child`); an aggregation proof must carry the hash of
//! the aggregation key, which pins the key of every aggregation proof below
//! it. Both key hashes are constants here, so this circuit's key covers
//! every depth.

use anyhow::Result;
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{
    CircuitData, CommonCircuitData, VerifierCircuitTarget, VerifierOnlyCircuitData,
};
use plonky2::plonk::proof::ProofWithPublicInputsTarget;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

use crate::gadgets::{key_for, key_hash, verify_child};
use crate::public_inputs::{self, LIMB_SUM_BITS};
use crate::{final_config, Proof, C, D, F};

pub struct FinalCircuit {
    pub data: CircuitData<F, C, D>,
    batch_key: VerifierOnlyCircuitData<C, D>,
    aggregation_key: VerifierOnlyCircuitData<C, D>,
    inner: ProofWithPublicInputsTarget<D>,
    inner_key: VerifierCircuitTarget,
}

impl FinalCircuit {
    /// `common` is what batch and aggregation proofs share (see
    /// [`crate::uniform`]).
    pub fn build(
        common: &CommonCircuitData<F, D>,
        batch_key: &VerifierOnlyCircuitData<C, D>,
        aggregation_key: &VerifierOnlyCircuitData<C, D>,
    ) -> Self {
        let mut b = CircuitBuilder::<F, D>::new(final_config());
        let batch_key_hash = b.constant_hash(key_hash(batch_key));
        let aggregation_key_hash = b.constant_hash(key_hash(aggregation_key));
        let inner = b.add_virtual_proof_with_pis(common);
        let capacity = (inner.public_inputs.len())
            .checked_sub(public_inputs::HEIGHT_LEN + public_inputs::KEY_HASH_LEN)
            .and_then(public_inputs::capacity_of)
            .expect("batch and aggregation proofs expose a statement, a height and a key hash");
        let top = verify_child(
            &mut b,
            &inner,
            common,
            capacity,
            batch_key_hash,
            aggregation_key_hash,
        );
        let mut statement = top.inputs.statement;
        // The tree bounds the leaves by its capacity; this makes the bound
        // the totals' soundness needs part of the statement.
        b.range_check(statement.leaf_count, crate::LEAF_COUNT_BITS);
        for totals in &mut statement.totals {
            for k in [0, 2] {
                [totals[k], totals[k + 1]] = normalise(&mut b, totals[k], totals[k + 1]);
            }
        }
        statement.register(&mut b);
        FinalCircuit {
            data: b.build::<C>(),
            batch_key: batch_key.clone(),
            aggregation_key: aggregation_key.clone(),
            inner,
            inner_key: top.key,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) -> IoResult<()> {
        crate::stored::write_circuit_data(out, &self.data)?;
        out.write_verifier_only_circuit_data(&self.batch_key)?;
        out.write_verifier_only_circuit_data(&self.aggregation_key)?;
        out.write_target_proof_with_public_inputs(&self.inner)?;
        out.write_target_verifier_circuit(&self.inner_key)
    }

    pub(crate) fn read_from(buffer: &mut Buffer) -> IoResult<Self> {
        Ok(FinalCircuit {
            data: crate::stored::read_circuit_data(buffer)?,
            batch_key: buffer.read_verifier_only_circuit_data()?,
            aggregation_key: buffer.read_verifier_only_circuit_data()?,
            inner: buffer.read_target_proof_with_public_inputs()?,
            inner_key: buffer.read_target_verifier_circuit()?,
        })
    }

    /// Proves the final proof over `inner`, the top batch or aggregation
    /// proof of the round.
    pub fn prove(&self, inner: &Proof) -> Result<Proof> {
        self.prove_under(
            inner,
            key_for(inner, &self.batch_key, &self.aggregation_key),
        )
    }

    /// [`FinalCircuit::prove`] with `inner` verified against `key`, which an
    /// honest prover takes from the top proof's level; the circuit must
    /// refuse any key but the two it was built with.
    pub fn prove_under(&self, inner: &Proof, key: &VerifierOnlyCircuitData<C, D>) -> Result<Proof> {
        let mut pw = PartialWitness::<F>::new();
        pw.set_proof_with_pis_target(&self.inner, inner)?;
        pw.set_verifier_data_target(&self.inner_key, key)?;
        self.data.prove(pw)
    }
}

/// `(lo, hi)` limb sums of one total as `(lo mod 2^26, hi + lo / 2^26)`: the
/// same total, with a low limb that reveals only the total's low bits (the
/// raw sums say more about the balances than the totals do). `lo` is below
/// `2^LIMB_SUM_BITS` as an integer (fewer than `2^37` leaves, each limb below
/// `2^26`), so the split is unique.
fn normalise(b: &mut CircuitBuilder<F, D>, lo: Target, hi: Target) -> [Target; 2] {
    let (low, carry) = b.split_low_high(lo, crate::batch::LIMB_BITS, LIMB_SUM_BITS);
    [low, b.add(hi, carry)]
}
