//! Verdicts on real contracts: a local EVM node (ganache, installed by
//! .ci/run in solvent-balances' tests) with Uniswap V2 deployed from its
//! published build artifacts (npm `@uniswap/v2-core`, `@uniswap/v2-periphery`)
//! and the test tokens of testdata/tokens compiled with solc (npm `solc`),
//! each with a pool of liquidity. No internet is used.
//!
//! Without the node packages installed the test says so and passes, unless
//! SOLVENT_REQUIRE_NODE is set (CI sets it).

mod common;

use alloy::primitives::Address;
use common::{deploy, packages, start_node};
use solvent_token::{check, CheckOptions, Fork, TokenVerdict};

#[test]
fn verdicts_on_real_uniswap_pools() {
    let Some((ganache, chain)) = packages() else {
        return;
    };
    let node = start_node(&ganache);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let deployed = runtime.block_on(deploy(&node.url, &chain));
    let fork = Fork::connect(&node.url, None).unwrap();
    let options = CheckOptions::new(deployed.router);
    let expected = [
        ("PlainToken", TokenVerdict::NoIssuesFound),
        ("SellBlockedToken", TokenVerdict::Honeypot),
        ("SellTaxToken", TokenVerdict::Honeypot),
        ("LateTaxToken", TokenVerdict::Honeypot),
        ("DeflatingERC20", TokenVerdict::Caution),
    ];
    for ((name, token), (expected_name, verdict)) in deployed.tokens.iter().zip(expected) {
        assert_eq!(name, expected_name);
        let report = check(&fork, *token, &options);
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(report.verdict, verdict, "{name}: {json}");
        eprintln!("{name}: {json}");
    }
    // The evidence: the revert reason, the taxes, and the round the late
    // trap sprang in.
    let report = |i: usize| check(&fork, deployed.tokens[i].1, &options);
    let blocked = report(1);
    // The router's transfer into the pair is what reverts.
    let reason = blocked.findings[0]
        .revert_reason
        .as_deref()
        .unwrap_or_default();
    assert!(reason.contains("TRANSFER_FROM_FAILED"), "{reason}");
    let taxed = report(2);
    assert!(taxed
        .findings
        .iter()
        .any(|f| f.tax_bps.is_some_and(|t| t >= 9_800)));
    let late = report(3);
    assert_eq!(late.trades[0].sell_tax_bps, Some(0));
    assert!(late.trades[1].sell_tax_bps.unwrap() >= 8_900);
    let deflating = report(4);
    // A 1% burn on every transfer, less the integer rounding.
    let one_percent = |t: Option<u32>| t.is_some_and(|t| (95..=100).contains(&t));
    assert!(deflating.trades.iter().all(|t| one_percent(t.buy_tax_bps)
        && one_percent(t.transfer_tax_bps)
        && one_percent(t.sell_tax_bps)));

    // No pool, no code.
    let none = check(&fork, deployed.no_pool, &options);
    assert_eq!(none.verdict, TokenVerdict::Unknown);
    assert!(none.reason.unwrap().contains("no pair"));
    let empty = check(&fork, Address::repeat_byte(0x42), &options);
    assert_eq!(empty.verdict, TokenVerdict::Unknown);
    assert!(empty.reason.unwrap().contains("no code"));

    // The node goes away mid-check: UNKNOWN, with the reason.
    drop(node);
    let gone = check(&fork, deployed.tokens[0].1, &options);
    assert_eq!(gone.verdict, TokenVerdict::Unknown);
    assert!(
        gone.reason.as_deref().unwrap_or_default().contains("node"),
        "{gone:?}"
    );
}
