//! Constraints gathered by kind, then handed to starky's consumers. The AIRs
//! fill one [`Constraints`] from generic code; [`eval_packed`] and
//! [`eval_circuit`] run that code for the prover and the recursive verifier.

use plonky2::field::extension::{Extendable, FieldExtension};
use plonky2::field::packed::PackedField;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::ext_target::ExtensionTarget;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::constraint_consumer::{ConstraintConsumer, RecursiveConstraintConsumer};
use starky::evaluation_frame::StarkEvaluationFrame;

use crate::algebra::{CircuitAlgebra, PackedAlgebra};

/// Constraint polynomials by the rows they must vanish on.
pub struct Constraints<V> {
    /// Every row.
    pub every_row: Vec<V>,
    /// Every row but the last (they relate a row to the next).
    pub transition: Vec<V>,
    pub first_row: Vec<V>,
    pub last_row: Vec<V>,
}

impl<V> Default for Constraints<V> {
    fn default() -> Self {
        Constraints {
            every_row: Vec::new(),
            transition: Vec::new(),
            first_row: Vec::new(),
            last_row: Vec::new(),
        }
    }
}

impl<V> Constraints<V> {
    pub fn len(&self) -> usize {
        self.every_row.len() + self.transition.len() + self.first_row.len() + self.last_row.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<P: PackedField> Constraints<P> {
    pub fn emit_packed(self, consumer: &mut ConstraintConsumer<P>) {
        for c in self.every_row {
            consumer.constraint(c);
        }
        for c in self.transition {
            consumer.constraint_transition(c);
        }
        for c in self.first_row {
            consumer.constraint_first_row(c);
        }
        for c in self.last_row {
            consumer.constraint_last_row(c);
        }
    }
}

impl<const D: usize> Constraints<ExtensionTarget<D>> {
    pub fn emit_circuit<F: RichField + Extendable<D>>(
        self,
        builder: &mut CircuitBuilder<F, D>,
        consumer: &mut RecursiveConstraintConsumer<F, D>,
    ) {
        for c in self.every_row {
            consumer.constraint(builder, c);
        }
        for c in self.transition {
            consumer.constraint_transition(builder, c);
        }
        for c in self.first_row {
            consumer.constraint_first_row(builder, c);
        }
        for c in self.last_row {
            consumer.constraint_last_row(builder, c);
        }
    }
}

/// The prover side of a `Stark` impl: runs `eval` on a frame's rows and public
/// inputs with packed values and hands the constraints to starky.
pub fn eval_packed<F, FE, P, const D2: usize, Frame>(
    vars: &Frame,
    consumer: &mut ConstraintConsumer<P>,
    eval: impl FnOnce(&mut PackedAlgebra<F, FE, P, D2>, &[P], &[P], &[P]) -> Constraints<P>,
) where
    F: RichField,
    FE: FieldExtension<D2, BaseField = F>,
    P: PackedField<Scalar = FE>,
    Frame: StarkEvaluationFrame<P, FE>,
{
    let public_inputs: Vec<P> = vars
        .get_public_inputs()
        .iter()
        .map(|&x| P::from(x))
        .collect();
    let mut alg = PackedAlgebra::default();
    eval(
        &mut alg,
        vars.get_local_values(),
        vars.get_next_values(),
        &public_inputs,
    )
    .emit_packed(consumer);
}

/// The recursive-verifier side of a `Stark` impl: the same `eval` over
/// circuit targets.
pub fn eval_circuit<F, const D: usize, Frame>(
    builder: &mut CircuitBuilder<F, D>,
    vars: &Frame,
    consumer: &mut RecursiveConstraintConsumer<F, D>,
    eval: impl for<'a> FnOnce(
        &mut CircuitAlgebra<'a, F, D>,
        &[ExtensionTarget<D>],
        &[ExtensionTarget<D>],
        &[ExtensionTarget<D>],
    ) -> Constraints<ExtensionTarget<D>>,
) where
    F: RichField + Extendable<D>,
    Frame: StarkEvaluationFrame<ExtensionTarget<D>, ExtensionTarget<D>>,
{
    let mut alg = CircuitAlgebra { builder };
    let constraints = eval(
        &mut alg,
        vars.get_local_values(),
        vars.get_next_values(),
        vars.get_public_inputs(),
    );
    constraints.emit_circuit(alg.builder, consumer);
}
