//! The aggregation circuit: one circuit for every level of the tree. It
//! verifies two children, each a batch proof or an aggregation proof (its
//! own, by cyclic recursion), and exposes the combined statement one level
//! up. So the final circuit, and the key a verifier trusts, do not depend
//! on the depth of the tree.
//!
//! A child's kind follows from its level (`gadgets::verify_child`): level 0
//! is verified against the batch wrapper's key, whose hash is a constant of
//! this circuit; a higher level against this circuit's own key, whose hash
//! every aggregation proof carries in its public inputs and each parent
//! checks equal to its own. The final circuit closes the loop by checking the
//! top proof's key hash against the aggregation key's, a constant there.
//!
//! The right child may instead be an all-padding subtree, flagged by a
//! boolean witness: its statement is then that of padding (root `P_h` of
//! `solvent_commit::merkle::padding_nodes` at the left child's height, which
//! every batch and aggregation proof carries, no leaves, zero totals) and the proof verified in its place is the
//! left child's again, whose public inputs are ignored. So padding is never
//! proven: a round whose batch count is not a power of two pays nothing for
//! the rest of its tree.
//!
//! It enforces: both children share the round context, the USD weights, the
//! batch height and the level; the parent's height stays within
//! `LEAF_COUNT_BITS`; the root is `node_hash(left.root, right.root)`; the
//! leaf count is the sum, and the right child may hold real leaves only if
//! the left child is full (so real leaves are exactly the first
//! `leaf_count` leaves of the whole tree); every limb total is the sum of
//! the children's.

use anyhow::Result;
use plonky2::field::types::Field;
use plonky2::hash::hash_types::HashOutTarget;
use plonky2::iop::target::BoolTarget;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{
    CircuitData, CommonCircuitData, VerifierCircuitTarget, VerifierOnlyCircuitData,
};
use plonky2::plonk::proof::ProofWithPublicInputsTarget;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

use crate::gadgets::{
    key_for, key_hash, node_hash, verify_child, InnerTargets, PublicInputTargets,
};
use crate::uniform::Uniform;
use crate::{inner_config, Proof, C, D, F, LEAF_COUNT_BITS};

pub struct AggregationCircuit {
    pub data: CircuitData<F, C, D>,
    /// The batch wrapper's key, which batch children are verified against.
    batch_key: VerifierOnlyCircuitData<C, D>,
    left: VerifiedTargets,
    right: VerifiedTargets,
    right_is_padding: BoolTarget,
    /// `key_hash` of this circuit's own key: what aggregation children must
    /// be made under.
    own_key_hash: HashOutTarget,
}

/// A child proof and the key it is verified against, both witnesses.
struct VerifiedTargets {
    proof: ProofWithPublicInputsTarget<D>,
    key: VerifierCircuitTarget,
}

