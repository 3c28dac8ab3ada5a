//! The batch circuit: proves `batch_size` account slots at once.
//!
//! For every slot it enforces (docs/SPEC.md, "Batch circuit"):
//! - each equity and debt is `lo + 2^26 * hi` with `lo, hi < 2^26` (so `< 2^52`);
//! - the account is not under water at the public USD weights:
//!   `sum_a w_a * (equity_a - debt_a) >= 0`, computed exactly with limbs;
//! - its leaf hash, from the id commitment and all balances;
//! - slots are real then padding (`real` flags are monotone); a padding slot's
//!   leaf is the padding leaf (zero id commitment, zero balances).
//!
//! and for the batch: the subtree root of the leaves, the number of real
//! slots, and per asset the sums of the four limb columns.

use anyhow::{ensure, Result};
use plonky2::field::types::Field;
use plonky2::hash::hash_types::HashOutTarget;
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::iop::target::{BoolTarget, Target};
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitData;
use solvent_commit::{tags, Digest};

use crate::gadgets::{merkle_root, PublicInputTargets};
use crate::range_gate::RangeChecks;
use crate::{inner_config, Proof, Shape, Totals, C, D, F};

/// Bits per amount limb.
pub const LIMB_BITS: usize = 26;
/// Bound on the collateral carry: `|carry| < 2^CARRY_BITS`.
const CARRY_BITS: usize = 36;
/// Bits of the public USD weights.
pub const WEIGHT_BITS: usize = 26;

// The packed range-check gate proves exactly 26 bits; limbs and weights rely on it.
const _: () = assert!(
    LIMB_BITS == crate::range_gate::RANGE_BITS && WEIGHT_BITS == crate::range_gate::RANGE_BITS
);

/// One account as the circuit sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id_commitment: Digest,
    /// `(equity, debt)` in base units per asset of the round, each `< 2^52`.
    pub balances: Vec<(u64, u64)>,
}

/// The exact collateral sums of an account split by limb:
/// `low = sum w_a (e_lo - d_lo)`, `high = sum w_a (e_hi - d_hi)`, so that the
/// account's USD value (in weight units) is `low + 2^26 * high`.
pub fn collateral_limbs(weights: &[u64], balances: &[(u64, u64)]) -> (i128, i128) {
    let mut low = 0i128;
    let mut high = 0i128;
    for (w, &(e, d)) in weights.iter().zip(balances) {
        let w = i128::from(*w);
        let limbs = Totals::of_amounts(e, d);
        low += w * (i128::from(limbs.equity_lo) - i128::from(limbs.debt_lo));
        high += w * (i128::from(limbs.equity_hi) - i128::from(limbs.debt_hi));
    }
    (low, high)
}

/// USD value of an account in weight units, exactly: `sum w_a (e_a - d_a)`.
pub fn net_value(weights: &[u64], balances: &[(u64, u64)]) -> i128 {
    let (low, high) = collateral_limbs(weights, balances);
    low + (high << LIMB_BITS)
}

struct SlotTargets {
    real: BoolTarget,
    id: HashOutTarget,
    /// `[e_lo, e_hi, d_lo, d_hi]` per asset.
    limbs: Vec<[Target; 4]>,
    carry: Target,
    remainder: Target,
}

pub struct BatchCircuit {
    pub shape: Shape,
    pub data: CircuitData<F, C, D>,
    context: HashOutTarget,
    weights: Vec<Target>,
    slots: Vec<SlotTargets>,
}

