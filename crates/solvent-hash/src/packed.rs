//! plonky2's Poseidon permutation (Goldilocks, width 12) on several
//! independent states at once, one per lane of the packed field.
//!
//! Why: committing to a batch trace hashes every row of its low-degree
//! extension, ~60 permutations per row and about half of a batch STARK's
//! proving time. plonky2 1.1.0 hashes one row at a time with a scalar
//! permutation (its vectorised version is disabled). Rows are independent, so
//! here each lane of a packed value (8 with AVX-512) carries another row's
//! state. The permutation is plonky2's, bit for bit: same round constants,
//! same MDS matrix, same fast partial rounds (plonky2's own packed helpers);
//! only the full-round MDS layer is rewritten, with delayed reduction, because
//! its entries are small (< 2^6) and a general product per entry would cost
//! several times more. Tests compare every lane with `F::poseidon`.

use plonky2::field::ops::Square;
use plonky2::field::packable::Packable;
use plonky2::field::packed::PackedField;
use plonky2::field::types::Field;
use plonky2::hash::poseidon::{Poseidon, HALF_N_FULL_ROUNDS, N_PARTIAL_ROUNDS};

#[cfg(packed_avx512)]
use crate::constants::MDS;
use crate::{D, F, WIDTH};

/// The packed field the permutation runs on (8 lanes with AVX-512, 4 with
/// AVX2, 1 otherwise).
pub type Packed = <F as Packable>::Packing;

/// States hashed at once.
pub const LANES: usize = Packed::WIDTH;

/// Applies the permutation to every lane of `state`.
pub fn permute(state: &mut [Packed; WIDTH]) {
    permute_interleaved(core::array::from_mut(state));
}

/// Applies the permutation to every lane of `N` packed states, step by step
/// across the states: the partial rounds are one long dependency chain per
/// state, so interleaving independent states keeps the multipliers busy.
pub fn permute_interleaved<const N: usize>(states: &mut [[Packed; WIDTH]; N]) {
    let mut round = 0;
    full_rounds(states, &mut round);
    partial_rounds(states);
    round += N_PARTIAL_ROUNDS;
    full_rounds(states, &mut round);
}

/// plonky2's fast partial rounds: the first constant layer and initial
/// matrix, then per round the S-box on element 0 and the fast MDS layer.
fn partial_rounds<const N: usize>(states: &mut [[Packed; WIDTH]; N]) {
    for state in states.iter_mut() {
        <F as Poseidon>::partial_first_constant_layer_packed_field::<F, D, F, Packed, 1>(state);
        *state = initial_matrix(state);
    }
    for i in 0..N_PARTIAL_ROUNDS {
        let constant = F::from_canonical_u64(<F as Poseidon>::FAST_PARTIAL_ROUND_CONSTANTS[i]);
        for state in states.iter_mut() {
            state[0] = sbox(state[0]) + constant;
        }
        for state in states.iter_mut() {
            *state = partial_layer(state, i);
        }
    }
}

/// plonky2's `mds_partial_layer_init`, with plonky2's packed helper.
#[cfg(not(all(packed_avx512, target_feature = "avx512ifma")))]
fn initial_matrix(state: &[Packed; WIDTH]) -> [Packed; WIDTH] {
    <F as Poseidon>::mds_partial_layer_init_packed_field::<F, D, F, Packed, 1>(state)
}

/// plonky2's `mds_partial_layer_fast`, with plonky2's packed helper.
#[cfg(not(all(packed_avx512, target_feature = "avx512ifma")))]
fn partial_layer(state: &[Packed; WIDTH], round: usize) -> [Packed; WIDTH] {
    <F as Poseidon>::mds_partial_layer_fast_packed_field::<F, D, F, Packed, 1>(state, round)
}

