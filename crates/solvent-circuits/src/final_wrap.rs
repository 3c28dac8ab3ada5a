//! The final circuit: verifies the top proof of the tree inside a
//! zero-knowledge circuit and re-exposes its public inputs, with the leaf
//! bound checked and the totals carry-normalised. The inner proofs are its
//! private witness and are never published.

use anyhow::Result;
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitData, CommonCircuitData, VerifierOnlyCircuitData};
use plonky2::plonk::proof::ProofWithPublicInputsTarget;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

use crate::gadgets::PublicInputTargets;
use crate::public_inputs::{self, LIMB_SUM_BITS};
use crate::{final_config, Proof, C, D, F};

pub struct FinalCircuit {
    pub data: CircuitData<F, C, D>,
    inner: ProofWithPublicInputsTarget<D>,
}

impl FinalCircuit {
    pub fn build(
        inner_common: &CommonCircuitData<F, D>,
        inner_key: &VerifierOnlyCircuitData<C, D>,
    ) -> Self {
        let mut b = CircuitBuilder::<F, D>::new(final_config());
        let key = b.constant_verifier_data(inner_key);
        let inner = b.add_virtual_proof_with_pis(inner_common);
        b.verify_proof::<C>(&inner, &key, inner_common);
        let num_assets = public_inputs::num_assets(inner.public_inputs.len())
            .expect("the top circuit exposes a public-input vector");
        let mut statement = PublicInputTargets::from_targets(&inner.public_inputs, num_assets);
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
            inner,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) -> IoResult<()> {
        crate::stored::write_circuit_data(out, &self.data)?;
        out.write_target_proof_with_public_inputs(&self.inner)
    }

    pub(crate) fn read_from(buffer: &mut Buffer) -> IoResult<Self> {
        Ok(FinalCircuit {
            data: crate::stored::read_circuit_data(buffer)?,
            inner: buffer.read_target_proof_with_public_inputs()?,
        })
    }

    pub fn prove(&self, inner: &Proof) -> Result<Proof> {
        let mut pw = PartialWitness::<F>::new();
        pw.set_proof_with_pis_target(&self.inner, inner)?;
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
