//! The batch AIR's constraints, written once over [`Algebra`].
//!
//! Rows are of three kinds. An *absorb* row (one of the `phase_j` flags set)
//! permutes the next `RATE` elements of an account's leaf preimage; the
//! phases of one account are consecutive rows, so its leaf is the last
//! phase's output, exactly plonky2's `hash_n_to_hash_no_pad`. A *merge* row
//! hashes the two top subtrees of the Merkle stack into a node. Any other row
//! is idle. The transition out of a last-phase row pushes the leaf on the
//! stack; merges are allowed only between subtrees of equal leaf count, so the
//! one subtree left at the end, of `batch_size` leaves, is the perfect tree of
//! the leaves in order: the batch root.
//!
//! Per account it proves every amount `< 2^52` (four looked-up 13-bit
//! sub-limbs), `sum_a w_a (e_a - d_a) >= 0` exactly (limb sums split by a
//! carry), and that padding accounts (after the real ones) are all zero. Per
//! batch: the running per-asset limb totals, the real-account count and the
//! root equal the public inputs.

use plonky2::field::types::Field;
use plonky2::hash::hash_types::RichField;
use solvent_commit::tags;

use super::layout::*;
use crate::algebra::Algebra;
use crate::constraints::Constraints;

/// The parts of a batch statement fixed by the circuit rather than the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchParams {
    pub layout: Layout,
    pub num_assets: usize,
    /// Leaves under the batch root (a power of two).
    pub batch_size: usize,
}

impl BatchParams {
    pub fn new(layout: Layout, num_assets: usize, batch_size: usize) -> Self {
        assert!(num_assets >= 1 && num_assets <= layout.max_assets);
        assert!(batch_size.is_power_of_two() && batch_size < 1 << (STACK_SLOTS - 1));
        BatchParams {
            layout,
            num_assets,
            batch_size,
        }
    }

    pub fn phases(&self) -> usize {
        Layout::phases_for(self.num_assets)
    }

    /// Rows used by the accounts and merges of one batch.
    pub fn rows_used(&self) -> usize {
        self.batch_size * self.phases() + self.batch_size - 1
    }

    /// The trace length: a power of two holding every row, one idle row after
    /// the last merge (whose result the last row must show), and the range table.
    pub fn trace_len(&self) -> usize {
        (self.rows_used() + 1)
            .max(RANGE_TABLE_LEN)
            .next_power_of_two()
    }
}

fn pow2<F: Field>(bits: usize) -> F {
    F::from_canonical_u64(1u64 << bits)
}

/// `sum_k 2^(13 k) x_k`.
fn recompose<F: RichField, A: Algebra<F>>(alg: &mut A, limbs: &[A::Value]) -> A::Value {
    let mut acc = alg.zero();
    for &x in limbs.iter().rev() {
        acc = alg.mul_const_add(pow2::<F>(SUBLIMB_BITS), acc, x);
    }
    acc
}

/// Low (`half = 0`) or high (`half = 1`) 26-bit limb of the amount at position `q`.
fn amount_limb<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    l: &Layout,
    row: &[A::Value],
    q: usize,
    half: usize,
) -> A::Value {
    let a = row[l.amount_sublimb(q, 2 * half)];
    let b = row[l.amount_sublimb(q, 2 * half + 1)];
    alg.mul_const_add(pow2::<F>(SUBLIMB_BITS), b, a)
}

/// This row's contributions to the account's collateral sums `(low, high)`.
fn collateral_step<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    p: &BatchParams,
    row: &[A::Value],
    weights: &[A::Value],
) -> (A::Value, A::Value) {
    let l = &p.layout;
    let mut sums = [alg.zero(), alg.zero()];
    for j in 0..p.phases() {
        for q in 0..RATE {
            if let Source::Amount { asset, debt } = source(p.num_assets, j, q) {
                for (half, sum) in sums.iter_mut().enumerate() {
                    let limb = amount_limb(alg, l, row, q, half);
                    let selected = alg.mul(row[l.phase(j)], limb);
                    let weighted = alg.mul(weights[asset], selected);
                    *sum = if debt {
                        alg.sub(*sum, weighted)
                    } else {
                        alg.add(*sum, weighted)
                    };
                }
            }
        }
    }
    (sums[0], sums[1])
}