/// plonky2's `mds_partial_layer_init`, its dot products summed by
/// [`crate::ifma`] (with the fast layer, faster permutations where IFMA is
/// present; docs/PERF.md).
#[cfg(all(packed_avx512, target_feature = "avx512ifma"))]
#[allow(unsafe_code)]
fn initial_matrix(state: &[Packed; WIDTH]) -> [Packed; WIDTH] {
    // SAFETY: compiled only where AVX-512F and IFMA are enabled for the
    // whole build, so the CPU running it has both.
    unsafe { ifma_partial::initial_matrix(state) }
}

/// plonky2's `mds_partial_layer_fast`, its `w_hat` dot product summed by
/// [`crate::ifma`].
#[cfg(all(packed_avx512, target_feature = "avx512ifma"))]
#[allow(unsafe_code)]
fn partial_layer(state: &[Packed; WIDTH], round: usize) -> [Packed; WIDTH] {
    // SAFETY: as in `initial_matrix`.
    unsafe { ifma_partial::partial_layer(state, round) }
}

#[cfg(all(packed_avx512, target_feature = "avx512ifma"))]
#[allow(unsafe_code)]
mod ifma_partial {
    use plonky2::field::types::Field;
    use plonky2::hash::poseidon::{Poseidon, N_PARTIAL_ROUNDS};

    use super::Packed;
    use crate::avx512::{from_vector, to_vector};
    use crate::ifma::{split, Dot, Limbs};
    use crate::{F, WIDTH};

    /// `MDS[0][0]`, the S-box output's weight in a partial round's dot product.
    const MDS_00: u64 = <F as Poseidon>::MDS_MATRIX_CIRC[0] + <F as Poseidon>::MDS_MATRIX_DIAG[0];
    const _: () = assert!(MDS_00 < 1 << 12);

    const fn limbs<const R: usize, const C: usize>(rows: [[u64; C]; R]) -> [[Limbs; C]; R] {
        let mut out = [[Limbs::new(0); C]; R];
        let mut r = 0;
        while r < R {
            let mut c = 0;
            while c < C {
                out[r][c] = Limbs::new(rows[r][c]);
                c += 1;
            }
            r += 1;
        }
        out
    }

    static W_HATS: [[Limbs; WIDTH - 1]; N_PARTIAL_ROUNDS] =
        limbs(<F as Poseidon>::FAST_PARTIAL_ROUND_W_HATS);
    /// Row-major: `out[c] = sum_r state[r] M[r - 1][c - 1]` for `r, c >= 1`.
    static INITIAL_MATRIX: [[Limbs; WIDTH - 1]; WIDTH - 1] =
        limbs(<F as Poseidon>::FAST_PARTIAL_ROUND_INITIAL_MATRIX);

    /// plonky2's `mds_partial_layer_init`: element 0 passes through, elements
    /// 1-11 are multiplied by the initial matrix.
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn initial_matrix(state: &[Packed; WIDTH]) -> [Packed; WIDTH] {
        let x = state.map(|v| split(to_vector(v)));
        let mut out = *state;
        for c in 1..WIDTH {
            let mut dot = Dot::new();
            for r in 1..WIDTH {
                dot.add_product(x[r], INITIAL_MATRIX[r - 1][c - 1]);
            }
            out[c] = from_vector(dot.reduce());
        }
        out
    }

    /// plonky2's `mds_partial_layer_fast` for round `round`: `d = MDS_00 s_0 +
    /// w_hat . s_(1..)` by one [`Dot`], then `s_i += s_0 v_i` as plonky2 does.
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(super) fn partial_layer(state: &[Packed; WIDTH], round: usize) -> [Packed; WIDTH] {
        let mut dot = Dot::new();
        dot.add_small_product(split(to_vector(state[0])), MDS_00);
        for i in 1..WIDTH {
            dot.add_product(split(to_vector(state[i])), W_HATS[round][i - 1]);
        }
        let mut out = [state[0]; WIDTH];
        out[0] = from_vector(dot.reduce());
        for i in 1..WIDTH {
            let v = F::from_canonical_u64(<F as Poseidon>::FAST_PARTIAL_ROUND_VS[round][i - 1]);
            out[i] = state[0] * v + state[i];
        }
        out
    }
}

