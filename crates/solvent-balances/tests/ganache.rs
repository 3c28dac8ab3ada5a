//! Balances read from a real local EVM node (ganache, installed by .ci/run
//! into tests/ganache with `npm ci`), started by the test: an ERC-20 is
//! deployed and balances change after the snapshot block, so reading at the
//! wrong height fails. No internet is used.
//!
//! Without ganache installed the test says so and passes, unless
//! SOLVENT_REQUIRE_NODE is set (CI sets it), where a missing node fails.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::sol;
use alloy::sol_types::{SolCall, SolValue};
use solvent_balances::{fetch, BalancesConfig, FetchError};
use solvent_model::Decimal;
use solvent_reserves::file::ReserveRow;

sol! {
    contract TestToken {
        function transfer(address to, uint256 value) external returns (bool);
    }
}

#[path = "ganache/node.rs"]
mod node;

use node::Node;

fn start_node() -> Option<Node> {
    let Some(binary) = node::binary() else {
        assert!(
            std::env::var_os("SOLVENT_REQUIRE_NODE").is_none(),
            "ganache is not installed: run `npm ci` in crates/solvent-balances/tests/ganache"
        );
        eprintln!(
            "SKIPPED: ganache is not installed (npm ci in crates/solvent-balances/tests/ganache)"
        );
        return None;
    };
    Some(node::start(&binary, &[]))
}

fn token_bytecode() -> Bytes {
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../testdata/evm/TestToken.json"
        ))
        .unwrap(),
    )
    .unwrap();
    json["bytecode"].as_str().unwrap().parse().unwrap()
}

fn row(line: u64, network: &str, asset: &str, address: Address, height: u64) -> ReserveRow {
    ReserveRow {
        line,
        network: network.into(),
        asset: asset.into(),
        address: address.to_string(),
        snapshot_height: Some(height.to_string()),
        ..ReserveRow::default()
    }
}

struct Chain {
    token: Address,
    reserve: Address,
    snapshot: u64,
    snapshot_hash: String,
}

/// Deploys the token, funds the reserve address, takes the snapshot block,
/// then moves more funds in so that later blocks differ.
async fn prepare(url: &str) -> Chain {
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let accounts = provider.get_accounts().await.unwrap();
    let deployer = accounts[0];
    let reserve: Address = "0x00000000000000000000000000000000005e5e7e"
        .parse()
        .unwrap();

    let mut code = token_bytecode().to_vec();
    code.extend(U256::from(10_000_000_000_000u64).abi_encode()); // 10M TUSD, 6 decimals
                                                                 // Every transaction is sent from the deployer and mined before the next.
    let mine = |tx: TransactionRequest| {
        let provider = &provider;
        async move {
            provider
                .send_transaction(tx.from(deployer))
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap()
        }
    };
    let receipt = mine(TransactionRequest::default().with_deploy_code(code)).await;
    let token = receipt.contract_address.expect("deployed");
    let send_eth = |wei: u128| {
        TransactionRequest::default()
            .to(reserve)
            .value(U256::from(wei))
    };
    let send_tokens = |units: u64| {
        let call = TestToken::transferCall {
            to: reserve,
            value: U256::from(units),
        };
        TransactionRequest::default()
            .to(token)
            .input(Bytes::from(call.abi_encode()).into())
    };
    mine(send_tokens(1_500_000_500_000)).await;
    mine(send_eth(2_500_000_000_000_000_000)).await;
    let snapshot = provider.get_block_number().await.unwrap();
    let snapshot_hash = provider
        .get_block_by_number(snapshot.into())
        .await
        .unwrap()
        .unwrap()
        .header
        .hash
        .to_string();
    // After the snapshot: more of both.
    mine(send_tokens(1_000_000_000)).await;
    mine(send_eth(7_000_000_000_000_000_000)).await;
    assert!(provider.get_block_number().await.unwrap() >= snapshot + 2);
    Chain {
        token,
        reserve,
        snapshot,
        snapshot_hash,
    }
}

fn config(url: &str, chain: &Chain, block_hash: Option<&str>) -> BalancesConfig {
    let hash = block_hash.map_or(String::new(), |h| format!("block_hash = \"{h}\"\n"));
    BalancesConfig::parse(&format!(
        r#"
concurrency = 4
timeout_seconds = 20
[[evm]]
network = "ETH"
rpc = "{url}"
native_asset = "ETH"
{hash}
[[evm.tokens]]
asset = "USDT-ERC20"
contract = "{}"
decimals = 6
"#,
        chain.token
    ))
    .unwrap()
}

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

#[test]
fn balances_at_the_snapshot_block_from_a_real_node() {
    let Some(node) = start_node() else { return };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let chain = runtime.block_on(prepare(&node.url));
    drop(runtime);

    let rows = [
        row(2, "ETH", "ETH", chain.reserve, chain.snapshot),
        row(3, "ETH", "USDT-ERC20", chain.reserve, chain.snapshot),
        row(4, "ETH", "DAI", chain.reserve, chain.snapshot),
        row(5, "TRON", "USDT-TRC20", chain.reserve, chain.snapshot),
    ];
    let refs: Vec<&ReserveRow> = rows.iter().collect();
    let got = fetch(
        &config(&node.url, &chain, Some(&chain.snapshot_hash)),
        &refs,
    );
    // At the snapshot, not the latest block (9.5 ETH, 1,501,000.5 TUSD).
    assert_eq!(got[&2], Ok(d("2.5")));
    assert_eq!(got[&3], Ok(d("1500000.5")));
    assert!(
        matches!(got[&4], Err(FetchError::NoToken { .. })),
        "{:?}",
        got[&4]
    );
    assert!(
        matches!(got[&5], Err(FetchError::NoSource(_))),
        "{:?}",
        got[&5]
    );

    // Reading one block later gives other balances: the height matters.
    let later = [
        row(2, "ETH", "ETH", chain.reserve, chain.snapshot + 2),
        row(3, "ETH", "USDT-ERC20", chain.reserve, chain.snapshot + 2),
    ];
    let refs: Vec<&ReserveRow> = later.iter().collect();
    let got = fetch(&config(&node.url, &chain, None), &refs);
    assert_eq!(got[&2], Ok(d("9.5")));
    assert_eq!(got[&3], Ok(d("1501000.5")));

    // A block hash from another chain is refused, row by row.
    let refs: Vec<&ReserveRow> = rows[..2].iter().collect();
    let wrong = format!("0x{}", "ab".repeat(32));
    let got = fetch(&config(&node.url, &chain, Some(&wrong)), &refs);
    for line in [2, 3] {
        assert!(
            matches!(got[&line], Err(FetchError::OtherChain { .. })),
            "{:?}",
            got[&line]
        );
    }

    // A block the node does not have yet is an error, not a zero.
    let future = [row(2, "ETH", "ETH", chain.reserve, chain.snapshot + 1000)];
    let refs: Vec<&ReserveRow> = future.iter().collect();
    let got = fetch(&config(&node.url, &chain, None), &refs);
    assert!(
        matches!(got[&2], Err(FetchError::NoBlock { .. })),
        "{:?}",
        got[&2]
    );

    // A node that is down is an error on every row, never a zero.
    let url = node.url.clone();
    drop(node);
    let refs: Vec<&ReserveRow> = rows[..2].iter().collect();
    let got = fetch(&config(&url, &chain, None), &refs);
    assert!(got.values().all(|r| r.is_err()), "{got:?}");
}
