//! The batch AIR against the native commitment (leaves, tree, totals), and
//! what it must refuse: amounts out of range or near the field modulus, an
//! account under water, hidden accounts, and public inputs that are not the
//! batch's root, count or totals.

mod common;

use plonky2::field::types::Field;
use solvent_air::algebra::PackedAlgebra;
use solvent_air::batch::constraints::eval;
use std::collections::HashMap;

use plonky2::field::types::PrimeField64;
use solvent_air::batch::layout::WEIGHT_LIMBS;
use solvent_air::batch::layout::{Layout, MAX_BATCH_BITS, PERMUTATION};
use solvent_air::batch::trace::{generate, generate_unchecked, net_value};
use solvent_air::batch::tree::padding_frontier;
use solvent_air::batch::{
    Account, BatchParams, BatchStark, BatchStark8, BatchTrace, TraceError, Weight,
};
use solvent_air::{C, D, F};
use solvent_commit::Digest;
use starky::stark_testing::{test_stark_circuit_constraints, test_stark_low_degree};

const ASSETS: usize = 3;
const BATCH: usize = 8;
/// Equity weights rounded down, debt weights rounded up; asset 0's use both
/// 26-bit limbs up to the 52-bit bound.
const WEIGHTS: [Weight; ASSETS] = [
    Weight {
        equity: (1 << 52) - 1000,
        debt: (1 << 52) - 1,
    },
    Weight {
        equity: 3_000 << 26,
        debt: (3_000 << 26) + 1,
    },
    Weight {
        equity: (1 << 26) - 7,
        debt: 1 << 26,
    },
];

/// The most of asset 2 that account 3 (1 unit of asset 0) may owe.
const MAX_DEBT_2: u64 = ((1 << 52) - 1000) / (1 << 26);

fn params() -> BatchParams {
    BatchParams::new(Layout::new(8), ASSETS, BATCH, 13)
}

fn stark() -> BatchStark8 {
    BatchStark8::new(params())
}

fn account(seed: u64, balances: [(u64, u64); ASSETS]) -> Account {
    let id = solvent_commit::sponge(&[F::from_canonical_u64(seed)]);
    Account {
        id_commitment: id.0,
        balances: balances.to_vec(),
    }
}

fn accounts() -> Vec<Account> {
    vec![
        account(1, [(5, 0), (0, 0), (1_000_000, 0)]),
        account(2, [(0, 0), (7_000_000_000, 0), (0, 0)]),
        // Margin: owes 40,000 of asset 2, covered by asset 0.
        account(3, [(1, 0), (0, 0), (0, 40_000)]),
        account(4, [((1 << 52) - 1, 0), (0, 3), (12, 11)]),
        account(5, [(0, 0), (0, 0), (0, 0)]),
    ]
}

fn assert_rejected(trace: BatchTrace, what: &str) {
    common::assert_rejected(stark(), trace.columns, &trace.public_inputs, what);
}

#[test]
fn trace_commits_like_the_native_tree() {
    let accounts = accounts();
    let trace = generate(&params(), &WEIGHTS, &accounts).expect("valid batch");
    let mut leaves: Vec<Digest> = accounts
        .iter()
        .map(|a| solvent_commit::leaf_hash(&Digest(a.id_commitment), &a.balances))
        .collect();
    leaves.resize(BATCH, solvent_commit::padding_leaf(ASSETS));
    let root = solvent_commit::merkle::root_of(&leaves);
    assert_eq!(trace.root, root.0);

    let l = params().layout;
    let pis = &trace.public_inputs;
    assert_eq!(&pis[..4], &root.0);
    assert_eq!(
        pis[Layout::pi_leaf_count()],
        F::from_canonical_usize(accounts.len())
    );
    let limb = |x: u64, hi: bool| if hi { x >> 26 } else { x & ((1 << 26) - 1) };
    for a in 0..ASSETS {
        for k in 0..4 {
            let expected: u64 = accounts
                .iter()
                .map(|acc| {
                    let (e, d) = acc.balances[a];
                    limb(if k < 2 { e } else { d }, k % 2 == 1)
                })
                .sum();
            assert_eq!(pis[l.pi_total(a, k)], F::from_canonical_u64(expected));
        }
    }
}