impl BatchCircuit {
    pub fn build(shape: Shape) -> Self {
        let mut b = CircuitBuilder::<F, D>::new(inner_config());
        let num_assets = shape.num_assets;
        let context = b.add_virtual_hash();
        let weights = b.add_virtual_targets(num_assets);
        let mut checks = RangeChecks::default();
        for &w in &weights {
            checks.check(w); // WEIGHT_BITS == RANGE_BITS
        }
        let zero = b.zero();
        let leaf_tag = b.constant(F::from_canonical_u64(tags::LEAF));
        let padding = solvent_commit::padding_leaf(num_assets);
        let limb_base = F::from_canonical_u64(1 << LIMB_BITS);

        let mut totals = vec![[zero; 4]; num_assets];
        let mut leaf_count = zero;
        let mut leaves = Vec::with_capacity(shape.batch_size);
        let mut slots = Vec::with_capacity(shape.batch_size);
        let mut previous_real: Option<BoolTarget> = None;

        for _ in 0..shape.batch_size {
            let real = b.add_virtual_bool_target_safe();
            if let Some(prev) = previous_real {
                // real <= prev: once a padding slot appears, all later slots are padding.
                let both = b.mul(real.target, prev.target);
                b.connect(both, real.target);
            }
            previous_real = Some(real);
            leaf_count = b.add(leaf_count, real.target);

            let id = b.add_virtual_hash();
            let mut preimage = Vec::with_capacity(5 + 2 * num_assets);
            preimage.push(leaf_tag);
            preimage.extend_from_slice(&id.elements);

            let mut low = zero;
            let mut high = zero;
            let mut limbs = Vec::with_capacity(num_assets);
            for (a, total) in totals.iter_mut().enumerate() {
                let l: [Target; 4] = b.add_virtual_target_arr();
                for &limb in &l {
                    checks.check(limb);
                }
                let equity = b.mul_const_add(limb_base, l[1], l[0]);
                let debt = b.mul_const_add(limb_base, l[3], l[2]);
                preimage.push(equity);
                preimage.push(debt);

                let net_lo = b.sub(l[0], l[2]);
                low = b.mul_add(weights[a], net_lo, low);
                let net_hi = b.sub(l[1], l[3]);
                high = b.mul_add(weights[a], net_hi, high);

                for k in 0..4 {
                    total[k] = b.add(total[k], l[k]);
                }
                limbs.push(l);
            }

            // low = carry * 2^26 + remainder, then value >= 0  <=>  high + carry >= 0.
            let carry = b.add_virtual_target();
            let remainder = b.add_virtual_target();
            checks.check(remainder);
            let carry_shifted = b.add_const(carry, F::from_canonical_u64(1 << CARRY_BITS));
            b.range_check(carry_shifted, CARRY_BITS + 1);
            let recomposed = b.mul_const_add(limb_base, carry, remainder);
            b.connect(recomposed, low);
            let value_high = b.add(high, carry);
            b.range_check(value_high, 63);

            let leaf = b.hash_n_to_hash_no_pad::<PoseidonHash>(preimage);
            // A padding slot must hash to the padding leaf, which (by collision
            // resistance) means a zero id commitment and zero balances.
            for (&element, expected) in leaf.elements.iter().zip(padding.0) {
                let diff = b.add_const(element, -expected);
                // real * diff - diff == 0
                let must_be_zero = b.arithmetic(F::ONE, F::NEG_ONE, real.target, diff, diff);
                b.assert_zero(must_be_zero);
            }
            leaves.push(leaf);
            slots.push(SlotTargets {
                real,
                id,
                limbs,
                carry,
                remainder,
            });
        }

        checks.flush(&mut b);
        let root = merkle_root(&mut b, leaves);
        PublicInputTargets {
            context,
            root,
            leaf_count,
            weights: weights.clone(),
            totals,
        }
        .register(&mut b);

        BatchCircuit {
            shape,
            data: b.build::<C>(),
            context,
            weights,
            slots,
        }
    }

    /// Proves one batch. `slots` holds the real accounts (at most `batch_size`);
    /// the rest are padding. Fails if any account is out of range or under water.
    pub fn prove(&self, context: &Digest, weights: &[u64], slots: &[Slot]) -> Result<Proof> {
        ensure!(
            slots.len() <= self.shape.batch_size,
            "too many accounts for one batch"
        );
        ensure!(
            weights.len() == self.shape.num_assets,
            "weight count mismatch"
        );
        let mut pw = PartialWitness::<F>::new();
        pw.set_hash_target(self.context, context.to_hash_out())?;
        for (&t, &w) in self.weights.iter().zip(weights) {
            pw.set_target(t, F::from_canonical_u64(w))?;
        }
        let padding = Slot {
            id_commitment: Digest::ZERO,
            balances: vec![(0, 0); self.shape.num_assets],
        };
        for (i, targets) in self.slots.iter().enumerate() {
            let (slot, real) = match slots.get(i) {
                Some(s) => (s, true),
                None => (&padding, false),
            };
            ensure!(
                slot.balances.len() == self.shape.num_assets,
                "balance count mismatch"
            );
            pw.set_bool_target(targets.real, real)?;
            pw.set_hash_target(targets.id, slot.id_commitment.to_hash_out())?;
            for (limbs, &(e, d)) in targets.limbs.iter().zip(&slot.balances) {
                let t = Totals::of_amounts(e, d);
                let values = [t.equity_lo, t.equity_hi, t.debt_lo, t.debt_hi];
                for (&t, v) in limbs.iter().zip(values) {
                    pw.set_target(t, F::from_canonical_u64(v))?;
                }
            }
            let (low, _) = collateral_limbs(weights, &slot.balances);
            let carry = low.div_euclid(1 << LIMB_BITS);
            let remainder = low.rem_euclid(1 << LIMB_BITS);
            pw.set_target(targets.carry, signed_to_field(carry))?;
            pw.set_target(targets.remainder, signed_to_field(remainder))?;
        }
        self.data.prove(pw)
    }
}

/// Maps a small signed integer to its field representative (negatives to `p - |v|`).
pub fn signed_to_field(v: i128) -> F {
    let magnitude = F::from_noncanonical_u128(v.unsigned_abs());
    if v < 0 {
        -magnitude
    } else {
        magnitude
    }
}
