//! Verdicts on real contracts: a local EVM node (ganache, installed by
//! .ci/run in solvent-balances' tests) with Uniswap V2 deployed from its
//! published build artifacts (npm `@uniswap/v2-core`, `@uniswap/v2-periphery`)
//! and the test tokens of testdata/tokens compiled with solc (npm `solc`),
//! each with a pool of liquidity. No internet is used.
//!
//! Without the node packages installed the test says so and passes, unless
//! SOLVENT_REQUIRE_NODE is set (CI sets it).

mod common;

use alloy::primitives::{Address, U256};
use alloy::sol_types::SolCall;
use common::{deploy, destroyCall, packages, send, start_node, upgradeToCall};
use solvent_token::{
    check, Access, Capability, CheckOptions, FindingKind, Fork, Ownership, TokenReport,
    TokenVerdict,
};

fn has(report: &TokenReport, kind: FindingKind) -> bool {
    report.findings.iter().any(|f| f.kind == kind)
}

#[test]
fn verdicts_on_real_uniswap_pools() {
    let Some((ganache, chain)) = packages() else {
        return;
    };
    let node = start_node(&ganache);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let deployed = runtime.block_on(deploy(&node.url, &chain));
    let fork = Fork::connect(&node.url, None).unwrap();
    // A second view of the same block, never used until the node is gone.
    let cold = Fork::connect(&node.url, Some(fork.block)).unwrap();
    let options = CheckOptions::new(deployed.router);
    use FindingKind::*;
    use TokenVerdict::*;
    let expected = [
        ("PlainToken", NoIssuesFound, None),
        ("SellBlockedToken", Honeypot, Some(OwnerOnlySell)),
        ("SellTaxToken", Honeypot, Some(SellTax)),
        ("LateTaxToken", Honeypot, Some(SellTax)),
        ("BlacklistAfterBuyToken", Honeypot, Some(TransferReverted)),
        ("MintableToken", HighRisk, Some(OwnerCanMint)),
        ("PausableToken", HighRisk, Some(OwnerCanPause)),
        ("MaxWalletToken", Caution, Some(MaxWallet)),
        ("MaxTransactionToken", Caution, Some(MaxTransaction)),
        ("SelfDestructToken", NoIssuesFound, None),
        ("DeflatingERC20", Caution, Some(TransferTax)),
        ("PlainToken, liquidity held", Caution, Some(LiquidityHeld)),
        ("MintableToken, renounced", NoIssuesFound, None),
        ("TokenProxy", HighRisk, Some(Upgradeable)),
    ];
    assert_eq!(deployed.tokens.len(), expected.len());
    let mut reports = std::collections::HashMap::new();
    for (name, verdict, evidence) in expected {
        let report = check(&fork, deployed.token(name), &options);
        let json = serde_json::to_string(&report).unwrap();
        eprintln!("{name}: {json}");
        assert_eq!(report.verdict, verdict, "{name}: {json}");
        if let Some(kind) = evidence {
            assert!(has(&report, kind), "{name} lacks {kind}: {json}");
        }
        reports.insert(name, report);
    }

    // The evidence: the revert reason, the taxes, and the round the late
    // trap sprang in.
    let blocked = &reports["SellBlockedToken"];
    // The router's transfer into the pair is what reverts.
    let reason = blocked.findings[0]
        .revert_reason
        .as_deref()
        .unwrap_or_default();
    assert!(reason.contains("TRANSFER_FROM_FAILED"), "{reason}");
    assert!(reports["SellTaxToken"]
        .findings
        .iter()
        .any(|f| f.tax_bps.is_some_and(|t| t >= 9_800)));
    let late = &reports["LateTaxToken"];
    assert_eq!(late.trades[0].sell_tax_bps, Some(0));
    assert!(late.trades[1].sell_tax_bps.unwrap() >= 8_900);
    let deflating = &reports["DeflatingERC20"];
    // A 1% burn on every transfer, less the integer rounding.
    let one_percent = |t: Option<u32>| t.is_some_and(|t| (95..=100).contains(&t));
    assert!(deflating.trades.iter().all(|t| one_percent(t.buy_tax_bps)
        && one_percent(t.transfer_tax_bps)
        && one_percent(t.sell_tax_bps)));

    // Owner functions: found in the code, and only the owner gets through.
    let mintable = &reports["MintableToken"];
    assert_eq!(
        mintable.ownership,
        Some(Ownership {
            owner: deployed.owner,
            renounced: false
        })
    );
    let mint = &mintable.owner_functions;
    assert_eq!(mint.len(), 1, "{mint:?}");
    assert_eq!(mint[0].signature, "mint(address,uint256)");
    assert_eq!(mint[0].access, Access::OwnerOnly);
    // Where no holder can sell, the owner can.
    for name in ["SellTaxToken", "LateTaxToken", "BlacklistAfterBuyToken"] {
        assert!(has(&reports[name], OwnerOnlySell), "{name}");
    }
    let blacklist = &reports["BlacklistAfterBuyToken"].owner_functions;
    assert_eq!(blacklist[0].capability, Capability::Blacklist);
    assert_eq!(blacklist[0].access, Access::OwnerOnly);
    // Renounced: the function is still there, and nobody can call it.
    let renounced = &reports["MintableToken, renounced"];
    assert!(renounced.ownership.as_ref().unwrap().renounced);
    assert_eq!(renounced.owner_functions[0].access, Access::Nobody);
    assert!(!has(renounced, OwnerCanMint));
    // Limits are told apart from a trap: the plain rounds pass.
    for name in ["MaxWalletToken", "MaxTransactionToken"] {
        let r = &reports[name];
        assert_eq!(r.trades[0].sell_tax_bps, Some(0), "{name}");
        assert!(!has(r, BuyReverted), "{name}");
    }

    // Who holds the pool: burnt for most, the deployer for one.
    let burnt = reports["PlainToken"].liquidity.as_ref().unwrap();
    assert_eq!(burnt.burnt_bps, 10_000);
    assert_eq!(burnt.largest_account, None);
    let held = reports["PlainToken, liquidity held"]
        .liquidity
        .as_ref()
        .unwrap();
    let holder = held.largest_account.as_ref().unwrap();
    assert_eq!(holder.address, deployed.owner);
    assert!(holder.share_bps >= 9_999, "{held:?}");

    // The proxy: its admin, and what the code does once it is swapped.
    let proxy = deployed.token("TokenProxy");
    let before = &reports["TokenProxy"];
    let slots = before.proxy.as_ref().unwrap();
    assert_eq!(slots.admin, Some(deployed.owner));
    let upgrade = upgradeToCall {
        implementation: deployed.honeypot_implementation,
    };
    runtime.block_on(send(&node.url, proxy, upgrade.abi_encode(), U256::ZERO));
    // The owner deletes a token.
    let doomed = deployed.token("SelfDestructToken");
    runtime.block_on(send(
        &node.url,
        doomed,
        destroyCall {}.abi_encode(),
        U256::ZERO,
    ));
    let later = Fork::connect(&node.url, None).unwrap();
    let swapped = check(&later, proxy, &options);
    assert_eq!(swapped.verdict, Honeypot, "{swapped:?}");
    assert_eq!(
        swapped.proxy.unwrap().implementation,
        deployed.honeypot_implementation
    );
    let gone = check(&later, doomed, &options);
    assert_eq!(gone.verdict, Unknown);
    assert!(gone.reason.unwrap().contains("self-destructed"));
    // The pinned block still shows the proxy as it was.
    assert_eq!(check(&fork, proxy, &options).verdict, HighRisk);

    // No pool, no code.
    let none = check(&fork, deployed.no_pool, &options);
    assert_eq!(none.verdict, Unknown);
    assert!(none.reason.unwrap().contains("no pair"));
    let empty = check(&fork, Address::repeat_byte(0x42), &options);
    assert_eq!(empty.verdict, Unknown);
    assert!(empty.reason.unwrap().contains("no code"));

    // The node goes away. A check on a fork that never read this token
    // fails mid-check: UNKNOWN, with the reason. The fork that did read it
    // checks it again from its cache alone, to the same report.
    let plain = deployed.token("PlainToken");
    drop(node);
    let failed = check(&cold, plain, &options);
    assert_eq!(failed.verdict, Unknown);
    assert!(
        failed
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("node"),
        "{failed:?}"
    );
    let warm = check(&fork, plain, &options);
    assert_eq!(
        serde_json::to_value(&warm).unwrap(),
        serde_json::to_value(&reports["PlainToken"]).unwrap()
    );
}
