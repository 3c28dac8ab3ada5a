//! Where every column of the batch trace lives, for an asset capacity.
//!
//! The columns do not depend on the asset capacity (a holding row names its
//! asset and weight, and a lookup binds them to the round's weights); the
//! public inputs do: starky fixes their number at compile time, so each
//! supported capacity ([`super::BatchStark::MAX_ASSETS`] of each
//! instantiation) has its own layout, and a round with fewer assets leaves the
//! extra weights and totals at zero (which the verifier checks).

use solvent_model::limits::{AMOUNT_BITS, LIMB_BITS};

use crate::poseidon::PoseidonColumns;

/// Elements absorbed per permutation.
pub const RATE: usize = 8;
/// Bits per range-checked sub-limb; the range table holds `0..2^SUBLIMB_BITS`.
pub const SUBLIMB_BITS: usize = 13;
/// Length of the range table, hence the minimum trace length.
pub const RANGE_TABLE_LEN: usize = 1 << SUBLIMB_BITS;
/// Sub-limbs of one amount (`4 x 13 = 52` bits).
pub const AMOUNT_SUBLIMBS: usize = AMOUNT_BITS as usize / SUBLIMB_BITS;
/// `log2` of the largest batch. The tree lookup itself allows up to `2^13`
/// levels (merge levels are range-checked); the bound is the trace's: a
/// batch of `2^17` accounts already needs `2^18` rows or more (`2^19` at
/// about two holdings per account; its memory is in docs/PERF.md).
pub const MAX_BATCH_BITS: usize = 17;
/// Limbs of a holding's weights: equity weight low and high 26 bits, then
/// debt weight low and high (`super::weights`).
pub const WEIGHT_LIMBS: usize = 4;
/// The account's collateral sums, one per power of `2^26`
/// (`super::constraints`): `S_0`, `S_1`, `S_2`.
pub const SUMS: usize = 3;
/// Sub-limbs of a collateral remainder (`< 2^26`).
pub const REM_SUBLIMBS: usize = LIMB_BITS as usize / SUBLIMB_BITS;

// The sub-limbs must cover an amount and a limb exactly.
const _: () = assert!(
    AMOUNT_SUBLIMBS * SUBLIMB_BITS == AMOUNT_BITS as usize
        && REM_SUBLIMBS * SUBLIMB_BITS == LIMB_BITS as usize
);

/// Sub-limbs of a shifted carry: `q_0 + 2^36 < 2^37` (13 + 13 + 11 bits) and
/// `q_1 + 2^37 < 2^38` (13 + 13 + 12 bits).
pub const CARRY_SUBLIMBS: usize = 3;
/// Sub-limbs of the account value's top part (`< 2^63`: 4 x 13 + 11 bits).
pub const VALUE_SUBLIMBS: usize = 5;
/// Bits of each carry's top sub-limb (`carry(0)`, `carry(1)`).
pub const CARRY_TOP_BITS: [usize; 2] = [11, 12];
/// Bits of the value's top sub-limb.
pub const VALUE_TOP_BITS: usize = 11;

/// Column offsets for a trace with room for `max_assets` assets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub max_assets: usize,
}

pub const PERMUTATION: PoseidonColumns = PoseidonColumns::new(0);

/// Amounts absorbed per holding row: equity and debt.
pub const AMOUNTS: usize = 2;

impl Layout {
    pub const fn new(max_assets: usize) -> Self {
        Layout { max_assets }
    }

    /// The first row of an account: absorbs `[id, a_1, e_1, d_1, n]`.
    pub const fn first(&self) -> usize {
        PERMUTATION.end()
    }

    /// A later row of the same account: absorbs `(a_k, e_k, d_k)`.
    pub const fn cont(&self) -> usize {
        self.first() + 1
    }

    pub const fn merge(&self) -> usize {
        self.cont() + 1
    }

    /// The asset index of a holding row (zero elsewhere).
    pub const fn asset(&self) -> usize {
        self.merge() + 1
    }

    /// Limb `k` of that asset's weights (see [`WEIGHT_LIMBS`]); the tuple
    /// `(asset, weight limbs)` is looked up in the weight table
    /// (`super::weights`).
    pub const fn weight(&self, k: usize) -> usize {
        self.asset() + 1 + k
    }

    /// Holdings of the account (constant over its rows).
    pub const fn holdings(&self) -> usize {
        self.weight(WEIGHT_LIMBS)
    }

    /// 1-based index of this row's holding in the account.
    pub const fn index(&self) -> usize {
        self.holdings() + 1
    }

    /// Sub-limb `k` (little-endian) of the equity (`amount = 0`) or debt (`1`).
    pub const fn amount_sublimb(&self, amount: usize, k: usize) -> usize {
        self.index() + 1 + AMOUNT_SUBLIMBS * amount + k
    }

