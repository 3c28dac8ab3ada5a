//! One `CommonCircuitData` for batch and aggregation proofs.
//!
//! The aggregation circuit verifies children of both kinds with one
//! recursive verifier, and itself among them (cyclic recursion), so the
//! batch wrapper and the aggregation circuit must agree on everything a
//! verifier circuit is built from: degree, gate set (hence selectors and
//! constants), configuration and public-input count. Each circuit is padded
//! to the union of both gate sets and the larger degree; `KeyChain::new`
//! repeats that until the two agree.

use plonky2::gates::gate::GateRef;
use plonky2::gates::noop::NoopGate;
use plonky2::gates::poseidon_mds::PoseidonMdsGate;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CommonCircuitData;

use crate::{D, F};

/// What a circuit is padded to: gates it must carry and its least degree.
#[derive(Default, Clone)]
pub struct Uniform {
    gates: Vec<GateRef<F, D>>,
    degree_bits: usize,
}

impl Uniform {
    /// What the batch wrapper is first built with: the one gate the
    /// aggregation circuit's plonky2 verifier uses and the wrapper's STARK
    /// verifier does not. Only a head start: `KeyChain::new` still checks
    /// that the two circuits agree, and pads again if they do not, at the
    /// cost of building both twice.
    pub fn seed() -> Self {
        Uniform {
            gates: vec![GateRef::new(PoseidonMdsGate::<F, D>::new())],
            degree_bits: 0,
        }
    }

    /// Covers every gate and the largest degree of `commons`.
    pub fn covering<'a>(commons: impl IntoIterator<Item = &'a CommonCircuitData<F, D>>) -> Self {
        let mut out = Uniform::default();
        for common in commons {
            for gate in &common.gates {
                if !out.gates.contains(gate) {
                    out.gates.push(gate.clone());
                }
            }
            out.degree_bits = out.degree_bits.max(common.degree_bits());
        }
        out
    }

    /// Adds the gates to `builder`'s gate set and no-op rows until the
    /// circuit has at least `2^degree_bits` rows. Call it last before
    /// `build`: `build` adds its own rows, which can only raise the degree.
    pub fn apply(&self, builder: &mut CircuitBuilder<F, D>) {
        for gate in &self.gates {
            builder.add_gate_to_gate_set(gate.clone());
        }
        if self.degree_bits > 0 {
            while builder.num_gates() <= 1 << (self.degree_bits - 1) {
                builder.add_gate(NoopGate, vec![]);
            }
        }
    }
}
