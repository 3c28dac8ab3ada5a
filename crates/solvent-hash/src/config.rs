//! A plonky2 config whose hasher is plonky2's Poseidon computed by
//! [`crate::single`]: proofs, Merkle caps and circuit digests are the same
//! bytes as with `PoseidonGoldilocksConfig` (tests prove with one and verify
//! with the other), only the prover is faster.

use plonky2::field::extension::quadratic::QuadraticExtension;
use plonky2::field::extension::Extendable;
use plonky2::hash::hash_types::{HashOut, RichField};
use plonky2::hash::hashing::{compress, hash_n_to_hash_no_pad, PlonkyPermutation};
use plonky2::hash::poseidon::{PoseidonHash, PoseidonPermutation, SPONGE_RATE};
use plonky2::iop::target::{BoolTarget, Target};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::config::{AlgebraicHasher, GenericConfig, Hasher};
use serde::Serialize;

use crate::{single, F, WIDTH};

/// plonky2's `PoseidonHash` over Goldilocks, permuting with [`single::permute`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FastPoseidonHash;

/// plonky2's `PoseidonPermutation<F>`, permuting with [`single::permute`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FastPoseidonPermutation {
    state: [F; WIDTH],
}

impl AsRef<[F]> for FastPoseidonPermutation {
    fn as_ref(&self) -> &[F] {
        &self.state
    }
}

impl PlonkyPermutation<F> for FastPoseidonPermutation {
    const RATE: usize = SPONGE_RATE;
    const WIDTH: usize = WIDTH;

    fn new<I: IntoIterator<Item = F>>(elts: I) -> Self {
        let mut perm = Self::default();
        perm.set_from_iter(elts, 0);
        perm
    }

    fn set_elt(&mut self, elt: F, idx: usize) {
        self.state[idx] = elt;
    }

    fn set_from_slice(&mut self, elts: &[F], start_idx: usize) {
        let begin = start_idx;
        let end = start_idx + elts.len();
        self.state[begin..end].copy_from_slice(elts);
    }

    fn set_from_iter<I: IntoIterator<Item = F>>(&mut self, elts: I, start_idx: usize) {
        for (s, e) in self.state[start_idx..].iter_mut().zip(elts) {
            *s = e;
        }
    }

    fn permute(&mut self) {
        self.state = single::permute(self.state);
    }

    fn squeeze(&self) -> &[F] {
        &self.state[..Self::RATE]
    }
}

impl Hasher<F> for FastPoseidonHash {
    const HASH_SIZE: usize = <PoseidonHash as Hasher<F>>::HASH_SIZE;
    type Hash = HashOut<F>;
    type Permutation = FastPoseidonPermutation;

    fn hash_no_pad(input: &[F]) -> Self::Hash {
        hash_n_to_hash_no_pad::<F, Self::Permutation>(input)
    }

    fn two_to_one(left: Self::Hash, right: Self::Hash) -> Self::Hash {
        compress::<F, Self::Permutation>(left, right)
    }
}

/// In circuits the permutation is plonky2's Poseidon gate, as for `PoseidonHash`.
impl AlgebraicHasher<F> for FastPoseidonHash {
    type AlgebraicPermutation = PoseidonPermutation<Target>;

    fn permute_swapped<const D: usize>(
        inputs: Self::AlgebraicPermutation,
        swap: BoolTarget,
        builder: &mut CircuitBuilder<F, D>,
    ) -> Self::AlgebraicPermutation
    where
        F: RichField + Extendable<D>,
    {
        <PoseidonHash as AlgebraicHasher<F>>::permute_swapped(inputs, swap, builder)
    }
}

/// `PoseidonGoldilocksConfig` with [`FastPoseidonHash`] for both hashers.
#[derive(Debug, Copy, Clone, Default, Eq, PartialEq, Serialize)]
pub struct FastPoseidonGoldilocksConfig;

impl GenericConfig<2> for FastPoseidonGoldilocksConfig {
    type F = F;
    type FE = QuadraticExtension<F>;
    type Hasher = FastPoseidonHash;
    type InnerHasher = FastPoseidonHash;
}
