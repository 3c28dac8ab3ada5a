//! The batch AIR's constraints, written once over [`Algebra`].
//!
//! Rows are of four kinds. A *first* row starts an account: it permutes
//! `[id (4), a_1, e_1, d_1, n | TAG_LEAF, 0, 0, 0]` (its first holding and the
//! holding count `n`; the tag sits in the capacity). A *continuation* row
//! permutes the previous row's output with rate positions 0..3 overwritten by
//! the next holding `(a_k, e_k, d_k)`. Holdings are the account's non-zero
//! balances in increasing asset order, so an account costs as many rows as it
//! has holdings: the leaf is the output of its last row. A *merge* row hashes
//! two nodes `[left, right, NODE_TAG, 0, 0, 0]` into their parent. Any other
//! row is idle. Holding rows come first, account after account; an account's last
//! row writes its leaf, a merge row reads its two children and writes its
//! node, all through the cross-table lookup of [`super::tree`], which also
//! reads the public root: so the nodes form the perfect tree of the leaves in
//! order, and its root is the batch root.
//!
//! Per account it proves every amount `< 2^52` (four looked-up 13-bit
//! sub-limbs), `sum_a u_a e_a - v_a d_a >= 0` exactly (equity weights `u`,
//! debt weights `v`; limb sums split by carries), increasing assets and `n` rows. Per batch: the account count
//! equals the public leaf count; the root (over the accounts and the padding
//! subtrees the statement supplies) and the per-asset limb totals do through
//! the cross-table lookups of [`super::tree`] and [`super::totals`].

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
    /// The round's assets: what the trace generator expects of weights and
    /// balances. The constraints and lookups cover the layout's whole
    /// capacity instead, so one STARK (and one wrapper) serves every asset
    /// count of a capacity.
    pub num_assets: usize,
    /// Leaves under the batch root (a power of two).
    pub batch_size: usize,
    /// `log2` of the trace length: room for every holding row of the batch,
    /// its merges and one idle row.
    pub trace_bits: usize,
}

impl BatchParams {
    pub fn new(layout: Layout, num_assets: usize, batch_size: usize, trace_bits: usize) -> Self {
        assert!(num_assets >= 1 && num_assets <= layout.max_assets);
        assert!(batch_size.is_power_of_two() && batch_size <= 1 << MAX_BATCH_BITS);
        assert!(1usize << trace_bits >= RANGE_TABLE_LEN);
        BatchParams {
            layout,
            num_assets,
            batch_size,
            trace_bits,
        }
    }

    /// The smallest trace for a batch of `rows` holding and merge rows
    /// (`trace::rows_needed`): those rows and one idle row, at least the
    /// range table.
    pub fn trace_bits_for(rows: usize) -> usize {
        (rows + 1).max(RANGE_TABLE_LEN).next_power_of_two().ilog2() as usize
    }

    pub fn trace_len(&self) -> usize {
        1 << self.trace_bits
    }
}

/// Merge rows of a batch of `accounts` real accounts: one per node above the
/// leaves with a real leaf below it (`ceil(accounts / 2^l)` at level `l`).
/// The padding subtrees are the statement's (`super::tree::padding_frontier`).
pub fn merges(batch_size: usize, accounts: usize) -> usize {
    let levels = batch_size.ilog2();
    (1..=levels).map(|l| accounts.div_ceil(1 << l)).sum()
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

/// Low (`half = 0`) or high (`half = 1`) 26-bit limb of the equity
/// (`amount = 0`) or debt (`1`) of a row.
fn limb<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    l: &Layout,
    row: &[A::Value],
    amount: usize,
    half: usize,
) -> A::Value {
    let a = row[l.amount_sublimb(amount, 2 * half)];
    let b = row[l.amount_sublimb(amount, 2 * half + 1)];
    alg.mul_const_add(pow2::<F>(SUBLIMB_BITS), b, a)
}

fn amount<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    l: &Layout,
    row: &[A::Value],
    which: usize,
) -> A::Value {
    let sublimbs: Vec<A::Value> = (0..AMOUNT_SUBLIMBS)
        .map(|k| row[l.amount_sublimb(which, k)])
        .collect();
    recompose(alg, &sublimbs)
}

