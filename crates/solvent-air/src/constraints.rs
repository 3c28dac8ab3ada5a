//! Constraints gathered by kind, then handed to starky's consumers. The AIRs
//! fill one [`Constraints`] from generic code; [`Constraints::emit_packed`]
//! and [`Constraints::emit_circuit`] feed the prover and the recursive verifier.

use plonky2::field::extension::Extendable;
use plonky2::field::packed::PackedField;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::ext_target::ExtensionTarget;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::constraint_consumer::{ConstraintConsumer, RecursiveConstraintConsumer};

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
