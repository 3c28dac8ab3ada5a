//! The collateral rule against the exchange that chooses prices, decimals
//! and collateral ratios: an account the proof accepts is never under water
//! at the statement's exact prices (equity weights rounded down, debt
//! weights up, no debt on an asset priced 0), and every account with 0.1%
//! of margin or more is accepted whenever the round passes the precision
//! rule (docs/SPEC.md section 5).

mod common;

use common::table;
use num_bigint::BigUint;
use plonky2::field::types::Field;
use proptest::prelude::*;
use solvent_circuits::batch::{net_value, Slot};
use solvent_circuits::round::{circuit_weights, round_context};
use solvent_circuits::{KeyChain, Shape};
use solvent_commit::{id_commitment, Digest, F};
use solvent_model::AssetTable;
use solvent_prover::pipeline::Silent;
use solvent_prover::{prove_round, ProveError, ProveOptions};

/// `net_value` (the batch STARK's own rule) for a round's weights.
fn proven_net(assets: &AssetTable, balances: &[(u64, u64)]) -> i128 {
    let weights = circuit_weights(&assets.usd_weights().expect("weights"));
    net_value(&weights, balances)
}

/// Runs `prove` on the given files; returns its error (it must fail before
/// proving anything).
fn prove_err(assets: &str, accounts: &str) -> ProveError {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        dir.path().join("assets.csv"),
        dir.path().join("accounts.csv"),
    );
    std::fs::write(&a, assets).unwrap();
    std::fs::write(&b, accounts).unwrap();
    let options = ProveOptions {
        assets: a,
        accounts: b,
        round: "2026-11".into(),
        out: dir.path().join("bundle"),
        batch_size: Some(2),
        ..Default::default()
    };
    let err = prove_round(&options, &Silent).expect_err("must be refused");
    assert!(!dir.path().join("bundle").exists(), "nothing written");
    err
}

/// With BTC at $97,000, DOGE at $0.1234 once had weight 12 for 12.34 (half-up
/// at one decimal exponent): 10,000 USDT then "covered" 83,333 DOGE of debt,
/// worth $10,283. Now that account is under water and 81,000 DOGE ($9,995.40)
/// is still accepted.
#[test]
fn the_doge_case() {
    let assets = table("symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\nDOGE,8,0.1234\n");
    let usdt = 10_000 * 1_000_000;
    let doge = |coins: u64| coins * 100_000_000;
    assert!(proven_net(&assets, &[(0, 0), (usdt, 0), (0, doge(83_333))]) < 0);
    assert!(proven_net(&assets, &[(0, 0), (usdt, 0), (0, doge(81_000))]) >= 0);
    let err = prove_err(
        "symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\nDOGE,8,0.1234\n",
        "account_id,asset,equity,debt\nm,USDT,10000,0\nm,DOGE,0,83333\n",
    );
    assert!(matches!(err, ProveError::UnderWater { .. }), "{err}");
    assert!(err.to_string().contains("under water"), "{err}");
}

/// A debt-only account in a very cheap asset: its debt weight is rounded up,
/// never to zero, so the debt is valued and the account refused.
#[test]
fn debt_in_a_very_cheap_asset_is_valued() {
    let csv = "symbol,decimals,price_usd\nBTC,8,97000\nPEPE,8,0.0000012\n";
    let assets = table(csv);
    assert!(assets.usd_weights().unwrap().weights[1].debt >= 1);
    assert!(proven_net(&assets, &[(0, 0), (0, 1)]) < 0);
    let err = prove_err(csv, "account_id,asset,equity,debt\nm,PEPE,0,0.00000001\n");
    assert!(matches!(err, ProveError::UnderWater { .. }), "{err}");
}

/// An asset list whose values are more than 10^12 apart is refused with the
/// asset and the fix named (exit 2 in the CLI: an input error).
#[test]
fn an_imprecise_asset_list_is_refused() {
    let err = prove_err(
        "symbol,decimals,price_usd\nBTC,8,97000\nPEPE,18,0.0000012\n",
        "account_id,asset,equity,debt\na,BTC,1,0\n",
    );
    assert!(err.is_input_error(), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("assets.csv") && text.contains("`PEPE`"),
        "{text}"
    );
    assert!(text.contains("9 fewer decimals"), "{text}");
}

/// `prove` refuses debt on an asset priced 0, naming the file, line and field.
#[test]
fn prove_refuses_debt_on_an_asset_priced_zero() {
    let err = prove_err(
        "symbol,decimals,price_usd\nUSDT,6,1\nJUNK,6,0\n",
        "account_id,asset,equity,debt\na,USDT,5,0\nm,USDT,100,0\nm,JUNK,0,1\n",
    );
    assert!(err.is_input_error(), "{err}");
    let text = err.to_string();
    assert!(text.contains("accounts.csv:4 field `debt`"), "{text}");
    assert!(text.contains("priced 0"), "{text}");
}

