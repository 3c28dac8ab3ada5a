//! Builds the batch trace natively: leaves, merges, running sums, the range
//! table and its frequencies. Refuses accounts the AIR would reject, so the
//! prover never spends a proof on a bad batch and reports why.

use plonky2::field::polynomial::PolynomialValues;
use plonky2::field::types::{Field, PrimeField64};
use plonky2_maybe_rayon::*;

use solvent_commit::merkle::padding_nodes;
use solvent_commit::{leaf_holdings, tags};
use solvent_model::limits::{AMOUNT_LIMIT, LIMB_BITS, WEIGHT_LIMIT};

use super::constraints::{merges, BatchParams, CARRY_SHIFT_BITS};
use super::layout::*;
use crate::F;

/// An asset's two USD weights per base unit, each below `2^52`
/// ([`solvent_model::limits::WEIGHT_BITS`]): `equity` values what users hold (rounded down, after
/// the asset's collateral ratio), `debt` what they owe (rounded up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weight {
    pub equity: u64,
    pub debt: u64,
}

impl Weight {
    /// The limbs as the trace and the public inputs hold them:
    /// `[u_0, u_1, v_0, v_1]`.
    pub fn limbs(&self) -> [u64; WEIGHT_LIMBS] {
        let mask = (1u64 << LIMB_BITS) - 1;
        [
            self.equity & mask,
            self.equity >> LIMB_BITS,
            self.debt & mask,
            self.debt >> LIMB_BITS,
        ]
    }
}

/// One account as the batch sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id_commitment: [F; 4],
    /// `(equity, debt)` in base units per asset of the round.
    pub balances: Vec<(u64, u64)>,
}

/// Why a batch cannot be proven.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    #[error("{accounts} accounts do not fit a batch of {batch_size}")]
    TooManyAccounts { accounts: usize, batch_size: usize },
    #[error("account {index} has {got} balances, the round has {expected} assets")]
    BalanceCount {
        index: usize,
        got: usize,
        expected: usize,
    },
    #[error("expected {expected} weights, got {got}")]
    WeightCount { got: usize, expected: usize },
    #[error("a weight of asset {asset} ({value}) is not below 2^52")]
    WeightRange { asset: usize, value: u64 },
    #[error("account {index}, asset {asset}: amount {value} is not below 2^52")]
    AmountRange {
        index: usize,
        asset: usize,
        value: u64,
    },
    #[error("account {index} is under water at the round's prices")]
    UnderWater { index: usize },
    #[error("the batch needs {rows} rows, its trace has {capacity}")]
    TooManyRows { rows: usize, capacity: usize },
}

/// The trace and public inputs of one batch, with its root.
pub struct BatchTrace {
    pub columns: Vec<PolynomialValues<F>>,
    pub public_inputs: Vec<F>,
    pub root: [F; 4],
}

/// Builds the trace of `accounts` (at most `batch_size`; the slots after them
/// are padding, whose subtrees the statement supplies).
pub fn generate(
    params: &BatchParams,
    weights: &[Weight],
    accounts: &[Account],
) -> Result<BatchTrace, TraceError> {
    validate(params, weights, accounts)?;
    Ok(build(params, weights, accounts))
}

/// Builds a trace without checking ranges or collateral: out-of-range values
/// are split as if they fit, so the trace breaks only the range lookups.
/// Exists for adversarial tests (what a cheating prover would commit to).
#[doc(hidden)]
pub fn generate_unchecked(
    params: &BatchParams,
    weights: &[Weight],
    accounts: &[Account],
) -> BatchTrace {
    build(params, weights, accounts)
}

