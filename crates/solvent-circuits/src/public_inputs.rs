//! The public-input vector shared by every circuit, in this order:
//! `context[4] | root[4] | leaf_count | level | batch_height | (u, v)[K] | (E0, E1, D0, D1)[K]`,
//! `level` being the aggregation levels above the batches (0 for a batch
//! proof), `batch_height` the batches' `log2(batch_size)` (a statement, not a
//! circuit constant, so one key serves every batch size), `K` the round's
//! asset capacity (`crate::batch::CAPACITIES`), `u`/`v`
//! an asset's equity and debt weights (each `< 2^52`). The slots after the
//! round's assets are zero in an honest proof; the circuits leave them free
//! (so their keys depend on the capacity alone) and the verifier checks them.
//! `E0/E1` are the sums of the low/high 26-bit limbs of all equities of an
//! asset (so `total_equity = E0 + 2^26 * E1`), `D0/D1` likewise for debts.
//! The final circuit publishes them carry-normalised (`E0, D0 < 2^26`).

use plonky2::field::types::{Field, PrimeField64};
use solvent_commit::Digest;

use crate::batch::{Weight, LIMB_BITS};
use crate::F;

/// Where `leaf_count` sits in the vector.
pub const LEAF_COUNT_INDEX: usize = 8;
/// Where `level` sits in the vector.
pub const LEVEL_INDEX: usize = 9;
/// Where `batch_height` sits in the vector.
pub const BATCH_HEIGHT_INDEX: usize = 10;
/// Where the weights start.
pub const WEIGHTS_INDEX: usize = 11;

/// Public inputs of a batch or aggregation proof: the statement; the root
/// `P_h` of an all-padding subtree of the proof's height `h` and the leaves
/// `2^h` it has room for (what the aggregation circuit needs of a padding
/// sibling); and the hash of the aggregation key the proof was made under
/// (zero in a batch proof), which the aggregation circuit checks its
/// aggregation children against (`gadgets::verify_child`).
pub fn inner_len(capacity: usize) -> usize {
    len(capacity) + HEIGHT_LEN + KEY_HASH_LEN
}

/// `P_h[4] | 2^h` in [`inner_len`].
pub const HEIGHT_LEN: usize = 5;
/// The key hash in [`inner_len`].
pub const KEY_HASH_LEN: usize = 4;

/// Per-asset sums of the 26-bit limbs of equity and debt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub equity_lo: u64,
    pub equity_hi: u64,
    pub debt_lo: u64,
    pub debt_hi: u64,
}

impl Totals {
    /// The limbs of one account's `(equity, debt)`: the single place where an
    /// amount is split into its 26-bit low and high limbs.
    pub fn of_amounts(equity: u64, debt: u64) -> Totals {
        let mask = (1u64 << LIMB_BITS) - 1;
        Totals {
            equity_lo: equity & mask,
            equity_hi: equity >> LIMB_BITS,
            debt_lo: debt & mask,
            debt_hi: debt >> LIMB_BITS,
        }
    }

    pub fn equity(&self) -> u128 {
        u128::from(self.equity_lo) + (u128::from(self.equity_hi) << LIMB_BITS)
    }

    pub fn debt(&self) -> u128 {
        u128::from(self.debt_lo) + (u128::from(self.debt_hi) << LIMB_BITS)
    }

    /// The same totals with each low limb below `2^26`, as the final
    /// circuit publishes them.
    pub fn normalised(&self) -> Totals {
        let mask = (1u64 << LIMB_BITS) - 1;
        Totals {
            equity_lo: self.equity_lo & mask,
            equity_hi: self.equity_hi + (self.equity_lo >> LIMB_BITS),
            debt_lo: self.debt_lo & mask,
            debt_hi: self.debt_hi + (self.debt_lo >> LIMB_BITS),
        }
    }

