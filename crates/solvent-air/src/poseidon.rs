//! One Poseidon permutation (plonky2's Goldilocks instance: width 12, x^7
//! S-box, 4 + 22 + 4 rounds) as [`COLUMNS`] trace columns of one row, with
//! constraints of degree 3.
//!
//! Why this layout: the batch STARK runs at rate 1/2 (blowup 2), which allows
//! constraint degree 3. `x^7` is reached as `cube = x^3` and `out = cube^2 * x`,
//! both degree 3 when `x` is linear in the columns, so every S-box costs two
//! columns. Linear layers (round constants, MDS) add no columns: the S-box
//! inputs are evaluated as linear expressions of the previous round's outputs.
//! The result must equal plonky2's `PoseidonHash` bit for bit, because the
//! same leaves and nodes are recomputed natively and inside plonky2 circuits;
//! tests compare with plonky2's own permutation.
//!
//! Column layout from `start`: 12 input columns, then `(cube, out)` per S-box in
//! round order (4 full rounds x 12, 22 partial rounds x 1, 4 full rounds x 12).

use plonky2::field::types::Field;
use plonky2::hash::hash_types::RichField;
use plonky2::hash::poseidon::{
    Poseidon, ALL_ROUND_CONSTANTS, HALF_N_FULL_ROUNDS, N_PARTIAL_ROUNDS, SPONGE_WIDTH,
};

use crate::algebra::Algebra;

/// State width.
pub const WIDTH: usize = SPONGE_WIDTH;
/// S-boxes in one permutation.
pub const SBOXES: usize = 2 * HALF_N_FULL_ROUNDS * WIDTH + N_PARTIAL_ROUNDS;
/// Trace columns of one permutation: inputs plus two per S-box.
pub const COLUMNS: usize = WIDTH + 2 * SBOXES;

const _: () = assert!(COLUMNS == 248);

/// Where one permutation's columns sit in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoseidonColumns {
    pub start: usize,
}

impl PoseidonColumns {
    pub const fn new(start: usize) -> Self {
        PoseidonColumns { start }
    }

    /// One past the last column.
    pub const fn end(&self) -> usize {
        self.start + COLUMNS
    }

    pub const fn input(&self, i: usize) -> usize {
        self.start + i
    }

    const fn cube(&self, sbox: usize) -> usize {
        self.start + WIDTH + 2 * sbox
    }

    const fn out(&self, sbox: usize) -> usize {
        self.start + WIDTH + 2 * sbox + 1
    }

    /// Output element `i` as a linear combination `(column, coefficient)` of
    /// the last round's S-box outputs (the final MDS layer), for lookups that
    /// read the permutation's output without a column of its own.
    pub fn output_terms<F: RichField>(&self, i: usize) -> Vec<(usize, F)> {
        let last_round = SBOXES - WIDTH;
        (0..WIDTH)
            .map(|j| {
                let circulant = <F as Poseidon>::MDS_MATRIX_CIRC[(j + WIDTH - i) % WIDTH];
                let diagonal = if j == i {
                    <F as Poseidon>::MDS_MATRIX_DIAG[i]
                } else {
                    0
                };
                let coefficient =
                    F::from_canonical_u64(circulant) + F::from_canonical_u64(diagonal);
                (self.out(last_round + j), coefficient)
            })
            .collect()
    }

    /// Fills the S-box columns of `row` for the input already in its input
    /// columns, and returns the permutation's output.
    pub fn fill<F: RichField>(&self, row: &mut [F]) -> [F; WIDTH] {
        let mut state: [F; WIDTH] = core::array::from_fn(|i| row[self.input(i)]);
        let mut round = 0;
        let mut sbox = 0;
        let sbox_cell = |row: &mut [F], x: F, sbox: &mut usize| {
            let cube = x.cube();
            let out = cube * cube * x;
            row[self.cube(*sbox)] = cube;
            row[self.out(*sbox)] = out;
            *sbox += 1;
            out
        };
        for half in 0..2 {
            for _ in 0..HALF_N_FULL_ROUNDS {
                for (i, s) in state.iter_mut().enumerate() {
                    *s = sbox_cell(row, *s + round_constant(round, i), &mut sbox);
                }
                state = F::mds_layer(&state);
                round += 1;
            }
            if half == 0 {
                for _ in 0..N_PARTIAL_ROUNDS {
                    for (i, s) in state.iter_mut().enumerate() {
                        *s += round_constant(round, i);
                    }
                    state[0] = sbox_cell(row, state[0], &mut sbox);
                    state = F::mds_layer(&state);
                    round += 1;
                }
            }
        }
        debug_assert_eq!(sbox, SBOXES);
        state
    }

