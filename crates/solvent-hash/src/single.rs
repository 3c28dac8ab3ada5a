//! plonky2's Poseidon permutation on one state.
//!
//! Why: plonky2's provers (and starky's auxiliary commitments) hash one state
//! at a time through their config's hasher, with plonky2's scalar
//! permutation (timings in docs/PERF.md). With AVX-512 the
//! twelve state elements fit two vector registers (lanes 0-7 and 8-11), so a
//! full round's S-boxes and MDS layer are a handful of vector operations; the
//! partial rounds keep plonky2's fast form (one scalar S-box, then a dot
//! product and a vector update). Same constants, same round structure, same
//! results as `F::poseidon`, which the tests check.

use crate::{F, WIDTH};

/// `F::poseidon(state)`, faster where AVX-512 is enabled at compile time.
#[inline]
pub fn permute(state: [F; WIDTH]) -> [F; WIDTH] {
    #[cfg(packed_avx512)]
    {
        avx512::permute(state)
    }
    #[cfg(not(packed_avx512))]
    {
        use plonky2::hash::poseidon::Poseidon;
        F::poseidon(state)
    }
}

#[cfg(packed_avx512)]
#[allow(unsafe_code)]
mod avx512 {
    use core::arch::x86_64::*;

    use plonky2::field::ops::Square;
    use plonky2::field::types::Field;
    use plonky2::hash::poseidon::{
        Poseidon, ALL_ROUND_CONSTANTS, HALF_N_FULL_ROUNDS, N_PARTIAL_ROUNDS, N_ROUNDS,
    };

    use crate::avx512::{from_vector, reduce_halves, to_vector};
    use crate::constants::MDS;
    use crate::{F, WIDTH};

    /// A state in two registers: elements 0-7, and elements 8-11 then four
    /// zero lanes.
    #[derive(Clone, Copy)]
    struct State {
        head: __m512i,
        tail: __m512i,
    }

    /// Twelve values as the 16 lanes of a [`State`].
    type Lanes = [u64; 16];

    const fn lanes(values: [u64; WIDTH]) -> Lanes {
        let mut out = [0; 16];
        let mut i = 0;
        while i < WIDTH {
            out[i] = values[i];
            i += 1;
        }
        out
    }

    /// The full rounds' constants.
    static ROUND_CONSTANTS: [Lanes; N_ROUNDS] = {
        let mut out = [[0; 16]; N_ROUNDS];
        let mut r = 0;
        while r < N_ROUNDS {
            let mut i = 0;
            while i < WIDTH {
                out[r][i] = ALL_ROUND_CONSTANTS[r * WIDTH + i];
                i += 1;
            }
            r += 1;
        }
        out
    };

    /// Column `j` of [`MDS`].
    static MDS_COLUMNS: [Lanes; WIDTH] = {
        let mut out = [[0; 16]; WIDTH];
        let mut j = 0;
        while j < WIDTH {
            let mut r = 0;
            while r < WIDTH {
                out[j][r] = MDS[r][j];
                r += 1;
            }
            j += 1;
        }
        out
    };

    static FIRST_PARTIAL_CONSTANTS: Lanes =
        lanes(<F as Poseidon>::FAST_PARTIAL_FIRST_ROUND_CONSTANT);

    /// Row `r` of plonky2's initial partial-round matrix, in lanes 1-11.
    static INITIAL_MATRIX_ROWS: [Lanes; WIDTH - 1] =
        shifted(<F as Poseidon>::FAST_PARTIAL_ROUND_INITIAL_MATRIX);

    /// plonky2's `w_hat` and `v` vectors of each partial round, in lanes 1-11.
    static W_HATS: [Lanes; N_PARTIAL_ROUNDS] = shifted(<F as Poseidon>::FAST_PARTIAL_ROUND_W_HATS);
    static VS: [Lanes; N_PARTIAL_ROUNDS] = shifted(<F as Poseidon>::FAST_PARTIAL_ROUND_VS);