#[test]
fn valid_batch_proves_and_verifies() {
    let trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
    common::prove_and_verify(stark(), trace.columns, &trace.public_inputs)
        .expect("valid batch verifies");
}

/// The CTL columns built one lookup per thread are starky's, column for
/// column, and the transcript ends in the same state.
#[test]
fn parallel_ctl_data_is_starkys() {
    use plonky2::iop::challenger::Challenger;
    use solvent_air::ctl::PublishedLookups;
    use solvent_hash::FastPoseidonHash;
    let trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
    let config = solvent_air::stark_config(trace.columns[0].len().ilog2() as usize);
    let lookups = stark().cross_table_lookups();
    let traces = [trace.columns];
    let mut start = Challenger::<F, FastPoseidonHash>::new();
    start.observe_elements(&trace.public_inputs);
    let (mut sequential, mut parallel) = (start.clone(), start);
    let (expected_challenges, [expected]) = starky::cross_table_lookup::get_ctl_data::<F, C, D, 1>(
        &config,
        &traces,
        &lookups,
        &mut sequential,
        3,
    );
    let (challenges, data) =
        solvent_air::commitment::ctl_data_in_parallel(&config, &traces, &lookups, &mut parallel, 3);
    assert_eq!(challenges.challenges, expected_challenges.challenges);
    // Four lookups, both of whose sides are this table, per challenge.
    assert_eq!(data.zs_columns.len(), 4 * 2 * config.num_challenges);
    assert_eq!(format!("{data:?}"), format!("{expected:?}"));
    assert_eq!(parallel.get_challenge(), sequential.get_challenge());
}

#[test]
fn constraints_are_low_degree_and_circuit_matches() {
    test_stark_low_degree(stark()).expect("degree 3");
    test_stark_circuit_constraints::<F, C, BatchStark8, D>(stark()).expect("same constraints");
}

/// The padding slots are the statement's: for an empty, a one-account, a
/// partial and a full batch the trace hashes only its accounts, its root is
/// the native tree's over the accounts and padding leaves, every constraint
/// holds and the tree lookup balances with the padding subtrees the leaf
/// count implies. Proofs of the empty and the one-account batch verify
/// natively and in a circuit (the frontier's two branches).
#[test]
fn padding_subtrees_come_from_the_statement() {
    assert_eq!(padding_frontier(0, 3), vec![(3, 0)]);
    assert_eq!(padding_frontier(1, 3), vec![(0, 1), (1, 1), (2, 1)]);
    assert_eq!(padding_frontier(5, 3), vec![(0, 5), (1, 3)]);
    assert_eq!(padding_frontier(6, 3), vec![(1, 3)]);
    assert_eq!(padding_frontier(8, 3), vec![]);
    let all = accounts();
    let full: Vec<Account> = (0..BATCH as u64)
        .map(|i| account(i + 10, [(i, 0); ASSETS]))
        .collect();
    for accounts in [&all[..0], &all[..1], &all[..], &full[..]] {
        let trace = generate(&params(), &WEIGHTS, accounts).expect("valid batch");
        let mut leaves: Vec<Digest> = accounts
            .iter()
            .map(|a| solvent_commit::leaf_hash(&Digest(a.id_commitment), &a.balances))
            .collect();
        let holding_rows: usize = accounts
            .iter()
            .map(|a| solvent_commit::leaf_holdings(&a.balances).len())
            .sum();
        leaves.resize(BATCH, solvent_commit::padding_leaf(ASSETS));
        let what = format!("{} accounts", accounts.len());
        assert_eq!(
            trace.root,
            solvent_commit::merkle::root_of(&leaves).0,
            "{what}"
        );
        let l = params().layout;
        let kind_rows = |c: usize| {
            trace.columns[c]
                .values
                .iter()
                .filter(|v| **v == F::ONE)
                .count()
        };
        assert_eq!(
            kind_rows(l.first()) + kind_rows(l.cont()),
            holding_rows,
            "{what}"
        );
        assert_eq!(
            kind_rows(l.merge()),
            solvent_air::batch::constraints::merges(BATCH, accounts.len()),
            "{what}"
        );
        assert_eq!(first_unsatisfied(&params(), &trace), None, "{what}");
        assert!(tree_lookup_balances(&params(), &trace), "{what}");
        if accounts.len() <= 1 {
            let proof =
                common::prove_stark(stark(), trace.columns, &trace.public_inputs).expect("prove");
            solvent_air::ctl::verify(&stark(), &proof, &solvent_air::stark_config(13))
                .expect(&what);
            assert_eq!(
                common::verify_recursively(stark(), &proof),
                trace.public_inputs,
                "{what}"
            );
        }
    }
}