    /// `a_k - a_(k-1) - 1` on continuation rows (range-checked: increasing assets).
    pub const fn gap(&self) -> usize {
        self.amount_sublimb(AMOUNTS, 0)
    }

    /// Running collateral sum `S_i` of the account (`super::constraints`).
    pub const fn sum(&self, i: usize) -> usize {
        self.gap() + 1 + i
    }

    /// Sub-limb `k` of remainder `r_j` (`j` = 0, 1) of the last row's split.
    pub const fn rem(&self, j: usize, k: usize) -> usize {
        self.sum(SUMS) + (REM_SUBLIMBS + CARRY_SUBLIMBS) * j + k
    }

    /// Sub-limb `k` of the shifted carry `q_j + 2^(36 + j)`.
    pub const fn carry(&self, j: usize, k: usize) -> usize {
        self.rem(j, REM_SUBLIMBS) + k
    }

    pub const fn value(&self, k: usize) -> usize {
        self.rem(2, 0) + k
    }

    pub const fn leaf_count(&self) -> usize {
        self.value(VALUE_SUBLIMBS)
    }

    /// Level of the tree node a row writes: 0 on holding rows (the leaf, on
    /// an account's last row), the merge's level (`>= 1`) on merge rows.
    pub const fn level(&self) -> usize {
        self.leaf_count() + 1
    }

    /// Index of that node within its level: the account's position in the
    /// batch on holding rows, the merged node's on merge rows.
    pub const fn node(&self) -> usize {
        self.level() + 1
    }

    pub const fn range_table(&self) -> usize {
        self.node() + 1
    }

    pub const fn range_frequency(&self) -> usize {
        self.range_table() + 1
    }

    /// The weight table (`super::weights`): on its rows (`in_table = 1`),
    /// one asset of the round with its weight, and how many holding rows
    /// look it up.
    pub const fn table_asset(&self) -> usize {
        self.range_frequency() + 1
    }

    pub const fn table_weight(&self, k: usize) -> usize {
        self.table_asset() + 1 + k
    }

    pub const fn table_count(&self) -> usize {
        self.table_weight(WEIGHT_LIMBS)
    }

    pub const fn in_table(&self) -> usize {
        self.table_count() + 1
    }

    pub const fn columns(&self) -> usize {
        self.in_table() + 1
    }

    /// Public inputs: `[root (4), leaf count, height, weight limbs (4 per
    /// slot), totals (4 per slot)]`.
    pub const fn public_inputs(&self) -> usize {
        6 + (WEIGHT_LIMBS + 4) * self.max_assets
    }

    pub const fn pi_root(i: usize) -> usize {
        i
    }

    pub const fn pi_leaf_count() -> usize {
        4
    }

    /// The batch tree's height `L = log2(batch_size)`: a public input, not a
    /// constant, so one STARK verifier (and one wrapper key) serves every
    /// batch size (`super::tree`).
    pub const fn pi_height() -> usize {
        5
    }

    /// Limb `k` of asset `a`'s weights (see [`WEIGHT_LIMBS`]).
    pub const fn pi_weight(a: usize, k: usize) -> usize {
        6 + WEIGHT_LIMBS * a + k
    }

    pub const fn pi_total(&self, a: usize, k: usize) -> usize {
        6 + WEIGHT_LIMBS * self.max_assets + 4 * a + k
    }

    /// Every range-checked column (each must lie in the range table), with
    /// the factor it is also looked up times when it is a top sub-limb of
    /// fewer than 13 bits (`2^(13 - bits)`, so that it is `< 2^bits`).
    pub fn range_checked(&self) -> Vec<(usize, Option<u64>)> {
        let shift = |bits: usize| Some(1u64 << (SUBLIMB_BITS - bits));
        let mut out = Vec::new();
        for amount in 0..AMOUNTS {
            for k in 0..AMOUNT_SUBLIMBS {
                out.push((self.amount_sublimb(amount, k), None));
            }
        }
        out.push((self.gap(), None));
        for (j, top_bits) in CARRY_TOP_BITS.into_iter().enumerate() {
            for k in 0..REM_SUBLIMBS {
                out.push((self.rem(j, k), None));
            }
            for k in 0..CARRY_SUBLIMBS {
                let top = k == CARRY_SUBLIMBS - 1;
                out.push((self.carry(j, k), if top { shift(top_bits) } else { None }));
            }
        }
        for k in 0..VALUE_SUBLIMBS {
            let top = k == VALUE_SUBLIMBS - 1;
            out.push((
                self.value(k),
                if top { shift(VALUE_TOP_BITS) } else { None },
            ));
        }
        out
    }
}