    /// Rows of eleven values for elements 1-11, in lanes 1-11 (lane 0 zero).
    const fn shifted<const N: usize>(rows: [[u64; WIDTH - 1]; N]) -> [Lanes; N] {
        let mut out = [[0; 16]; N];
        let mut r = 0;
        while r < N {
            let mut c = 0;
            while c < WIDTH - 1 {
                out[r][c + 1] = rows[r][c];
                c += 1;
            }
            r += 1;
        }
        out
    }

    /// `K_(r+1) = w_hat_(r+1) . v_r mod p`, so that round r + 1's dot product
    /// can start before round r's S-box output is known (see `partial_rounds`).
    static NEXT_W_HAT_DOT_V: [u64; N_PARTIAL_ROUNDS - 1] = {
        let mut out = [0u64; N_PARTIAL_ROUNDS - 1];
        let mut r = 0;
        while r + 1 < N_PARTIAL_ROUNDS {
            out[r] = w_hat_dot_v(r + 1, r);
            r += 1;
        }
        out
    };

    /// `w_hat_r . v_k mod p`: round k's S-box output's weight in round r's
    /// dot product (for `k < r`), through `rest`.
    const fn w_hat_dot_v(r: usize, k: usize) -> u64 {
        const P: u128 = <F as plonky2::field::types::Field64>::ORDER as u128;
        let w_hat = <F as Poseidon>::FAST_PARTIAL_ROUND_W_HATS[r];
        let v = <F as Poseidon>::FAST_PARTIAL_ROUND_VS[k];
        let mut sum: u128 = 0;
        let mut j = 0;
        while j < WIDTH - 1 {
            sum = (sum + w_hat[j] as u128 * v[j] as u128) % P;
            j += 1;
        }
        sum as u64
    }

    /// `MDS[0][0]`, the weight of the S-box output in a partial round's dot product.
    const MDS_00: u64 = MDS[0][0];

    pub(super) fn permute(input: [F; WIDTH]) -> [F; WIDTH] {
        // SAFETY: this module is compiled only where AVX-512F is enabled for
        // the whole build (`cfg(packed_avx512)`), so the CPU running it has it.
        unsafe { permute_avx512(input) }
    }

    #[target_feature(enable = "avx512f")]
    fn permute_avx512(input: [F; WIDTH]) -> [F; WIDTH] {
        let mut padded = [F::ZERO; 16];
        padded[..WIDTH].copy_from_slice(&input);
        let mut state = load(&padded.map(|x| x.0));
        let mut round = 0;
        for _ in 0..HALF_N_FULL_ROUNDS {
            state = full_round(state, round);
            round += 1;
        }
        #[cfg(not(target_feature = "avx512ifma"))]
        {
            state = partial_rounds(state);
        }
        #[cfg(target_feature = "avx512ifma")]
        {
            // SAFETY: compiled only where IFMA is enabled for the whole build.
            state = unsafe { ifma_partial::partial_rounds(state) };
        }
        round += N_PARTIAL_ROUNDS;
        for _ in 0..HALF_N_FULL_ROUNDS {
            state = full_round(state, round);
            round += 1;
        }
        let out = store(state);
        core::array::from_fn(|i| F::from_noncanonical_u64(out[i]))
    }

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn load(values: &Lanes) -> State {
        // SAFETY: `values` holds 16 u64, the two 64-byte loads' extent.
        unsafe {
            State {
                head: _mm512_loadu_si512(values.as_ptr().cast()),
                tail: _mm512_loadu_si512(values[8..].as_ptr().cast()),
            }
        }
    }