#[test]
fn generator_refuses_what_the_air_rejects() {
    let mut big = accounts();
    big[0].balances[1].0 = 1 << 52;
    assert!(matches!(
        generate(&params(), &WEIGHTS, &big),
        Err(TraceError::AmountRange {
            index: 0,
            asset: 1,
            ..
        })
    ));
    let mut under = accounts();
    under[2].balances[2].1 = MAX_DEBT_2;
    assert!(net_value(&WEIGHTS, &under[2].balances) >= 0);
    under[2].balances[2].1 = MAX_DEBT_2 + 1;
    assert!(net_value(&WEIGHTS, &under[2].balances) < 0);
    assert!(matches!(
        generate(&params(), &WEIGHTS, &under),
        Err(TraceError::UnderWater { index: 2 })
    ));
    let too_many: Vec<Account> = (0..BATCH as u64 + 1)
        .map(|i| account(i, [(1, 0); ASSETS]))
        .collect();
    assert!(matches!(
        generate(&params(), &WEIGHTS, &too_many),
        Err(TraceError::TooManyAccounts { .. })
    ));
}

#[test]
fn amount_at_2_pow_52_is_rejected() {
    let mut bad = accounts();
    bad[1].balances[0].0 = 1 << 52;
    assert_rejected(
        generate_unchecked(&params(), &WEIGHTS, &bad),
        "an amount of 2^52",
    );
}

#[test]
fn amount_near_the_field_modulus_is_rejected() {
    // p - 5: "minus five" in the field.
    let mut bad = accounts();
    bad[0].balances[2].1 = 0xFFFF_FFFF_0000_0001 - 5;
    assert_rejected(
        generate_unchecked(&params(), &WEIGHTS, &bad),
        "a debt of p - 5",
    );
}

#[test]
fn account_under_water_is_rejected() {
    let mut bad = accounts();
    bad[2].balances[2].1 = MAX_DEBT_2 + 1; // one unit more debt than its collateral covers
    assert_rejected(
        generate_unchecked(&params(), &WEIGHTS, &bad),
        "an account under water",
    );
}

/// Equity is valued at the rounded-down weight and debt at the rounded-up
/// one: an account that owes exactly what it holds of one asset is under
/// water by the rounding (a single weight would call it even), and the AIR
/// refuses it.
#[test]
fn debt_is_valued_at_the_rounded_up_weight() {
    let mut bad = accounts();
    bad[4].balances[2] = (1_000, 1_000);
    assert!(net_value(&WEIGHTS, &bad[4].balances) < 0);
    assert!(matches!(
        generate(&params(), &WEIGHTS, &bad),
        Err(TraceError::UnderWater { index: 4 })
    ));
    assert_rejected(
        generate_unchecked(&params(), &WEIGHTS, &bad),
        "debt valued at the equity weight",
    );
}

