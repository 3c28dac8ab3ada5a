//! The report's arithmetic and rendering from a statement and the solvent-v1
//! reserve sample (every row verified) plus OKX's example (unverified rows).

use std::collections::HashMap;

use solvent_model::Decimal;
use solvent_model::{AssetStatement, Parameters, Statement};
use solvent_report::history::{HistoryEntry, HistoryPoint};
use solvent_report::insurance::InsuranceEntry;
use solvent_report::report::RowBalance;
use solvent_report::{build, html, Inputs, Report};
use solvent_reserves::check::{check_file, verify_row, ReserveReport};
use solvent_reserves::{file, sample};

fn asset(symbol: &str, decimals: u32, equity: &str, debt: &str) -> AssetStatement {
    AssetStatement {
        symbol: symbol.into(),
        decimals,
        price_usd: "1".into(),
        price_source: None,
        price_time: None,
        collateral_ratio: "1".into(),
        equity_weight: 1,
        debt_weight: 1,
        total_equity: equity.into(),
        total_debt: debt.into(),
    }
}

fn statement(assets: Vec<AssetStatement>) -> Statement {
    Statement {
        format: solvent_model::statement::STATEMENT_FORMAT.into(),
        round: "2026-11".into(),
        assets,
        weight_scale_log2: 0,
        leaf_count: 5000,
        root: "ab".repeat(32),
        parameters: Parameters {
            proof_system: "test".into(),
            amount_bits: 52,
            batch_size: 64,
            batch_trace_bits: 13,
            aggregation_depth: 1,
            security_bits: 100,
        },
        verifier_key_digest: "cd".repeat(32),
    }
}

fn reserves(text: &str) -> ReserveReport {
    let parsed = file::parse(text.as_bytes()).unwrap();
    check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap()
}

fn report_of(statement: &Statement, reserves: &ReserveReport, history: &[HistoryEntry]) -> Report {
    build(&Inputs {
        statement,
        reserves,
        reserves_file: "reserves.csv".into(),
        balances: None,
        insurance: &[InsuranceEntry {
            asset: "BTC".into(),
            amount: "500".into(),
            note: Some("SAFU".into()),
        }],
        history,
    })
    .unwrap()
}

fn line<'a>(report: &'a Report, asset: &str) -> &'a solvent_report::AssetLine {
    report.assets.iter().find(|a| a.asset == asset).unwrap()
}

#[test]
fn ratios_per_asset() {
    // Sample reserves: BTC 1512.50000001, ETH 3200.123456789012345678,
    // USDT 250000.5 (ERC20) + 900000 (TRC20), SOL 4200, TON, EOS, ATOM.
    let st = statement(vec![
        asset("BTC", 8, "1500", "45.5"),       // net 1454.5
        asset("ETH", 8, "3200.12345678", "0"), // reserves have 18 decimals
        asset("USDT", 6, "1200000", "50000"),  // net 1150000 = 1150000.5 reserves
        asset("XRP", 6, "1000", "0"),          // liabilities, no reserves: 0%
        asset("DOGE", 8, "0", "0"),            // nothing owed
        asset("SHIB", 2, "10", "20"),          // more debt than equity
    ]);
    let r = report_of(&st, &reserves(&sample::solvent_v1_example()), &[]);
    assert_eq!(line(&r, "BTC").net_liabilities, "1454.5");
    assert_eq!(line(&r, "BTC").ratio_percent.as_deref(), Some("103.98"));
    assert_eq!(line(&r, "BTC").status.label(), "COVERED");
    // 3200.123456789012345678 / 3200.12345678 = 100.0000000...%
    assert_eq!(line(&r, "ETH").ratio_percent.as_deref(), Some("100.00"));
    assert_eq!(line(&r, "USDT").reserves_verified, "1150000.5");
    assert_eq!(line(&r, "USDT").ratio_percent.as_deref(), Some("100.00"));
    assert_eq!(line(&r, "XRP").ratio_percent.as_deref(), Some("0.00"));
    assert_eq!(line(&r, "XRP").status.label(), "UNDER-RESERVED");
    assert_eq!(line(&r, "DOGE").ratio_percent, None);
    assert_eq!(line(&r, "DOGE").status.label(), "NO NET LIABILITIES");
    assert_eq!(line(&r, "SHIB").net_liabilities, "-10");
    assert_eq!(line(&r, "SHIB").ratio_percent, None);
    // Reserves of assets the statement does not list are shown apart.
    let others: Vec<&str> = r.other_reserves.iter().map(|o| o.asset.as_str()).collect();
    assert_eq!(others, ["ATOM", "EOS", "SOL", "TON"]);
    // The insurance fund is listed and counts nowhere.
    assert_eq!(r.insurance.len(), 1);
    assert_eq!(line(&r, "BTC").reserves_verified, "1512.50000001");
    assert!(r.uncounted_rows.is_empty());
}

