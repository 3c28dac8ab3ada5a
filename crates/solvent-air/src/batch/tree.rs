//! The batch's Merkle tree as a cross-table lookup of the trace into itself.
//!
//! Every node is written once and read once. Writes (the looked side): an
//! account's last holding row writes its leaf `(0, position, leaf)`, a merge
//! row writes `(level, index, node)`, and the statement writes the roots of
//! the all-padding subtrees past the real leaves ([`padding_frontier`]).
//! Reads (the looking side): a merge row at `(level, index)` reads its
//! children `(level - 1, 2 index, left)` and `(level - 1, 2 index + 1,
//! right)`, which are its permutation's inputs; the statement reads the root
//! `(L, 0, root)`, `L = log2(batch_size)` the public height. So per challenge:
//!
//! `sum_merges [1/key(left) + 1/key(right)] + 1/key(L, 0, root)
//!   = sum_writes 1/key(write) + sum_frontier 1/key(l, index, P_l)`.
//!
//! Why this is the tree (docs/SPEC.md section 7 item 2): merge levels are
//! range-checked to `[1, 2^13]`, so a write at level `l` can only be read by
//! a merge at `l + 1`, and written nodes above `L` could never be read: the
//! only write at level `L` is the root's. Going down, the reads at level
//! `l - 1` are exactly the children of the writes at level `l`, each index
//! once, so the writes at level `l - 1` are too: the statement's padding
//! nodes where the frontier has them, merges elsewhere. At level 0 that
//! leaves the positions `0 .. count` to the trace, each once: every account
//! of the batch (positions count accounts from 0) in order, and the padding
//! slots are never hashed. Replaces an 85-column Merkle stack by two columns
//! (`level`, `node`) and one helper and two sums per challenge.

use plonky2::field::types::{Field, PrimeField64};
use plonky2::iop::target::{BoolTarget, Target};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::cross_table_lookup::{CrossTableLookup, TableWithColumns};
use starky::lookup::{Column, Filter, GrandProductChallengeSet};

use super::constraints::BatchParams;
use super::layout::{Layout, MAX_BATCH_BITS, PERMUTATION};
use crate::{D, F};
use solvent_commit::merkle::padding_nodes;

/// A node's key: level, index and the four digest elements.
pub const KEY_WIDTH: usize = 6;

/// The tree's height: the root's level.
pub fn root_level(params: &BatchParams) -> usize {
    params.batch_size.ilog2() as usize
}

/// A child read by a merge row: `(level - 1, 2 index + side, input[4 side ..])`.
fn child(l: &Layout, side: usize) -> TableWithColumns<F> {
    let mut columns = vec![
        Column::linear_combination_with_constant([(l.level(), F::ONE)], -F::ONE),
        Column::linear_combination_with_constant(
            [(l.node(), F::TWO)],
            F::from_canonical_usize(side),
        ),
    ];
    columns.extend((0..4).map(|i| Column::single(PERMUTATION.input(4 * side + i))));
    TableWithColumns::new(0, columns, Filter::new_simple(Column::single(l.merge())))
}

/// The node a row writes: its output, on an account's last holding row
/// (`first + cont - next.cont`) and on merge rows.
fn written(l: &Layout) -> TableWithColumns<F> {
    let mut columns = vec![Column::single(l.level()), Column::single(l.node())];
    columns.extend((0..4).map(|i| Column::linear_combination(PERMUTATION.output_terms::<F>(i))));
    let filter = Column::linear_combination_and_next_row_with_constant(
        vec![(l.first(), F::ONE), (l.cont(), F::ONE), (l.merge(), F::ONE)],
        vec![(l.cont(), -F::ONE)],
        F::ZERO,
    );
    TableWithColumns::new(0, columns, Filter::new_simple(filter))
}

pub fn lookup(l: &Layout) -> CrossTableLookup<F> {
    CrossTableLookup::new(vec![child(l, 0), child(l, 1)], written(l))
}

/// Looking entries of the lookup: the two children.
pub const READS: usize = 2;

