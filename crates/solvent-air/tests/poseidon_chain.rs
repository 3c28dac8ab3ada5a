//! The Poseidon columns against plonky2's own permutation, and the chain AIR
//! end to end: prove, verify, reject tampered traces, verify recursively.

mod common;

use plonky2::field::polynomial::PolynomialValues;
use plonky2::field::types::{Field, Sample};
use plonky2::hash::poseidon::Poseidon;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use solvent_air::chain::{generate_trace, PoseidonChainStark, RATE};
use solvent_air::poseidon::{PoseidonColumns, COLUMNS};
use solvent_air::{C, D, F};
use starky::stark_testing::{test_stark_circuit_constraints, test_stark_low_degree};

type S = PoseidonChainStark<F, D>;

fn blocks(rows: usize, seed: u64) -> Vec<[F; RATE]> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..rows)
        .map(|_| core::array::from_fn(|_| F::sample(&mut rng)))
        .collect()
}

fn assert_rejected(trace: Vec<PolynomialValues<F>>, public_inputs: &[F], what: &str) {
    common::plain::assert_rejected(S::default(), trace, public_inputs, what);
}

#[test]
fn permutation_columns_compute_plonky2_poseidon() {
    let columns = PoseidonColumns::new(3);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for _ in 0..50 {
        let input: [F; 12] = core::array::from_fn(|_| F::sample(&mut rng));
        let mut row = vec![F::ZERO; columns.end() + 2];
        for (i, &x) in input.iter().enumerate() {
            row[columns.input(i)] = x;
        }
        let out = columns.fill(&mut row);
        assert_eq!(out, F::poseidon(input));
        assert_eq!(out, F::poseidon_naive(input));
    }
    assert_eq!(columns.end() - columns.start, COLUMNS);
}

#[test]
fn chain_digest_is_the_plonky2_sponge() {
    let blocks = blocks(16, 1);
    let (_, public_inputs) = generate_trace(&blocks, [F::ZERO; 4]);
    let flat: Vec<F> = blocks.iter().flatten().copied().collect();
    let expected = solvent_commit::sponge(&flat);
    assert_eq!(&public_inputs[4..], &expected.0);
}

#[test]
fn chain_proof_verifies() {
    let (trace, public_inputs) = generate_trace(&blocks(64, 2), [F::ZERO; 4]);
    common::plain::prove_and_verify(S::default(), trace, &public_inputs).expect("valid chain");
}

#[test]
fn constraints_are_low_degree_and_circuit_matches() {
    test_stark_low_degree(S::default()).expect("degree 3");
    test_stark_circuit_constraints::<F, C, S, D>(S::default()).expect("same constraints");
}

#[test]
fn tampered_traces_are_rejected() {
    let blocks = blocks(64, 3);
    let (trace, public_inputs) = generate_trace(&blocks, [F::ZERO; 4]);

    // A wrong S-box value (column 100 of row 17).
    let mut bad = trace.clone();
    bad[100].values[17] += F::ONE;
    assert_rejected(bad, &public_inputs, "a wrong S-box column");

    // A capacity that is not carried from the previous row.
    let mut bad = trace.clone();
    bad[RATE].values[40] += F::ONE;
    assert_rejected(bad, &public_inputs, "a broken capacity carry");

    // A digest that is not the last row's output.
    let mut wrong_digest = public_inputs.clone();
    wrong_digest[5] += F::ONE;
    assert_rejected(trace.clone(), &wrong_digest, "a wrong public digest");

    // Another starting capacity.
    let mut wrong_start = public_inputs;
    wrong_start[0] = F::ONE;
    assert_rejected(trace, &wrong_start, "a wrong initial capacity");
}

#[test]
fn chain_proof_verifies_inside_plonky2() {
    let (trace, public_inputs) = generate_trace(&blocks(64, 4), [F::ZERO; 4]);
    let proof = common::plain::prove_stark(S::default(), trace, &public_inputs).expect("prove");
    assert_eq!(
        common::plain::verify_recursively(S::default(), &proof),
        public_inputs
    );
}