fn full_rounds<const N: usize>(states: &mut [[Packed; WIDTH]; N], round: &mut usize) {
    for _ in 0..HALF_N_FULL_ROUNDS {
        for state in states.iter_mut() {
            <F as Poseidon>::constant_layer_packed_field::<F, D, F, Packed, 1>(state, *round);
            for s in state.iter_mut() {
                *s = sbox(*s);
            }
            *state = mds(state);
        }
        *round += 1;
    }
}

#[inline(always)]
fn sbox(x: Packed) -> Packed {
    let x2 = x.square();
    let x4 = x2.square();
    x * x2 * x4
}

/// plonky2's MDS layer (`Poseidon::mds_layer`) on every lane.
#[cfg(not(packed_avx512))]
pub fn mds(state: &[Packed; WIDTH]) -> [Packed; WIDTH] {
    <F as Poseidon>::mds_layer_packed_field::<F, D, F, Packed, 1>(state)
}

/// plonky2's MDS layer (`Poseidon::mds_layer`) on every lane, with delayed
/// reduction: the small entries multiply the 32-bit halves of each input
/// exactly in 64-bit lanes (sums stay below `2^42`), and each output is
/// reduced once. Any 64-bit lanes in, canonical lanes out.
// Where plonky2_field packs Goldilocks as `Avx512GoldilocksField` (build.rs).
#[cfg(packed_avx512)]
#[allow(unsafe_code)]
pub fn mds(state: &[Packed; WIDTH]) -> [Packed; WIDTH] {
    #[cfg(target_feature = "avx512ifma")]
    // SAFETY: compiled only where AVX-512F and IFMA are enabled for the whole
    // build, so the CPU running it has both.
    unsafe {
        mds_ifma(state)
    }
    #[cfg(not(target_feature = "avx512ifma"))]
    // SAFETY: this function is compiled only where AVX-512F is enabled for
    // the whole build (the `cfg` above), so the CPU running it has it.
    unsafe {
        mds_avx512(state)
    }
}

/// [`mds_avx512`] with IFMA: one 52-bit multiply-add per entry instead of a
/// product and a sum (the products of 32-bit halves and entries below `2^6`
/// fit in 52 bits, so the result is the same). 6% faster permutations on an
/// AMD EPYC (Zen 4).
#[cfg(all(packed_avx512, target_feature = "avx512ifma"))]
#[allow(unsafe_code)]
#[target_feature(enable = "avx512f,avx512ifma")]
fn mds_ifma(state: &[Packed; WIDTH]) -> [Packed; WIDTH] {
    use crate::avx512::{from_vector, reduce_halves, to_vector};
    use core::arch::x86_64::*;
    let x: [__m512i; WIDTH] = state.map(to_vector);
    let low_half = _mm512_set1_epi64(u32::MAX as i64);
    let mut lo = [_mm512_setzero_si512(); WIDTH];
    let mut hi = [_mm512_setzero_si512(); WIDTH];
    for j in 0..WIDTH {
        // `_mm512_madd52lo_epu64` reads the low 52 bits of each lane.
        let x_lo = _mm512_and_si512(x[j], low_half);
        let x_hi = _mm512_srli_epi64::<32>(x[j]);
        for r in 0..WIDTH {
            let c = _mm512_set1_epi64(MDS[r][j] as i64);
            lo[r] = _mm512_madd52lo_epu64(lo[r], x_lo, c);
            hi[r] = _mm512_madd52lo_epu64(hi[r], x_hi, c);
        }
    }
    core::array::from_fn(|r| from_vector(reduce_halves(lo[r], hi[r])))
}

