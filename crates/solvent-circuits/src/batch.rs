//! The batch level: `batch_size` account slots proven by a batch STARK
//! (`solvent-air`), whose proof is verified inside a plonky2 circuit that
//! re-exposes its statement in the common [`crate::PublicInputs`] layout, so
//! aggregation does not care how a batch was proven.
//!
//! The STARK proves, for every slot (docs/SPEC.md section 7): amounts
//! `< 2^52`, `sum_a w_a (e_a - d_a) >= 0` exactly, the leaf hash, padding
//! slots after real ones and all zero; for the batch: the subtree root, the
//! number of real slots and the per-asset limb totals (a cross-table lookup
//! that this circuit closes against the STARK's public inputs, see
//! `solvent_air::ctl`). This circuit adds what the STARK takes as given:
//! every weight limb `< 2^26` (so each weight is `< 2^52`). It publishes
//! every slot of the asset capacity, so its key depends on the capacity and
//! not on the round's asset count; the verifier requires the slots the round
//! does not use to have zero weights and totals.

use anyhow::{anyhow, ensure, Result};
use plonky2::field::types::Field;
use plonky2::hash::hash_types::HashOutTarget;
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitData;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};
use plonky2::util::timing::TimingTree;
use solvent_air::batch::tree::HeightTargets;
use solvent_air::batch::{
    trace, Account, BatchParams, BatchStark, BatchStark1024, BatchStark24, BatchStark256,
    BatchStark32, BatchStark64, BatchStark8, Layout,
};
use solvent_air::stark_config;
use solvent_commit::Digest;
use starky::proof::{StarkProofWithPublicInputs, StarkProofWithPublicInputsTarget};
use starky::recursive_verifier::set_stark_proof_with_pis_target;

use crate::gadgets::{InnerTargets, PublicInputTargets};
use crate::uniform::Uniform;
use crate::{inner_config, Proof, Shape, C, D, F};

/// Bits per amount limb ([`solvent_model::limits::LIMB_BITS`]).
pub const LIMB_BITS: usize = solvent_model::limits::LIMB_BITS as usize;
/// Bits of one limb of a USD weight (two limbs make a weight).
pub const WEIGHT_LIMB_BITS: usize = solvent_model::limits::WEIGHT_BITS as usize / 2;

/// One account as the circuit sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id_commitment: Digest,
    /// `(equity, debt)` in base units per asset of the round, each `< 2^52`.
    pub balances: Vec<(u64, u64)>,
}

/// USD value of an account in weight units, exactly: `sum u_a e_a - v_a d_a`
/// (the batch STARK's own check, which the prover also runs before proving).
pub use solvent_air::batch::trace::net_value;
/// An asset's equity and debt weights.
pub use solvent_air::batch::Weight;

/// Merge rows of a batch of `accounts` accounts under `batch_size` slots.
pub use solvent_air::batch::constraints::merges;

/// `log2` of the trace a batch of `rows` holding and merge rows needs: the
/// batch STARK's own rule.
pub fn trace_bits_for(rows: usize) -> usize {
    BatchParams::trace_bits_for(rows)
}

/// Trace columns of the batch STARK for a round with `num_assets` assets.
pub fn trace_columns(num_assets: usize) -> usize {
    Air::for_assets(num_assets).layout().columns()
}

/// Whether a batch STARK of `2^trace_bits` rows stays within the memory
/// budget of [`TRACE_CELLS`] trace cells (measured: 2^19 rows x 304 columns,
/// 2^27.25 cells, peak at ~7.7 GB while proving).
pub fn fits_memory(num_assets: usize, trace_bits: usize) -> bool {
    (1usize << trace_bits).saturating_mul(trace_columns(num_assets)) <= TRACE_CELLS
}

/// Trace cells (rows x columns) one batch STARK may use: large enough for
/// batches of 2^17 accounts at 22 assets, whose single STARK costs what two
/// of 2^16 cost but saves a wrapper and an aggregation step, and small
/// enough that 10^7-account rounds stay within 16 GB (figures in
/// docs/PERF.md).
pub const TRACE_CELLS: usize = 1 << 28;
/// The range table needs `2^13` rows.
pub const MIN_TRACE_BITS: usize = solvent_air::batch::layout::SUBLIMB_BITS;
/// Largest batch STARK a statement may ask for.
pub const MAX_TRACE_BITS: usize = 22;
/// Largest batch size (see `MAX_BATCH_BITS`).
pub const MAX_BATCH_SIZE: usize = 1 << solvent_air::batch::layout::MAX_BATCH_BITS;

/// The asset capacities a batch STARK exists for. A round uses the smallest
/// that holds its assets ([`capacity`]), and every circuit and key depends
/// on that capacity, not on the asset count.
pub const CAPACITIES: [usize; 6] = [8, 24, 32, 64, 256, 1024];

/// The capacity a round of `num_assets` assets uses (at most 1024 assets).
pub fn capacity(num_assets: usize) -> usize {
    Air::for_assets(num_assets).layout().max_assets
}

