//! The aggregation circuit: a partial batch next to an all-padding subtree
//! (never proven) gives the statement of the padded tree, and a right child
//! with real leaves is refused unless the left child is full.

use std::panic::{catch_unwind, AssertUnwindSafe};

use plonky2::field::types::Field;
use solvent_circuits::batch::Slot;
use solvent_circuits::batch::Weight;
use solvent_circuits::{KeyChain, PublicInputs, Shape};
use solvent_commit::merkle::{padding_nodes, root_of};
use solvent_commit::{id_commitment, leaf_hash, node_hash, padding_leaf, Digest, F};

const ASSETS: usize = 2;
/// Equal equity and debt weights: 1 unit of asset 0 is worth 1000 of asset 1.
const WEIGHTS: [Weight; ASSETS] = [
    Weight {
        equity: 1000,
        debt: 1000,
    },
    Weight { equity: 1, debt: 1 },
];
const BATCH: usize = 4;

fn slot(id: &str, balances: [(u64, u64); ASSETS]) -> Slot {
    Slot {
        id_commitment: id_commitment(&Digest([F::ONE; 4]), id),
        balances: balances.to_vec(),
    }
}

fn statement(chain: &KeyChain, fields: &[F]) -> PublicInputs {
    PublicInputs::from_inner_fields(fields, chain.shape.capacity()).expect("public inputs")
}

#[test]
fn padding_subtrees_are_not_proven_and_prefixes_are_enforced() {
    let chain = KeyChain::new(Shape::new(ASSETS, BATCH, 13));
    let slots = [
        slot("alice", [(5, 0), (7, 3)]),
        slot("bob", [(0, 0), (9, 0)]),
        slot("carol", [(2, 1), (0, 0)]),
    ];
    let partial = chain
        .batch
        .prove(&Digest::ZERO, &WEIGHTS, &slots)
        .expect("a batch of 3 in 4 slots proves");
    let mut leaves: Vec<Digest> = slots
        .iter()
        .map(|s| leaf_hash(&s.id_commitment, &s.balances))
        .collect();
    leaves.resize(BATCH, padding_leaf(ASSETS));
    let batch_root = root_of(&leaves);
    let below = statement(&chain, &partial.public_inputs);
    assert_eq!(below.root, batch_root);
    assert_eq!(below.leaf_count, 3);

    // Next to padding: the root of the batch and P_2, the same count and totals.
    let padded = chain
        .aggregation
        .prove(&partial, None)
        .expect("aggregates with a padding subtree");
    let above = statement(&chain, &padded.public_inputs);
    let pad = padding_nodes(2)[2];
    assert_eq!(above.root, node_hash(&batch_root, &pad));
    assert_eq!(above.leaf_count, 3);
    assert_eq!((below.level, above.level), (0, 1));
    assert_eq!(above.totals, below.totals);
    assert_eq!(above.weights, below.weights);
    chain
        .aggregation
        .data
        .verify(padded)
        .expect("the aggregation proof verifies");

    // Real leaves to the right of a partial batch would break the prefix.
    let dave = chain
        .batch
        .prove(&Digest::ZERO, &WEIGHTS, &[slot("dave", [(1, 0), (0, 0)])])
        .expect("a batch of 1 proves");
    let aggregation = &chain.aggregation;
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        aggregation
            .prove(&partial, Some(&dave))
            .map(|proof| aggregation.data.verify(proof))
    }));
    assert!(
        !matches!(outcome, Ok(Ok(Ok(())))),
        "a right child with leaves next to a partial left child was accepted"
    );
}
