//! plonky2's Poseidon permutation over Goldilocks (width 12, x^7 S-box, 4 +
//! 22 + 4 rounds), computed faster than plonky2 1.1.0 computes it, bit for bit
//! the same function.
//!
//! Why a crate of its own: Poseidon is most of solvent's proving time. The
//! batch STARK hashes millions of independent trace rows ([`packed`]: one row
//! per AVX-512 lane), and plonky2's own provers (batch wrappers, aggregation,
//! the final proof, circuit building) hash one state at a time through their
//! config's hasher ([`single`], [`config`]: plonky2's scalar permutation, its
//! vectorised one being disabled, spends most of those proofs). Every function
//! here is tested against `F::poseidon`; where AVX-512 is not enabled at
//! compile time (WASM, older CPUs) they fall back to plonky2's own code.
// `unsafe` only for AVX-512 intrinsics, in the `avx512` helpers, `packed`'s
// MDS layer and `single`'s permutation (measured hot paths), each with a SAFETY note.
#![deny(unsafe_code)]

#[cfg(packed_avx512)]
mod avx512;
pub mod config;
#[cfg(packed_avx512)]
mod constants;
#[cfg(all(packed_avx512, target_feature = "avx512ifma"))]
mod ifma;
pub mod packed;
pub mod single;

use plonky2::field::goldilocks_field::GoldilocksField;

pub type F = GoldilocksField;
pub const D: usize = 2;

/// State width.
pub const WIDTH: usize = plonky2::hash::poseidon::SPONGE_WIDTH;

pub use config::{FastPoseidonGoldilocksConfig, FastPoseidonHash};
