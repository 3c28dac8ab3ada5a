//! Each holding's asset and USD weights, bound to the round's public weights
//! by two cross-table lookups through a weight table in the trace.
//!
//! An asset has two weights, each below `2^52` and held as two 26-bit limbs:
//! `u` values its equity (rounded down, after the collateral ratio) and `v`
//! its debt (rounded up), so rounding never favours the exchange. An entry
//! is `(asset, u_0, u_1, v_0, v_1)`; "weight" below means those four limbs.
//!
//! Why: a one-hot asset selector costs one column per asset of the capacity
//! (256 of 536 columns at 200 assets); an entry costs five columns, plus
//! seven for the table, whatever the number of assets.
//!
//! The batch STARK's lookups 2 and 3 (their indices in its
//! `cross_table_lookups`, as in docs/SPEC.md section 7 item 7 and in
//! verification errors):
//!
//! - **Lookup 2: holdings read the table.** Every holding row looks up `(asset,
//!   weight)`; the table rows are the looked side, each with its
//!   multiplicity `table_count`:
//!   `sum_holdings 1/key(asset, weight) = sum_rows table_count/key(table_asset, table_weight)`.
//! - **Lookup 3: the table is the round's.** Every row with `in_table = 1`
//!   looks up `(table_asset, table_weight)`; the looked side is empty and
//!   the verifier closes the sum with the published weights:
//!   `sum_(in_table rows) 1/key(table_asset, table_weight) = sum_(a < capacity) 1/key(a, w_a)`
//!   with `w_a` the published limbs of slot `a`'s weights (zero for the
//!   capacity's slots the round does not use, which the verifier checks).
//!
//! `key(x_0, ..., x_4) = sum_i x_i beta^i + gamma` per challenge pair. With `in_table`
//! boolean, lookup 3 makes the table's entries exactly the entries `(a, w_a)`
//! for `a < capacity`, each once (both sides are sums of fewer than `p` unit
//! fractions, so equal rational functions have equal poles with equal
//! counts). `table_count` is zero outside the table (a constraint), so the
//! looked side of lookup 2 has only those distinct entries, and every
//! holding's entry must be one of them: its asset is a slot of the capacity
//! and its weight that slot's. (A holding in a slot the round does not use
//! shows in that slot's totals, which the verifier requires to be zero.) (Not a single-column lookup of an encoding
//! such as `asset + 2^11 weight`: without a range check on `asset` such an
//! encoding is not injective.)

use plonky2::field::types::Field;
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::cross_table_lookup::{CrossTableLookup, TableWithColumns};
use starky::lookup::{Column, Filter, GrandProductChallengeSet};

use super::constraints::BatchParams;
use super::layout::{Layout, WEIGHT_LIMBS};
use crate::{ctl, D, F};

/// Looking entries of each of the two lookups (one: no helper column).
pub const READS: usize = 1;

/// The entry `(asset, weight limbs)` read from the given columns.
fn entry(asset: usize, weight: impl Fn(usize) -> usize, filter: Column<F>) -> TableWithColumns<F> {
    let mut columns = vec![Column::single(asset)];
    columns.extend((0..WEIGHT_LIMBS).map(|k| Column::single(weight(k))));
    TableWithColumns::new(0, columns, Filter::new_simple(filter))
}

/// Lookup 2: holding rows read `(asset, weight)` from the table.
pub fn holdings_lookup(l: &Layout) -> CrossTableLookup<F> {
    let holding = Column::sum([l.first(), l.cont()]);
    CrossTableLookup::new(
        vec![entry(l.asset(), |k| l.weight(k), holding)],
        entry(
            l.table_asset(),
            |k| l.table_weight(k),
            Column::single(l.table_count()),
        ),
    )
}

/// Lookup 3: the table's rows against the published weights (empty looked
/// side, closed by [`table_published_sums`]).
pub fn table_lookup(l: &Layout) -> CrossTableLookup<F> {
    let nothing = TableWithColumns::new(
        0,
        vec![Column::zero(); 1 + WEIGHT_LIMBS],
        Filter::new_simple(Column::zero()),
    );
    CrossTableLookup::new(
        vec![entry(
            l.table_asset(),
            |k| l.table_weight(k),
            Column::single(l.in_table()),
        )],
        nothing,
    )
}

/// Lookup 2 involves no public input.
pub fn holdings_published_sums(challenges: &GrandProductChallengeSet<F>) -> Vec<F> {
    vec![F::ZERO; challenges.challenges.len()]
}

/// [`holdings_published_sums`] in a circuit.
pub fn holdings_published_sums_circuit(
    builder: &mut CircuitBuilder<F, D>,
    challenges: &GrandProductChallengeSet<Target>,
) -> Vec<Target> {
    vec![builder.zero(); challenges.challenges.len()]
}

/// `-sum_(a < capacity) 1/key(a, w_a)` for each challenge: the published
/// table, a slot the round leaves unused with its (published, zero) weight.
pub fn table_published_sums(
    params: &BatchParams,
    challenges: &GrandProductChallengeSet<F>,
    public_inputs: &[F],
) -> Vec<F> {
    ctl::subtracted_terms(challenges, |challenge| {
        (0..params.layout.max_assets)
            .map(|a| {
                let mut key = vec![F::from_canonical_usize(a)];
                key.extend((0..WEIGHT_LIMBS).map(|k| public_inputs[Layout::pi_weight(a, k)]));
                challenge.combine::<F, F, _, 1>(key.iter()).inverse()
            })
            .collect()
    })
}

/// [`table_published_sums`] in a circuit.
pub fn table_published_sums_circuit(
    builder: &mut CircuitBuilder<F, D>,
    params: &BatchParams,
    challenges: &GrandProductChallengeSet<Target>,
    public_inputs: &[Target],
) -> Vec<Target> {
    ctl::subtracted_terms_circuit(builder, challenges, |builder, challenge| {
        (0..params.layout.max_assets)
            .map(|a| {
                let mut key = vec![builder.constant(F::from_canonical_usize(a))];
                key.extend((0..WEIGHT_LIMBS).map(|k| public_inputs[Layout::pi_weight(a, k)]));
                let combined = challenge.combine_base_circuit(builder, &key);
                builder.inverse(combined)
            })
            .collect()
    })
}