fn validate(
    params: &BatchParams,
    weights: &[Weight],
    accounts: &[Account],
) -> Result<(), TraceError> {
    if accounts.len() > params.batch_size {
        return Err(TraceError::TooManyAccounts {
            accounts: accounts.len(),
            batch_size: params.batch_size,
        });
    }
    if weights.len() != params.num_assets {
        return Err(TraceError::WeightCount {
            got: weights.len(),
            expected: params.num_assets,
        });
    }
    for (asset, w) in weights.iter().enumerate() {
        for value in [w.equity, w.debt] {
            if value >= WEIGHT_LIMIT {
                return Err(TraceError::WeightRange { asset, value });
            }
        }
    }
    for (index, account) in accounts.iter().enumerate() {
        if account.balances.len() != params.num_assets {
            return Err(TraceError::BalanceCount {
                index,
                got: account.balances.len(),
                expected: params.num_assets,
            });
        }
        for (asset, &(e, d)) in account.balances.iter().enumerate() {
            for value in [e, d] {
                if value >= AMOUNT_LIMIT {
                    return Err(TraceError::AmountRange {
                        index,
                        asset,
                        value,
                    });
                }
            }
        }
        if net_value(weights, &account.balances) < 0 {
            return Err(TraceError::UnderWater { index });
        }
    }
    let rows = rows_needed(params, accounts);
    if rows >= params.trace_len() {
        return Err(TraceError::TooManyRows {
            rows,
            capacity: params.trace_len() - 1,
        });
    }
    Ok(())
}

/// Holding rows plus merges of a batch of `accounts`.
pub fn rows_needed(params: &BatchParams, accounts: &[Account]) -> usize {
    let holding_rows: usize = accounts
        .iter()
        .map(|a| leaf_holdings(&a.balances).len())
        .sum();
    holding_rows + merges(params.batch_size, accounts.len())
}

/// `sum_a u_a e_a - v_a d_a`, exactly (weights `< 2^52`, amounts `< 2^52`
/// and at most 1024 assets keep it within `2^114`).
pub fn net_value(weights: &[Weight], balances: &[(u64, u64)]) -> i128 {
    weights
        .iter()
        .zip(balances)
        .map(|(w, &(e, d))| {
            i128::from(w.equity) * i128::from(e) - i128::from(w.debt) * i128::from(d)
        })
        .sum()
}

