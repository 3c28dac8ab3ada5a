//! A gate that range-checks several values per row: each value must be
//! `< 2^26`, shown by 13 base-4 limbs.
//!
//! plonky2's `BaseSumGate<2>` spends a whole 135-wire row on one range check.
//! Range checks dominate the batch circuit (four per asset per account), so
//! packing 9 of them per row (9 x (1 value + 13 limbs) = 126 wires) cuts the
//! batch circuit to about a third of its rows. Constraints per value:
//! `value = sum_j limb_j * 4^j` (degree 1) and `limb (limb-1)(limb-2)(limb-3) = 0`
//! for each limb (degree 4, within plonky2's quotient degree factor of 8).

use anyhow::Result;
use plonky2::field::extension::Extendable;
use plonky2::field::packed::PackedField;
use plonky2::field::types::Field;
use plonky2::gates::gate::Gate;
use plonky2::gates::packed_util::PackedEvaluableBase;
use plonky2::gates::util::StridedConstraintConsumer;
use plonky2::hash::hash_types::RichField;
use plonky2::iop::ext_target::ExtensionTarget;
use plonky2::iop::generator::{GeneratedValues, SimpleGenerator, WitnessGeneratorRef};
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartitionWitness, Witness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitConfig, CommonCircuitData};
use plonky2::plonk::plonk_common::{reduce_with_powers, reduce_with_powers_ext_circuit};
use plonky2::plonk::vars::{
    EvaluationTargets, EvaluationVars, EvaluationVarsBase, EvaluationVarsBaseBatch,
    EvaluationVarsBasePacked,
};
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

/// Bits proven per value.
pub const RANGE_BITS: usize = 26;
const BASE: usize = 4;
const LIMBS: usize = RANGE_BITS / 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeCheck26Gate {
    pub num_ops: usize,
}

impl RangeCheck26Gate {
    pub fn new_from_config(config: &CircuitConfig) -> Self {
        let num_ops = (config.num_wires / (LIMBS + 1)).min(config.num_routed_wires);
        RangeCheck26Gate { num_ops }
    }

    /// Wire holding value `i` (routed, so it can be copied from elsewhere).
    pub const fn wire_value(i: usize) -> usize {
        i
    }

    fn wire_limb(&self, i: usize, j: usize) -> usize {
        self.num_ops + i * LIMBS + j
    }
}

impl<F: RichField + Extendable<D>, const D: usize> Gate<F, D> for RangeCheck26Gate {
    fn id(&self) -> String {
        format!("{self:?}")
    }

    fn serialize(&self, dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_usize(self.num_ops)
    }

    fn deserialize(src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(RangeCheck26Gate {
            num_ops: src.read_usize()?,
        })
    }

    fn eval_unfiltered(&self, vars: EvaluationVars<F, D>) -> Vec<F::Extension> {
        let base = F::Extension::from_canonical_usize(BASE);
        let mut constraints = Vec::with_capacity(self.num_ops * (LIMBS + 1));
        for i in 0..self.num_ops {
            let limbs: Vec<_> = (0..LIMBS)
                .map(|j| vars.local_wires[self.wire_limb(i, j)])
                .collect();
            constraints
                .push(reduce_with_powers(&limbs, base) - vars.local_wires[Self::wire_value(i)]);
            for limb in limbs {
                constraints.push(
                    (0..BASE)
                        .map(|k| limb - F::Extension::from_canonical_usize(k))
                        .product(),
                );
            }
        }
        constraints
    }

    fn eval_unfiltered_base_one(
        &self,
        _vars: EvaluationVarsBase<F>,
        _yield: StridedConstraintConsumer<F>,
    ) {
        panic!("use eval_unfiltered_base_packed instead");
    }

    fn eval_unfiltered_base_batch(&self, vars_base: EvaluationVarsBaseBatch<F>) -> Vec<F> {
        self.eval_unfiltered_base_batch_packed(vars_base)
    }

