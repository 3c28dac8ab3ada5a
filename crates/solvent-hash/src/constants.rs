//! plonky2's Poseidon constants, rearranged at compile time for the
//! vectorised permutations.

use plonky2::hash::poseidon::Poseidon;

use crate::{F, WIDTH};

/// plonky2's MDS matrix: `out[r] = sum_i CIRC[i] v[(i + r) % 12] + DIAG[r] v[r]`.
pub(crate) const MDS: [[u64; WIDTH]; WIDTH] = {
    let mut m = [[0u64; WIDTH]; WIDTH];
    let mut r = 0;
    while r < WIDTH {
        let mut i = 0;
        while i < WIDTH {
            m[r][(i + r) % WIDTH] += <F as Poseidon>::MDS_MATRIX_CIRC[i];
            i += 1;
        }
        m[r][r] += <F as Poseidon>::MDS_MATRIX_DIAG[r];
        r += 1;
    }
    m
};

/// Largest row sum of [`MDS`]: with 32-bit halves as inputs, each output sum
/// stays below `2^32` times this, so below `2^42`.
pub(crate) const MDS_ROW_SUM_BOUND: u64 = 1 << 10;
const _: () = {
    let mut r = 0;
    while r < WIDTH {
        let mut sum = 0;
        let mut j = 0;
        while j < WIDTH {
            sum += MDS[r][j];
            j += 1;
        }
        assert!(sum < MDS_ROW_SUM_BOUND);
        r += 1;
    }
};