    /// Pushes the permutation's constraints (two per S-box, degree 3) and
    /// returns its output as expressions of the row's columns.
    pub fn eval<F: RichField, A: Algebra<F>>(
        &self,
        alg: &mut A,
        row: &[A::Value],
        constraints: &mut Vec<A::Value>,
    ) -> [A::Value; WIDTH] {
        let mut state: [A::Value; WIDTH] = core::array::from_fn(|i| row[self.input(i)]);
        let mut round = 0;
        let mut sbox = 0;
        let mut sbox_cell = |alg: &mut A, x: A::Value, sbox: &mut usize| {
            let cube = row[self.cube(*sbox)];
            let out = row[self.out(*sbox)];
            let square = alg.mul(x, x);
            constraints.push(alg.mul_sub(square, x, cube));
            let cube_squared = alg.mul(cube, cube);
            constraints.push(alg.mul_sub(cube_squared, x, out));
            *sbox += 1;
            out
        };
        for half in 0..2 {
            for _ in 0..HALF_N_FULL_ROUNDS {
                for (i, s) in state.iter_mut().enumerate() {
                    let x = alg.add_const(*s, round_constant::<F>(round, i));
                    *s = sbox_cell(alg, x, &mut sbox);
                }
                state = mds(alg, &state);
                round += 1;
            }
            if half == 0 {
                for _ in 0..N_PARTIAL_ROUNDS {
                    for (i, s) in state.iter_mut().enumerate() {
                        *s = alg.add_const(*s, round_constant::<F>(round, i));
                    }
                    state[0] = sbox_cell(alg, state[0], &mut sbox);
                    state = mds(alg, &state);
                    round += 1;
                }
            }
        }
        state
    }
}

fn round_constant<F: Field>(round: usize, i: usize) -> F {
    F::from_noncanonical_u64(ALL_ROUND_CONSTANTS[i + WIDTH * round])
}

/// plonky2's MDS layer: a circulant matrix plus a diagonal.
fn mds<F: RichField, A: Algebra<F>>(alg: &mut A, v: &[A::Value; WIDTH]) -> [A::Value; WIDTH] {
    match alg.fast_mds(v) {
        Some(out) => out,
        None => generic_mds(alg, v),
    }
}

/// [`mds`] as twelve products per output, in any algebra.
fn generic_mds<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    v: &[A::Value; WIDTH],
) -> [A::Value; WIDTH] {
    core::array::from_fn(|r| {
        let mut acc = alg.zero();
        for i in 0..WIDTH {
            let c = <F as Poseidon>::MDS_MATRIX_CIRC[i];
            acc = alg.mul_const_add(F::from_canonical_u64(c), v[(i + r) % WIDTH], acc);
        }
        let d = <F as Poseidon>::MDS_MATRIX_DIAG[r];
        if d != 0 {
            acc = alg.mul_const_add(F::from_canonical_u64(d), v[r], acc);
        }
        acc
    })
}

#[cfg(test)]
mod tests {
    use plonky2::field::types::Sample;

    use super::*;
    use crate::F;

    /// The quotient's packed base field takes the delayed-reduction MDS
    /// layer, and it is the generic one lane for lane (non-canonical lanes
    /// included); extension-field values take the generic path.
    #[test]
    fn fast_mds_is_the_generic_one() {
        use plonky2::field::extension::Extendable;
        use plonky2::field::packed::PackedField;
        use solvent_hash::packed::{Packed, LANES};

        use crate::algebra::{Algebra, PackedAlgebra};

        let mut alg = PackedAlgebra::<F, F, Packed, 1>::default();
        for trial in 0..64u64 {
            let v: [Packed; WIDTH] = core::array::from_fn(|i| {
                let lanes: Vec<F> = (0..LANES)
                    .map(|l| match (trial as usize + i + l) % 4 {
                        // Packed lanes may hold any 64-bit representative.
                        0 => plonky2::field::goldilocks_field::GoldilocksField(u64::MAX - trial),
                        _ => F::rand(),
                    })
                    .collect();
                *Packed::from_slice(&lanes)
            });
            let fast = alg
                .fast_mds(&v)
                .expect("packed base field has the fast path");
            let generic = generic_mds(&mut alg, &v);
            for (f, g) in fast.iter().zip(&generic) {
                assert_eq!(f.as_slice(), g.as_slice(), "trial {trial}");
            }
        }
        type E = <F as Extendable<2>>::Extension;
        let mut ext = PackedAlgebra::<F, E, E, 2>::default();
        assert!(ext.fast_mds(&[E::ONE; WIDTH]).is_none());
    }

    /// The output's linear forms give what `fill` computes, for a random input.
    #[test]
    fn output_terms_are_the_output() {
        let columns = PoseidonColumns::new(3);
        let mut row = F::rand_vec(columns.end());
        let output = columns.fill(&mut row);
        for (i, &expected) in output.iter().enumerate() {
            let value: F = columns
                .output_terms::<F>(i)
                .into_iter()
                .map(|(c, k)| row[c] * k)
                .sum();
            assert_eq!(value, expected, "output {i}");
        }
    }
}
