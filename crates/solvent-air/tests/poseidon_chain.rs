//! The Poseidon columns against plonky2's own permutation, and the chain AIR
//! end to end: prove, verify, reject tampered traces, verify recursively.

use std::panic::{catch_unwind, AssertUnwindSafe};

use plonky2::field::polynomial::PolynomialValues;
use plonky2::field::types::{Field, Sample};
use plonky2::hash::poseidon::Poseidon;
use plonky2::iop::witness::PartialWitness;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitConfig;
use plonky2::util::timing::TimingTree;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use solvent_air::chain::{generate_trace, PoseidonChainStark, RATE};
use solvent_air::poseidon::{PoseidonColumns, COLUMNS};
use solvent_air::{stark_config, C, D, F};
use starky::prover::prove;
use starky::recursive_verifier::{
    add_virtual_stark_proof_with_pis, set_stark_proof_with_pis_target, verify_stark_proof_circuit,
};
use starky::stark_testing::{test_stark_circuit_constraints, test_stark_low_degree};
use starky::verifier::verify_stark_proof;

type S = PoseidonChainStark<F, D>;

fn blocks(rows: usize, seed: u64) -> Vec<[F; RATE]> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..rows)
        .map(|_| core::array::from_fn(|_| F::sample(&mut rng)))
        .collect()
}

fn prove_and_verify(trace: Vec<PolynomialValues<F>>, public_inputs: &[F]) -> anyhow::Result<()> {
    let config = stark_config();
    let proof = prove::<F, C, S, D>(
        S::default(),
        &config,
        trace,
        public_inputs,
        None,
        &mut TimingTree::default(),
    )?;
    verify_stark_proof(S::default(), proof, &config, None)
}

/// A bad trace must not yield an accepted proof. With debug assertions the
/// prover itself panics on unsatisfied constraints; without, verification fails.
fn assert_rejected(trace: Vec<PolynomialValues<F>>, public_inputs: &[F], what: &str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| prove_and_verify(trace, public_inputs)));
    assert!(
        !matches!(outcome, Ok(Ok(()))),
        "a proof with {what} was accepted"
    );
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
    prove_and_verify(trace, &public_inputs).expect("valid chain");
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
    let config = stark_config();
    let (trace, public_inputs) = generate_trace(&blocks(64, 4), [F::ZERO; 4]);
    let proof = prove::<F, C, S, D>(
        S::default(),
        &config,
        trace,
        &public_inputs,
        None,
        &mut TimingTree::default(),
    )
    .expect("prove");
    let degree_bits = proof.proof.recover_degree_bits(&config);

    let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let target =
        add_virtual_stark_proof_with_pis(&mut builder, &S::default(), &config, degree_bits, 0, 0);
    builder.register_public_inputs(&target.public_inputs);
    verify_stark_proof_circuit::<F, C, S, D>(
        &mut builder,
        S::default(),
        target.clone(),
        &config,
        None,
    );
    let zero = builder.zero();
    let data = builder.build::<C>();

    let mut witness = PartialWitness::new();
    set_stark_proof_with_pis_target(&mut witness, &target, &proof, degree_bits, zero)
        .expect("witness");
    let outer = data.prove(witness).expect("outer proof");
    assert_eq!(outer.public_inputs, public_inputs);
    data.verify(outer).expect("outer verifies");
}
