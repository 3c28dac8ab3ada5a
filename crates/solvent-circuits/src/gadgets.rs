//! In-circuit twins of `solvent-commit`'s hashes, and the public-input targets.

use plonky2::field::types::Field;
use plonky2::hash::hash_types::HashOutTarget;
use plonky2::hash::hashing::PlonkyPermutation;
use plonky2::hash::poseidon::{PoseidonHash, PoseidonPermutation};
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use solvent_commit::tags;

use crate::{public_inputs, D, F};

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
    /// `u_a, v_a` (equity and debt weight) per asset.
    pub weights: Vec<Target>,
    /// `[E0, E1, D0, D1]` per asset.
    pub totals: Vec<[Target; 4]>,
}

impl PublicInputTargets {
    /// Views a flat public-input target vector through the layout.
    pub fn from_targets(targets: &[Target], num_assets: usize) -> Self {
        assert_eq!(targets.len(), public_inputs::len(num_assets));
        let hash = |at: usize| HashOutTarget {
            elements: targets[at..at + 4].try_into().expect("4 targets"),
        };
        let base = 9 + 2 * num_assets;
        PublicInputTargets {
            context: hash(0),
            root: hash(4),
            leaf_count: targets[public_inputs::LEAF_COUNT_INDEX],
            weights: targets[9..base].to_vec(),
            totals: (0..num_assets)
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
        builder.register_public_inputs(&self.weights);
        for t in &self.totals {
            builder.register_public_inputs(t);
        }
    }
}