fn signed(v: i128) -> F {
    let magnitude = F::from_noncanonical_u128(v.unsigned_abs());
    if v < 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// Splits `value` into `count` 13-bit sub-limbs; the last takes whatever is left.
fn sublimbs(value: u64, count: usize) -> Vec<u64> {
    let mask = (1u64 << SUBLIMB_BITS) - 1;
    (0..count)
        .map(|k| {
            let shifted = value >> (SUBLIMB_BITS * k);
            if k + 1 == count {
                shifted
            } else {
                shifted & mask
            }
        })
        .collect()
}

struct Running {
    /// The collateral sums `S_0, S_1, S_2` (`super::constraints`).
    sums: [i128; SUMS],
    totals: Vec<[u64; 4]>,
    count: u64,
    /// Holding rows per asset: the weight table's multiplicities.
    lookups: Vec<u64>,
}

fn build(params: &BatchParams, weights: &[Weight], accounts: &[Account]) -> BatchTrace {
    let l = params.layout;
    let width = l.columns();
    let n = params.trace_len();
    let mut rows = RowWriter::new(width, n);
    let mut state = Running {
        sums: [0; SUMS],
        totals: vec![[0; 4]; params.num_assets],
        count: 0,
        lookups: vec![0; params.num_assets],
    };
    let mut leaves = Vec::with_capacity(accounts.len());

    for (slot, account) in accounts.iter().enumerate() {
        state.sums = [0; SUMS];
        state.count += 1;
        let held = leaf_holdings(&account.balances);
        let mut previous_out = [F::ZERO; 12];
        let mut previous_asset = 0;
        for (k, &(asset, equity, debt)) in held.iter().enumerate() {
            let row = rows.next_row();
            let first = k == 0;
            row[if first { l.first() } else { l.cont() }] = F::ONE;
            row[l.asset()] = F::from_canonical_usize(asset);
            let weight = weights.get(asset).copied().unwrap_or_default().limbs();
            for (k, &w) in weight.iter().enumerate() {
                row[l.weight(k)] = F::from_noncanonical_u64(w);
            }
            if let Some(count) = state.lookups.get_mut(asset) {
                *count += 1;
            }
            row[l.holdings()] = F::from_canonical_usize(held.len());
            row[l.index()] = F::from_canonical_usize(k + 1);
            row[l.node()] = F::from_canonical_usize(slot);
            if !first {
                row[l.gap()] = F::from_canonical_usize(asset - previous_asset - 1);
            }
            previous_asset = asset;
            let mut limbs = [[0u64; 2]; AMOUNTS];
            for (which, value) in [equity, debt].into_iter().enumerate() {
                let parts = sublimbs(value, AMOUNT_SUBLIMBS);
                for (j, &part) in parts.iter().enumerate() {
                    row[l.amount_sublimb(which, j)] = F::from_canonical_u64(part);
                }
                limbs[which] = [
                    parts[0] + (parts[1] << SUBLIMB_BITS),
                    parts[2] + (parts[3] << SUBLIMB_BITS),
                ];
            }
            let (u, v) = ([weight[0], weight[1]], [weight[2], weight[3]]);
            for i in 0..2 {
                for (j, (&e, &d)) in limbs[0].iter().zip(&limbs[1]).enumerate() {
                    state.sums[i + j] +=
                        i128::from(u[i]) * i128::from(e) - i128::from(v[i]) * i128::from(d);
                }
            }
            let totals = &mut state.totals[asset];
            totals[0] += limbs[0][0];
            totals[1] += limbs[0][1];
            totals[2] += limbs[1][0];
            totals[3] += limbs[1][1];

            let (a, e, d) = (
                F::from_canonical_usize(asset),
                F::from_noncanonical_u64(equity),
                F::from_noncanonical_u64(debt),
            );
            let input: [F; 12] = if first {
                let id = account.id_commitment;
                let tag = F::from_canonical_u64(tags::LEAF);
                let count = F::from_canonical_usize(held.len());
                [
                    id[0],
                    id[1],
                    id[2],
                    id[3],
                    a,
                    e,
                    d,
                    count,
                    tag,
                    F::ZERO,
                    F::ZERO,
                    F::ZERO,
                ]
            } else {
                let mut input = previous_out;
                input[..3].copy_from_slice(&[a, e, d]);
                input
            };
            for (q, &x) in input.iter().enumerate() {
                row[PERMUTATION.input(q)] = x;
            }
            if k + 1 == held.len() {
                write_sign_split(&l, row, &state);
            }
            write_running(&l, row, &state);
            // The next row needs the output now; the row's S-box columns are
            // filled later, in parallel (`RowWriter::flush`).
            previous_out = solvent_hash::single::permute(input);
        }
        leaves.push(digest(&previous_out));
    }
    // The tree, level by level, over the nodes with a real leaf below them;
    // a missing right child is the padding subtree the statement writes.
    let pads = padding_nodes(params.batch_size.ilog2() as usize);
    let mut nodes = leaves;
    for level in 1..pads.len() {
        let pad = pads[level - 1].0;
        nodes = nodes
            .chunks(2)
            .enumerate()
            .map(|(index, pair)| {
                let pair = [pair[0], pair.get(1).copied().unwrap_or(pad)];
                let row = rows.next_row();
                row[l.merge()] = F::ONE;
                row[l.level()] = F::from_canonical_usize(level);
                row[l.node()] = F::from_canonical_usize(index);
                write_running(&l, row, &state);
                let mut input = [F::ZERO; 12];
                input[..4].copy_from_slice(&pair[0]);
                input[4..8].copy_from_slice(&pair[1]);
                input[8] = F::from_canonical_u64(tags::NODE);
                for (q, &x) in input.iter().enumerate() {
                    row[PERMUTATION.input(q)] = x;
                }
                digest(&solvent_hash::single::permute(input))
            })
            .collect();
    }
    debug_assert_eq!(rows.len(), rows_needed(params, accounts));
    // Idle rows are all alike.
    let mut idle = vec![F::ZERO; width];
    write_running(&l, &mut idle, &state);
    PERMUTATION.fill(&mut idle);
    let mut columns = rows.finish(&idle);
    fill_range_table(&l, &mut columns);
    fill_weight_table(&l, weights, &state.lookups, &mut columns);

    let root = nodes.first().copied().unwrap_or(pads[pads.len() - 1].0);
    let mut public_inputs = vec![F::ZERO; l.public_inputs()];
    for i in 0..4 {
        public_inputs[Layout::pi_root(i)] = root[i];
    }
    public_inputs[Layout::pi_leaf_count()] = F::from_canonical_u64(state.count);
    public_inputs[Layout::pi_height()] = F::from_canonical_usize(super::tree::root_level(params));
    for (a, w) in weights.iter().enumerate().take(l.max_assets) {
        for (k, limb) in w.limbs().into_iter().enumerate() {
            public_inputs[Layout::pi_weight(a, k)] = F::from_noncanonical_u64(limb);
        }
    }
    for (a, totals) in state.totals.iter().enumerate() {
        for (k, &t) in totals.iter().enumerate() {
            public_inputs[l.pi_total(a, k)] = F::from_noncanonical_u64(t);
        }
    }
    BatchTrace {
        columns: columns.into_iter().map(PolynomialValues::new).collect(),
        public_inputs,
        root,
    }
}

/// Collects the trace row by row into columns. Rows are built in order into
/// a small row-major tile; a full tile gets its permutations' S-box columns
/// filled in parallel and is then appended to the columns, so that neither
/// building a row nor writing a column strides across the whole trace.
struct RowWriter {
    width: usize,
    rows: usize,
    columns: Vec<Vec<F>>,
    tile: Vec<F>,
    rows_in_tile: usize,
}

/// Rows per tile: about 1 MB of a 483-column trace.
const TILE_ROWS: usize = 256;

impl RowWriter {
    fn new(width: usize, rows: usize) -> Self {
        RowWriter {
            width,
            rows,
            columns: (0..width).map(|_| Vec::with_capacity(rows)).collect(),
            tile: vec![F::ZERO; TILE_ROWS * width],
            rows_in_tile: 0,
        }
    }

    /// Rows written so far.
    fn len(&self) -> usize {
        self.columns[0].len() + self.rows_in_tile
    }

    /// The next row, all zero, with its permutation inputs to be set by
    /// the caller (the S-box columns are filled on flush).
    fn next_row(&mut self) -> &mut [F] {
        if self.rows_in_tile == TILE_ROWS {
            self.flush();
        }
        self.rows_in_tile += 1;
        &mut self.tile[(self.rows_in_tile - 1) * self.width..][..self.width]
    }

    fn flush(&mut self) {
        let width = self.width;
        let tile = &mut self.tile[..self.rows_in_tile * width];
        tile.par_chunks_mut(width).for_each(|row| {
            PERMUTATION.fill(row);
        });
        let tile = &*tile;
        self.columns
            .par_iter_mut()
            .enumerate()
            .for_each(|(c, column)| column.extend(tile.chunks_exact(width).map(|row| row[c])));
        self.tile.fill(F::ZERO);
        self.rows_in_tile = 0;
    }

    /// The columns, completed to their length with copies of `idle`.
    fn finish(mut self, idle: &[F]) -> Vec<Vec<F>> {
        self.flush();
        let rows = self.rows;
        self.columns
            .par_iter_mut()
            .zip(idle)
            .for_each(|(column, &value)| {
                let missing = rows - column.len();
                column.extend(core::iter::repeat_n(value, missing));
            });
        self.columns
    }
}

/// The collateral split of an account's last row: `S_0 = 2^26 q_0 + r_0`,
/// `S_1 + q_0 = 2^26 q_1 + r_1`, `value = S_2 + q_1` (out-of-range values
/// are split as if they fit).
fn write_sign_split(l: &Layout, row: &mut [F], state: &Running) {
    let mut incoming = 0i128;
    for (j, &shift) in CARRY_SHIFT_BITS.iter().enumerate() {
        let sum = state.sums[j] + incoming;
        let carry = sum.div_euclid(1 << LIMB_BITS);
        let rem = sum.rem_euclid(1 << LIMB_BITS) as u64;
        let shifted = signed(carry + (1i128 << shift)).to_canonical_u64();
        for (k, s) in sublimbs(rem, REM_SUBLIMBS).into_iter().enumerate() {
            row[l.rem(j, k)] = F::from_canonical_u64(s);
        }
        for (k, s) in sublimbs(shifted, CARRY_SUBLIMBS).into_iter().enumerate() {
            row[l.carry(j, k)] = F::from_noncanonical_u64(s);
        }
        incoming = carry;
    }
    let value = signed(state.sums[2] + incoming).to_canonical_u64();
    for (k, s) in sublimbs(value, VALUE_SUBLIMBS).into_iter().enumerate() {
        row[l.value(k)] = F::from_noncanonical_u64(s);
    }
}

/// Columns that carry running state: collateral sums and leaf count.
fn write_running(l: &Layout, row: &mut [F], state: &Running) {
    for (i, &sum) in state.sums.iter().enumerate() {
        row[l.sum(i)] = signed(sum);
    }
    row[l.leaf_count()] = F::from_canonical_u64(state.count);
}

/// The digest part of a permutation's output.
fn digest(output: &[F; 12]) -> [F; 4] {
    core::array::from_fn(|i| output[i])
}

/// The weight table in rows `0..A`: each asset of the round, its weights and
/// how many holding rows look it up (rows past the table stay zero).
/// Row `a` of the weight table holds slot `a` of the capacity: the round's
/// weight and holding count for its assets, zero for the slots after them
/// (published as zero weights, see `super::weights`).
fn fill_weight_table(l: &Layout, weights: &[Weight], lookups: &[u64], columns: &mut [Vec<F>]) {
    let unused = (weights.len()..l.max_assets).map(|_| (Weight::default(), 0));
    let slots = weights
        .iter()
        .copied()
        .zip(lookups.iter().copied())
        .chain(unused);
    for (a, (w, n)) in slots.enumerate() {
        columns[l.table_asset()][a] = F::from_canonical_usize(a);
        for (k, limb) in w.limbs().into_iter().enumerate() {
            columns[l.table_weight(k)][a] = F::from_noncanonical_u64(limb);
        }
        columns[l.table_count()][a] = F::from_canonical_u64(n);
        columns[l.in_table()][a] = F::ONE;
    }
}

/// The table `0..2^13` (then its last value repeated) and how often each
/// value occurs in the range-checked columns and as `level - 1` of a merge.
/// Values outside the table are not counted: the lookup then fails, as it
/// must.
fn fill_range_table(l: &Layout, columns: &mut [Vec<F>]) {
    let mut frequency = vec![0u64; RANGE_TABLE_LEN];
    let mut count = |x: F| {
        if let Some(f) = frequency.get_mut(x.to_canonical_u64() as usize) {
            *f += 1;
        }
    };
    for (column, shift) in l.range_checked() {
        for &value in &columns[column] {
            count(value);
            if let Some(shift) = shift {
                count(value * F::from_canonical_u64(shift));
            }
        }
    }
    for (&merge, &level) in columns[l.merge()].iter().zip(&columns[l.level()]) {
        if merge == F::ONE {
            count(level - F::ONE);
        }
    }
    for (row, cell) in columns[l.range_table()].iter_mut().enumerate() {
        *cell = F::from_canonical_usize(row.min(RANGE_TABLE_LEN - 1));
    }
    for (v, &f) in frequency.iter().enumerate() {
        columns[l.range_frequency()][v] = F::from_canonical_u64(f);
    }
}
