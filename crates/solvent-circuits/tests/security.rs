//! The `security_bits` a statement claims must hold for every plonky2 circuit
//! of a round, for its FRI parameters and for its challenges (SPEC section 7).
//! An attacker who beats one base-field challenge of the permutation argument
//! or the constraint combination forges a witness, so their number counts as
//! much as the FRI queries do.

use plonky2::plonk::circuit_data::CommonCircuitData;
use solvent_circuits::{KeyChain, Shape, D, F, SECURITY_BITS};

/// Bits of the Goldilocks field, `p ~ 2^64`.
const FIELD_BITS: f64 = 64.0;

/// Conjectured FRI security: `queries * log2(1/rate) + grinding`.
fn fri_bits(common: &CommonCircuitData<F, D>) -> f64 {
    let fri = &common.config.fri_config;
    (fri.num_query_rounds * fri.rate_bits + fri.proof_of_work_bits as usize) as f64
}

/// Each base-field challenge fails with probability about
/// `routed wires * rows / p` (the permutation argument's grand product has
/// that degree; the constraint combination's is lower), and the challenges
/// are independent.
fn challenge_bits(common: &CommonCircuitData<F, D>) -> f64 {
    let config = &common.config;
    let per_challenge =
        FIELD_BITS - (config.num_routed_wires as f64).log2() - common.degree_bits() as f64;
    config.num_challenges as f64 * per_challenge
}

fn assert_meets_claim(name: &str, common: &CommonCircuitData<F, D>) {
    let claim = f64::from(SECURITY_BITS);
    let fri = fri_bits(common);
    let challenges = challenge_bits(common);
    assert!(
        fri >= claim,
        "{name}: FRI gives {fri} bits, the statement claims {claim}"
    );
    assert!(
        challenges >= claim,
        "{name}: {} challenges at 2^{} rows give {challenges:.1} bits, the statement claims {claim}",
        common.config.num_challenges,
        common.degree_bits()
    );
}

#[test]
fn every_circuit_of_a_round_meets_the_claimed_security() {
    // A small shape: the configs are shared by all shapes, and the rows only
    // lower the figure, so the default 2^14-row wrappers are checked below.
    let chain = KeyChain::new(Shape::new(3, 8, 13));
    assert_meets_claim("batch wrapper", &chain.batch.data.common);
    assert_meets_claim("aggregation", &chain.aggregation.data.common);
    assert_meets_claim("final", &chain.final_circuit.data.common);

    // The largest circuits a round builds have 2^14 rows
    // (`wrapper_size.rs`); the figure must hold there too.
    let mut largest = chain.batch.data.common.clone();
    largest.fri_params.degree_bits = 14;
    assert_meets_claim("a 2^14-row circuit", &largest);
}