/// The batch STARK for a round's asset count: the smallest capacity that fits.
#[derive(Debug, Clone, Copy)]
enum Air {
    A8,
    A24,
    A32,
    A64,
    A256,
    A1024,
}

impl Air {
    fn for_assets(num_assets: usize) -> Air {
        match num_assets {
            0..=8 => Air::A8,
            9..=24 => Air::A24,
            25..=32 => Air::A32,
            33..=64 => Air::A64,
            65..=256 => Air::A256,
            _ => Air::A1024,
        }
    }

    fn layout(self) -> Layout {
        Layout::new(match self {
            Air::A8 => 8,
            Air::A24 => 24,
            Air::A32 => 32,
            Air::A64 => 64,
            Air::A256 => 256,
            Air::A1024 => 1024,
        })
    }
}

pub struct BatchCircuit {
    pub shape: Shape,
    pub data: CircuitData<F, C, D>,
    /// Proves the STARKs this circuit wraps.
    pub stark: BatchStarkProver,
    context: HashOutTarget,
    stark_proof: StarkProofWithPublicInputsTarget<D>,
    zero: Target,
}

impl BatchCircuit {
    /// The wrapper for `shape`, padded to `uniform` (see [`crate::uniform`]).
    pub fn build(shape: Shape, uniform: &Uniform) -> Self {
        let stark = BatchStarkProver::new(shape);
        match stark.air {
            Air::A8 => build::<BatchStark8>(shape, stark, uniform),
            Air::A24 => build::<BatchStark24>(shape, stark, uniform),
            Air::A32 => build::<BatchStark32>(shape, stark, uniform),
            Air::A64 => build::<BatchStark64>(shape, stark, uniform),
            Air::A256 => build::<BatchStark256>(shape, stark, uniform),
            Air::A1024 => build::<BatchStark1024>(shape, stark, uniform),
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) -> IoResult<()> {
        crate::stored::write_circuit_data(out, &self.data)?;
        out.write_target_hash(&self.context)?;
        crate::stored::write_stark_proof_target(out, &self.stark_proof)?;
        out.write_target(self.zero)
    }

    /// The circuit [`BatchCircuit::write_to`] wrote for `shape`.
    pub(crate) fn read_from(buffer: &mut Buffer, shape: Shape) -> IoResult<Self> {
        Ok(BatchCircuit {
            shape,
            data: crate::stored::read_circuit_data(buffer)?,
            stark: BatchStarkProver::new(shape),
            context: buffer.read_target_hash()?,
            stark_proof: crate::stored::read_stark_proof_target(buffer)?,
            zero: buffer.read_target()?,
        })
    }

    /// Proves one batch. `slots` holds the real accounts (at most `batch_size`);
    /// the rest are padding. Fails if any account is out of range or under water.
    pub fn prove(&self, context: &Digest, weights: &[Weight], slots: &[Slot]) -> Result<Proof> {
        self.wrap(context, &self.stark.prove(weights, slots)?)
    }

    /// The wrapper proof that verifies one batch STARK and exposes the
    /// batch's public inputs under the round `context`.
    pub fn wrap(&self, context: &Digest, stark: &BatchStarkProof) -> Result<Proof> {
        ensure!(
            stark.params == self.stark.params,
            "a batch STARK of another shape cannot be wrapped by this circuit"
        );
        let started = std::time::Instant::now();
        let mut pw = PartialWitness::<F>::new();
        pw.set_hash_target(self.context, context.to_hash_out())?;
        let degree_bits = self.stark.params.trace_bits;
        set_stark_proof_with_pis_target(
            &mut pw,
            &self.stark_proof,
            &stark.proof,
            degree_bits,
            self.zero,
        )?;
        let proof = self
            .data
            .prove(pw)
            .map_err(|e| anyhow!("batch wrapper proof: {e}"))?;
        tracing::debug!(
            seconds = started.elapsed().as_secs_f64(),
            "batch wrapper proven"
        );
        Ok(proof)
    }
}

/// A batch STARK proof, before its wrapper, with the parameters it was
/// proven for.
pub struct BatchStarkProof {
    proof: StarkProofWithPublicInputs<F, C, D>,
    params: BatchParams,
}

/// Proves batch STARKs of one shape. Needs no circuit: a prover can prove
/// STARKs while the (seconds-long) circuit building runs elsewhere.
#[derive(Debug, Clone, Copy)]
pub struct BatchStarkProver {
    air: Air,
    params: BatchParams,
}

impl BatchStarkProver {
    pub fn new(shape: Shape) -> Self {
        let air = Air::for_assets(shape.num_assets);
        BatchStarkProver {
            air,
            params: BatchParams::new(
                air.layout(),
                shape.num_assets,
                shape.batch_size,
                shape.trace_bits,
            ),
        }
    }

