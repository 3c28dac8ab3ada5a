//! A Poseidon sponge over the rows of a trace: row `i` permutes
//! `[rate_i (8 free columns), capacity carried from row i-1]`, the first row
//! starts from a public capacity and the last row's output is the public
//! digest. With a zero initial capacity it computes plonky2's
//! `hash_n_to_hash_no_pad` of all rate inputs.
//!
//! The batch AIR builds its leaves the same way; this small AIR pins the
//! permutation columns and the row-to-row carry down in isolation (tests,
//! benchmarks of permutations per second, and recursion cost).

use core::marker::PhantomData;

use plonky2::field::extension::{Extendable, FieldExtension};
use plonky2::field::packed::PackedField;
use plonky2::field::polynomial::PolynomialValues;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::ext_target::ExtensionTarget;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::constraint_consumer::{ConstraintConsumer, RecursiveConstraintConsumer};
use starky::evaluation_frame::StarkFrame;
use starky::stark::Stark;
use starky::util::trace_rows_to_poly_values;

use crate::algebra::Algebra;
use crate::constraints::{self, Constraints};
use crate::poseidon::{self, PoseidonColumns};

/// Rate of the sponge: inputs absorbed per row.
pub const RATE: usize = 8;
const CAPACITY: usize = poseidon::WIDTH - RATE;
const PERMUTATION: PoseidonColumns = PoseidonColumns::new(0);
/// Trace width.
pub const COLUMNS: usize = PERMUTATION.end();
/// `[initial capacity (4), final digest (4)]`.
pub const PUBLIC_INPUTS: usize = 2 * CAPACITY;

#[derive(Clone, Copy)]
pub struct PoseidonChainStark<F, const D: usize> {
    _field: PhantomData<F>,
}

impl<F, const D: usize> Default for PoseidonChainStark<F, D> {
    fn default() -> Self {
        PoseidonChainStark {
            _field: PhantomData,
        }
    }
}

/// The trace absorbing `blocks` (one per row; their count a power of two)
/// from `capacity`, and the public inputs it proves.
pub fn generate_trace<F: RichField>(
    blocks: &[[F; RATE]],
    capacity: [F; CAPACITY],
) -> (Vec<PolynomialValues<F>>, Vec<F>) {
    assert!(blocks.len().is_power_of_two(), "one row per block");
    let mut carry = capacity;
    let mut digest = [F::ZERO; CAPACITY];
    let rows: Vec<[F; COLUMNS]> = blocks
        .iter()
        .map(|block| {
            let mut row = [F::ZERO; COLUMNS];
            for (i, &x) in block.iter().chain(&carry).enumerate() {
                row[PERMUTATION.input(i)] = x;
            }
            let out = PERMUTATION.fill(&mut row);
            carry.copy_from_slice(&out[RATE..]);
            digest.copy_from_slice(&out[..CAPACITY]);
            row
        })
        .collect();
    let mut public_inputs = capacity.to_vec();
    public_inputs.extend_from_slice(&digest);
    (trace_rows_to_poly_values(rows), public_inputs)
}

fn eval<F: RichField, A: Algebra<F>>(
    alg: &mut A,
    local: &[A::Value],
    next: &[A::Value],
    public_inputs: &[A::Value],
) -> Constraints<A::Value> {
    let mut c = Constraints::default();
    let out = PERMUTATION.eval(alg, local, &mut c.every_row);
    for j in 0..CAPACITY {
        let carried = next[PERMUTATION.input(RATE + j)];
        c.transition.push(alg.sub(carried, out[RATE + j]));
        c.first_row
            .push(alg.sub(local[PERMUTATION.input(RATE + j)], public_inputs[j]));
        c.last_row
            .push(alg.sub(out[j], public_inputs[CAPACITY + j]));
    }
    c
}

impl<F: RichField + Extendable<D>, const D: usize> Stark<F, D> for PoseidonChainStark<F, D> {
    type EvaluationFrame<FE, P, const D2: usize>
        = StarkFrame<P, P::Scalar, COLUMNS, PUBLIC_INPUTS>
    where
        FE: FieldExtension<D2, BaseField = F>,
        P: PackedField<Scalar = FE>;

    type EvaluationFrameTarget =
        StarkFrame<ExtensionTarget<D>, ExtensionTarget<D>, COLUMNS, PUBLIC_INPUTS>;

    fn eval_packed_generic<FE, P, const D2: usize>(
        &self,
        vars: &Self::EvaluationFrame<FE, P, D2>,
        consumer: &mut ConstraintConsumer<P>,
    ) where
        FE: FieldExtension<D2, BaseField = F>,
        P: PackedField<Scalar = FE>,
    {
        constraints::eval_packed(vars, consumer, |alg, local, next, pis| {
            eval(alg, local, next, pis)
        });
    }

    fn eval_ext_circuit(
        &self,
        builder: &mut CircuitBuilder<F, D>,
        vars: &Self::EvaluationFrameTarget,
        consumer: &mut RecursiveConstraintConsumer<F, D>,
    ) {
        constraints::eval_circuit(builder, vars, consumer, |alg, local, next, pis| {
            eval(alg, local, next, pis)
        });
    }

    fn constraint_degree(&self) -> usize {
        3
    }
}
