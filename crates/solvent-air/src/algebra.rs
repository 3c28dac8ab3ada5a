//! The arithmetic a constraint needs, behind one trait, so that each AIR's
//! constraints are written once and evaluated both by the prover (on packed
//! field values) and by the recursive verifier (as plonky2 circuit targets).
//! Two hand-written copies of a 248-column Poseidon constraint system would
//! drift apart; one generic description cannot.

use core::marker::PhantomData;

use plonky2::field::extension::{Extendable, FieldExtension};
use plonky2::field::packed::PackedField;
use plonky2::field::types::Field;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::ext_target::ExtensionTarget;
use plonky2::plonk::circuit_builder::CircuitBuilder;

/// Ring operations over constraint values. Constants are base-field elements.
pub trait Algebra<F: Field> {
    type Value: Copy;

    fn add(&mut self, a: Self::Value, b: Self::Value) -> Self::Value;
    fn sub(&mut self, a: Self::Value, b: Self::Value) -> Self::Value;
    fn mul(&mut self, a: Self::Value, b: Self::Value) -> Self::Value;
    fn add_const(&mut self, a: Self::Value, c: F) -> Self::Value;
    /// `c * a + b`.
    fn mul_const_add(&mut self, c: F, a: Self::Value, b: Self::Value) -> Self::Value;
    fn constant(&mut self, c: F) -> Self::Value;

    fn zero(&mut self) -> Self::Value {
        self.constant(F::ZERO)
    }

    /// plonky2's Poseidon MDS layer of `v`, where this algebra has a faster
    /// way than twelve products per output (`None`: use the generic one).
    fn fast_mds(&mut self, _v: &[Self::Value; 12]) -> Option<[Self::Value; 12]> {
        None
    }

    /// `a * b - c`, a common constraint shape.
    fn mul_sub(&mut self, a: Self::Value, b: Self::Value, c: Self::Value) -> Self::Value {
        let product = self.mul(a, b);
        self.sub(product, c)
    }
}

/// The prover side: values are packed field (or extension) elements.
pub struct PackedAlgebra<F, FE, P, const D2: usize>(PhantomData<(F, FE, P)>);

impl<F, FE, P, const D2: usize> Default for PackedAlgebra<F, FE, P, D2> {
    fn default() -> Self {
        PackedAlgebra(PhantomData)
    }
}

impl<F, FE, P, const D2: usize> Algebra<F> for PackedAlgebra<F, FE, P, D2>
where
    F: Field,
    FE: FieldExtension<D2, BaseField = F>,
    P: PackedField<Scalar = FE>,
{
    type Value = P;

    fn add(&mut self, a: P, b: P) -> P {
        a + b
    }
    fn sub(&mut self, a: P, b: P) -> P {
        a - b
    }
    fn mul(&mut self, a: P, b: P) -> P {
        a * b
    }
    fn add_const(&mut self, a: P, c: F) -> P {
        a + FE::from_basefield(c)
    }
    fn mul_const_add(&mut self, c: F, a: P, b: P) -> P {
        a * FE::from_basefield(c) + b
    }
    fn constant(&mut self, c: F) -> P {
        P::from(FE::from_basefield(c))
    }
    /// The quotient is evaluated on packed base-field values
    /// (`solvent_hash::packed::Packed`); there, the MDS layer's small entries
    /// allow delayed reduction (`solvent_hash::packed::mds`), 10x fewer
    /// operations than the generic products. Other packings (extension
    /// fields, the verifier's) take the generic path.
    fn fast_mds(&mut self, v: &[P; 12]) -> Option<[P; 12]> {
        use core::any::Any;
        use solvent_hash::packed::{mds, Packed};
        let v = (v as &dyn Any).downcast_ref::<[Packed; 12]>()?;
        let out = mds(v);
        (&out as &dyn Any).downcast_ref::<[P; 12]>().copied()
    }
}

/// The recursive verifier side: values are extension targets of a plonky2 circuit.
pub struct CircuitAlgebra<'a, F: RichField + Extendable<D>, const D: usize> {
    pub builder: &'a mut CircuitBuilder<F, D>,
}

impl<F: RichField + Extendable<D>, const D: usize> Algebra<F> for CircuitAlgebra<'_, F, D> {
    type Value = ExtensionTarget<D>;

    fn add(&mut self, a: Self::Value, b: Self::Value) -> Self::Value {
        self.builder.add_extension(a, b)
    }
    fn sub(&mut self, a: Self::Value, b: Self::Value) -> Self::Value {
        self.builder.sub_extension(a, b)
    }
    fn mul(&mut self, a: Self::Value, b: Self::Value) -> Self::Value {
        self.builder.mul_extension(a, b)
    }
    fn add_const(&mut self, a: Self::Value, c: F) -> Self::Value {
        let c = self
            .builder
            .constant_extension(F::Extension::from_basefield(c));
        self.builder.add_extension(a, c)
    }
    fn mul_const_add(&mut self, c: F, a: Self::Value, b: Self::Value) -> Self::Value {
        self.builder.mul_const_add_extension(c, a, b)
    }
    fn constant(&mut self, c: F) -> Self::Value {
        self.builder
            .constant_extension(F::Extension::from_basefield(c))
    }
    fn mul_sub(&mut self, a: Self::Value, b: Self::Value, c: Self::Value) -> Self::Value {
        self.builder.mul_sub_extension(a, b, c)
    }
}