#[cfg(all(packed_avx512, not(target_feature = "avx512ifma")))]
#[allow(unsafe_code)]
#[target_feature(enable = "avx512f")]
fn mds_avx512(state: &[Packed; WIDTH]) -> [Packed; WIDTH] {
    use crate::avx512::{from_vector, reduce_halves, to_vector};
    use core::arch::x86_64::*;
    let x: [__m512i; WIDTH] = state.map(to_vector);
    let mut lo = [_mm512_setzero_si512(); WIDTH];
    let mut hi = [_mm512_setzero_si512(); WIDTH];
    for j in 0..WIDTH {
        // `_mm512_mul_epu32` reads the low 32 bits of each lane.
        let x_lo = x[j];
        let x_hi = _mm512_srli_epi64::<32>(x[j]);
        for r in 0..WIDTH {
            let c = _mm512_set1_epi64(MDS[r][j] as i64);
            lo[r] = _mm512_add_epi64(lo[r], _mm512_mul_epu32(x_lo, c));
            hi[r] = _mm512_add_epi64(hi[r], _mm512_mul_epu32(x_hi, c));
        }
    }
    core::array::from_fn(|r| from_vector(reduce_halves(lo[r], hi[r])))
}

#[cfg(test)]
mod tests {
    use plonky2::field::types::{Field64, Sample};

    use super::*;

    /// `2^64 mod p`.
    const EPSILON: u64 = (1 << 32) - 1;

    /// `lo + hi * 2^32 mod p` for `lo, hi < 2^42`, as a canonical value: the
    /// AVX-512 `mds` layer's reduction, lane by lane.
    fn reduce(lo: u64, hi: u64) -> u64 {
        // hi * 2^32 = (hi mod 2^32) * 2^32 + (hi >> 32) * 2^64, and 2^64 = EPSILON.
        let small = lo + (hi >> 32) * EPSILON; // < 2^43
        let sum = (hi << 32).wrapping_add(small);
        // A carry is 2^64 = EPSILON; sum < 2^43 then, so adding it cannot carry.
        let carried = sum < small;
        let sum = sum + (carried as u64) * EPSILON;
        let over = sum >= F::ORDER;
        sum - (over as u64) * F::ORDER
    }

    fn check(inputs: &[[F; WIDTH]; LANES]) {
        let mut state: [Packed; WIDTH] = core::array::from_fn(|i| {
            let lanes: [F; LANES] = core::array::from_fn(|l| inputs[l][i]);
            *Packed::from_slice(&lanes)
        });
        permute(&mut state);
        for (lane, input) in inputs.iter().enumerate() {
            let expected = F::poseidon(*input);
            let got: [F; WIDTH] = core::array::from_fn(|i| state[i].as_slice()[lane]);
            assert_eq!(got, expected, "lane {lane}");
        }
    }

    #[test]
    fn matches_plonky2_on_random_states() {
        for _ in 0..64 {
            check(&core::array::from_fn(|_| F::rand_array()));
        }
    }

    #[test]
    fn matches_plonky2_on_extreme_states() {
        let extremes = [0, 1, F::ORDER - 1, (1 << 32) - 1, 1 << 32, 1 << 63];
        let inputs: [[F; WIDTH]; LANES] = core::array::from_fn(|l| {
            core::array::from_fn(|i| F::from_canonical_u64(extremes[(i + l) % extremes.len()]))
        });
        check(&inputs);
        check(&[[F::NEG_ONE; WIDTH]; LANES]);
        check(&[[F::ZERO; WIDTH]; LANES]);
    }

    #[test]
    fn reduce_is_exact_at_the_bounds() {
        let p = F::ORDER as u128;
        for (lo, hi) in [
            (0, 0),
            ((1 << 42) - 1, (1 << 42) - 1),
            (0, (1 << 42) - 1),
            ((1 << 42) - 1, 0),
            (0, (1 << 32) - 1),
            (12345, 1 << 32),
        ] {
            let expected = ((lo as u128 + ((hi as u128) << 32)) % p) as u64;
            assert_eq!(reduce(lo, hi), expected, "lo {lo} hi {hi}");
        }
    }
}
