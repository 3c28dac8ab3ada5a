//! Dot products of packed Goldilocks values with constant vectors, summed
//! exactly with AVX-512 IFMA (52-bit multiply-add) and reduced once.
//!
//! Why: the partial rounds of the permutation are mostly dot products with
//! constants (plonky2's `w_hat` vectors and initial matrix). A field product
//! per term costs five 32-bit multiplications and a reduction, and every sum
//! another reduction. Split into 52-bit limbs, a term is seven multiply-adds
//! into three accumulators and the dot product is reduced once at the end.
//!
//! Limbs: `x = x_lo + 2^52 x_hi` with `x_lo < 2^52`, `x_hi < 2^12` (any
//! 64-bit lane, canonical or not), and so for constants. The product
//! `x c = x_lo c_lo + 2^52 (x_lo c_hi + x_hi c_lo) + 2^104 x_hi c_hi` is
//! accumulated at weights 1, `2^52` and `2^104`: IFMA's `lo` and `hi` give
//! bits 0-51 and 52-103 of a product of 52-bit limbs. A term adds less than
//! `2^52` to `a0`, `3 * 2^52` to `a1` and `2^25` to `a2`, so with at most
//! [`MAX_TERMS`] = 32 terms `a0 < 2^57`, `a1 < 2^59` and `a2 < 2^30`, the
//! bounds [`Dot::reduce`] relies on (the tests check sums at the extremes,
//! and `packed`'s and `single`'s tests check whole permutations against
//! plonky2's).
#![allow(unsafe_code)]

use core::arch::x86_64::*;

use plonky2::field::types::Field64;

use crate::F;

/// The most terms one [`Dot`] may sum.
#[cfg(any(debug_assertions, test))]
pub(crate) const MAX_TERMS: usize = 32;

const MASK_52: u64 = (1 << 52) - 1;
const MASK_32: u64 = (1 << 32) - 1;
/// `2^64 mod p`.
const EPSILON: u64 = (1 << 32) - 1;

/// A constant as two limbs, `lo < 2^52` and `hi < 2^12`.
#[derive(Clone, Copy)]
pub(crate) struct Limbs {
    lo: u64,
    hi: u64,
}

impl Limbs {
    pub(crate) const fn new(c: u64) -> Self {
        Limbs {
            lo: c & MASK_52,
            hi: c >> 52,
        }
    }
}

/// A constant per lane (eight of them), as two limbs each.
#[derive(Clone, Copy)]
pub(crate) struct LaneLimbs {
    lo: [u64; 8],
    hi: [u64; 8],
}

impl LaneLimbs {
    pub(crate) const fn new(values: [u64; 8]) -> Self {
        let mut out = LaneLimbs {
            lo: [0; 8],
            hi: [0; 8],
        };
        let mut l = 0;
        while l < 8 {
            let limbs = Limbs::new(values[l]);
            out.lo[l] = limbs.lo;
            out.hi[l] = limbs.hi;
            l += 1;
        }
        out
    }
}

/// Every lane of a packed value as two limbs.
#[derive(Clone, Copy)]
pub(crate) struct Split {
    lo: __m512i,
    hi: __m512i,
}

#[inline]
#[target_feature(enable = "avx512f")]
pub(crate) fn split(x: __m512i) -> Split {
    Split {
        lo: _mm512_and_si512(x, _mm512_set1_epi64(MASK_52 as i64)),
        hi: _mm512_srli_epi64::<52>(x),
    }
}

/// `sum x_i c_i = a0 + 2^52 a1 + 2^104 a2`, lane by lane.
pub(crate) struct Dot {
    a0: __m512i,
    a1: __m512i,
    a2: __m512i,
    #[cfg(debug_assertions)]
    terms: usize,
}

impl Dot {
    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn new() -> Self {
        let zero = _mm512_setzero_si512();
        Dot {
            a0: zero,
            a1: zero,
            a2: zero,
            #[cfg(debug_assertions)]
            terms: 0,
        }
    }

    #[inline]
    fn count_term(&mut self) {
        #[cfg(debug_assertions)]
        {
            self.terms += 1;
            debug_assert!(self.terms <= MAX_TERMS);
        }
    }

