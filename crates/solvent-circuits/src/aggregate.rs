//! The aggregation circuit: verifies two proofs of the level below (both
//! against the same, constant verifier key) and exposes the combined statement.
//!
//! It enforces: both children share the round context and the USD weights; the
//! root is `node_hash(left.root, right.root)`; the leaf count is the sum, and
//! the right child may hold real leaves only if the left child is full (so real
//! leaves are exactly the first `leaf_count` leaves of the whole tree); every
//! limb total is the sum of the children's.

use anyhow::Result;
use plonky2::field::types::Field;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitData, CommonCircuitData, VerifierOnlyCircuitData};
use plonky2::plonk::proof::ProofWithPublicInputsTarget;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

use crate::gadgets::{node_hash, PublicInputTargets};
use crate::{inner_config, Proof, Shape, C, D, F};

pub struct AggregationCircuit {
    /// Level of the proofs this circuit produces (children are `level - 1`).
    pub level: u32,
    pub data: CircuitData<F, C, D>,
    left: ProofWithPublicInputsTarget<D>,
    right: ProofWithPublicInputsTarget<D>,
}

impl AggregationCircuit {
    /// `child_common`/`child_key` describe the circuit of the level below.
    pub fn build(
        shape: Shape,
        level: u32,
        child_common: &CommonCircuitData<F, D>,
        child_key: &VerifierOnlyCircuitData<C, D>,
    ) -> Self {
        assert!(level >= 1);
        let mut b = CircuitBuilder::<F, D>::new(inner_config());
        let key = b.constant_verifier_data(child_key);
        let left = b.add_virtual_proof_with_pis(child_common);
        let right = b.add_virtual_proof_with_pis(child_common);
        b.verify_proof::<C>(&left, &key, child_common);
        b.verify_proof::<C>(&right, &key, child_common);

        let l = PublicInputTargets::from_targets(&left.public_inputs, shape.num_assets);
        let r = PublicInputTargets::from_targets(&right.public_inputs, shape.num_assets);
        for i in 0..4 {
            b.connect(l.context.elements[i], r.context.elements[i]);
        }
        for (&wl, &wr) in l.weights.iter().zip(&r.weights) {
            b.connect(wl, wr);
        }
        let root = node_hash(&mut b, l.root, r.root);

        // (capacity - left_count) * right_count == 0
        let capacity = F::from_canonical_u64(shape.leaves_at_level(level - 1));
        let capacity_t = b.constant(capacity);
        let left_missing = b.sub(capacity_t, l.leaf_count);
        let gap = b.mul(left_missing, r.leaf_count);
        b.assert_zero(gap);
        let leaf_count = b.add(l.leaf_count, r.leaf_count);

        let totals = l
            .totals
            .iter()
            .zip(&r.totals)
            .map(|(tl, tr)| std::array::from_fn(|k| b.add(tl[k], tr[k])))
            .collect();
        PublicInputTargets {
            context: l.context,
            root,
            leaf_count,
            weights: l.weights.clone(),
            totals,
        }
        .register(&mut b);

        AggregationCircuit {
            level,
            data: b.build::<C>(),
            left,
            right,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) -> IoResult<()> {
        out.write_u32(self.level)?;
        crate::stored::write_circuit_data(out, &self.data)?;
        out.write_target_proof_with_public_inputs(&self.left)?;
        out.write_target_proof_with_public_inputs(&self.right)
    }

    pub(crate) fn read_from(buffer: &mut Buffer) -> IoResult<Self> {
        Ok(AggregationCircuit {
            level: buffer.read_u32()?,
            data: crate::stored::read_circuit_data(buffer)?,
            left: buffer.read_target_proof_with_public_inputs()?,
            right: buffer.read_target_proof_with_public_inputs()?,
        })
    }

    pub fn prove(&self, left: &Proof, right: &Proof) -> Result<Proof> {
        let mut pw = PartialWitness::<F>::new();
        pw.set_proof_with_pis_target(&self.left, left)?;
        pw.set_proof_with_pis_target(&self.right, right)?;
        self.data.prove(pw)
    }
}