    /// The STARK of one batch: `slots` holds the real accounts (at most
    /// `batch_size`), the rest are padding. Fails if any account is out of
    /// range or under water.
    pub fn prove(&self, weights: &[Weight], slots: &[Slot]) -> Result<BatchStarkProof> {
        match self.air {
            Air::A8 => self.prove_with::<BatchStark8>(weights, slots),
            Air::A24 => self.prove_with::<BatchStark24>(weights, slots),
            Air::A32 => self.prove_with::<BatchStark32>(weights, slots),
            Air::A64 => self.prove_with::<BatchStark64>(weights, slots),
            Air::A256 => self.prove_with::<BatchStark256>(weights, slots),
            Air::A1024 => self.prove_with::<BatchStark1024>(weights, slots),
        }
    }

    fn prove_with<S: BatchStark>(
        &self,
        weights: &[Weight],
        slots: &[Slot],
    ) -> Result<BatchStarkProof> {
        // `trace::generate` refuses weights >= 2^52, amounts >= 2^52 and
        // accounts under water before any proving starts.
        let accounts: Vec<Account> = slots
            .iter()
            .map(|s| Account {
                id_commitment: s.id_commitment.0,
                balances: s.balances.clone(),
            })
            .collect();
        let started = std::time::Instant::now();
        let trace = trace::generate(&self.params, weights, &accounts)?;
        tracing::debug!(
            seconds = started.elapsed().as_secs_f64(),
            "batch trace generated"
        );
        let started = std::time::Instant::now();
        let proof = solvent_air::commitment::prove_with_lookups(
            S::new(self.params),
            &stark_config(self.params.trace_bits),
            trace.columns,
            &trace.public_inputs,
            &mut TimingTree::default(),
        )?;
        tracing::debug!(
            seconds = started.elapsed().as_secs_f64(),
            "batch STARK proven"
        );
        Ok(BatchStarkProof {
            proof,
            params: self.params,
        })
    }
}

fn build<S: BatchStark>(shape: Shape, prover: BatchStarkProver, uniform: &Uniform) -> BatchCircuit {
    let params = prover.params;
    let stark = S::new(params);
    let degree_bits = params.trace_bits;
    let config = stark_config(degree_bits);
    let mut b = CircuitBuilder::<F, D>::new(inner_config());
    let context = b.add_virtual_hash();
    let stark_proof = solvent_air::ctl::add_virtual_proof(&mut b, &stark, &config, degree_bits);
    // starky's recursive verifier takes the trace length from the proof (a
    // witness); pin it, so only a STARK over exactly `2^trace_bits` rows is
    // accepted.
    let pinned = b.constant(F::from_canonical_usize(degree_bits));
    b.connect(stark_proof.proof.degree_bits, pinned);
    solvent_air::ctl::verify_circuit(&mut b, &stark, &stark_proof, &config);

    let layout = params.layout;
    let pis = &stark_proof.public_inputs;
    let root = HashOutTarget {
        elements: std::array::from_fn(|i| pis[Layout::pi_root(i)]),
    };
    // Each weight from its two range-checked limbs: `(u_a, v_a)` per slot of
    // the capacity. Nothing here depends on the round's asset count, so one
    // wrapper serves every count of a capacity; the verifier requires the
    // unused slots' weights and totals to be zero.
    let capacity = layout.max_assets;
    let mut weights = Vec::with_capacity(2 * capacity);
    for a in 0..capacity {
        for half in 0..2 {
            let lo = pis[Layout::pi_weight(a, 2 * half)];
            let hi = pis[Layout::pi_weight(a, 2 * half + 1)];
            b.range_check(lo, WEIGHT_LIMB_BITS);
            b.range_check(hi, WEIGHT_LIMB_BITS);
            let base = b.constant(F::from_canonical_u64(1 << WEIGHT_LIMB_BITS));
            weights.push(b.mul_add(hi, base, lo));
        }
    }
    let totals = (0..capacity)
        .map(|a| std::array::from_fn(|k| pis[layout.pi_total(a, k)]))
        .collect();
    let zero = b.zero();
    // The batch height is the STARK's public input (checked in `1..=17` by
    // its tree lookup), so this circuit serves every batch size: `P_L` and
    // `2^L` follow from it.
    let height = HeightTargets::new(&mut b, pis);
    let statement = PublicInputTargets {
        context,
        root,
        leaf_count: pis[Layout::pi_leaf_count()],
        level: zero,
        batch_height: height.height,
        weights,
        totals,
    };
    let padding_root = HashOutTarget {
        elements: height.padding_root(&mut b),
    };
    let capacity = height.leaves(&mut b);
    InnerTargets {
        statement,
        padding_root,
        capacity,
        // A batch proof is made under no aggregation key.
        key_hash: HashOutTarget {
            elements: [zero; 4],
        },
    }
    .register(&mut b);
    uniform.apply(&mut b);
    BatchCircuit {
        shape,
        data: b.build::<C>(),
        stark: prover,
        context,
        stark_proof,
        zero,
    }
}
