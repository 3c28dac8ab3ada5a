//! The circuits behind a solvent proof of liabilities, shared by the prover
//! (which proves them) and the verifier (which rebuilds the final verifier key
//! from public parameters to check the key digest in a statement).
//!
//! Three circuits, each exposing a statement in one layout ([`PublicInputs`]):
//! - [`batch::BatchCircuit`]: verifies a batch STARK (`solvent-air`) over
//!   `batch_size` account slots; range checks, collateral
//!   check, leaf hashes, the batch subtree root, per-asset per-limb totals.
//! - [`aggregate::AggregationCircuit`]: verifies two proofs of the level below
//!   (batch proofs, or its own by cyclic recursion) and combines their roots,
//!   counts and totals. One circuit for every level.
//! - [`final_wrap::FinalCircuit`]: verifies the top proof in a zero-knowledge
//!   circuit, so the published proof reveals nothing but its public inputs.
//!   Its key depends on the shape alone, not on the tree's depth.
#![forbid(unsafe_code)]

pub mod aggregate;
pub mod batch;
pub mod final_wrap;
pub mod gadgets;
pub mod keys;
pub mod public_inputs;
pub mod round;
pub mod serializer;
pub mod stored;
pub mod uniform;

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::fri::reduction_strategies::FriReductionStrategy;
use plonky2::plonk::circuit_data::CircuitConfig;

pub use keys::{parse_key_digest, KeyChain, KeyDigest, VerifierKey};
pub use public_inputs::{PublicInputs, Totals};

pub type F = GoldilocksField;
/// plonky2's `PoseidonGoldilocksConfig` (the same proofs and keys, bit for
/// bit) with a faster permutation: see `solvent_hash::config`.
pub type C = solvent_hash::FastPoseidonGoldilocksConfig;
pub const D: usize = 2;

pub type Proof = plonky2::plonk::proof::ProofWithPublicInputs<F, C, D>;

/// Identifies the proof system in `statement.json`.
pub const PROOF_SYSTEM: &str = "plonky2-1.1.0+starky-1.1.0/goldilocks/poseidon/solvent-v16";

/// `log2` of the bound on a round's leaves: below `2^37` leaves, sums of
/// 26-bit limbs stay below `2^63 < p`, so a proven limb total is the integer
/// total. The final circuit range-checks `leaf_count` to this many bits.
pub const LEAF_COUNT_BITS: usize = 37;

/// Conjectured security of every proof: 28 FRI queries at rate 1/8 plus 16
/// bits of grinding, and [`NUM_CHALLENGES`] base-field challenges.
pub const SECURITY_BITS: u32 = 100;

/// Independent base-field challenges for the permutation argument and the
/// constraint combination. Each fails with probability about
/// `routed wires * rows / p` (`2^-43.7` for 80 wires at `2^14` rows), so
/// plonky2's default of 2 gives about 87 bits; 3 give more than the 100 the
/// statement claims (SPEC section 7).
pub const NUM_CHALLENGES: usize = 3;

/// Config for the batch and aggregation circuits. Their proofs never leave the
/// prover, so they need soundness but not zero knowledge.
pub fn inner_config() -> CircuitConfig {
    CircuitConfig {
        num_challenges: NUM_CHALLENGES,
        ..CircuitConfig::standard_recursion_config()
    }
}

/// `log2` of the FRI folding arity of the published proof (plonky2's standard
/// configs fold by 16).
pub const FINAL_FRI_ARITY_BITS: usize = 2;

/// Config for the published proof: the same, plus zero knowledge (blinded
/// witness polynomials and salted Merkle leaves), folding by 4 instead of 16.
///
/// Why the arity: plonky2 blinds a zero-knowledge circuit with one random row
/// per value the proof opens, and FRI opens every point of a folding coset
/// on each of the 28 queries. Folding by 16 opens ~99 values per query
/// (~8,300 blinding rows), which with the ~4,400 rows that verify the inner
/// proof needs 2^14 rows; folding by 4 opens ~41 per query (~3,450 rows) and
/// the circuit fits 2^13: half the proving time for a proof of nearly the
/// same size (more, shorter Merkle paths). The query count, rate and
/// proof-of-work, hence the conjectured security, are unchanged.
pub fn final_config() -> CircuitConfig {
    let mut config = CircuitConfig {
        num_challenges: NUM_CHALLENGES,
        ..CircuitConfig::standard_recursion_zk_config()
    };
    config.fri_config.reduction_strategy =
        FriReductionStrategy::ConstantArityBits(FINAL_FRI_ARITY_BITS, 2);
    config
}

/// The shape that fixes every circuit of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    pub num_assets: usize,
    /// Account slots per batch proof (a power of two).
    pub batch_size: usize,
    /// `log2` of every batch STARK's trace length (room for the holding rows
    /// of the fullest batch of the round, its merges and one idle row).
    pub trace_bits: usize,
}

impl Shape {
    pub fn new(num_assets: usize, batch_size: usize, trace_bits: usize) -> Self {
        assert!(
            batch_size.is_power_of_two(),
            "batch size must be a power of two"
        );
        assert!(num_assets >= 1);
        assert!(
            (batch::MIN_TRACE_BITS..=batch::MAX_TRACE_BITS).contains(&trace_bits),
            "trace bits out of range"
        );
        Shape {
            num_assets,
            batch_size,
            trace_bits,
        }
    }

    /// The asset capacity of the round's circuits: the length of their
    /// weight and total vectors, and all their keys depend on.
    pub fn capacity(&self) -> usize {
        batch::capacity(self.num_assets)
    }

    /// Leaves covered by one proof at aggregation `level` (0 = batch).
    pub fn leaves_at_level(&self, level: u32) -> u64 {
        (self.batch_size as u64) << level
    }

    /// Root of an all-padding subtree in place of one proof at aggregation
    /// `level` (0 = batch): `P_h` with `h = log2(batch_size) + level`.
    pub fn padding_root(&self, level: u32) -> solvent_commit::Digest {
        let height = self.batch_size.ilog2() as usize + level as usize;
        solvent_commit::merkle::padding_nodes(height)[height]
    }
}