#[test]
fn public_inputs_must_be_the_batch_statement() {
    let l = params().layout;
    let good = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
    let cases: [(usize, &str); 6] = [
        (Layout::pi_root(2), "another root"),
        (Layout::pi_leaf_count(), "another leaf count"),
        (Layout::pi_height(), "another batch height"),
        (l.pi_total(1, 1), "another total"),
        (Layout::pi_weight(0, 3), "another weight"),
        (l.pi_total(5, 0), "a total for an asset outside the round"),
    ];
    for (index, what) in cases {
        let mut trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
        trace.public_inputs[index] += F::ONE;
        assert_rejected(trace, what);
    }
    drop(good);
}

/// The batch height is a public input, so one verifier serves every batch
/// size: a height no batch can have (0, or above `MAX_BATCH_BITS`) is
/// refused before the lookups are closed, and one that is not the tree's
/// fails the tree lookup.
#[test]
fn the_public_height_is_the_trees() {
    let config = solvent_air::stark_config(params().trace_bits);
    for (height, what) in [
        (0, "the public batch height is not in 1..=17"),
        (
            MAX_BATCH_BITS as u64 + 1,
            "the public batch height is not in 1..=17",
        ),
        (BATCH.ilog2() as u64 + 1, "cross-table lookup 1"),
    ] {
        let mut trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
        trace.public_inputs[Layout::pi_height()] = F::from_canonical_u64(height);
        let proof = common::prove_stark(stark(), trace.columns, &trace.public_inputs)
            .expect("the prover does not check the published sums");
        let err = solvent_air::ctl::verify(&stark(), &proof, &config).expect_err(what);
        assert!(err.to_string().contains(what), "height {height}: {err}");
    }
}

/// The totals are closed by the cross-table lookup alone: a proof of the
/// honest trace under other totals is made, and verification refuses it
/// with the lookup's message, also when a unit only moves between assets or
/// between limbs (the sum over all totals unchanged).
#[test]
fn totals_are_bound_by_the_lookup() {
    let l = params().layout;
    let moves: [(usize, usize, &str); 3] = [
        (
            l.pi_total(2, 0),
            l.pi_total(2, 0),
            "one more unit of equity",
        ),
        (
            l.pi_total(0, 0),
            l.pi_total(1, 0),
            "a unit moved to another asset",
        ),
        (l.pi_total(2, 2), l.pi_total(2, 0), "debt counted as equity"),
    ];
    for (from, to, what) in moves {
        let trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
        let mut public_inputs = trace.public_inputs.clone();
        if from != to {
            public_inputs[from] -= F::ONE;
        }
        public_inputs[to] += F::ONE;
        let proof = common::prove_stark(stark(), trace.columns, &public_inputs)
            .expect("the prover does not check the published totals");
        let err = solvent_air::ctl::verify(
            &stark(),
            &proof,
            &solvent_air::stark_config(params().trace_bits),
        )
        .expect_err(what);
        assert!(
            err.to_string().contains("cross-table lookup"),
            "{what}: {err}"
        );
    }
}

/// A trace whose holdings of asset 2 (and its weight table) use `weight`
/// instead of the round's, publishing the round's weights: every AIR
/// constraint holds, only the weight lookups can tell.
fn asset_2_weighted(weight: Weight) -> BatchTrace {
    let cheat = [WEIGHTS[0], WEIGHTS[1], weight];
    let mut trace = generate_unchecked(&params(), &cheat, &accounts());
    for (k, limb) in WEIGHTS[2].limbs().into_iter().enumerate() {
        trace.public_inputs[Layout::pi_weight(2, k)] = F::from_canonical_u64(limb);
    }
    trace
}

/// Writes asset 2's honest weight limbs into row `row` of the table.
fn honest_table_row(trace: &mut BatchTrace, row: usize) {
    let l = params().layout;
    for (k, limb) in WEIGHTS[2].limbs().into_iter().enumerate() {
        trace.columns[l.table_weight(k)].values[row] = F::from_canonical_u64(limb);
    }
}