/// The all-padding subtrees that complete a batch of `count` real leaves to
/// the perfect tree under a root at level `root_level`, as `(level, index)`:
/// the maximal subtrees of the slots `count .. 2^root_level`. With
/// `last = count - 1`, level `l < root_level` has one when bit `l` of `last`
/// is 0, at index `(last >> l) + 1` (the right sibling of the last node with
/// a real leaf); an empty batch is one padding subtree, its root. The
/// statement writes these nodes (docs/SPEC.md section 7 item 2), so the trace
/// hashes real accounts only.
pub fn padding_frontier(count: u64, root_level: usize) -> Vec<(usize, u64)> {
    match count.checked_sub(1) {
        None => vec![(root_level, 0)],
        Some(last) => (0..root_level)
            .filter(|&l| (last >> l) & 1 == 0)
            .map(|l| (l, (last >> l) + 1))
            .collect(),
    }
}

/// The key of a node, `(level, index, digest)`.
fn node_key<T: Copy>(level: T, index: T, digest: [T; 4]) -> [T; KEY_WIDTH] {
    [level, index, digest[0], digest[1], digest[2], digest[3]]
}

fn public_root<T: Copy>(public_inputs: &[T]) -> [T; 4] {
    core::array::from_fn(|i| public_inputs[Layout::pi_root(i)])
}

/// The batch height `L` the public inputs state, if a batch can have it
/// (`1..=MAX_BATCH_BITS`).
pub fn public_height(public_inputs: &[F]) -> Option<usize> {
    let height = public_inputs[Layout::pi_height()].to_canonical_u64();
    (1..=MAX_BATCH_BITS as u64)
        .contains(&height)
        .then_some(height as usize)
}

/// For each challenge, the root's read `1 / key(L, 0, root)` minus the
/// padding subtrees' writes `1 / key(l, index, P_l)` ([`padding_frontier`]
/// of the public leaf count), `L` the public height; `None` if that is not
/// a height a batch can have. A count above `2^L` leaves writes that no
/// merge can read, so the lookup fails.
pub fn published_sums(
    challenges: &GrandProductChallengeSet<F>,
    public_inputs: &[F],
) -> Option<Vec<F>> {
    let root_level = public_height(public_inputs)?;
    let count = public_inputs[Layout::pi_leaf_count()].to_canonical_u64();
    let pads = padding_nodes(root_level);
    let frontier = padding_frontier(count, root_level);
    let root_key = node_key(
        F::from_canonical_usize(root_level),
        F::ZERO,
        public_root(public_inputs),
    );
    let sums = challenges
        .challenges
        .iter()
        .map(|challenge| {
            let inverse =
                |key: [F; KEY_WIDTH]| challenge.combine::<F, F, _, 1>(key.iter()).inverse();
            let writes: F = frontier
                .iter()
                .map(|&(level, index)| {
                    inverse(node_key(
                        F::from_canonical_usize(level),
                        F::from_canonical_u64(index),
                        pads[level].0,
                    ))
                })
                .sum();
            inverse(root_key) - writes
        })
        .collect();
    Some(sums)
}

/// The public height `L` in a circuit, as one flag `[L = l]` per height a
/// batch can have, exactly one of them set: this is what keeps `L` in
/// `1..=MAX_BATCH_BITS`, and what selects `P_L` and `2^L` without a
/// constant per batch size.
pub struct HeightTargets {
    pub height: Target,
    /// `is[l] = [L = l]` for `l` in `0..=MAX_BATCH_BITS` (`is[0]` is false).
    is: Vec<BoolTarget>,
}

impl HeightTargets {
    pub fn new(builder: &mut CircuitBuilder<F, D>, public_inputs: &[Target]) -> Self {
        let height = public_inputs[Layout::pi_height()];
        let mut is = vec![builder._false()];
        for l in 1..=MAX_BATCH_BITS {
            let l = builder.constant(F::from_canonical_usize(l));
            is.push(builder.is_equal(height, l));
        }
        let set = builder.add_many(is.iter().map(|flag| flag.target));
        let one = builder.one();
        builder.connect(set, one);
        HeightTargets { height, is }
    }

