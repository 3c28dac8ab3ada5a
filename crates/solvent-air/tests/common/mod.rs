//! Proving helpers shared by the AIR tests: for STARKs with cross-table
//! lookups into their public inputs (the batch AIR) at the top level, and in
//! [`plain`] for STARKs without (the Poseidon chain).
#![allow(dead_code)] // each test binary uses only part of these helpers

use std::panic::{catch_unwind, AssertUnwindSafe};

use plonky2::field::polynomial::PolynomialValues;
use plonky2::iop::witness::PartialWitness;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitConfig;
use plonky2::util::timing::TimingTree;
use solvent_air::ctl::PublishedLookups;
use solvent_air::{proof_trace_bits, stark_config, C, D, F};
use starky::proof::{StarkProofWithPublicInputs, StarkProofWithPublicInputsTarget};
use starky::recursive_verifier::set_stark_proof_with_pis_target;

pub fn prove_stark<S: PublishedLookups>(
    stark: S,
    trace: Vec<PolynomialValues<F>>,
    public_inputs: &[F],
) -> anyhow::Result<StarkProofWithPublicInputs<F, C, D>> {
    let trace_bits = trace[0].len().ilog2() as usize;
    solvent_air::commitment::prove_with_lookups(
        stark,
        &stark_config(trace_bits),
        trace,
        public_inputs,
        &mut TimingTree::default(),
    )
}

pub fn prove_and_verify<S: PublishedLookups + Copy>(
    stark: S,
    trace: Vec<PolynomialValues<F>>,
    public_inputs: &[F],
) -> anyhow::Result<()> {
    let proof = prove_stark(stark, trace, public_inputs)?;
    solvent_air::ctl::verify(
        &stark,
        &proof,
        &stark_config(proof_trace_bits(&proof.proof)),
    )
}

pub fn assert_rejected<S: PublishedLookups + Copy>(
    stark: S,
    trace: Vec<PolynomialValues<F>>,
    public_inputs: &[F],
    what: &str,
) {
    assert_refused(what, || prove_and_verify(stark, trace, public_inputs));
}

/// A bad trace must not yield an accepted proof. With debug assertions the
/// prover itself panics on unsatisfied constraints; without, verification fails.
fn assert_refused(what: &str, prove_and_verify: impl FnOnce() -> anyhow::Result<()>) {
    let outcome = catch_unwind(AssertUnwindSafe(prove_and_verify));
    assert!(
        !matches!(outcome, Ok(Ok(()))),
        "a proof with {what} was accepted"
    );
}

/// Verifies `proof` inside a plonky2 circuit that re-exposes the STARK's
/// public inputs; returns the outer proof's public inputs.
pub fn verify_recursively<S: PublishedLookups + Copy>(
    stark: S,
    proof: &StarkProofWithPublicInputs<F, C, D>,
) -> Vec<F> {
    prove_outer(proof, |builder, degree_bits| {
        let config = stark_config(degree_bits);
        let target = solvent_air::ctl::add_virtual_proof(builder, &stark, &config, degree_bits);
        solvent_air::ctl::verify_circuit(builder, &stark, &target, &config);
        target
    })
}

/// Whether the circuit of [`verify_recursively`] refuses `proof` (its
/// witness cannot satisfy the circuit, so proving it fails).
pub fn refused_recursively<S: PublishedLookups + Copy>(
    stark: S,
    proof: &StarkProofWithPublicInputs<F, C, D>,
) -> bool {
    catch_unwind(AssertUnwindSafe(|| verify_recursively(stark, proof))).is_err()
}

/// Builds a circuit around the proof target `verifier` adds (with its
/// public inputs registered), proves it for `proof` and verifies the result.
fn prove_outer(
    proof: &StarkProofWithPublicInputs<F, C, D>,
    verifier: impl FnOnce(&mut CircuitBuilder<F, D>, usize) -> StarkProofWithPublicInputsTarget<D>,
) -> Vec<F> {
    let degree_bits = proof_trace_bits(&proof.proof);
    let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let target = verifier(&mut builder, degree_bits);
    builder.register_public_inputs(&target.public_inputs);
    let zero = builder.zero();
    let data = builder.build::<C>();
    let mut witness = PartialWitness::new();
    set_stark_proof_with_pis_target(&mut witness, &target, proof, degree_bits, zero)
        .expect("witness");
    let outer = data.prove(witness).expect("outer proof");
    let public_inputs = outer.public_inputs.clone();
    data.verify(outer).expect("outer verifies");
    public_inputs
}

/// The same helpers for STARKs without cross-table lookups (starky's own
/// transcript, through our trace commitment).
pub mod plain {
    use super::*;
    use starky::recursive_verifier::{
        add_virtual_stark_proof_with_pis, verify_stark_proof_circuit,
    };
    use starky::stark::Stark;
    use starky::verifier::verify_stark_proof;

    pub fn prove_stark<S: Stark<F, D>>(
        stark: S,
        trace: Vec<PolynomialValues<F>>,
        public_inputs: &[F],
    ) -> anyhow::Result<StarkProofWithPublicInputs<F, C, D>> {
        let trace_bits = trace[0].len().ilog2() as usize;
        solvent_air::commitment::prove(
            stark,
            &stark_config(trace_bits),
            trace,
            public_inputs,
            &mut TimingTree::default(),
        )
    }

    pub fn prove_and_verify<S: Stark<F, D> + Copy>(
        stark: S,
        trace: Vec<PolynomialValues<F>>,
        public_inputs: &[F],
    ) -> anyhow::Result<()> {
        let proof = prove_stark(stark, trace, public_inputs)?;
        let config = stark_config(proof_trace_bits(&proof.proof));
        verify_stark_proof(stark, proof, &config, None)
    }

    pub fn assert_rejected<S: Stark<F, D> + Copy>(
        stark: S,
        trace: Vec<PolynomialValues<F>>,
        public_inputs: &[F],
        what: &str,
    ) {
        assert_refused(what, || prove_and_verify(stark, trace, public_inputs));
    }

    pub fn verify_recursively<S: Stark<F, D> + Copy>(
        stark: S,
        proof: &StarkProofWithPublicInputs<F, C, D>,
    ) -> Vec<F> {
        prove_outer(proof, |builder, degree_bits| {
            let config = stark_config(degree_bits);
            let target =
                add_virtual_stark_proof_with_pis(builder, &stark, &config, degree_bits, 0, 0);
            verify_stark_proof_circuit::<F, C, S, D>(builder, stark, target.clone(), &config, None);
            target
        })
    }
}