/// Each holding's weight is its asset's, from the round's table: a holding
/// that values a debt at zero, a table that differs from the published
/// weights, a table row for an unused slot with another weight than its
/// public one, and counts on a row outside the table are refused. The first three are traces that
/// satisfy every AIR constraint and are refused by the named lookup (2:
/// holdings against the table; 3: the table against the public weights); the
/// last breaks a constraint.
#[test]
fn weights_are_bound_by_the_lookups() {
    let l = params().layout;
    // Account 3 owes 40,000 of asset 2: at weight 0 the debt is free.
    let mut debt_for_free = asset_2_weighted(Weight::default());
    honest_table_row(&mut debt_for_free, 2);
    let other_table = asset_2_weighted(Weight::default());
    let mut extra_asset = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
    extra_asset.columns[l.table_asset()].values[ASSETS] = F::from_canonical_usize(ASSETS);
    extra_asset.columns[l.table_weight(0)].values[ASSETS] = F::from_canonical_u64(5);
    extra_asset.columns[l.in_table()].values[ASSETS] = F::ONE;
    let cases = [
        (
            debt_for_free,
            2,
            "a holding valued at another weight than its asset's",
        ),
        (
            other_table,
            3,
            "a table with another weight than the published one",
        ),
        (
            extra_asset,
            3,
            "a table row with another weight than its (unused) slot's",
        ),
    ];
    for (trace, lookup, what) in cases {
        assert_eq!(first_unsatisfied(&params(), &trace), None, "{what}");
        let proof = common::prove_stark(stark(), trace.columns, &trace.public_inputs)
            .expect("the prover does not check the lookups' sums");
        let config = solvent_air::stark_config(params().trace_bits);
        let err = solvent_air::ctl::verify(&stark(), &proof, &config).expect_err(what);
        assert!(
            err.to_string()
                .contains(&format!("cross-table lookup {lookup}")),
            "{what}: {err}"
        );
    }

    // The cheating weight offered by a row outside the table, which takes
    // over the table row's count: both lookups would balance, but a row
    // outside the table may not count.
    let mut outside = asset_2_weighted(Weight::default());
    let count = |t: &BatchTrace, i: usize| t.columns[l.table_count()].values[i];
    // The table has a row per slot of the capacity; this one is past it.
    let row = l.max_assets;
    let asset_2_holdings = count(&outside, 2);
    assert_ne!(asset_2_holdings, F::ZERO);
    honest_table_row(&mut outside, 2);
    outside.columns[l.table_count()].values[2] = F::ZERO;
    outside.columns[l.table_asset()].values[row] = F::TWO;
    for k in 0..WEIGHT_LIMBS {
        outside.columns[l.table_weight(k)].values[row] = F::ZERO;
    }
    outside.columns[l.table_count()].values[row] = asset_2_holdings;
    assert!(first_unsatisfied(&params(), &outside).is_some());
    assert_rejected(outside, "a count outside the weight table");
}

#[test]
fn state_columns_cannot_be_edited() {
    let l = params().layout;
    // Row 3 is inside the batch: the node's level and position, the
    // collateral sum, the leaf count and the row kind each break the proof
    // when changed.
    let columns = [l.level(), l.node(), l.sum(0), l.leaf_count(), l.merge()];
    for column in columns {
        let mut trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
        let v = &mut trace.columns[column].values[3];
        *v = if *v == F::ZERO { F::ONE } else { F::ZERO };
        assert_rejected(trace, &format!("column {column} edited"));
    }
    // Row 1 is the second holding (asset 2) of the first account: its asset
    // and weight, holding index, holding count and ordering gap are bound too.
    let weights = (0..WEIGHT_LIMBS).map(|k| l.weight(k));
    let others = [l.asset(), l.index(), l.holdings(), l.gap()];
    for column in others.into_iter().chain(weights) {
        let mut trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
        let v = &mut trace.columns[column].values[1];
        *v = if *v == F::ZERO { F::ONE } else { F::ZERO };
        assert_rejected(trace, &format!("column {column} edited in a holding row"));
    }
}

#[test]
fn batch_proof_verifies_inside_plonky2() {
    let trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
    let proof = common::prove_stark(stark(), trace.columns, &trace.public_inputs).expect("prove");
    assert_eq!(
        common::verify_recursively(stark(), &proof),
        trace.public_inputs
    );
}

