//! In-circuit twins of `solvent-commit`'s hashes, and the public-input targets.

use plonky2::field::types::Field;
use plonky2::hash::hash_types::{HashOut, HashOutTarget};
use plonky2::hash::hashing::PlonkyPermutation;
use plonky2::hash::poseidon::{PoseidonHash, PoseidonPermutation};
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{
    CommonCircuitData, VerifierCircuitTarget, VerifierOnlyCircuitData,
};
use plonky2::plonk::config::Hasher;
use plonky2::plonk::proof::ProofWithPublicInputsTarget;
use solvent_commit::tags;

use crate::{public_inputs, Proof, C, D, F};

/// `node_hash` of solvent-commit: one permutation with `TAG_NODE` in the capacity.
pub fn node_hash(
    builder: &mut CircuitBuilder<F, D>,
    left: HashOutTarget,
    right: HashOutTarget,
) -> HashOutTarget {
    let zero = builder.zero();
    let tag = builder.constant(F::from_canonical_u64(tags::NODE));
    let mut state = [zero; 12];
    state[..4].copy_from_slice(&left.elements);
    state[4..8].copy_from_slice(&right.elements);
    state[8] = tag;
    let out = builder.permute::<PoseidonHash>(PoseidonPermutation::new(state));
    HashOutTarget {
        elements: out.squeeze()[..4].try_into().expect("rate >= 4"),
    }
}

/// Root of a perfect tree over `leaves` (a power of two in length).
pub fn merkle_root(
    builder: &mut CircuitBuilder<F, D>,
    leaves: Vec<HashOutTarget>,
) -> HashOutTarget {
    assert!(leaves.len().is_power_of_two());
    let mut level = leaves;
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| node_hash(builder, pair[0], pair[1]))
            .collect();
    }
    level[0]
}

/// Targets of one [`crate::PublicInputs`] vector.
#[derive(Debug, Clone)]
pub struct PublicInputTargets {
    pub context: HashOutTarget,
    pub root: HashOutTarget,
    pub leaf_count: Target,
    /// Aggregation levels above the batches (0 for a batch proof).
    pub level: Target,
    /// `log2(batch_size)`.
    pub batch_height: Target,
    /// `u_a, v_a` (equity and debt weight) per slot of the capacity.
    pub weights: Vec<Target>,
    /// `[E0, E1, D0, D1]` per slot of the capacity.
    pub totals: Vec<[Target; 4]>,
}

impl PublicInputTargets {
    /// Views a flat public-input target vector through the layout.
    pub fn from_targets(targets: &[Target], capacity: usize) -> Self {
        assert_eq!(targets.len(), public_inputs::len(capacity));
        let hash = |at: usize| HashOutTarget {
            elements: targets[at..at + 4].try_into().expect("4 targets"),
        };
        let base = public_inputs::WEIGHTS_INDEX + 2 * capacity;
        PublicInputTargets {
            context: hash(0),
            root: hash(4),
            leaf_count: targets[public_inputs::LEAF_COUNT_INDEX],
            level: targets[public_inputs::LEVEL_INDEX],
            batch_height: targets[public_inputs::BATCH_HEIGHT_INDEX],
            weights: targets[public_inputs::WEIGHTS_INDEX..base].to_vec(),
            totals: (0..capacity)
                .map(|a| {
                    targets[base + 4 * a..base + 4 * a + 4]
                        .try_into()
                        .expect("4 targets")
                })
                .collect(),
        }
    }

    /// Registers the targets as this circuit's public inputs, in layout order.
    pub fn register(&self, builder: &mut CircuitBuilder<F, D>) {
        builder.register_public_inputs(&self.context.elements);
        builder.register_public_inputs(&self.root.elements);
        builder.register_public_input(self.leaf_count);
        builder.register_public_input(self.level);
        builder.register_public_input(self.batch_height);
        builder.register_public_inputs(&self.weights);
        for t in &self.totals {
            builder.register_public_inputs(t);
        }
    }
}

/// Targets of a batch or aggregation proof's public inputs
/// ([`public_inputs::inner_len`]).
#[derive(Debug, Clone)]
pub struct InnerTargets {
    pub statement: PublicInputTargets,
    /// `P_h`, the root of an all-padding subtree of this proof's height.
    pub padding_root: HashOutTarget,
    /// `2^h`, the leaves a subtree of this proof's height holds.
    pub capacity: Target,
    /// [`key_hash`] of the aggregation key the proof was made under (zero
    /// in a batch proof).
    pub key_hash: HashOutTarget,
}