    /// Limb-wise sum; cannot overflow u64 for any tree the circuits accept.
    pub fn add(&self, other: &Totals) -> Totals {
        Totals {
            equity_lo: self.equity_lo + other.equity_lo,
            equity_hi: self.equity_hi + other.equity_hi,
            debt_lo: self.debt_lo + other.debt_lo,
            debt_hi: self.debt_hi + other.debt_hi,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicInputs {
    pub context: Digest,
    pub root: Digest,
    pub leaf_count: u64,
    pub level: u32,
    /// `log2(batch_size)`.
    pub batch_height: u32,
    pub weights: Vec<Weight>,
    pub totals: Vec<Totals>,
}

/// Public inputs of a statement over `capacity` asset slots.
pub fn len(capacity: usize) -> usize {
    WEIGHTS_INDEX + 6 * capacity
}

/// The asset slots of a vector of `len` public inputs, if it is one.
pub fn capacity_of(len: usize) -> Option<usize> {
    len.checked_sub(WEIGHTS_INDEX)
        .filter(|rest| rest % 6 == 0)
        .map(|rest| rest / 6)
}

/// Bits of a limb sum: fewer than `2^LEAF_COUNT_BITS` leaves, each limb below
/// `2^LIMB_BITS`.
pub const LIMB_SUM_BITS: usize = crate::LEAF_COUNT_BITS + LIMB_BITS;

impl PublicInputs {
    /// The same statement over `capacity` slots: the round's assets, then
    /// zero weights and totals, as the circuits of that capacity expose it.
    pub fn padded(mut self, capacity: usize) -> Self {
        self.weights
            .resize(capacity.max(self.weights.len()), Weight::default());
        self.totals
            .resize(capacity.max(self.totals.len()), Totals::default());
        self
    }

    /// The first slot from `num_assets` on that is not zero (weights and
    /// totals), if any: a statement of `num_assets` assets must leave the
    /// rest of its capacity empty.
    pub fn first_used_slot_from(&self, num_assets: usize) -> Option<usize> {
        let weights = self.weights.iter().skip(num_assets);
        let totals = self.totals.iter().skip(num_assets);
        weights
            .zip(totals)
            .position(|(w, t)| *w != Weight::default() || *t != Totals::default())
            .map(|i| num_assets + i)
    }

    pub fn to_fields(&self) -> Vec<F> {
        let mut out = Vec::with_capacity(len(self.weights.len()));
        out.extend_from_slice(&self.context.0);
        out.extend_from_slice(&self.root.0);
        out.push(F::from_canonical_u64(self.leaf_count));
        out.push(F::from_canonical_u32(self.level));
        out.push(F::from_canonical_u32(self.batch_height));
        for w in &self.weights {
            out.extend([w.equity, w.debt].map(F::from_canonical_u64));
        }
        for t in &self.totals {
            out.extend([t.equity_lo, t.equity_hi, t.debt_lo, t.debt_hi].map(F::from_canonical_u64));
        }
        out
    }

    /// The statement of a batch or aggregation proof's public inputs
    /// ([`inner_len`]); `None` if the length does not fit `capacity`.
    pub fn from_inner_fields(fields: &[F], capacity: usize) -> Option<Self> {
        if fields.len() != inner_len(capacity) {
            return None;
        }
        Self::from_fields(&fields[..len(capacity)], capacity)
    }

    /// Decodes a public-input vector of `capacity` asset slots; `None` if
    /// its length does not fit or its level or batch height does not fit a
    /// `u32`.
    pub fn from_fields(fields: &[F], capacity: usize) -> Option<Self> {
        if fields.len() != len(capacity) {
            return None;
        }
        let u = |i: usize| fields[i].to_canonical_u64();
        let digest = |at: usize| Digest(fields[at..at + 4].try_into().expect("4 elements"));
        let level = u32::try_from(u(LEVEL_INDEX)).ok()?;
        let batch_height = u32::try_from(u(BATCH_HEIGHT_INDEX)).ok()?;
        let weights = (0..capacity)
            .map(|a| Weight {
                equity: u(WEIGHTS_INDEX + 2 * a),
                debt: u(WEIGHTS_INDEX + 2 * a + 1),
            })
            .collect();
        let base = WEIGHTS_INDEX + 2 * capacity;
        let totals = (0..capacity)
            .map(|a| Totals {
                equity_lo: u(base + 4 * a),
                equity_hi: u(base + 4 * a + 1),
                debt_lo: u(base + 4 * a + 2),
                debt_hi: u(base + 4 * a + 3),
            })
            .collect();
        Some(PublicInputs {
            context: digest(0),
            root: digest(4),
            leaf_count: u(LEAF_COUNT_INDEX),
            level,
            batch_height,
            weights,
            totals,
        })
    }
}