/// The first constraint a trace breaks, evaluated natively row by row (what
/// proving checks, without the range lookups, in a fraction of its time).
fn first_unsatisfied(params: &BatchParams, trace: &BatchTrace) -> Option<String> {
    let n = trace.columns[0].len();
    let row = |i: usize| -> Vec<F> { trace.columns.iter().map(|c| c.values[i]).collect() };
    let mut alg = PackedAlgebra::<F, F, F, 1>::default();
    let mut local = row(0);
    for i in 0..n {
        let next = row((i + 1) % n);
        let c = eval(&mut alg, params, &local, &next, &trace.public_inputs);
        let kinds = [
            ("every-row", &c.every_row, true),
            ("transition", &c.transition, i + 1 < n),
            ("first-row", &c.first_row, i == 0),
            ("last-row", &c.last_row, i + 1 == n),
        ];
        for (kind, values, applies) in kinds {
            if let Some(j) = values
                .iter()
                .position(|v| *v != F::ZERO)
                .filter(|_| applies)
            {
                return Some(format!("row {i}: {kind} constraint {j}"));
            }
        }
        local = next;
    }
    None
}

/// Whether the tree lookup balances (`solvent_air::batch::tree`), counted
/// natively: every node written (`level, node, output`) on an account's last
/// holding row or a merge row, or by the statement as a padding subtree, is
/// read once, as a merge's child or as the public root.
fn tree_lookup_balances(params: &BatchParams, trace: &BatchTrace) -> bool {
    let l = params.layout;
    let n = trace.columns[0].len();
    let cell = |c: usize, i: usize| trace.columns[c].values[i % n];
    let mut balance: HashMap<[u64; 6], i64> = HashMap::new();
    let mut count = |key: [F; 6], by: i64| {
        *balance
            .entry(key.map(|x| x.to_canonical_u64()))
            .or_default() += by;
    };
    for i in 0..n {
        let writes =
            cell(l.first(), i) + cell(l.cont(), i) + cell(l.merge(), i) - cell(l.cont(), i + 1);
        if writes == F::ONE {
            let mut key = [
                cell(l.level(), i),
                cell(l.node(), i),
                F::ZERO,
                F::ZERO,
                F::ZERO,
                F::ZERO,
            ];
            for (d, slot) in key[2..].iter_mut().enumerate() {
                *slot = PERMUTATION
                    .output_terms::<F>(d)
                    .into_iter()
                    .map(|(c, k)| cell(c, i) * k)
                    .sum();
            }
            count(key, 1);
        }
        if cell(l.merge(), i) == F::ONE {
            for side in 0..2 {
                let mut key = [
                    cell(l.level(), i) - F::ONE,
                    cell(l.node(), i) * F::TWO + F::from_canonical_usize(side),
                    F::ZERO,
                    F::ZERO,
                    F::ZERO,
                    F::ZERO,
                ];
                for d in 0..4 {
                    key[2 + d] = cell(PERMUTATION.input(4 * side + d), i);
                }
                count(key, -1);
            }
        }
    }
    let root_level = params.batch_size.ilog2() as usize;
    let root = &trace.public_inputs[..4];
    let level = F::from_canonical_usize(root_level);
    count([level, F::ZERO, root[0], root[1], root[2], root[3]], -1);
    let pads = solvent_commit::merkle::padding_nodes(root_level);
    let leaf_count = trace.public_inputs[Layout::pi_leaf_count()].to_canonical_u64();
    for (level, index) in padding_frontier(leaf_count, root_level) {
        let p = pads[level].0;
        let key = [F::from_canonical_usize(level), F::from_canonical_u64(index)];
        count([key[0], key[1], p[0], p[1], p[2], p[3]], 1);
    }
    balance.values().all(|&c| c == 0)
}