    fn eval_unfiltered_circuit(
        &self,
        builder: &mut CircuitBuilder<F, D>,
        vars: EvaluationTargets<D>,
    ) -> Vec<ExtensionTarget<D>> {
        let base = builder.constant(F::from_canonical_usize(BASE));
        let mut constraints = Vec::with_capacity(self.num_ops * (LIMBS + 1));
        for i in 0..self.num_ops {
            let limbs: Vec<_> = (0..LIMBS)
                .map(|j| vars.local_wires[self.wire_limb(i, j)])
                .collect();
            let sum = reduce_with_powers_ext_circuit(builder, &limbs, base);
            constraints.push(builder.sub_extension(sum, vars.local_wires[Self::wire_value(i)]));
            for limb in limbs {
                let mut acc = builder.one_extension();
                for k in 0..BASE {
                    // acc * (limb - k) = acc * limb + (-k) * acc
                    let neg_k = -F::from_canonical_usize(k);
                    acc = builder.arithmetic_extension(F::ONE, neg_k, acc, limb, acc);
                }
                constraints.push(acc);
            }
        }
        constraints
    }

    fn generators(&self, row: usize, _local_constants: &[F]) -> Vec<WitnessGeneratorRef<F, D>> {
        (0..self.num_ops)
            .map(|op| {
                WitnessGeneratorRef::new(
                    LimbGenerator {
                        row,
                        op,
                        num_ops: self.num_ops,
                    }
                    .adapter(),
                )
            })
            .collect()
    }

    fn num_wires(&self) -> usize {
        self.num_ops * (LIMBS + 1)
    }

    fn num_constants(&self) -> usize {
        0
    }

    fn degree(&self) -> usize {
        BASE
    }

    fn num_constraints(&self) -> usize {
        self.num_ops * (LIMBS + 1)
    }
}

impl<F: RichField + Extendable<D>, const D: usize> PackedEvaluableBase<F, D> for RangeCheck26Gate {
    fn eval_unfiltered_base_packed<P: PackedField<Scalar = F>>(
        &self,
        vars: EvaluationVarsBasePacked<P>,
        mut yield_constr: StridedConstraintConsumer<P>,
    ) {
        let base = F::from_canonical_usize(BASE);
        for i in 0..self.num_ops {
            let limbs: Vec<P> = (0..LIMBS)
                .map(|j| vars.local_wires[self.wire_limb(i, j)])
                .collect();
            yield_constr
                .one(reduce_with_powers(&limbs, base) - vars.local_wires[Self::wire_value(i)]);
            yield_constr.many(limbs.iter().map(|&limb| {
                (0..BASE)
                    .map(|k| limb - F::from_canonical_usize(k))
                    .product::<P>()
            }));
        }
    }
}

/// Fills the limbs of one value. Values that do not fit leave the limbs
/// inconsistent, so the proof fails rather than wrapping.
#[derive(Debug, Default)]
struct LimbGenerator {
    row: usize,
    op: usize,
    num_ops: usize,
}

impl<F: RichField + Extendable<D>, const D: usize> SimpleGenerator<F, D> for LimbGenerator {
    fn id(&self) -> String {
        "RangeCheck26LimbGenerator".into()
    }

    fn dependencies(&self) -> Vec<Target> {
        vec![Target::wire(
            self.row,
            RangeCheck26Gate::wire_value(self.op),
        )]
    }

    fn run_once(&self, witness: &PartitionWitness<F>, out: &mut GeneratedValues<F>) -> Result<()> {
        let gate = RangeCheck26Gate {
            num_ops: self.num_ops,
        };
        let mut value = witness
            .get_target(Target::wire(
                self.row,
                RangeCheck26Gate::wire_value(self.op),
            ))
            .to_canonical_u64();
        for j in 0..LIMBS {
            out.set_target(
                Target::wire(self.row, gate.wire_limb(self.op, j)),
                F::from_canonical_u64(value % BASE as u64),
            )?;
            value /= BASE as u64;
        }
        Ok(())
    }

