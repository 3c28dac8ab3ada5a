//! One final key covers every depth because the final and aggregation
//! circuits take the key of the proof below as a witness. The attack that
//! opens: a circuit of the exchange's own, with public inputs it sets
//! freely, padded to the same common data so that the recursive verifier
//! accepts its proofs' shape. Each way of passing such a proof off as a
//! batch or aggregation proof must be refused.

use std::panic::{catch_unwind, AssertUnwindSafe};

use plonky2::field::types::Field;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitData;
use solvent_circuits::gadgets::key_hash;
use solvent_circuits::public_inputs::{self, LEAF_COUNT_INDEX, LEVEL_INDEX};
use solvent_circuits::uniform::Uniform;
use solvent_circuits::{inner_config, KeyChain, Proof, Shape, C, D, F};

const ASSETS: usize = 2;

/// A circuit whose public inputs are free, with the batch and aggregation
/// proofs' common data.
fn forged_circuit(chain: &KeyChain) -> (CircuitData<F, C, D>, Vec<plonky2::iop::target::Target>) {
    let common = &chain.aggregation.data.common;
    let mut b = CircuitBuilder::<F, D>::new(inner_config());
    let inputs = (0..common.num_public_inputs)
        .map(|_| b.add_virtual_public_input())
        .collect();
    // One random access, as the honest circuits have: its gate holds the
    // circuit's constants, so no separate constant gate enters the gate set.
    let zero = b.zero();
    b.random_access(zero, vec![zero; 16]);
    Uniform::covering([common]).apply(&mut b);
    let data = b.build::<C>();
    assert_eq!(
        &data.common, common,
        "the forgery has the honest proofs' shape"
    );
    (data, inputs)
}

/// A forged proof claiming `level` and 10^9 leaves, made under `key_hash`.
fn forge(chain: &KeyChain, level: u64, claimed_key: [F; 4]) -> (CircuitData<F, C, D>, Proof) {
    let (data, inputs) = forged_circuit(chain);
    let key_hash_at =
        public_inputs::inner_len(chain.shape.capacity()) - public_inputs::KEY_HASH_LEN;
    let mut pw = PartialWitness::new();
    for (i, &t) in inputs.iter().enumerate() {
        let value = match i {
            LEAF_COUNT_INDEX => F::from_canonical_u64(1_000_000_000),
            LEVEL_INDEX => F::from_canonical_u64(level),
            i if i >= key_hash_at => claimed_key[i - key_hash_at],
            _ => F::ZERO,
        };
        pw.set_target(t, value).unwrap();
    }
    let proof = data.prove(pw).expect("the forged circuit proves anything");
    (data, proof)
}

/// The final circuit must not produce a verifying proof over `inner` under
/// `key`, whether it errs, panics or proves something that fails to verify.
fn assert_refused(chain: &KeyChain, inner: &Proof, key: &CircuitData<F, C, D>, why: &str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        chain
            .final_circuit
            .prove_under(inner, &key.verifier_only)
            .map(|proof| chain.final_circuit.data.verify(proof))
    }));
    assert!(!matches!(outcome, Ok(Ok(Ok(())))), "{why}: accepted");
}

#[test]
fn a_proof_under_any_other_key_is_refused() {
    let chain = KeyChain::new(Shape::new(ASSETS, 4, 13));
    let honest = key_hash(&chain.aggregation.data.verifier_only).elements;

    // As a batch proof (level 0).
    let (data, proof) = forge(&chain, 0, [F::ZERO; 4]);
    assert_refused(&chain, &proof, &data, "a forged batch proof");

    // As an aggregation proof that claims the honest aggregation key.
    let (data, proof) = forge(&chain, 3, honest);
    assert_refused(&chain, &proof, &data, "a forged aggregation proof");

    // As an aggregation proof that names its own key.
    let (data, _) = forged_circuit(&chain);
    let own = key_hash(&data.verifier_only).elements;
    let (data, proof) = forge(&chain, 3, own);
    assert_refused(
        &chain,
        &proof,
        &data,
        "an aggregation proof under its own key",
    );

    // The honest prover's choice of key (by level) fails as well.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        chain
            .final_circuit
            .prove(&proof)
            .map(|p| chain.final_circuit.data.verify(p))
    }));
    assert!(
        !matches!(outcome, Ok(Ok(Ok(())))),
        "a forged proof under the aggregation key"
    );
}