    /// Adds `x c`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(crate) fn add_product(&mut self, x: Split, c: Limbs) {
        self.add_limbs(
            x,
            _mm512_set1_epi64(c.lo as i64),
            _mm512_set1_epi64(c.hi as i64),
        );
    }

    /// Adds `x` (one term).
    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn add_value(&mut self, x: Split) {
        self.count_term();
        self.a0 = _mm512_add_epi64(self.a0, x.lo);
        self.a1 = _mm512_add_epi64(self.a1, x.hi);
    }

    /// Adds `x c` for a constant per lane.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(crate) fn add_product_lanes(&mut self, x: Split, c: &LaneLimbs) {
        // SAFETY: both arrays hold 8 u64, one 64-byte load each.
        let (c_lo, c_hi) = unsafe {
            (
                _mm512_loadu_si512(c.lo.as_ptr().cast()),
                _mm512_loadu_si512(c.hi.as_ptr().cast()),
            )
        };
        self.add_limbs(x, c_lo, c_hi);
    }

    /// Adds `x c` for the constant limbs `c_lo < 2^52`, `c_hi < 2^12` of
    /// each lane.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    fn add_limbs(&mut self, x: Split, c_lo: __m512i, c_hi: __m512i) {
        self.count_term();
        self.a0 = _mm512_madd52lo_epu64(self.a0, x.lo, c_lo);
        self.a1 = _mm512_madd52hi_epu64(self.a1, x.lo, c_lo);
        self.a1 = _mm512_madd52lo_epu64(self.a1, x.lo, c_hi);
        self.a1 = _mm512_madd52lo_epu64(self.a1, x.hi, c_lo);
        self.a2 = _mm512_madd52hi_epu64(self.a2, x.lo, c_hi);
        self.a2 = _mm512_madd52hi_epu64(self.a2, x.hi, c_lo);
        // `x_hi c_hi < 2^24`: its high limb is zero.
        self.a2 = _mm512_madd52lo_epu64(self.a2, x.hi, c_hi);
    }

    /// Adds `x c` for a constant `c < 2^12` (one limb): `x_lo c < 2^64` and
    /// `x_hi c < 2^24`, so three multiply-adds (within the bounds above).
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(crate) fn add_small_product(&mut self, x: Split, c: u64) {
        debug_assert!(c < 1 << 12);
        self.count_term();
        let c = _mm512_set1_epi64(c as i64);
        self.a0 = _mm512_madd52lo_epu64(self.a0, x.lo, c);
        self.a1 = _mm512_madd52hi_epu64(self.a1, x.lo, c);
        self.a1 = _mm512_madd52lo_epu64(self.a1, x.hi, c);
    }

    /// The sum mod p, canonical. With `a1 = u + 2^12 v0 + 2^44 v1` (`u <
    /// 2^12`, `v0 < 2^32`, `v1 < 2^15`), `2^64 = 2^32 - 1` and `2^96 = -1`
    /// mod p: `sum = a0 + 2^52 u + (2^32 - 1) v0 - v1 - 2^8 a2`, where each
    /// term fits 64 bits and the subtracted ones sum below `2^39`.
    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn reduce(self) -> __m512i {
        let u = _mm512_and_si512(self.a1, _mm512_set1_epi64(0xfff));
        let v = _mm512_srli_epi64::<12>(self.a1);
        let v0 = _mm512_and_si512(v, _mm512_set1_epi64(MASK_32 as i64));
        let v1 = _mm512_srli_epi64::<32>(v);
        // Both terms below p, so each sum is at most one p too large.
        let positive = add_mod(self.a0, _mm512_slli_epi64::<52>(u));
        let v0_times_epsilon = _mm512_sub_epi64(_mm512_slli_epi64::<32>(v0), v0);
        let positive = add_mod(positive, v0_times_epsilon);
        let negative = _mm512_add_epi64(v1, _mm512_slli_epi64::<8>(self.a2));
        canonical(sub_mod(positive, negative))
    }
}

/// `x + y mod p` as a 64-bit value, for any `x` and `y < p`.
#[inline]
#[target_feature(enable = "avx512f")]
fn add_mod(x: __m512i, y: __m512i) -> __m512i {
    let sum = _mm512_add_epi64(x, y);
    // A carry lost 2^64 = EPSILON mod p; x + y < 2^64 + p, so adding it back
    // cannot carry again.
    let carried = _mm512_cmplt_epu64_mask(sum, y);
    _mm512_mask_add_epi64(sum, carried, sum, _mm512_set1_epi64(EPSILON as i64))
}

