//! The batch's Merkle tree as a cross-table lookup of the trace into itself.
//!
//! Every node is written once and read once. Writes (the looked side): an
//! account's last holding row writes its leaf `(0, position, leaf)`, a merge
//! row writes `(level, index, node)`. Reads (the looking side): a merge row at
//! `(level, index)` reads its children `(level - 1, 2 index, left)` and
//! `(level - 1, 2 index + 1, right)`, which are its permutation's inputs; the
//! verifier adds one read of the root `(L, 0, root)` from the public inputs,
//! `L = log2(batch_size)`. So per challenge:
//!
//! `sum_merges [1/key(left) + 1/key(right)] + 1/key(L, 0, root) = sum_writes 1/key(write)`.
//!
//! Why this is the tree (docs/SPEC.md section 7 item 2): merge levels are
//! range-checked to `[1, 2^13]`, so a write at level `l` can only be read by
//! a merge at `l + 1`, and written nodes above `L` could never be read: the
//! only writes at level `L` are the root's one. Going down, the reads at
//! level `l - 1` are exactly the children of the writes at level `l`, each
//! index once, so the writes at level `l - 1` are too, and at level 0 the
//! leaves of positions `0 .. batch_size` each once: every account of the
//! batch (positions count accounts from 0) in order. Replaces an 85-column
//! Merkle stack by two columns (`level`, `node`) and one helper and two sums
//! per challenge.

use plonky2::field::types::Field;
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::cross_table_lookup::{CrossTableLookup, TableWithColumns};
use starky::lookup::{Column, Filter, GrandProductChallengeSet};

use super::constraints::BatchParams;
use super::layout::{Layout, PERMUTATION};
use crate::{D, F};

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

/// The key of the root read, `(L, 0, root)`.
fn root_key<T: Copy>(level: T, zero: T, public_inputs: &[T]) -> [T; KEY_WIDTH] {
    let mut key = [zero; KEY_WIDTH];
    key[0] = level;
    for i in 0..4 {
        key[2 + i] = public_inputs[Layout::pi_root(i)];
    }
    key
}

/// `1 / key(L, 0, root)` for each challenge: the root's read.
pub fn published_sums(
    params: &BatchParams,
    challenges: &GrandProductChallengeSet<F>,
    public_inputs: &[F],
) -> Vec<F> {
    let key = root_key(
        F::from_canonical_usize(root_level(params)),
        F::ZERO,
        public_inputs,
    );
    challenges
        .challenges
        .iter()
        .map(|challenge| challenge.combine::<F, F, _, 1>(key.iter()).inverse())
        .collect()
}

/// [`published_sums`] in a circuit.
pub fn published_sums_circuit(
    builder: &mut CircuitBuilder<F, D>,
    params: &BatchParams,
    challenges: &GrandProductChallengeSet<Target>,
    public_inputs: &[Target],
) -> Vec<Target> {
    let level = builder.constant(F::from_canonical_usize(root_level(params)));
    let zero = builder.zero();
    let key = root_key(level, zero, public_inputs);
    challenges
        .challenges
        .iter()
        .map(|challenge| {
            let combined = challenge.combine_base_circuit(builder, &key);
            builder.inverse(combined)
        })
        .collect()
}
