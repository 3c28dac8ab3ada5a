//! STARK building blocks for solvent's batch proofs (starky over Goldilocks,
//! verified recursively inside plonky2).
//!
//! Why STARKs for batches: a plonky2 row costs ~200 Poseidon permutations of
//! commitment work whatever it computes (135 wire columns at blowup 8), while
//! a starky row of a few hundred columns at blowup 2 costs ~3x less per
//! permutation, and one starky proof of 2^16-2^17 rows is verified in a 2^14-row
//! plonky2 circuit (docs/DESIGN.md, "Proof system choice"). Each AIR states its
//! constraints once, generically over [`algebra::Algebra`], so the prover's
//! evaluation and the recursive verifier circuit cannot disagree.
#![forbid(unsafe_code)]

pub mod algebra;
pub mod batch;
pub mod chain;
pub mod commitment;
pub mod constraints;
pub mod ctl;
pub mod poseidon;

use plonky2::field::goldilocks_field::GoldilocksField;
use starky::config::StarkConfig;

pub type F = GoldilocksField;
/// plonky2's `PoseidonGoldilocksConfig` (the same proofs, bit for bit) with a
/// faster permutation: see `solvent_hash::config`.
pub type C = solvent_hash::FastPoseidonGoldilocksConfig;
pub const D: usize = 2;

/// Parameters of the batch STARK of a `2^trace_bits`-row trace: FRI at rate
/// 1/2 (so constraints may have degree 3), 100 bits of conjectured security
/// like the plonky2 proofs that verify them, from 84 queries and 16 bits of
/// grinding, or from 80 queries and 20 bits for traces of
/// `2^`[`LARGE_TRACE_BITS`] rows or more; and three challenges (instead of
/// starky's default two) for the constraint combination and the LogUp
/// lookups, whose challenges live in the 64-bit base field: with ~2^23.5
/// looked-up values (a 2^19-row trace) a challenge fails with probability
/// ~2^-40.5, so three bring the lookups past 100 bits too.
///
/// The split between queries and grinding is set by the batch wrapper: each
/// query costs ~170-180 gates there, and the wrapper must stay under 2^14
/// gates (its proving time doubles above). At 22 assets, a 2^18-row trace's
/// wrapper fits with 84 + 16, which saves the 2^20-hash grinding; a
/// 2^19-row trace has one more FRI layer and its wrapper needs 80 + 20 to
/// fit (gate counts and timings in docs/PERF.md; the test `wrapper_size`
/// holds the bound). The setting is a function of the trace
/// length alone, which the statement publishes, so a verifier rebuilds the
/// same wrapper.
pub fn stark_config(trace_bits: usize) -> StarkConfig {
    let mut config = StarkConfig::standard_fast_config();
    config.num_challenges = 3;
    let (queries, grinding_bits) = if trace_bits >= LARGE_TRACE_BITS {
        (80, 20)
    } else {
        (84, 16)
    };
    config.fri_config.num_query_rounds = queries;
    config.fri_config.proof_of_work_bits = grinding_bits;
    config
}

/// `log2` of the shortest trace whose STARK trades 4 queries for 4 more bits
/// of grinding (see [`stark_config`]).
pub const LARGE_TRACE_BITS: usize = 19;

/// `log2` of the trace `proof` was made for, read from the length of its
/// Merkle paths (which does not depend on the query setting).
pub fn proof_trace_bits(proof: &starky::proof::StarkProof<F, C, D>) -> usize {
    proof.recover_degree_bits(&stark_config(0))
}
