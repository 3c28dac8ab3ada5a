//! The batch AIR: every account of a batch (range checks, collateral, leaf
//! hash), the batch's Merkle subtree and its per-asset totals, in one starky
//! trace with four cross-table lookups into itself and its public inputs
//! ([`totals`], [`tree`], and the two of [`weights`]). See [`constraints`]
//! for what it proves and [`layout`] for the columns.

pub mod constraints;
pub mod layout;
pub mod totals;
pub mod trace;
pub mod tree;
pub mod weights;

use plonky2::field::extension::FieldExtension;
use plonky2::field::packed::PackedField;
use plonky2::field::types::Field;
use plonky2::iop::ext_target::ExtensionTarget;
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::constraint_consumer::{ConstraintConsumer, RecursiveConstraintConsumer};
use starky::cross_table_lookup::CrossTableLookup;
use starky::evaluation_frame::StarkFrame;
use starky::lookup::{Column, Filter, GrandProductChallengeSet, Lookup};
use starky::stark::Stark;

pub use constraints::BatchParams;
pub use layout::Layout;
pub use trace::{Account, BatchTrace, TraceError, Weight};

use crate::ctl::PublishedLookups;
use crate::{D, F};

/// The range lookup shared by every capacity: each range-checked column (and
/// each shorter top sub-limb shifted to 13 bits) must appear in the 13-bit table column,
/// and so must `level - 1` on merge rows.
fn range_lookup(layout: &Layout) -> Lookup<F> {
    let mut columns = Vec::new();
    for (column, shift) in layout.range_checked() {
        columns.push(Column::single(column));
        if let Some(shift) = shift {
            columns.push(Column::linear_combination([(
                column,
                F::from_canonical_u64(shift),
            )]));
        }
    }
    let mut filter_columns: Vec<Filter<F>> = columns
        .iter()
        .map(|_| Filter::new_simple(Column::constant(F::ONE)))
        .collect();
    columns.push(Column::linear_combination_with_constant(
        [(layout.level(), F::ONE)],
        -F::ONE,
    ));
    filter_columns.push(Filter::new_simple(Column::single(layout.merge())));
    Lookup {
        columns,
        table_column: Column::single(layout.range_table()),
        frequencies_column: Column::single(layout.range_frequency()),
        filter_columns,
    }
}

/// A batch STARK for one asset capacity. starky needs the trace width as a
/// compile-time constant, so each capacity is its own type.
pub trait BatchStark: PublishedLookups + Copy + Send + Sync + 'static {
    /// Assets the trace has columns for.
    const MAX_ASSETS: usize;
    fn new(params: BatchParams) -> Self;
    fn params(&self) -> &BatchParams;
}

macro_rules! batch_stark {
    ($name:ident, $max:expr) => {
        #[doc = concat!("Batch STARK with columns for up to ", stringify!($max), " assets.")]
        #[derive(Debug, Clone, Copy)]
        pub struct $name {
            params: BatchParams,
        }

        impl BatchStark for $name {
            const MAX_ASSETS: usize = $max;

            fn new(params: BatchParams) -> Self {
                assert_eq!(
                    params.layout,
                    Layout::new($max),
                    "layout of another capacity"
                );
                $name { params }
            }

            fn params(&self) -> &BatchParams {
                &self.params
            }
        }

        impl Stark<F, D> for $name {
            type EvaluationFrame<FE, P, const D2: usize>
                = StarkFrame<
                P,
                P::Scalar,
                { Layout::new($max).columns() },
                { Layout::new($max).public_inputs() },
            >
            where
                FE: FieldExtension<D2, BaseField = F>,
                P: PackedField<Scalar = FE>;

            type EvaluationFrameTarget = StarkFrame<
                ExtensionTarget<D>,
                ExtensionTarget<D>,
                { Layout::new($max).columns() },
                { Layout::new($max).public_inputs() },
            >;

            fn eval_packed_generic<FE, P, const D2: usize>(
                &self,
                vars: &Self::EvaluationFrame<FE, P, D2>,
                consumer: &mut ConstraintConsumer<P>,
            ) where
                FE: FieldExtension<D2, BaseField = F>,
                P: PackedField<Scalar = FE>,
            {
                crate::constraints::eval_packed(vars, consumer, |alg, local, next, pis| {
                    constraints::eval(alg, &self.params, local, next, pis)
                });
            }

            fn eval_ext_circuit(
                &self,
                builder: &mut CircuitBuilder<F, D>,
                vars: &Self::EvaluationFrameTarget,
                consumer: &mut RecursiveConstraintConsumer<F, D>,
            ) {
                crate::constraints::eval_circuit(
                    builder,
                    vars,
                    consumer,
                    |alg, local, next, pis| constraints::eval(alg, &self.params, local, next, pis),
                );
            }

            fn constraint_degree(&self) -> usize {
                3
            }

            fn lookups(&self) -> Vec<Lookup<F>> {
                vec![range_lookup(&self.params.layout)]
            }

            fn requires_ctls(&self) -> bool {
                true
            }
        }

        impl PublishedLookups for $name {
            fn cross_table_lookups(&self) -> Vec<CrossTableLookup<F>> {
                vec![
                    totals::lookup(&self.params.layout),
                    tree::lookup(&self.params.layout),
                    weights::holdings_lookup(&self.params.layout),
                    weights::table_lookup(&self.params.layout),
                ]
            }

            fn published_sums(
                &self,
                challenges: &GrandProductChallengeSet<F>,
                public_inputs: &[F],
            ) -> anyhow::Result<Vec<Vec<F>>> {
                let tree = tree::published_sums(challenges, public_inputs).ok_or_else(|| {
                    anyhow::anyhow!(
                        "the public batch height is not in 1..={}",
                        layout::MAX_BATCH_BITS
                    )
                })?;
                Ok(vec![
                    totals::published_sums(&self.params.layout, challenges, public_inputs),
                    tree,
                    weights::holdings_published_sums(challenges),
                    weights::table_published_sums(&self.params, challenges, public_inputs),
                ])
            }

            fn published_sums_circuit(
                &self,
                builder: &mut CircuitBuilder<F, D>,
                challenges: &GrandProductChallengeSet<Target>,
                public_inputs: &[Target],
            ) -> Vec<Vec<Target>> {
                vec![
                    totals::published_sums_circuit(
                        builder,
                        &self.params.layout,
                        challenges,
                        public_inputs,
                    ),
                    tree::published_sums_circuit(builder, challenges, public_inputs),
                    weights::holdings_published_sums_circuit(builder, challenges),
                    weights::table_published_sums_circuit(
                        builder,
                        &self.params,
                        challenges,
                        public_inputs,
                    ),
                ]
            }

            fn looking_entries(&self) -> Vec<usize> {
                vec![totals::LIMBS, tree::READS, weights::READS, weights::READS]
            }
        }
    };
}

batch_stark!(BatchStark8, 8);
batch_stark!(BatchStark24, 24);
batch_stark!(BatchStark32, 32);
batch_stark!(BatchStark64, 64);
batch_stark!(BatchStark256, 256);
batch_stark!(BatchStark1024, 1024);