/// This row's contributions to the account's collateral sums: with the
/// holding's 26-bit limbs `e = e_0 + 2^26 e_1`, `d = d_0 + 2^26 d_1` and
/// weights `u = u_0 + 2^26 u_1` (equity), `v = v_0 + 2^26 v_1` (debt),
/// `u e - v d = S_0 + 2^26 S_1 + 2^52 S_2` with
/// `S_0 = u_0 e_0 - v_0 d_0`, `S_1 = u_0 e_1 + u_1 e_0 - v_0 d_1 - v_1 d_0`,
/// `S_2 = u_1 e_1 - v_1 d_1`.
fn collateral_step<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    l: &Layout,
    row: &[A::Value],
) -> [A::Value; SUMS] {
    let e = [limb(alg, l, row, 0, 0), limb(alg, l, row, 0, 1)];
    let d = [limb(alg, l, row, 1, 0), limb(alg, l, row, 1, 1)];
    let u = [row[l.weight(0)], row[l.weight(1)]];
    let v = [row[l.weight(2)], row[l.weight(3)]];
    let mut sums = [alg.zero(), alg.zero(), alg.zero()];
    for i in 0..2 {
        for j in 0..2 {
            let gain = alg.mul(u[i], e[j]);
            let owed = alg.mul(v[i], d[j]);
            let term = alg.sub(gain, owed);
            sums[i + j] = alg.add(sums[i + j], term);
        }
    }
    sums
}

