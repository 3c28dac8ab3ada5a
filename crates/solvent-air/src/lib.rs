//! STARK building blocks for solvent's batch proofs (starky over Goldilocks,
//! verified recursively inside plonky2).
//!
//! Why STARKs for batches: a plonky2 row costs ~200 Poseidon permutations of
//! commitment work whatever it computes (135 wire columns at blowup 8), while
//! a starky row of a few hundred columns at blowup 2 costs ~3x less per
//! permutation, and one starky proof of 2^16-2^17 rows is verified in a 2^14-row
//! plonky2 circuit (docs/DESIGN.md, "Batch STARKs"). Each AIR states its
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

/// Parameters of every batch STARK: FRI at rate 1/2 (so constraints may have
/// degree 3), 84 queries and 16 bits of grinding, 100 bits of conjectured
/// security like the plonky2 proofs that verify them; and three challenges
/// (instead of starky's default two) for the constraint combination and the
/// LogUp lookups, whose challenges live in the 64-bit base field: with
/// ~2^22.5 looked-up values a challenge fails with probability ~2^-41.5, so
/// three bring the lookups past 100 bits too.
///
/// The split between queries and grinding is set by the batch wrapper: each
/// query costs ~170 gates there, and the wrapper of a 2^18-row batch must stay
/// under 2^14 gates (its proving time doubles above). Session 7 (387 columns)
/// needed 80 queries + 20 bits for that; with 304 columns 84 + 16 fits again
/// (15,656 gates) and saves the ~1.1 s of 2^20-hash grinding per batch
/// (docs/PERF.md, sessions 7 and 8).
pub fn stark_config() -> StarkConfig {
    let mut config = StarkConfig::standard_fast_config();
    config.num_challenges = 3;
    config.fri_config.num_query_rounds = 84;
    config.fri_config.proof_of_work_bits = 16;
    config
}
