//! Where every column of the batch trace lives, for an asset capacity.
//!
//! The columns do not depend on the asset capacity (a holding row names its
//! asset and weight, and a lookup binds them to the round's weights); the
//! public inputs do: starky fixes their number at compile time, so each
//! supported capacity ([`super::BatchStark::MAX_ASSETS`] of each
//! instantiation) has its own layout, and a round with fewer assets leaves the
//! extra weights and totals at zero.

use crate::poseidon::PoseidonColumns;

/// Elements absorbed per permutation.
pub const RATE: usize = 8;
/// Bits per range-checked sub-limb; the range table holds `0..2^SUBLIMB_BITS`.
pub const SUBLIMB_BITS: usize = 13;
/// Length of the range table, hence the minimum trace length.
pub const RANGE_TABLE_LEN: usize = 1 << SUBLIMB_BITS;
/// Sub-limbs of one amount (`4 x 13 = 52` bits).
pub const AMOUNT_SUBLIMBS: usize = 4;
/// `log2` of the largest batch. The tree lookup itself allows up to `2^13`
/// levels (merge levels are range-checked); the bound is the trace's: a
/// batch of `2^17` accounts already needs `2^18` rows or more (`2^19` at
/// about two holdings per account, ~7.7 GB while proving at 22 assets).
pub const MAX_BATCH_BITS: usize = 17;
/// Sub-limbs of the collateral remainder (`< 2^26`).
pub const REM_SUBLIMBS: usize = 2;
/// Sub-limbs of the shifted carry (`< 2^37`: 13 + 13 + 11 bits).
pub const CARRY_SUBLIMBS: usize = 3;
/// Sub-limbs of the account value's high part (`< 2^63`: 4 x 13 + 11 bits).
pub const VALUE_SUBLIMBS: usize = 5;
/// The last sub-limb of the carry and of the value has 11 bits: it is looked up
/// both as is and times `2^(13-11)`.
pub const TOP_SHIFT: u64 = 1 << 2;

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

    /// The USD weight of that asset; the pair `(asset, weight)` is looked up
    /// in the weight table (`super::weights`).
    pub const fn weight(&self) -> usize {
        self.asset() + 1
    }

    /// Holdings of the account (constant over its rows).
    pub const fn holdings(&self) -> usize {
        self.weight() + 1
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

    /// Running collateral sums of the account: `low = sum w (e_lo - d_lo)`,
    /// `high = sum w (e_hi - d_hi)`.
    pub const fn low(&self) -> usize {
        self.gap() + 1
    }

    pub const fn high(&self) -> usize {
        self.low() + 1
    }

    pub const fn rem(&self, k: usize) -> usize {
        self.high() + 1 + k
    }

    pub const fn carry(&self, k: usize) -> usize {
        self.rem(REM_SUBLIMBS) + k
    }

    pub const fn value(&self, k: usize) -> usize {
        self.carry(CARRY_SUBLIMBS) + k
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

    pub const fn table_weight(&self) -> usize {
        self.table_asset() + 1
    }

    pub const fn table_count(&self) -> usize {
        self.table_weight() + 1
    }

    pub const fn in_table(&self) -> usize {
        self.table_count() + 1
    }

    pub const fn columns(&self) -> usize {
        self.in_table() + 1
    }

    /// Public inputs: `[root (4), leaf count, weights (max_assets), totals (4 per asset)]`.
    pub const fn public_inputs(&self) -> usize {
        5 + 5 * self.max_assets
    }

    pub const fn pi_root(i: usize) -> usize {
        i
    }

    pub const fn pi_leaf_count() -> usize {
        4
    }

    pub const fn pi_weight(a: usize) -> usize {
        5 + a
    }

    pub const fn pi_total(&self, a: usize, k: usize) -> usize {
        5 + self.max_assets + 4 * a + k
    }

    /// Every range-checked column (each must lie in the range table), and
    /// whether it is an 11-bit top sub-limb that is also checked shifted.
    pub fn range_checked(&self) -> Vec<(usize, bool)> {
        let mut out = Vec::new();
        for amount in 0..AMOUNTS {
            for k in 0..AMOUNT_SUBLIMBS {
                out.push((self.amount_sublimb(amount, k), false));
            }
        }
        out.push((self.gap(), false));
        for k in 0..REM_SUBLIMBS {
            out.push((self.rem(k), false));
        }
        for k in 0..CARRY_SUBLIMBS {
            out.push((self.carry(k), k == CARRY_SUBLIMBS - 1));
        }
        for k in 0..VALUE_SUBLIMBS {
            out.push((self.value(k), k == VALUE_SUBLIMBS - 1));
        }
        out
    }
}
