//! AVX-512 helpers shared by [`crate::packed`] and [`crate::single`].
//! Compiled only with `cfg(packed_avx512)` (see build.rs), where plonky2_field
//! packs Goldilocks as `Avx512GoldilocksField`.
#![allow(unsafe_code)]

use core::arch::x86_64::*;

use plonky2::field::packable::Packable;
use plonky2::field::types::Field64;

use crate::F;

/// `crate::packed::Packed`, named here so the helpers do not depend on the
/// module that uses them.
type Packed = <F as Packable>::Packing;

/// The packed value's lanes as a vector register.
#[inline(always)]
pub(crate) fn to_vector(p: Packed) -> __m512i {
    // SAFETY: `Packed` is `Avx512GoldilocksField`, `#[repr(transparent)]` over
    // `[GoldilocksField; 8]`, itself `#[repr(transparent)]` over `u64`: 64
    // bytes like `__m512i`, and every bit pattern is valid for both types.
    unsafe { core::mem::transmute::<Packed, __m512i>(p) }
}

/// A vector register's lanes as a packed value (any 64-bit lane is a valid,
/// possibly non-canonical, Goldilocks representative).
#[inline(always)]
pub(crate) fn from_vector(v: __m512i) -> Packed {
    // SAFETY: as in `to_vector`.
    unsafe { core::mem::transmute::<__m512i, Packed>(v) }
}

/// `lo + hi * 2^32 mod p` in every lane, canonical, for `lo, hi < 2^42`:
/// the delayed reduction of an MDS layer whose small entries multiplied the
/// 32-bit halves of its inputs (see the `reduce` model in `packed`'s tests).
#[inline(always)]
pub(crate) fn reduce_halves(lo: __m512i, hi: __m512i) -> __m512i {
    // SAFETY: this module is compiled only where AVX-512F is enabled for the
    // whole build (`cfg(packed_avx512)`), so the CPU running it has it.
    unsafe {
        // 2^64 mod p.
        let epsilon = _mm512_set1_epi64(((1u64 << 32) - 1) as i64);
        let order = _mm512_set1_epi64(F::ORDER as i64);
        let top = _mm512_srli_epi64::<32>(hi);
        let top_times_epsilon = _mm512_sub_epi64(_mm512_slli_epi64::<32>(top), top);
        let small = _mm512_add_epi64(lo, top_times_epsilon);
        let sum = _mm512_add_epi64(_mm512_slli_epi64::<32>(hi), small);
        let carried = _mm512_cmplt_epu64_mask(sum, small);
        let sum = _mm512_mask_add_epi64(sum, carried, sum, epsilon);
        let over = _mm512_cmpge_epu64_mask(sum, order);
        _mm512_mask_sub_epi64(sum, over, sum, order)
    }
}