    /// The sixteen lanes of `state`.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn store(state: State) -> Lanes {
        let mut out = [0u64; 16];
        // SAFETY: `out` holds 16 u64, the two 64-byte stores' extent.
        unsafe {
            _mm512_storeu_si512(out.as_mut_ptr().cast(), state.head);
            _mm512_storeu_si512(out[8..].as_mut_ptr().cast(), state.tail);
        }
        out
    }

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn add(x: State, y: State) -> State {
        State {
            head: to_vector(from_vector(x.head) + from_vector(y.head)),
            tail: to_vector(from_vector(x.tail) + from_vector(y.tail)),
        }
    }

    /// `x + y * z`, lane by lane.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn multiply_add(x: State, y: State, z: State) -> State {
        State {
            head: to_vector(from_vector(x.head) + from_vector(y.head) * from_vector(z.head)),
            tail: to_vector(from_vector(x.tail) + from_vector(y.tail) * from_vector(z.tail)),
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn broadcast(x: F) -> State {
        let v = _mm512_set1_epi64(x.0 as i64);
        State { head: v, tail: v }
    }

    /// Element `j` of the state in every lane.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn element(state: State, j: usize) -> __m512i {
        let index = _mm512_set1_epi64((j % 8) as i64);
        let source = if j < 8 { state.head } else { state.tail };
        _mm512_permutexvar_epi64(index, source)
    }

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn sbox(x: __m512i) -> __m512i {
        let x = from_vector(x);
        let x2 = x.square();
        let x4 = x2.square();
        to_vector(x * x2 * x4)
    }

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn full_round(state: State, round: usize) -> State {
        let state = add(state, load(&ROUND_CONSTANTS[round]));
        mds(State {
            head: sbox(state.head),
            tail: sbox(state.tail),
        })
    }

    /// The full-round MDS layer with delayed reduction (as `packed`'s): each
    /// element's 32-bit halves times its column of small entries, summed
    /// exactly in 64-bit lanes, each output reduced once.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn mds(state: State) -> State {
        let zero = _mm512_setzero_si512();
        let (mut head_lo, mut head_hi, mut tail_lo, mut tail_hi) = (zero, zero, zero, zero);
        for (j, column) in MDS_COLUMNS.iter().enumerate() {
            let column = load(column);
            // `_mm512_mul_epu32` reads the low 32 bits of each lane.
            let x_lo = element(state, j);
            let x_hi = _mm512_srli_epi64::<32>(x_lo);
            head_lo = _mm512_add_epi64(head_lo, _mm512_mul_epu32(x_lo, column.head));
            head_hi = _mm512_add_epi64(head_hi, _mm512_mul_epu32(x_hi, column.head));
            tail_lo = _mm512_add_epi64(tail_lo, _mm512_mul_epu32(x_lo, column.tail));
            tail_hi = _mm512_add_epi64(tail_hi, _mm512_mul_epu32(x_hi, column.tail));
        }
        State {
            head: reduce_halves(head_lo, head_hi),
            tail: reduce_halves(tail_lo, tail_hi),
        }
    }

    /// Lane 0 of `v` as a field element.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn first(v: __m512i) -> F {
        F::from_noncanonical_u64(_mm_cvtsi128_si64(_mm512_castsi512_si128(v)) as u64)
    }

    /// The sum of the eight lanes of `v`, in lane 0.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn sum_lanes(v: __m512i) -> F {
        let v = from_vector(v);
        let halves = v + from_vector(_mm512_shuffle_i64x2::<0b01_00_11_10>(
            to_vector(v),
            to_vector(v),
        ));
        let quarters = halves
            + from_vector(_mm512_permutexvar_epi64(
                _mm512_set_epi64(1, 0, 3, 2, 1, 0, 3, 2),
                to_vector(halves),
            ));
        let pairs = quarters
            + from_vector(_mm512_permutexvar_epi64(
                _mm512_set_epi64(0, 1, 0, 1, 0, 1, 0, 1),
                to_vector(quarters),
            ));
        first(to_vector(pairs))
    }

    /// plonky2's `partial_rounds`: the first constant layer, the initial
    /// matrix, then per round the S-box on element 0 and the fast
    /// `mds_partial_layer_fast` (`d = MDS_00 s_0 + w_hat . s_rest`,
    /// `s_rest += s_0 v`).
    #[inline]
    #[target_feature(enable = "avx512f")]
    #[cfg_attr(target_feature = "avx512ifma", allow(dead_code))]
    fn partial_rounds(state: State) -> State {
        let (mut s0, mut rest) = partial_start(state);
        let mds_00 = F::from_canonical_u64(MDS_00);
        // Round r's dot product `w_hat_r . rest` is over `rest` before round
        // r, which round r - 1 changed by `s_0 v_(r-1)`: so it is `w_hat_r .
        // (rest before round r - 1) + s_0 K_r`, and the vector part runs
        // while round r - 1's S-box does, off the critical path.
        let mut dot = dot_rest(rest, 0);
        for round in 0..N_PARTIAL_ROUNDS {
            let sbox = sbox_scalar(s0)
                + F::from_canonical_u64(<F as Poseidon>::FAST_PARTIAL_ROUND_CONSTANTS[round]);
            s0 = mds_00 * sbox + dot;
            if round + 1 < N_PARTIAL_ROUNDS {
                dot = dot_rest(rest, round + 1)
                    + sbox * F::from_canonical_u64(NEXT_W_HAT_DOT_V[round]);
            }
            rest = multiply_add(rest, broadcast(sbox), load(&VS[round]));
        }
        rest.head = _mm512_mask_set1_epi64(rest.head, 1, s0.0 as i64);
        rest
    }

    /// The partial rounds' first constant layer and initial matrix: element 0,
    /// and elements 1-11 in lanes 1-11 (lane 0 zero).
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn partial_start(state: State) -> (F, State) {
        let state = add(state, load(&FIRST_PARTIAL_CONSTANTS));
        // The initial matrix's first row and column are the identity's:
        // element 0 passes through, elements 1-11 are mixed. Eleven
        // independent products summed as a tree (a chain of multiply-adds
        // would serialise eleven product latencies).
        let s0 = first(state.head);
        let products: [State; WIDTH - 1] = core::array::from_fn(|r| {
            let x = element(state, r + 1);
            let row = load(&INITIAL_MATRIX_ROWS[r]);
            State {
                head: to_vector(from_vector(x) * from_vector(row.head)),
                tail: to_vector(from_vector(x) * from_vector(row.tail)),
            }
        });
        let pair = |a: usize, b: usize| add(products[a], products[b]);
        let quads = [
            add(pair(0, 1), pair(2, 3)),
            add(pair(4, 5), pair(6, 7)),
            add(pair(8, 9), products[10]),
        ];
        // Lane 0 of every row is zero, so lane 0 of `rest` is zero.
        (s0, add(add(quads[0], quads[1]), quads[2]))
    }

    /// The partial rounds with IFMA ([`crate::ifma`]) and no vector work
    /// inside the S-box chain. Round r's dot product is over `rest_r =
    /// rest_0 + sum_(k<r) s_k v_k` (`s_k` round k's S-box output), so it is
    /// `D_r + sum_(k<r) s_k M_rk` with `D_r = w_hat_r . rest_0` and constants
    /// `M_rk = w_hat_r . v_k`: all `D_r` are one vector dot product before
    /// the rounds (round r in lane r), each `s_k M_rk` is a scalar product
    /// summed exactly as soon as `s_k` is known, and `rest_22` is one vector
    /// dot product after them.
    #[cfg(target_feature = "avx512ifma")]
    mod ifma_partial {
        use core::arch::x86_64::*;

        use plonky2::field::types::Field;
        use plonky2::hash::poseidon::{Poseidon, N_PARTIAL_ROUNDS};

        use super::{partial_start, sbox_scalar, store, w_hat_dot_v, Lanes, State, MDS_00};
        use crate::ifma::{split, Dot, LaneLimbs};
        use crate::{F, WIDTH};

        /// Registers of eight lanes holding one value per partial round.
        const ROUND_REGISTERS: usize = N_PARTIAL_ROUNDS.div_ceil(8);

        /// `W_COLUMNS[j - 1][b]`: `w_hat_r[j]` for the rounds `r` of register `b`.
        static W_COLUMNS: [[LaneLimbs; ROUND_REGISTERS]; WIDTH - 1] = {
            let w_hats = <F as Poseidon>::FAST_PARTIAL_ROUND_W_HATS;
            let mut out = [[LaneLimbs::new([0; 8]); ROUND_REGISTERS]; WIDTH - 1];
            let mut j = 0;
            while j < WIDTH - 1 {
                let mut b = 0;
                while b < ROUND_REGISTERS {
                    let mut values = [0u64; 8];
                    let mut l = 0;
                    while l < 8 && 8 * b + l < N_PARTIAL_ROUNDS {
                        values[l] = w_hats[8 * b + l][j];
                        l += 1;
                    }
                    out[j][b] = LaneLimbs::new(values);
                    b += 1;
                }
                j += 1;
            }
            out
        };

        /// `VS_LANES[k]`: round k's `v`, elements 1-11 in lanes 1-11 of the
        /// head and tail registers.
        static VS_LANES: [[LaneLimbs; 2]; N_PARTIAL_ROUNDS] = {
            let vs = <F as Poseidon>::FAST_PARTIAL_ROUND_VS;
            let mut out = [[LaneLimbs::new([0; 8]); 2]; N_PARTIAL_ROUNDS];
            let mut k = 0;
            while k < N_PARTIAL_ROUNDS {
                let mut lanes = [0u64; 16];
                let mut i = 1;
                while i < WIDTH {
                    lanes[i] = vs[k][i - 1];
                    i += 1;
                }
                let (mut head, mut tail) = ([0u64; 8], [0u64; 8]);
                let mut l = 0;
                while l < 8 {
                    head[l] = lanes[l];
                    tail[l] = lanes[8 + l];
                    l += 1;
                }
                out[k] = [LaneLimbs::new(head), LaneLimbs::new(tail)];
                k += 1;
            }
            out
        };

        /// `M_rk = w_hat_r . v_k mod p` for `k < r` (zero elsewhere).
        static W_HAT_DOT_V: [[u64; N_PARTIAL_ROUNDS]; N_PARTIAL_ROUNDS] = {
            let mut out = [[0u64; N_PARTIAL_ROUNDS]; N_PARTIAL_ROUNDS];
            let mut r = 0;
            while r < N_PARTIAL_ROUNDS {
                let mut k = 0;
                while k < r {
                    out[r][k] = w_hat_dot_v(r, k);
                    k += 1;
                }
                r += 1;
            }
            out
        };

        /// An exact sum `lo + 2^128 carries` of 64-bit products.
        #[derive(Clone, Copy)]
        struct Wide {
            lo: u128,
            carries: u64,
        }

        impl Wide {
            #[inline(always)]
            fn add_product(&mut self, x: u64, c: u64) {
                let (lo, carried) = self.lo.overflowing_add(x as u128 * c as u128);
                self.lo = lo;
                self.carries += carried as u64;
            }

            /// `2^128 = -2^32 mod p`.
            #[inline(always)]
            fn reduce(self) -> F {
                F::from_noncanonical_u128(self.lo) - F::from_canonical_u64(self.carries << 32)
            }
        }

        #[target_feature(enable = "avx512f,avx512ifma")]
        pub(in super::super) fn partial_rounds(state: State) -> State {
            let (mut s0, rest_0) = partial_start(state);
            let rest_lanes: Lanes = store(rest_0);
            // D_r for every round, round r in lane r % 8 of register r / 8.
            let mut d: [Dot; ROUND_REGISTERS] = core::array::from_fn(|_| Dot::new());
            for j in 1..WIDTH {
                let x = split(_mm512_set1_epi64(rest_lanes[j] as i64));
                for (b, dot) in d.iter_mut().enumerate() {
                    dot.add_product_lanes(x, &W_COLUMNS[j - 1][b]);
                }
            }
            let mut d_values = [0u64; 8 * ROUND_REGISTERS];
            for (b, dot) in d.into_iter().enumerate() {
                // SAFETY: `d_values` holds 8 u64 from `8 * b`.
                unsafe {
                    _mm512_storeu_si512(d_values[8 * b..].as_mut_ptr().cast(), dot.reduce());
                }
            }
            let mut sums: [Wide; N_PARTIAL_ROUNDS] = core::array::from_fn(|r| Wide {
                lo: d_values[r] as u128,
                carries: 0,
            });
            let mds_00 = F::from_canonical_u64(MDS_00);
            let mut sboxes = [0u64; N_PARTIAL_ROUNDS];
            for round in 0..N_PARTIAL_ROUNDS {
                let dot = sums[round].reduce();
                let sbox = sbox_scalar(s0)
                    + F::from_canonical_u64(<F as Poseidon>::FAST_PARTIAL_ROUND_CONSTANTS[round]);
                s0 = mds_00 * sbox + dot;
                for (later, sum) in sums.iter_mut().enumerate().skip(round + 1) {
                    sum.add_product(sbox.0, W_HAT_DOT_V[later][round]);
                }
                sboxes[round] = sbox.0;
            }
            // rest_22 = rest_0 + sum_k s_k v_k.
            let mut head = Dot::new();
            let mut tail = Dot::new();
            head.add_value(split(rest_0.head));
            tail.add_value(split(rest_0.tail));
            for (k, &sbox) in sboxes.iter().enumerate() {
                let x = split(_mm512_set1_epi64(sbox as i64));
                head.add_product_lanes(x, &VS_LANES[k][0]);
                tail.add_product_lanes(x, &VS_LANES[k][1]);
            }
            let head = _mm512_mask_set1_epi64(head.reduce(), 1, s0.0 as i64);
            State {
                head,
                tail: tail.reduce(),
            }
        }
    }

    /// `w_hat_round . rest` (lane 0 of `W_HATS` is zero).
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn dot_rest(rest: State, round: usize) -> F {
        let w_hat = load(&W_HATS[round]);
        let head = from_vector(rest.head) * from_vector(w_hat.head);
        let tail = from_vector(rest.tail) * from_vector(w_hat.tail);
        sum_lanes(to_vector(head + tail))
    }

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn sbox_scalar(x: F) -> F {
        let x2 = x.square();
        let x4 = x2.square();
        x * x2 * x4
    }
}

#[cfg(test)]
mod tests {
    use plonky2::field::types::{Field, Field64, Sample};
    use plonky2::hash::poseidon::Poseidon;

    use super::*;

    #[test]
    fn matches_plonky2_on_random_states() {
        for _ in 0..1000 {
            let input = F::rand_array();
            assert_eq!(permute(input), F::poseidon(input));
        }
    }

    #[test]
    fn matches_plonky2_on_extreme_states() {
        let extremes = [
            0,
            1,
            F::ORDER - 1,
            (1 << 32) - 1,
            1 << 32,
            1 << 63,
            u64::MAX,
        ];
        for shift in 0..extremes.len() {
            let input: [F; WIDTH] = core::array::from_fn(|i| {
                F::from_noncanonical_u64(extremes[(i + shift) % extremes.len()])
            });
            assert_eq!(permute(input), F::poseidon(input), "shift {shift}");
        }
        for value in extremes {
            let input = [F::from_noncanonical_u64(value); WIDTH];
            assert_eq!(permute(input), F::poseidon(input), "all {value}");
        }
    }
}