/// The phase and rate position where asset `a`'s equity (or debt) is absorbed.
fn amount_position(a: usize, debt: bool) -> (usize, usize) {
    let n = 5 + 2 * a + usize::from(debt);
    (n / RATE, n % RATE)
}

/// This row's contribution to limb `k` (`e_lo, e_hi, d_lo, d_hi`) of asset `a`'s total.
fn total_step<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    p: &BatchParams,
    row: &[A::Value],
    a: usize,
    k: usize,
) -> A::Value {
    let (j, q) = amount_position(a, k >= 2);
    debug_assert_eq!(
        source(p.num_assets, j, q),
        Source::Amount {
            asset: a,
            debt: k >= 2
        }
    );
    let limb = amount_limb(alg, &p.layout, row, q, k % 2);
    alg.mul(row[p.layout.phase(j)], limb)
}

pub fn eval<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    p: &BatchParams,
    local: &[A::Value],
    next: &[A::Value],
    public_inputs: &[A::Value],
) -> Constraints<A::Value> {
    let l = &p.layout;
    let phases = p.phases();
    let mut c = Constraints::default();
    let one = alg.constant(F::ONE);

    // The permutation of every row.
    let out = PERMUTATION.eval(alg, local, &mut c.every_row);

    // Row kind flags: booleans, at most one set; unused phases never set.
    let mut kind = alg.zero();
    for j in 0..l.max_phases() {
        let flag = local[l.phase(j)];
        if j < phases {
            c.every_row.push(alg.mul_sub(flag, flag, flag));
            kind = alg.add(kind, flag);
        } else {
            c.every_row.push(flag);
        }
    }
    let merge = local[l.merge()];
    c.every_row.push(alg.mul_sub(merge, merge, merge));
    kind = alg.add(kind, merge);
    c.every_row.push(alg.mul_sub(kind, kind, kind));
    let real = local[l.real()];
    c.every_row.push(alg.mul_sub(real, real, real));

    // An account's phases are consecutive rows; the trace starts with one.
    for j in 0..phases - 1 {
        c.transition
            .push(alg.sub(next[l.phase(j + 1)], local[l.phase(j)]));
    }
    c.first_row.push(alg.sub(local[l.phase(0)], one));

    // Sources of the permutation input on absorb rows.
    let not_real = alg.sub(one, real);
    for q in 0..poseidon_width() {
        let input = local[PERMUTATION.input(q)];
        let mut fixed = alg.zero(); // sum_j phase_j * (input - expected)
        let mut amount_here = alg.zero();
        let mut carry_next = alg.zero();
        for j in 0..phases {
            let flag = local[l.phase(j)];
            match source(p.num_assets, j, q) {
                Source::Tag => {
                    let tag = F::from_canonical_u64(tags::LEAF);
                    let diff = alg.add_const(input, -tag);
                    let term = alg.mul(flag, diff);
                    fixed = alg.add(fixed, term);
                }
                Source::Id(_) => {
                    // Padding accounts have a zero id commitment.
                    let gated = alg.mul(flag, not_real);
                    c.every_row.push(alg.mul(gated, input));
                }
                Source::Amount { .. } => {
                    let amount = recompose(alg, &amount_sublimbs(l, local, q));
                    let diff = alg.sub(input, amount);
                    let term = alg.mul(flag, diff);
                    fixed = alg.add(fixed, term);
                    amount_here = alg.add(amount_here, flag);
                }
                Source::Zero => {
                    let term = alg.mul(flag, input);
                    fixed = alg.add(fixed, term);
                }
                Source::Carry => {
                    carry_next = alg.add(carry_next, next[l.phase(j)]);
                }
            }
        }
        c.every_row.push(fixed);
        if q < RATE {
            // Sub-limbs are zero where no amount is absorbed, and on padding accounts.
            let not_amount = alg.sub(one, amount_here);
            for k in 0..AMOUNT_SUBLIMBS {
                let s = local[l.amount_sublimb(q, k)];
                c.every_row.push(alg.mul(not_amount, s));
                c.every_row.push(alg.mul(not_real, s));
            }
        }
        let carried = alg.sub(next[PERMUTATION.input(q)], out[q]);
        c.transition.push(alg.mul(carry_next, carried));
    }

    // Merge rows hash [left = slot 1, right = slot 0, NODE, 0, 0, 0].
    for i in 0..4 {
        let left = alg.sub(local[PERMUTATION.input(i)], local[l.stack_hash(1, i)]);
        c.every_row.push(alg.mul(merge, left));
        let right = alg.sub(local[PERMUTATION.input(4 + i)], local[l.stack_hash(0, i)]);
        c.every_row.push(alg.mul(merge, right));
    }
    let node_tag = F::from_canonical_u64(tags::NODE);
    let tag_diff = alg.add_const(local[PERMUTATION.input(8)], -node_tag);
    c.every_row.push(alg.mul(merge, tag_diff));
    for q in 9..12 {
        c.every_row
            .push(alg.mul(merge, local[PERMUTATION.input(q)]));
    }

    // Real accounts first, then padding; an account is real in all its rows.
    let real_next = next[l.real()];
    c.transition.push(alg.mul(real_next, not_real));
    let mut inside_account = alg.zero();
    for j in 0..phases - 1 {
        inside_account = alg.add(inside_account, local[l.phase(j)]);
    }
    let real_step = alg.sub(real_next, real);
    c.transition.push(alg.mul(inside_account, real_step));

    // Leaf count: real accounts, counted on their first phase.
    let count = local[l.leaf_count()];
    c.first_row.push(alg.sub(count, real));
    let started = alg.mul(real_next, next[l.phase(0)]);
    let count_next = alg.add(count, started);
    c.transition.push(alg.sub(next[l.leaf_count()], count_next));
    c.last_row
        .push(alg.sub(count, public_inputs[Layout::pi_leaf_count()]));

    // Per-asset limb totals.
    for a in 0..l.max_assets {
        for k in 0..4 {
            let total = local[l.total(a, k)];
            c.last_row
                .push(alg.sub(total, public_inputs[l.pi_total(a, k)]));
            if a >= p.num_assets {
                c.every_row.push(total);
                continue;
            }
            let here = total_step(alg, p, local, a, k);
            c.first_row.push(alg.sub(total, here));
            let there = total_step(alg, p, next, a, k);
            let expected = alg.add(total, there);
            c.transition.push(alg.sub(next[l.total(a, k)], expected));
        }
    }
    for a in p.num_assets..l.max_assets {
        c.first_row.push(public_inputs[Layout::pi_weight(a)]);
    }

    // Collateral: running sums reset at each account's first phase ...
    let weights: Vec<A::Value> = (0..p.num_assets)
        .map(|a| public_inputs[Layout::pi_weight(a)])
        .collect();
    let (low_here, high_here) = collateral_step(alg, p, local, &weights);
    let (low_there, high_there) = collateral_step(alg, p, next, &weights);
    let keep = alg.sub(one, next[l.phase(0)]);
    for (column, here, there) in [
        (l.low(), low_here, low_there),
        (l.high(), high_here, high_there),
    ] {
        c.first_row.push(alg.sub(local[column], here));
        let kept = alg.mul(keep, local[column]);
        let expected = alg.add(kept, there);
        c.transition.push(alg.sub(next[column], expected));
    }
    // ... and on the last phase: low = carry * 2^26 + rem with |carry| < 2^36,
    // and high + carry = value in [0, 2^63), i.e. the account is not under water.
    let last = local[l.phase(phases - 1)];
    let rem = recompose(
        alg,
        &column_values(local, (0..REM_SUBLIMBS).map(|k| l.rem(k))),
    );
    let shifted = recompose(
        alg,
        &column_values(local, (0..CARRY_SUBLIMBS).map(|k| l.carry(k))),
    );
    let carry = alg.add_const(shifted, -pow2::<F>(CARRY_SHIFT_BITS));
    let value = recompose(
        alg,
        &column_values(local, (0..VALUE_SUBLIMBS).map(|k| l.value(k))),
    );
    let split = alg.mul_const_add(pow2::<F>(2 * SUBLIMB_BITS), carry, rem);
    let low_diff = alg.sub(local[l.low()], split);
    c.every_row.push(alg.mul(last, low_diff));
    let total_high = alg.add(local[l.high()], carry);
    let high_diff = alg.sub(total_high, value);
    c.every_row.push(alg.mul(last, high_diff));

    // The Merkle stack. `push` after a last phase, `merge` on merge rows,
    // otherwise every slot is kept.
    let push = last;
    let moved = alg.add(push, merge);
    let keep = alg.sub(one, moved);
    #[allow(clippy::needless_range_loop)] // `i` picks a hash element or the count
    for slot in 0..STACK_SLOTS {
        for i in 0..5 {
            let column = |s: usize| {
                if i < 4 {
                    l.stack_hash(s, i)
                } else {
                    l.stack_count(s)
                }
            };
            let kept = alg.mul(keep, local[column(slot)]);
            let expected = if slot == 0 {
                // The new top: the leaf (count 1) or the node (twice the count).
                let produced = if i < 4 {
                    alg.mul(moved, out[i])
                } else {
                    let doubled = alg.add(local[column(0)], local[column(0)]);
                    let merged = alg.mul(merge, doubled);
                    alg.add(push, merged)
                };
                alg.add(kept, produced)
            } else {
                let pushed_down = alg.mul(push, local[column(slot - 1)]);
                let with_push = alg.add(kept, pushed_down);
                if slot + 1 < STACK_SLOTS {
                    let popped_up = alg.mul(merge, local[column(slot + 1)]);
                    alg.add(with_push, popped_up)
                } else {
                    with_push
                }
            };
            c.transition.push(alg.sub(next[column(slot)], expected));
        }
    }
    // Merge only equal subtrees; never push a subtree off the bottom.
    let count_diff = alg.sub(local[l.stack_count(0)], local[l.stack_count(1)]);
    c.every_row.push(alg.mul(merge, count_diff));
    c.every_row
        .push(alg.mul(push, local[l.stack_count(STACK_SLOTS - 1)]));
    // Empty at the start; one subtree of `batch_size` leaves at the end.
    for slot in 0..STACK_SLOTS {
        c.first_row.push(local[l.stack_count(slot)]);
        if slot > 0 {
            c.last_row.push(local[l.stack_count(slot)]);
        }
    }
    let full = F::from_canonical_usize(p.batch_size);
    c.last_row
        .push(alg.add_const(local[l.stack_count(0)], -full));
    for i in 0..4 {
        c.last_row
            .push(alg.sub(local[l.stack_hash(0, i)], public_inputs[Layout::pi_root(i)]));
    }

    // The range table: 0, 1, ..., 2^13 - 1, then repeated.
    let table = local[l.range_table()];
    c.first_row.push(table);
    let step = alg.sub(next[l.range_table()], table);
    let step_minus_one = alg.add_const(step, -F::ONE);
    c.transition.push(alg.mul(step, step_minus_one));
    let top = F::from_canonical_usize(RANGE_TABLE_LEN - 1);
    c.last_row.push(alg.add_const(table, -top));

    c
}

/// Bits the carry is shifted by to make it non-negative (`|carry| < 2^36`).
pub const CARRY_SHIFT_BITS: usize = 36;

fn poseidon_width() -> usize {
    crate::poseidon::WIDTH
}

fn amount_sublimbs<V: Copy>(l: &Layout, row: &[V], q: usize) -> Vec<V> {
    (0..AMOUNT_SUBLIMBS)
        .map(|k| row[l.amount_sublimb(q, k)])
        .collect()
}

fn column_values<V: Copy>(row: &[V], columns: impl Iterator<Item = usize>) -> Vec<V> {
    columns.map(|c| row[c]).collect()
}