/// The largest batch, `2^MAX_BATCH_BITS` leaves, builds the native root,
/// satisfies every constraint and balances the tree lookup; a batch of twice
/// that is refused before any trace is built.
#[test]
fn largest_batch_builds_the_native_tree() {
    let batch = 1usize << MAX_BATCH_BITS;
    let accounts: Vec<Account> = (0..batch as u64)
        .map(|i| account(i + 1, [(i % 7 + 1, 0), (0, 0), (i % 3, 0)]))
        .collect();
    let holding_rows: usize = accounts
        .iter()
        .map(|a| solvent_commit::leaf_holdings(&a.balances).len())
        .sum();
    let merges = solvent_air::batch::constraints::merges(batch, batch);
    let trace_bits = BatchParams::trace_bits_for(holding_rows + merges);
    let params = BatchParams::new(Layout::new(8), ASSETS, batch, trace_bits);
    let trace = generate(&params, &WEIGHTS, &accounts).expect("valid batch");
    let leaves: Vec<Digest> = accounts
        .iter()
        .map(|a| solvent_commit::leaf_hash(&Digest(a.id_commitment), &a.balances))
        .collect();
    assert_eq!(trace.root, solvent_commit::merkle::root_of(&leaves).0);
    assert_eq!(first_unsatisfied(&params, &trace), None);
    assert!(tree_lookup_balances(&params, &trace));

    // The checks notice a broken trace: a merge's permutation input, and a
    // merge claiming another position.
    let last_merge = (0..trace.columns[0].len())
        .rev()
        .find(|&i| trace.columns[params.layout.merge()].values[i] == F::ONE)
        .expect("a merge row");
    let mut broken = generate(&params, &WEIGHTS, &accounts).expect("valid batch");
    broken.columns[PERMUTATION.input(0)].values[last_merge] += F::ONE;
    assert!(first_unsatisfied(&params, &broken).is_some());
    let mut moved = trace;
    moved.columns[params.layout.node()].values[last_merge - 1] += F::ONE;
    assert_eq!(first_unsatisfied(&params, &moved), None);
    assert!(!tree_lookup_balances(&params, &moved));

    let too_big = std::panic::catch_unwind(|| {
        BatchParams::new(Layout::new(8), ASSETS, 2 * batch, trace_bits + 1)
    });
    assert!(too_big.is_err(), "a batch beyond the largest was accepted");
}

fn row_of(trace: &BatchTrace, i: usize) -> Vec<F> {
    trace.columns.iter().map(|c| c.values[i]).collect()
}

fn set_row(trace: &mut BatchTrace, i: usize, row: &[F]) {
    for (column, &value) in trace.columns.iter_mut().zip(row) {
        column.values[i] = value;
    }
}

/// The row of the merge that writes node `(level, index)`.
fn merge_row(trace: &BatchTrace, level: usize, index: usize) -> usize {
    let l = params().layout;
    let at = |c: usize, i: usize| trace.columns[c].values[i];
    (0..trace.columns[0].len())
        .find(|&i| {
            at(l.merge(), i) == F::ONE
                && at(l.level(), i) == F::from_canonical_usize(level)
                && at(l.node(), i) == F::from_canonical_usize(index)
        })
        .expect("a merge row")
}

/// Sets merge row `row`'s `side` child input to the `from_side` child input
/// of merge row `from`.
fn copy_child(
    trace: &mut BatchTrace,
    (from, from_side): (usize, usize),
    (row, side): (usize, usize),
) {
    for i in 0..4 {
        let value = trace.columns[PERMUTATION.input(4 * from_side + i)].values[from];
        trace.columns[PERMUTATION.input(4 * side + i)].values[row] = value;
    }
}

