//! The batch AIR against the native commitment (leaves, tree, totals), and
//! what it must refuse: amounts out of range or near the field modulus, an
//! account under water, hidden accounts, and public inputs that are not the
//! batch's root, count or totals.

mod common;

use plonky2::field::types::Field;
use solvent_air::algebra::PackedAlgebra;
use solvent_air::batch::constraints::eval;
use solvent_air::batch::layout::{Layout, STACK_SLOTS};
use solvent_air::batch::trace::{generate, generate_unchecked, net_value};
use solvent_air::batch::{Account, BatchParams, BatchStark, BatchStark8, BatchTrace, TraceError};
use solvent_air::{C, D, F};
use solvent_commit::Digest;
use starky::stark_testing::{test_stark_circuit_constraints, test_stark_low_degree};

const ASSETS: usize = 3;
const BATCH: usize = 8;
const WEIGHTS: [u64; ASSETS] = [60_000, 3_000, 1];

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

#[test]
fn constraints_are_low_degree_and_circuit_matches() {
    test_stark_low_degree(stark()).expect("degree 3");
    test_stark_circuit_constraints::<F, C, BatchStark8, D>(stark()).expect("same constraints");
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
    under[2].balances[2].1 = 60_001;
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
    bad[2].balances[2].1 = 60_001; // one unit more debt than its collateral covers
    assert_rejected(
        generate_unchecked(&params(), &WEIGHTS, &bad),
        "an account under water",
    );
}

#[test]
fn public_inputs_must_be_the_batch_statement() {
    let l = params().layout;
    let good = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
    let cases: [(usize, &str); 5] = [
        (Layout::pi_root(2), "another root"),
        (Layout::pi_leaf_count(), "another leaf count"),
        (l.pi_total(1, 1), "another total"),
        (Layout::pi_weight(0), "another weight"),
        (l.pi_total(5, 0), "a total for an asset outside the round"),
    ];
    for (index, what) in cases {
        let mut trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
        trace.public_inputs[index] += F::ONE;
        assert_rejected(trace, what);
    }
    drop(good);
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
        let err = solvent_air::ctl::verify(&stark(), &proof, &solvent_air::stark_config())
            .expect_err(what);
        assert!(
            err.to_string().contains("cross-table lookup"),
            "{what}: {err}"
        );
    }
}

#[test]
fn state_columns_cannot_be_edited() {
    let l = params().layout;
    // Row 3 is inside the batch: a stack slot, the collateral
    // sum, the leaf count and the real flag each break the proof when changed.
    let columns = [
        l.stack_hash(0, 1),
        l.low(),
        l.leaf_count(),
        l.real(),
        l.merge(),
    ];
    for column in columns {
        let mut trace = generate(&params(), &WEIGHTS, &accounts()).expect("valid batch");
        let v = &mut trace.columns[column].values[3];
        *v = if *v == F::ZERO { F::ONE } else { F::ZERO };
        assert_rejected(trace, &format!("column {column} edited"));
    }
    // Row 1 is the second holding (asset 2) of the first account: its asset
    // selector, holding index, holding count and ordering gap are bound too.
    for column in [l.select(2), l.index(), l.holdings(), l.gap()] {
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

/// The largest batch the Merkle stack can merge, `2^(STACK_SLOTS - 1)`
/// leaves, builds the native root and satisfies every constraint; a batch of
/// twice that is refused before any trace is built.
#[test]
fn largest_batch_fits_the_stack() {
    let batch = 1usize << (STACK_SLOTS - 1);
    let accounts: Vec<Account> = (0..batch as u64)
        .map(|i| account(i + 1, [(i % 7 + 1, 0), (0, 0), (i % 3, 0)]))
        .collect();
    let holding_rows: usize = accounts
        .iter()
        .map(|a| solvent_commit::leaf_holdings(&a.balances).len())
        .sum();
    let trace_bits = BatchParams::trace_bits_for(batch, holding_rows);
    let params = BatchParams::new(Layout::new(8), ASSETS, batch, trace_bits);
    let trace = generate(&params, &WEIGHTS, &accounts).expect("valid batch");
    let leaves: Vec<Digest> = accounts
        .iter()
        .map(|a| solvent_commit::leaf_hash(&Digest(a.id_commitment), &a.balances))
        .collect();
    assert_eq!(trace.root, solvent_commit::merkle::root_of(&leaves).0);
    assert_eq!(first_unsatisfied(&params, &trace), None);

    // The check itself notices a broken trace: the last merge's stack slot.
    let mut broken = trace;
    let last_merge = (0..broken.columns[0].len())
        .rev()
        .find(|&i| broken.columns[params.layout.merge()].values[i] == F::ONE)
        .expect("a merge row");
    broken.columns[params.layout.stack_hash(1, 0)].values[last_merge] += F::ONE;
    assert!(first_unsatisfied(&params, &broken).is_some());

    let too_big = std::panic::catch_unwind(|| {
        BatchParams::new(Layout::new(8), ASSETS, 2 * batch, trace_bits + 1)
    });
    assert!(too_big.is_err(), "a batch beyond the stack was accepted");
}
