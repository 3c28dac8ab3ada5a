//! The aggregation circuit: verifies two proofs of the level below (both
//! against the same, constant verifier key) and exposes the combined statement.
//!
//! The right child may instead be an all-padding subtree, flagged by a
//! boolean witness: its statement is then the constant one of padding (root
//! `P_h` of `solvent_commit::merkle::padding_nodes`, no leaves, zero totals)
//! and the proof verified in its place is the left child's again, whose public
//! inputs are ignored. So padding is never proven: a round whose batch count
//! is not a power of two pays nothing for the rest of its tree.
//!
//! It enforces: both children share the round context and the USD weights; the
//! root is `node_hash(left.root, right.root)`; the leaf count is the sum, and
//! the right child may hold real leaves only if the left child is full (so real
//! leaves are exactly the first `leaf_count` leaves of the whole tree); every
//! limb total is the sum of the children's.

use anyhow::Result;
use plonky2::field::types::Field;
use plonky2::iop::target::BoolTarget;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitData, CommonCircuitData, VerifierOnlyCircuitData};
use plonky2::plonk::proof::ProofWithPublicInputsTarget;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

use crate::gadgets::{node_hash, PublicInputTargets};
use crate::{inner_config, Proof, Shape, C, D, F};
use plonky2::hash::hash_types::HashOutTarget;

pub struct AggregationCircuit {
    /// Level of the proofs this circuit produces (children are `level - 1`).
    pub level: u32,
    pub data: CircuitData<F, C, D>,
    left: ProofWithPublicInputsTarget<D>,
    right: ProofWithPublicInputsTarget<D>,
    right_is_padding: BoolTarget,
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
        let proven = PublicInputTargets::from_targets(&right.public_inputs, shape.num_assets);
        for i in 0..4 {
            b.connect(l.context.elements[i], proven.context.elements[i]);
        }
        for (&wl, &wr) in l.weights.iter().zip(&proven.weights) {
            b.connect(wl, wr);
        }
        let right_is_padding = b.add_virtual_bool_target_safe();
        let r = padding_or(&mut b, shape, level, right_is_padding, proven);
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
            right_is_padding,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) -> IoResult<()> {
        out.write_u32(self.level)?;
        crate::stored::write_circuit_data(out, &self.data)?;
        out.write_target_proof_with_public_inputs(&self.left)?;
        out.write_target_proof_with_public_inputs(&self.right)?;
        out.write_target_bool(self.right_is_padding)
    }

    pub(crate) fn read_from(buffer: &mut Buffer) -> IoResult<Self> {
        Ok(AggregationCircuit {
            level: buffer.read_u32()?,
            data: crate::stored::read_circuit_data(buffer)?,
            left: buffer.read_target_proof_with_public_inputs()?,
            right: buffer.read_target_proof_with_public_inputs()?,
            right_is_padding: buffer.read_target_bool()?,
        })
    }

    /// Proves the parent of `left` and `right`, where `None` is the
    /// all-padding subtree of the children's height.
    pub fn prove(&self, left: &Proof, right: Option<&Proof>) -> Result<Proof> {
        let mut pw = PartialWitness::<F>::new();
        pw.set_proof_with_pis_target(&self.left, left)?;
        pw.set_proof_with_pis_target(&self.right, right.unwrap_or(left))?;
        pw.set_bool_target(self.right_is_padding, right.is_none())?;
        self.data.prove(pw)
    }
}

/// The right child's statement: `proven` (its proof's public inputs), or
/// when `is_padding` the all-padding subtree's under a node of `level`.
fn padding_or(
    b: &mut CircuitBuilder<F, D>,
    shape: Shape,
    level: u32,
    is_padding: BoolTarget,
    proven: PublicInputTargets,
) -> PublicInputTargets {
    let pad = shape.padding_root(level - 1);
    let elements = core::array::from_fn(|i| {
        let constant = b.constant(pad.0[i]);
        b.select(is_padding, constant, proven.root.elements[i])
    });
    let is_real = b.not(is_padding);
    let mut keep = |x| b.mul(is_real.target, x);
    PublicInputTargets {
        root: HashOutTarget { elements },
        leaf_count: keep(proven.leaf_count),
        totals: proven.totals.iter().map(|t| t.map(&mut keep)).collect(),
        ..proven
    }
}