    /// `[l < L]`.
    pub fn below(&self, builder: &mut CircuitBuilder<F, D>, l: usize) -> BoolTarget {
        let above = builder.add_many(self.is[l + 1..].iter().map(|flag| flag.target));
        // A sum of flags of which exactly one is set.
        BoolTarget::new_unsafe(above)
    }

    /// `table[L]`: `sum_l [L = l] table[l]`.
    pub fn select(&self, builder: &mut CircuitBuilder<F, D>, table: &[F]) -> Target {
        let mut acc = builder.zero();
        for (flag, &value) in self.is.iter().zip(table) {
            acc = builder.mul_const_add(value, flag.target, acc);
        }
        acc
    }

    /// `P_L`, the root of an all-padding subtree of the batch's height.
    pub fn padding_root(&self, builder: &mut CircuitBuilder<F, D>) -> [Target; 4] {
        let pads = padding_nodes(MAX_BATCH_BITS);
        core::array::from_fn(|i| {
            let column: Vec<F> = pads.iter().map(|pad| pad.0[i]).collect();
            self.select(builder, &column)
        })
    }

    /// `2^L`, the leaves under the batch root.
    pub fn leaves(&self, builder: &mut CircuitBuilder<F, D>) -> Target {
        let powers: Vec<F> = (0..=MAX_BATCH_BITS)
            .map(|l| F::from_canonical_u64(1 << l))
            .collect();
        self.select(builder, &powers)
    }
}

/// [`published_sums`] in a circuit. The frontier follows the bits of
/// `count - 1 + [count = 0]`, which must have none at or above `L`, so the
/// count is at most `2^L`.
pub fn published_sums_circuit(
    builder: &mut CircuitBuilder<F, D>,
    challenges: &GrandProductChallengeSet<Target>,
    public_inputs: &[Target],
) -> Vec<Target> {
    let height = HeightTargets::new(builder, public_inputs);
    let pads = padding_nodes(MAX_BATCH_BITS);
    let count = public_inputs[Layout::pi_leaf_count()];
    let zero = builder.zero();
    let one = builder.one();
    let empty = builder.is_equal(count, zero);
    let shifted = builder.add(count, empty.target);
    let last = builder.sub(shifted, one);
    let bits = builder.split_le(last, MAX_BATCH_BITS);
    let not_empty = builder.not(empty);
    // Per level: the frontier's index and whether it has a node there (only
    // below `L`, where `last` may have bits).
    let frontier: Vec<(Target, Target)> = (0..MAX_BATCH_BITS)
        .map(|l| {
            let below = height.below(builder, l);
            let beyond = builder.not(below);
            let stray = builder.and(bits[l], beyond);
            builder.assert_zero(stray.target);
            let above = builder.le_sum(bits[l..].iter());
            let index = builder.add(above, one);
            let not_bit = builder.not(bits[l]);
            let present = builder.and(not_empty, not_bit);
            let present = builder.and(present, below);
            (index, present.target)
        })
        .collect();
    let root_key = node_key(height.height, zero, public_root(public_inputs));
    let empty_key = {
        let digest = height.padding_root(builder);
        node_key(height.height, zero, digest)
    };
    let level_keys: Vec<[Target; KEY_WIDTH]> = frontier
        .iter()
        .enumerate()
        .map(|(level, &(index, _))| {
            let digest = core::array::from_fn(|i| builder.constant(pads[level].0[i]));
            let level = builder.constant(F::from_canonical_usize(level));
            node_key(level, index, digest)
        })
        .collect();
    challenges
        .challenges
        .iter()
        .map(|challenge| {
            let inverse = |builder: &mut CircuitBuilder<F, D>, key: &[Target; KEY_WIDTH]| {
                let combined = challenge.combine_base_circuit(builder, key);
                builder.inverse(combined)
            };
            let mut sum = inverse(builder, &root_key);
            let write = inverse(builder, &empty_key);
            let write = builder.mul(empty.target, write);
            sum = builder.sub(sum, write);
            for (key, &(_, present)) in level_keys.iter().zip(&frontier) {
                let write = inverse(builder, key);
                let write = builder.mul(present, write);
                sum = builder.sub(sum, write);
            }
            sum
        })
        .collect()
}