#[test]
fn unverified_rows_never_count() {
    let okx = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/okx/okx_por_example.csv"
    ))
    .unwrap();
    let st = statement(vec![
        asset("ETH", 8, "0.3", "0"),
        asset("APTOS", 8, "1", "0"),
    ]);
    let r = report_of(&st, &reserves(&okx), &[]);
    assert_eq!(line(&r, "APTOS").reserves_verified, "0");
    assert_eq!(line(&r, "APTOS").reserves_unverified, "1.5");
    assert_eq!(line(&r, "APTOS").ratio_percent.as_deref(), Some("0.00"));
    assert_eq!(line(&r, "ETH").ratio_percent.as_deref(), Some("118.96"));
    assert_eq!(r.uncounted_rows.len(), 1);
    assert_eq!(r.uncounted_rows[0].line, 20);
    assert_eq!(r.reserves.summary_mismatches, 8);
}

#[test]
fn on_chain_balances_replace_published_ones() {
    let st = statement(vec![asset("BTC", 8, "1000", "0")]);
    let res = reserves(&sample::solvent_v1_example());
    let mut balances = HashMap::new();
    // Line 2 (12.5 published) holds only 2.5 on chain; line 3 could not be read.
    balances.insert(2, RowBalance::Read(Decimal::parse("2.5").unwrap()));
    balances.insert(3, RowBalance::Failed("node unreachable".into()));
    let r = build(&Inputs {
        statement: &st,
        reserves: &res,
        reserves_file: "r.csv".into(),
        balances: Some(&balances),
        insurance: &[],
        history: &[],
    })
    .unwrap();
    assert_eq!(line(&r, "BTC").reserves_verified, "2.5");
    assert_eq!(line(&r, "BTC").reserves_published, "1512.50000001");
    assert_eq!(line(&r, "BTC").reserves_unverified, "1500.00000001");
    assert_eq!(r.reserves.balance_mismatches.len(), 1);
    assert_eq!(r.reserves.balance_mismatches[0].on_chain, "2.5");
    let failed = r.uncounted_rows.iter().find(|u| u.line == 3).unwrap();
    assert!(failed.reason.contains("node unreachable"));
    // Rows of networks without a configured source are not counted either.
    assert!(r.uncounted_rows.iter().any(|u| u.line == 4));
}

#[test]
fn history_and_html() {
    let st = statement(vec![
        asset("BTC", 8, "1000", "0"),
        asset("USDT", 6, "10", "0"),
    ]);
    let past = HistoryEntry {
        round: "2026-10".into(),
        assets: vec![HistoryPoint {
            asset: "BTC".into(),
            net_liabilities: "900".into(),
            reserves_verified: "950".into(),
            ratio_percent: Some("105.55".into()),
        }],
    };
    let r = report_of(&st, &reserves(&sample::solvent_v1_example()), &[past]);
    let rounds: Vec<&str> = r.history.iter().map(|h| h.round.as_str()).collect();
    assert_eq!(rounds, ["2026-10", "2026-11"]);
    let page = html::render(&r);
    assert!(page.contains("<table id=\"ratios\">"));
    assert!(page.contains("<tr data-asset=\"BTC\">"));
    assert!(page.contains("151.25%"));
    assert!(page.contains("id=\"ratio-chart\""));
    assert!(page.contains("class=\"series\" data-series=\"BTC\""));
    assert!(page.contains("id=\"insurance\""));
    assert!(page.contains("default-src 'none'"));
    assert!(!page.contains("<script"));
    // Text from the inputs is escaped.
    let mut st2 = st.clone();
    st2.round = "<script>alert(1)</script>".into();
    let page = html::render(&report_of(
        &st2,
        &reserves(&sample::solvent_v1_example()),
        &[],
    ));
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("&lt;script&gt;"));
}