/// What a cheating prover does after changing merge row `row`: recomputes
/// its permutation and every ancestor's, and publishes the new root, so that
/// every constraint of the AIR holds again.
fn rehash_up(trace: &mut BatchTrace, mut row: usize) {
    let l = params().layout;
    let root_level = solvent_air::batch::tree::root_level(&params());
    loop {
        let mut cells = row_of(trace, row);
        let out = PERMUTATION.fill(&mut cells);
        set_row(trace, row, &cells);
        let level = cells[l.level()].to_canonical_u64() as usize;
        let index = cells[l.node()].to_canonical_u64() as usize;
        if level >= root_level {
            trace.public_inputs[..4].copy_from_slice(&out[..4]);
            trace.root.copy_from_slice(&out[..4]);
            return;
        }
        let parent = merge_row(trace, level + 1, index / 2);
        for (i, &x) in out[..4].iter().enumerate() {
            trace.columns[PERMUTATION.input(4 * (index % 2) + i)].values[parent] = x;
        }
        row = parent;
    }
}

/// The tree is bound by its lookup alone: each trace below satisfies every
/// constraint of the AIR (checked), publishes the root it hashes to, and is
/// refused by the lookup's check at verification.
#[test]
fn tree_is_bound_by_the_lookup() {
    let l = params().layout;
    let honest = || generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
    let input = |side: usize, i: usize| PERMUTATION.input(4 * side + i);
    let mut cases: Vec<(BatchTrace, &str)> = Vec::new();

    // Leaves 2 and 3 swapped under their parent.
    let mut swapped = honest();
    let row = merge_row(&swapped, 1, 1);
    for i in 0..4 {
        let (left, right) = (input(0, i), input(1, i));
        let a = swapped.columns[left].values[row];
        swapped.columns[left].values[row] = swapped.columns[right].values[row];
        swapped.columns[right].values[row] = a;
    }
    rehash_up(&mut swapped, row);
    cases.push((swapped, "two leaves swapped"));

    // A merge reading another leaf (the padding leaf 5 instead of leaf 2).
    let mut wrong_child = honest();
    let (row, source) = (merge_row(&wrong_child, 1, 1), merge_row(&wrong_child, 1, 2));
    copy_child(&mut wrong_child, (source, 1), (row, 0));
    rehash_up(&mut wrong_child, row);
    cases.push((wrong_child, "a merge reading a wrong child"));

    // Node (1, 0) merged twice, once in place of node (1, 1).
    let mut duplicated = honest();
    let (copy, row) = (merge_row(&duplicated, 1, 0), merge_row(&duplicated, 1, 1));
    for column in (0..PERMUTATION.end()).chain([l.level(), l.node()]) {
        duplicated.columns[column].values[row] = duplicated.columns[column].values[copy];
    }
    let parent = merge_row(&duplicated, 2, 0);
    copy_child(&mut duplicated, (parent, 0), (parent, 1));
    rehash_up(&mut duplicated, parent);
    cases.push((duplicated, "a node written twice"));

    // The honest trace under the root of another batch.
    let mut other_root = honest();
    let mut others = accounts();
    others[1].balances[1].0 += 1;
    let other = generate(&params(), &WEIGHTS, &others).expect("valid batch");
    other_root.public_inputs[..4].copy_from_slice(&other.root);
    cases.push((other_root, "the root of another tree"));

    for (trace, what) in cases {
        assert_eq!(first_unsatisfied(&params(), &trace), None, "{what}");
        assert!(!tree_lookup_balances(&params(), &trace), "{what}");
        let proof = common::prove_stark(stark(), trace.columns, &trace.public_inputs)
            .expect("the prover does not check the tree lookup's sum");
        if what == "the root of another tree" {
            assert!(common::refused_recursively(stark(), &proof), "{what}");
        }
        let err = solvent_air::ctl::verify(
            &stark(),
            &proof,
            &solvent_air::stark_config(params().trace_bits),
        )
        .expect_err(what);
        assert!(
            err.to_string().contains("cross-table lookup 1"),
            "{what}: {err}"
        );
    }

    // A merge at level 0 (posing as a leaf) breaks the level's range check.
    let mut level_zero = honest();
    let row = merge_row(&level_zero, 1, 2);
    level_zero.columns[l.level()].values[row] = F::ZERO;
    assert_eq!(first_unsatisfied(&params(), &level_zero), None);
    assert_rejected(level_zero, "a merge at level 0");
}