/// `x - y mod p` as a 64-bit value, for any `x` and `y < p`.
#[inline]
#[target_feature(enable = "avx512f")]
fn sub_mod(x: __m512i, y: __m512i) -> __m512i {
    let borrowed = _mm512_cmplt_epu64_mask(x, y);
    let difference = _mm512_sub_epi64(x, y);
    // x - y + 2^64 wrapped; x - y + p is the value, below p.
    _mm512_mask_sub_epi64(
        difference,
        borrowed,
        difference,
        _mm512_set1_epi64(EPSILON as i64),
    )
}

#[inline]
#[target_feature(enable = "avx512f")]
fn canonical(x: __m512i) -> __m512i {
    let order = _mm512_set1_epi64(F::ORDER as i64);
    let over = _mm512_cmpge_epu64_mask(x, order);
    _mm512_mask_sub_epi64(x, over, x, order)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: u128 = F::ORDER as u128;

    /// `sum x_i c_i mod p` by [`Dot`], lane by lane.
    fn dot(xs: &[[u64; 8]], cs: &[u64], small: Option<u64>) -> [u64; 8] {
        // SAFETY: this module is compiled only where AVX-512F and IFMA are
        // enabled for the whole build.
        unsafe {
            let mut dot = Dot::new();
            let mut terms = xs
                .iter()
                .map(|x| split(_mm512_loadu_si512(x.as_ptr().cast())));
            if let Some(c) = small {
                dot.add_small_product(terms.next().expect("a term"), c);
            }
            for (x, &c) in terms.zip(cs) {
                dot.add_product(x, Limbs::new(c));
            }
            let mut out = [0u64; 8];
            _mm512_storeu_si512(out.as_mut_ptr().cast(), dot.reduce());
            out
        }
    }

    fn expected(xs: &[[u64; 8]], cs: &[u64], lane: usize) -> u64 {
        let sum = xs.iter().zip(cs).fold(0u128, |sum, (x, &c)| {
            (sum + (x[lane] as u128 % P) * (c as u128 % P)) % P
        });
        sum as u64
    }

    /// Every term and constant at the extremes of their 64-bit range (the
    /// accumulator bounds' worst case), and pseudo-random ones.
    #[test]
    fn dot_products_are_exact_and_canonical() {
        let extremes = [
            0,
            1,
            (1 << 52) - 1,
            1 << 52,
            F::ORDER - 1,
            F::ORDER,
            u64::MAX,
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for trial in 0..2000 {
            let terms = 1 + trial % MAX_TERMS;
            // (`MAX_TERMS` products, the worst case for the bounds.)
            let xs: Vec<[u64; 8]> = (0..terms)
                .map(|i| {
                    core::array::from_fn(|l| match (trial + i + l) % 3 {
                        0 => u64::MAX,
                        1 => extremes[(trial + i * 3 + l) % extremes.len()],
                        _ => next(),
                    })
                })
                .collect();
            let cs: Vec<u64> = (0..terms)
                .map(|i| match (trial + i) % 3 {
                    0 => F::ORDER - 1,
                    1 => extremes[(trial + i) % 5],
                    _ => next() % F::ORDER,
                })
                .collect();
            let got = dot(&xs, &cs, None);
            for (lane, &value) in got.iter().enumerate() {
                assert_eq!(value, expected(&xs, &cs, lane), "trial {trial} lane {lane}");
            }
            // A plain value as the last term (constant one).
            if terms > 1 {
                // SAFETY: as in `dot`.
                let got = unsafe {
                    let mut dot = Dot::new();
                    for (x, &c) in xs.iter().zip(&cs).take(terms - 1) {
                        dot.add_product(
                            split(_mm512_loadu_si512(x.as_ptr().cast())),
                            Limbs::new(c),
                        );
                    }
                    dot.add_value(split(_mm512_loadu_si512(xs[terms - 1].as_ptr().cast())));
                    let mut out = [0u64; 8];
                    _mm512_storeu_si512(out.as_mut_ptr().cast(), dot.reduce());
                    out
                };
                let mut ones = cs.clone();
                ones[terms - 1] = 1;
                for (lane, &value) in got.iter().enumerate() {
                    assert_eq!(
                        value,
                        expected(&xs, &ones, lane),
                        "value, trial {trial} lane {lane}"
                    );
                }
            }
            // A first term with a one-limb constant.
            let mut small_cs = cs.clone();
            small_cs[0] = (1 << 12) - 1 - (trial as u64 % 7);
            let got = dot(&xs, &small_cs[1..], Some(small_cs[0]));
            for (lane, &value) in got.iter().enumerate() {
                assert_eq!(
                    value,
                    expected(&xs, &small_cs, lane),
                    "small, trial {trial} lane {lane}"
                );
            }
        }
    }
}