impl InnerTargets {
    pub fn from_targets(targets: &[Target], capacity: usize) -> Self {
        assert_eq!(targets.len(), public_inputs::inner_len(capacity));
        let (statement, rest) = targets.split_at(public_inputs::len(capacity));
        let hash = |at: usize| HashOutTarget {
            elements: rest[at..at + 4].try_into().expect("4 targets"),
        };
        InnerTargets {
            statement: PublicInputTargets::from_targets(statement, capacity),
            padding_root: hash(0),
            capacity: rest[4],
            key_hash: hash(public_inputs::HEIGHT_LEN),
        }
    }

    /// Registers the targets as public inputs, in layout order.
    pub fn register(&self, builder: &mut CircuitBuilder<F, D>) {
        self.statement.register(builder);
        builder.register_public_inputs(&self.padding_root.elements);
        builder.register_public_input(self.capacity);
        builder.register_public_inputs(&self.key_hash.elements);
    }
}

/// Poseidon over a verifier key (its circuit digest, then its
/// constants-sigmas cap): what proofs carry and circuits compare instead of
/// the key's 68 elements.
pub fn key_hash(key: &VerifierOnlyCircuitData<C, D>) -> HashOut<F> {
    let mut elements = key.circuit_digest.elements.to_vec();
    for hash in &key.constants_sigmas_cap.0 {
        elements.extend_from_slice(&hash.elements);
    }
    PoseidonHash::hash_no_pad(&elements)
}

/// The key an honest prover verifies `proof` against: the batch wrapper's
/// for a batch proof (level 0), else the aggregation key, as
/// [`verify_child`] requires.
pub fn key_for<'a>(
    proof: &Proof,
    batch: &'a VerifierOnlyCircuitData<C, D>,
    aggregation: &'a VerifierOnlyCircuitData<C, D>,
) -> &'a VerifierOnlyCircuitData<C, D> {
    if proof.public_inputs[public_inputs::LEVEL_INDEX] == F::ZERO {
        batch
    } else {
        aggregation
    }
}

/// A child proof verified inside a circuit: its public inputs, and the key
/// it was verified against (a witness: the prover sets it).
pub struct VerifiedChild {
    pub inputs: InnerTargets,
    pub key: VerifierCircuitTarget,
}

/// Verifies `proof` (a batch or aggregation proof of `common`) against the
/// key its level calls for: `batch` (the [`key_hash`] of the batch wrapper's
/// key) for level 0, else `aggregation`, which an aggregation child must also
/// carry in its public inputs, so every aggregation proof below is made
/// under the same key as the top.
///
/// Sound because the two kinds cannot pass for each other: a batch proof
/// publishes level 0, an aggregation proof a level of at least 1.
pub fn verify_child(
    builder: &mut CircuitBuilder<F, D>,
    proof: &ProofWithPublicInputsTarget<D>,
    common: &CommonCircuitData<F, D>,
    capacity: usize,
    batch: HashOutTarget,
    aggregation: HashOutTarget,
) -> VerifiedChild {
    let inputs = InnerTargets::from_targets(&proof.public_inputs, capacity);
    let zero = builder.zero();
    let is_batch = builder.is_equal(inputs.statement.level, zero);
    let is_aggregation = builder.not(is_batch);
    let key = builder.add_virtual_verifier_data(common.config.fri_config.cap_height);
    let mut elements = key.circuit_digest.elements.to_vec();
    for hash in &key.constants_sigmas_cap.0 {
        elements.extend_from_slice(&hash.elements);
    }
    let hashed = builder.hash_n_to_hash_no_pad::<PoseidonHash>(elements);
    for i in 0..4 {
        let expected = builder.select(is_batch, batch.elements[i], aggregation.elements[i]);
        builder.connect(hashed.elements[i], expected);
        builder.conditional_assert_eq(
            is_aggregation.target,
            inputs.key_hash.elements[i],
            aggregation.elements[i],
        );
    }
    builder.verify_proof::<C>(proof, &key, common);
    VerifiedChild { inputs, key }
}