/// The attack the verifier must stop by itself: a cheating prover puts debt
/// on an asset priced 0 (weight 0, so the batch STARK accepts it) to shrink
/// that asset's net liabilities. The proof is valid; the statement is refused.
#[test]
fn verifier_refuses_debt_on_an_asset_priced_zero() {
    let assets = table("symbol,decimals,price_usd\nUSDT,6,1\nJUNK,6,0\n");
    let weights = assets.usd_weights().unwrap();
    let chain = KeyChain::new(Shape::new(2, 2, 13));
    let context = round_context("2026-11", &assets);
    let slot = Slot {
        id_commitment: id_commitment(&Digest([F::ONE; 4]), "mallory"),
        balances: vec![(0, 0), (0, 1_000_000)],
    };
    let batch = chain
        .batch
        .prove(&context, &circuit_weights(&weights), &[slot])
        .expect("the circuits accept debt at weight 0");
    let (statement, proof, key) = common::bundle(&chain, &assets, &batch, &["0", "0"], &["0", "1"]);
    let err = solvent_verifier::verify_global(&statement, &proof, &key.bytes, &key.digest())
        .expect_err("debt on an asset priced 0");
    assert!(err.to_string().contains("priced 0"), "{err}");
}

/// Exact value of `amount` base units in units of `10^-40` USD
/// (`price 10^18 ratio 10^4` scaled, `10^(18 - decimals)` per base unit).
fn exact(price: u128, ratio: u32, decimals: u32, amount: u64) -> BigUint {
    BigUint::from(price) * ratio * amount * BigUint::from(10u8).pow(18 - decimals)
}

#[derive(Debug, Clone)]
struct RandomAsset {
    decimals: u32,
    /// Price in units of 10^-18 USD.
    price: u128,
    /// Collateral ratio in basis points.
    ratio: u32,
}

/// Assets whose per-base-unit values (collateral-adjusted too) lie within
/// the precision rule's 10^12 of each other: a value of `[0.1, 1) * 10^-k`
/// USD with `k <= 9`, and a ratio of at least 0.1.
fn random_asset() -> impl Strategy<Value = RandomAsset> {
    (
        0u32..=18,
        0u32..=9,
        100_000u128..1_000_000,
        1_000u32..=10_000,
    )
        .prop_map(|(decimals, k, mantissa, ratio)| RandomAsset {
            decimals,
            // mantissa 10^(-6-k) USD per base unit, in 10^-18 USD per whole unit.
            price: mantissa * 10u128.pow(12 + decimals - k),
            ratio,
        })
}

fn csv_of(assets: &[RandomAsset]) -> String {
    let mut csv = String::from("symbol,decimals,price_usd,collateral_ratio\n");
    for (i, a) in assets.iter().enumerate() {
        csv.push_str(&format!(
            "A{i},{},{},{}\n",
            a.decimals,
            solvent_model::format_amount(a.price, 18),
            solvent_model::format_amount(u128::from(a.ratio), 4)
        ));
    }
    csv
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Against exact rational arithmetic: collateral of at least 1.001 times
    /// the debt always proves; any debt above the collateral never does.
    #[test]
    fn margin_of_a_tenth_of_a_percent_proves_and_negative_never(
        assets in prop::collection::vec(random_asset(), 2..6),
        equities in prop::collection::vec(0u64..(1 << 52), 6),
        held in prop::collection::vec(any::<bool>(), 6),
        debtor in 0usize..6,
        scale in 0u32..=1000,
    ) {
        let table = table(&csv_of(&assets));
        prop_assert!(table.check_precision().is_ok());
        let n = assets.len();
        let debtor = debtor % n;
        let mut balances: Vec<(u64, u64)> = (0..n)
            .map(|a| (if held[a] { equities[a] } else { 0 }, 0))
            .collect();
        let collateral: BigUint = assets
            .iter()
            .zip(&balances)
            .map(|(a, &(e, _))| exact(a.price, a.ratio, a.decimals, e))
            .sum();
        let d = &assets[debtor];
        let unit = exact(d.price, 10_000, d.decimals, 1);
        // Largest debt with 0.1% of margin, then a share of it.
        let most = collateral.clone() * 1000u32 / (unit.clone() * 1001u32);
        // (Debts are below 2^52 base units: a smaller one only adds margin.)
        let owed = (most * scale / 1000u32).min(BigUint::from((1u64 << 52) - 1));
        balances[debtor].1 = u64::try_from(&owed).unwrap();
        prop_assert!(proven_net(&table, &balances) >= 0, "{balances:?} refused");
        // One base unit more than the collateral covers exactly, where that
        // is an amount.
        let under = collateral / &unit + 1u32;
        if let Ok(under) = u64::try_from(&under) {
            if under < 1 << 52 {
                balances[debtor].1 = under;
                prop_assert!(proven_net(&table, &balances) < 0, "{balances:?} accepted");
            }
        }
    }
}