pub fn eval<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    p: &BatchParams,
    local: &[A::Value],
    next: &[A::Value],
    public_inputs: &[A::Value],
) -> Constraints<A::Value> {
    let l = &p.layout;
    let mut c = Constraints::default();
    let one = alg.constant(F::ONE);

    // The permutation of every row.
    let out = PERMUTATION.eval(alg, local, &mut c.every_row);

    // Row kinds: booleans, at most one set.
    let first = local[l.first()];
    let cont = local[l.cont()];
    let merge = local[l.merge()];
    for flag in [first, cont, merge] {
        c.every_row.push(alg.mul_sub(flag, flag, flag));
    }
    let holding = alg.add(first, cont);
    let kind = alg.add(holding, merge);
    c.every_row.push(alg.mul_sub(kind, kind, kind));
    // The trace starts with an account, unless the batch is empty; never
    // with a continuation (it would absorb a free capacity).
    let count_pi = public_inputs[Layout::pi_leaf_count()];
    let first_missing = alg.sub(first, one);
    c.first_row.push(alg.mul(count_pi, first_missing));
    c.first_row.push(cont);
    // A continuation follows a holding row of the same account.
    let next_cont = next[l.cont()];
    let not_holding = alg.sub(one, holding);
    c.transition.push(alg.mul(next_cont, not_holding));
    // `last`: a holding row not followed by a continuation.
    let last = alg.sub(holding, next_cont);

    // The holding's asset and weights: an entry of the round's weight table
    // (`super::weights`) on holding rows, zero elsewhere.
    let asset = local[l.asset()];
    let next_asset = next[l.asset()];
    c.every_row.push(alg.mul(not_holding, asset));
    for k in 0..WEIGHT_LIMBS {
        c.every_row.push(alg.mul(not_holding, local[l.weight(k)]));
    }
    // The weight table: `in_table` is boolean and only table rows count.
    let in_table = local[l.in_table()];
    c.every_row.push(alg.mul_sub(in_table, in_table, in_table));
    let not_in_table = alg.sub(one, in_table);
    c.every_row
        .push(alg.mul(not_in_table, local[l.table_count()]));

    // Permutation inputs.
    let equity = amount(alg, l, local, 0);
    let debt = amount(alg, l, local, 1);
    let holdings = local[l.holdings()];
    let input = |q: usize| local[PERMUTATION.input(q)];
    let leaf_tag = F::from_canonical_u64(tags::LEAF);
    let first_expected: [Option<A::Value>; 12] = {
        let tag = alg.constant(leaf_tag);
        let zero = alg.zero();
        [
            None,
            None,
            None,
            None,
            Some(asset),
            Some(equity),
            Some(debt),
            Some(holdings),
            Some(tag),
            Some(zero),
            Some(zero),
            Some(zero),
        ]
    };
    for (q, expected) in first_expected.iter().enumerate() {
        // The id commitment (`None`) is free.
        if let Some(e) = expected {
            let diff = alg.sub(input(q), *e);
            c.every_row.push(alg.mul(first, diff));
        }
    }
    for (q, expected) in [asset, equity, debt].into_iter().enumerate() {
        let diff = alg.sub(input(q), expected);
        c.every_row.push(alg.mul(cont, diff));
    }
    for q in 3..12 {
        let carried = alg.sub(next[PERMUTATION.input(q)], out[q]);
        c.transition.push(alg.mul(next_cont, carried));
    }

    // Merge rows hash [left, right, NODE, 0, 0, 0]; the children are read
    // through the tree lookup (`super::tree`).
    let node_tag = F::from_canonical_u64(tags::NODE);
    let tag_diff = alg.add_const(input(8), -node_tag);
    c.every_row.push(alg.mul(merge, tag_diff));
    for q in 9..12 {
        c.every_row.push(alg.mul(merge, input(q)));
    }

    // Sub-limbs only on holding rows.
    for amount in 0..AMOUNTS {
        for k in 0..AMOUNT_SUBLIMBS {
            let s = local[l.amount_sublimb(amount, k)];
            c.every_row.push(alg.mul(not_holding, s));
        }
    }

    // Holding index: 1 on the first row, +1 per continuation, `n` on the last.
    let index = local[l.index()];
    let index_minus_one = alg.add_const(index, -F::ONE);
    c.every_row.push(alg.mul(first, index_minus_one));
    let index_step = alg.sub(next[l.index()], index);
    let index_step = alg.add_const(index_step, -F::ONE);
    c.transition.push(alg.mul(next_cont, index_step));
    let same_count = alg.sub(next[l.holdings()], holdings);
    c.transition.push(alg.mul(next_cont, same_count));
    let at_count = alg.sub(index, holdings);
    c.transition.push(alg.mul(last, at_count));

    // Increasing assets within an account: a_next - a - 1 = gap >= 0.
    let gap_next = next[l.gap()];
    let step = alg.sub(next_asset, asset);
    let step = alg.add_const(step, -F::ONE);
    let step = alg.sub(step, gap_next);
    c.transition.push(alg.mul(next_cont, step));
    let not_cont = alg.sub(one, cont);
    c.every_row.push(alg.mul(not_cont, local[l.gap()]));

    // Leaf count: accounts, counted on their first row.
    let count = local[l.leaf_count()];
    c.first_row.push(alg.sub(count, first));
    let count_next = alg.add(count, next[l.first()]);
    c.transition.push(alg.sub(next[l.leaf_count()], count_next));
    c.last_row.push(alg.sub(count, count_pi));

    // Per-asset limb totals: not here but a cross-table lookup of every
    // holding's limbs against the public totals (`super::totals`). Nothing
    // here depends on the round's asset count, only on the capacity: the
    // weights and totals of slots the round leaves unused are public inputs
    // like the others, which the verifier requires to be zero.

    // Collateral: running sums reset at each account's first row ...
    let here = collateral_step(alg, l, local);
    let there = collateral_step(alg, l, next);
    let keep = alg.sub(one, next[l.first()]);
    for i in 0..SUMS {
        let column = l.sum(i);
        c.first_row.push(alg.sub(local[column], here[i]));
        let kept = alg.mul(keep, local[column]);
        let expected = alg.add(kept, there[i]);
        c.transition.push(alg.sub(next[column], expected));
    }
    // ... and on the last row, carried into 26-bit digits:
    // `S_0 = 2^26 q_0 + r_0`, `S_1 + q_0 = 2^26 q_1 + r_1` (`r_j < 2^26`,
    // `|q_0| < 2^36`, `|q_1| < 2^37`) and `S_2 + q_1 = value` in `[0, 2^63)`,
    // so `u . e - v . d = 2^52 value + 2^26 r_1 + r_0 >= 0`: the account is
    // not under water (bounds in docs/SPEC.md section 7 item 4).
    let mut incoming = alg.zero();
    for j in 0..2 {
        let rem_limbs: Vec<A::Value> = (0..REM_SUBLIMBS).map(|k| local[l.rem(j, k)]).collect();
        let rem = recompose(alg, &rem_limbs);
        let carry_limbs: Vec<A::Value> =
            (0..CARRY_SUBLIMBS).map(|k| local[l.carry(j, k)]).collect();
        let shifted = recompose(alg, &carry_limbs);
        let carry = alg.add_const(shifted, -pow2::<F>(CARRY_SHIFT_BITS[j]));
        let sum = alg.add(local[l.sum(j)], incoming);
        let split = alg.mul_const_add(pow2::<F>(2 * SUBLIMB_BITS), carry, rem);
        let diff = alg.sub(sum, split);
        c.transition.push(alg.mul(last, diff));
        incoming = carry;
    }
    let value_limbs: Vec<A::Value> = (0..VALUE_SUBLIMBS).map(|k| local[l.value(k)]).collect();
    let value = recompose(alg, &value_limbs);
    let top = alg.add(local[l.sum(2)], incoming);
    let top_diff = alg.sub(top, value);
    c.transition.push(alg.mul(last, top_diff));

    // The tree (`super::tree`): holding rows write level 0 at the account's
    // position, which counts accounts from 0 over a prefix of holding rows;
    // merge levels are range-checked to be >= 1 (`super::range_lookup`).
    let level = local[l.level()];
    c.every_row.push(alg.mul(holding, level));
    let node = local[l.node()];
    let next_first = next[l.first()];
    c.first_row.push(node);
    let same_node = alg.sub(next[l.node()], node);
    c.transition.push(alg.mul(next_cont, same_node));
    let next_node = alg.add_const(same_node, -F::ONE);
    c.transition.push(alg.mul(next_first, next_node));
    c.transition.push(alg.mul(next_first, not_holding));
    // The last row is no holding row: an account's last row acts through
    // transition constraints (its sign check, its leaf write's `next.cont`).
    c.last_row.push(holding);

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

/// Bits each carry is shifted by to make it non-negative (`|q_0| < 2^36`,
/// `|q_1| < 2^37`).
pub const CARRY_SHIFT_BITS: [usize; 2] = [36, 37];