impl AggregationCircuit {
    /// `common` is what batch and aggregation proofs share (see
    /// [`crate::uniform`]), `batch_key` the batch wrapper's key.
    pub fn build(
        capacity: usize,
        common: &CommonCircuitData<F, D>,
        batch_key: &VerifierOnlyCircuitData<C, D>,
        uniform: &Uniform,
    ) -> Self {
        let mut b = CircuitBuilder::<F, D>::new(inner_config());
        let batch_key_hash = b.constant_hash(key_hash(batch_key));
        let own_key_hash = b.add_virtual_hash();
        let [(left, left_child), (right, right_child)] = [(); 2].map(|()| {
            let proof = b.add_virtual_proof_with_pis(common);
            let child = verify_child(
                &mut b,
                &proof,
                common,
                capacity,
                batch_key_hash,
                own_key_hash,
            );
            (
                VerifiedTargets {
                    proof,
                    key: child.key,
                },
                child.inputs,
            )
        });
        let (l, proven) = (&left_child.statement, right_child.statement.clone());

        for i in 0..4 {
            b.connect(l.context.elements[i], proven.context.elements[i]);
        }
        for (&wl, &wr) in l.weights.iter().zip(&proven.weights) {
            b.connect(wl, wr);
        }
        b.connect(l.batch_height, proven.batch_height);
        // A real right child is a subtree of the left child's height.
        let right_is_padding = b.add_virtual_bool_target_safe();
        let is_real = b.not(right_is_padding);
        b.conditional_assert_eq(is_real.target, proven.level, l.level);
        for i in 0..4 {
            b.conditional_assert_eq(
                is_real.target,
                right_child.padding_root.elements[i],
                left_child.padding_root.elements[i],
            );
        }
        b.conditional_assert_eq(is_real.target, right_child.capacity, left_child.capacity);
        let r = padding_or(&mut b, left_child.padding_root, right_is_padding, proven);
        let root = node_hash(&mut b, l.root, r.root);

        // (capacity - left_count) * right_count == 0
        let left_missing = b.sub(left_child.capacity, l.leaf_count);
        let gap = b.mul(left_missing, r.leaf_count);
        b.assert_zero(gap);
        let leaf_count = b.add(l.leaf_count, r.leaf_count);
        let level = b.add_const(l.level, F::ONE);

        // One level up: `P_(h+1) = node_hash(P_h, P_h)`, `2^(h+1)` leaves,
        // and the height stays within the leaf bound, so no capacity wraps.
        let padding_root = node_hash(&mut b, left_child.padding_root, left_child.padding_root);
        let capacity = b.mul_const(F::TWO, left_child.capacity);
        b.range_check(capacity, LEAF_COUNT_BITS + 1);

        let totals = l
            .totals
            .iter()
            .zip(&r.totals)
            .map(|(tl, tr)| std::array::from_fn(|k| b.add(tl[k], tr[k])))
            .collect();
        InnerTargets {
            statement: PublicInputTargets {
                context: l.context,
                root,
                leaf_count,
                level,
                batch_height: l.batch_height,
                weights: l.weights.clone(),
                totals,
            },
            padding_root,
            capacity,
            key_hash: own_key_hash,
        }
        .register(&mut b);
        uniform.apply(&mut b);

        AggregationCircuit {
            data: b.build::<C>(),
            batch_key: batch_key.clone(),
            left,
            right,
            right_is_padding,
            own_key_hash,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) -> IoResult<()> {
        crate::stored::write_circuit_data(out, &self.data)?;
        out.write_verifier_only_circuit_data(&self.batch_key)?;
        for child in [&self.left, &self.right] {
            out.write_target_proof_with_public_inputs(&child.proof)?;
            out.write_target_verifier_circuit(&child.key)?;
        }
        out.write_target_bool(self.right_is_padding)?;
        out.write_target_hash(&self.own_key_hash)
    }

    pub(crate) fn read_from(buffer: &mut Buffer) -> IoResult<Self> {
        let data = crate::stored::read_circuit_data(buffer)?;
        let batch_key = buffer.read_verifier_only_circuit_data()?;
        let mut child = || -> IoResult<VerifiedTargets> {
            Ok(VerifiedTargets {
                proof: buffer.read_target_proof_with_public_inputs()?,
                key: buffer.read_target_verifier_circuit()?,
            })
        };
        let (left, right) = (child()?, child()?);
        Ok(AggregationCircuit {
            data,
            batch_key,
            left,
            right,
            right_is_padding: buffer.read_target_bool()?,
            own_key_hash: buffer.read_target_hash()?,
        })
    }

    /// Proves the parent of `left` and `right` (two proofs of one level),
    /// where `None` is the all-padding subtree of the children's height.
    pub fn prove(&self, left: &Proof, right: Option<&Proof>) -> Result<Proof> {
        let own_key = &self.data.verifier_only;
        let mut pw = PartialWitness::<F>::new();
        for (child, proof) in [(&self.left, left), (&self.right, right.unwrap_or(left))] {
            pw.set_proof_with_pis_target(&child.proof, proof)?;
            pw.set_verifier_data_target(&child.key, key_for(proof, &self.batch_key, own_key))?;
        }
        pw.set_bool_target(self.right_is_padding, right.is_none())?;
        pw.set_hash_target(self.own_key_hash, key_hash(own_key))?;
        self.data.prove(pw)
    }
}

/// The right child's statement: `proven` (its proof's public inputs), or
/// when `is_padding` the all-padding subtree's with root `pad`.
fn padding_or(
    b: &mut CircuitBuilder<F, D>,
    pad: HashOutTarget,
    is_padding: BoolTarget,
    proven: PublicInputTargets,
) -> PublicInputTargets {
    let elements =
        core::array::from_fn(|i| b.select(is_padding, pad.elements[i], proven.root.elements[i]));
    let is_real = b.not(is_padding);
    let mut keep = |x| b.mul(is_real.target, x);
    PublicInputTargets {
        root: HashOutTarget { elements },
        leaf_count: keep(proven.leaf_count),
        totals: proven.totals.iter().map(|t| t.map(&mut keep)).collect(),
        ..proven
    }
}