    fn serialize(&self, dst: &mut Vec<u8>, _common: &CommonCircuitData<F, D>) -> IoResult<()> {
        dst.write_usize(self.row)?;
        dst.write_usize(self.op)?;
        dst.write_usize(self.num_ops)
    }

    fn deserialize(src: &mut Buffer, _common: &CommonCircuitData<F, D>) -> IoResult<Self> {
        Ok(LimbGenerator {
            row: src.read_usize()?,
            op: src.read_usize()?,
            num_ops: src.read_usize()?,
        })
    }
}

/// Collects values to range-check and lays them out 9 per row when flushed.
#[derive(Default)]
pub struct RangeChecks {
    pending: Vec<Target>,
}

impl RangeChecks {
    /// Queues `x < 2^26`.
    pub fn check(&mut self, x: Target) {
        self.pending.push(x);
    }

    /// Adds the gates for everything queued.
    pub fn flush<F: RichField + Extendable<D>, const D: usize>(
        self,
        builder: &mut CircuitBuilder<F, D>,
    ) {
        let gate = RangeCheck26Gate::new_from_config(&builder.config);
        let zero = builder.zero();
        for chunk in self.pending.chunks(gate.num_ops) {
            let row = builder.add_gate(gate, vec![]);
            for i in 0..gate.num_ops {
                let value = chunk.get(i).copied().unwrap_or(zero);
                builder.connect(value, Target::wire(row, RangeCheck26Gate::wire_value(i)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use plonky2::field::goldilocks_field::GoldilocksField;
    use plonky2::gates::gate_testing::{test_eval_fns, test_low_degree};
    use plonky2::plonk::config::PoseidonGoldilocksConfig;

    use super::*;

    #[test]
    fn low_degree() {
        let gate = RangeCheck26Gate::new_from_config(&CircuitConfig::standard_recursion_config());
        assert_eq!(gate.num_ops, 9);
        test_low_degree::<GoldilocksField, _, 2>(gate);
    }

    #[test]
    fn eval_fns_agree() -> Result<()> {
        let gate = RangeCheck26Gate::new_from_config(&CircuitConfig::standard_recursion_config());
        test_eval_fns::<GoldilocksField, PoseidonGoldilocksConfig, _, 2>(gate)
    }

    /// A limb outside {0,1,2,3} must violate a constraint even when the limbs
    /// still sum to the value (what a malicious prover would try).
    #[test]
    fn rejects_out_of_range_limbs() {
        use plonky2::field::extension::quadratic::QuadraticExtension;
        use plonky2::hash::hash_types::HashOut;
        type FE = QuadraticExtension<GoldilocksField>;
        let gate = RangeCheck26Gate { num_ops: 1 };
        let eval = |wires: Vec<FE>| {
            let vars = EvaluationVars {
                local_constants: &[],
                local_wires: &wires,
                public_inputs_hash: &HashOut::ZERO,
            };
            <RangeCheck26Gate as Gate<GoldilocksField, 2>>::eval_unfiltered(&gate, vars)
        };
        let mut honest = vec![FE::ZERO; 14];
        honest[0] = FE::from_canonical_u64(6); // 6 = 2 + 1*4
        honest[1] = FE::from_canonical_u64(2);
        honest[2] = FE::ONE;
        assert!(eval(honest).iter().all(|c| *c == FE::ZERO));
        let mut cheat = vec![FE::ZERO; 14];
        cheat[0] = FE::from_canonical_u64(6);
        cheat[1] = FE::from_canonical_u64(6); // one "limb" carrying the whole value
        assert!(eval(cheat).iter().any(|c| *c != FE::ZERO));
        // 2^26 cannot be written with 13 base-4 limbs each in range.
        let mut over = vec![FE::ZERO; 14];
        over[0] = FE::from_canonical_u64(1 << 26);
        over[13] = FE::from_canonical_u64(4);
        assert!(eval(over).iter().any(|c| *c != FE::ZERO));
    }
}
