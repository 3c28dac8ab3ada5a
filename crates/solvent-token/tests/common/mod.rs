//! A local chain with Uniswap V2 and the test tokens deployed, for
//! solvent-token's tests and the CLI's (which include this file).

#![allow(dead_code)]

#[path = "../../../solvent-balances/tests/ganache/node.rs"]
mod node;

use std::path::{Path, PathBuf};
use std::process::Command;

use alloy::network::TransactionBuilder as _;
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::sol;
use alloy::sol_types::{SolCall, SolValue};
pub use node::Node;

sol! {
    function createPair(address tokenA, address tokenB) external returns (address pair);
    function getPair(address tokenA, address tokenB) external view returns (address pair);
    function setPair(address pair) external;
    function approve(address spender, uint256 value) external returns (bool);
    function renounceOwnership() external;
    function initialize(uint256 supply) external;
    function destroy() external;
    function upgradeTo(address implementation) external;
    function addLiquidityETH(address token, uint amountTokenDesired, uint amountTokenMin, uint amountETHMin, address to, uint deadline) external payable returns (uint amountToken, uint amountETH, uint liquidity);
}

const ETHER: u128 = 1_000_000_000_000_000_000;

/// The node packages, or None (and a note) where they are not installed.
pub fn packages() -> Option<(PathBuf, PathBuf)> {
    let chain = dir().join("tests/chain");
    if let Some(ganache) = node::binary() {
        if chain.join("node_modules/@uniswap/v2-periphery").exists() {
            return Some((ganache, chain));
        }
    }
    assert!(
        std::env::var_os("SOLVENT_REQUIRE_NODE").is_none(),
        "run `npm ci` in crates/solvent-balances/tests/ganache and crates/solvent-token/tests/chain"
    );
    eprintln!("SKIPPED: the node packages are not installed (npm ci in crates/solvent-balances/tests/ganache and crates/solvent-token/tests/chain)");
    None
}

/// solvent-token's directory (whichever crate's test includes this file).
fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../solvent-token")
}

/// Ganache with accounts rich enough for the pools, on the hardfork the
/// test tokens are compiled for.
pub fn start_node(ganache: &Path) -> Node {
    node::start(
        ganache,
        &[
            "--wallet.defaultBalance",
            "100000",
            "--chain.hardfork",
            "shanghai",
        ],
    )
}

/// A build artifact's creation bytecode.
fn artifact(chain: &Path, package: &str, name: &str) -> Vec<u8> {
    let path = chain.join(format!("node_modules/@uniswap/{package}/build/{name}.json"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let code: Bytes = json["bytecode"].as_str().unwrap().parse().unwrap();
    code.to_vec()
}

/// The test tokens, compiled.
fn tokens(chain: &Path) -> serde_json::Value {
    let out = Command::new("node")
        .arg("compile.js")
        .arg(dir().join("../../testdata/tokens/Tokens.sol"))
        .current_dir(chain)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub struct Deployed {
    pub router: Address,
    /// The deployer: every token's owner, and the proxy's admin.
    pub owner: Address,
    /// Token name to address; each has a pool of 100 ETH whose liquidity
    /// tokens are burnt, unless its name says otherwise.
    pub tokens: Vec<(String, Address)>,
    pub no_pool: Address,
    /// What `TokenProxy` can be upgraded to: a honeypot.
    pub honeypot_implementation: Address,
}

impl Deployed {
    pub fn token(&self, name: &str) -> Address {
        self.tokens
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no test token {name}"))
            .1
    }
}

/// Where liquidity tokens go to be burnt.
pub const DEAD: Address = alloy::primitives::address!("0x000000000000000000000000000000000000dEaD");

/// Sends a transaction from the deployer and waits for it to pass. Each
/// has its own client, so no client's nonce cache goes stale.
async fn transact(url: &str, tx: TransactionRequest) -> TransactionReceipt {
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let owner = provider.get_accounts().await.unwrap()[0];
    let receipt = provider
        .send_transaction(tx.from(owner))
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status(), "transaction reverted");
    receipt
}

/// Calls `to` from the deployer.
pub async fn send(url: &str, to: Address, data: Vec<u8>, value: U256) {
    let tx = TransactionRequest::default()
        .to(to)
        .input(Bytes::from(data).into())
        .value(value);
    transact(url, tx).await;
}

pub async fn deploy(url: &str, chain: &Path) -> Deployed {
    let provider = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let owner = provider.get_accounts().await.unwrap()[0];
    let create = |code: Vec<u8>, args: Vec<u8>| {
        let mut code = code;
        code.extend(args);
        async move {
            let tx = TransactionRequest::default().with_deploy_code(code);
            transact(url, tx).await.contract_address.unwrap()
        }
    };
    let weth = create(artifact(chain, "v2-periphery", "WETH9"), vec![]).await;
    let factory = create(
        artifact(chain, "v2-core", "UniswapV2Factory"),
        owner.abi_encode(),
    )
    .await;
    let router = create(
        artifact(chain, "v2-periphery", "UniswapV2Router02"),
        (factory, weth).abi_encode_params(),
    )
    .await;
    let supply = U256::from(1_000_000u64) * U256::from(ETHER);
    let compiled = tokens(chain);
    let code = |name: &str| -> Vec<u8> {
        let code: Bytes = compiled[name].as_str().unwrap().parse().unwrap();
        code.to_vec()
    };
    let implementation = create(code("UpgradeableToken"), vec![]).await;
    let honeypot_implementation = create(code("UpgradeableSellBlockedToken"), vec![]).await;
    let initialize = initializeCall { supply }.abi_encode();
    // (name, creation code, constructor arguments, where the liquidity
    // tokens go)
    let mut specs: Vec<(&str, Vec<u8>, Vec<u8>, Address)> = [
        "PlainToken",
        "SellBlockedToken",
        "SellTaxToken",
        "LateTaxToken",
        "BlacklistAfterBuyToken",
        "MintableToken",
        "PausableToken",
        "MaxWalletToken",
        "MaxTransactionToken",
        "SelfDestructToken",
    ]
    .iter()
    .map(|name| (*name, code(name), supply.abi_encode(), DEAD))
    .collect();
    specs.push((
        "DeflatingERC20",
        artifact(chain, "v2-periphery", "DeflatingERC20"),
        supply.abi_encode(),
        DEAD,
    ));
    specs.push((
        "PlainToken, liquidity held",
        code("PlainToken"),
        supply.abi_encode(),
        owner,
    ));
    specs.push((
        "MintableToken, renounced",
        code("MintableToken"),
        supply.abi_encode(),
        DEAD,
    ));
    specs.push((
        "TokenProxy",
        code("TokenProxy"),
        (implementation, Bytes::from(initialize)).abi_encode_params(),
        DEAD,
    ));
    let mut tokens = Vec::new();
    for (name, code, args, liquidity_to) in specs {
        let token = create(code, args).await;
        send(
            url,
            factory,
            createPairCall {
                tokenA: token,
                tokenB: weth,
            }
            .abi_encode(),
            U256::ZERO,
        )
        .await;
        if name != "DeflatingERC20" {
            let call = TransactionRequest::default().to(factory).input(
                Bytes::from(
                    getPairCall {
                        tokenA: token,
                        tokenB: weth,
                    }
                    .abi_encode(),
                )
                .into(),
            );
            let pair = Address::abi_decode(&provider.call(call).await.unwrap()).unwrap();
            send(url, token, setPairCall { pair }.abi_encode(), U256::ZERO).await;
        }
        let approve = approveCall {
            spender: router,
            value: U256::MAX,
        };
        send(url, token, approve.abi_encode(), U256::ZERO).await;
        let add = addLiquidityETHCall {
            token,
            amountTokenDesired: supply / U256::from(2),
            amountTokenMin: U256::ZERO,
            amountETHMin: U256::ZERO,
            to: liquidity_to,
            deadline: U256::MAX,
        };
        send(url, router, add.abi_encode(), U256::from(100 * ETHER)).await;
        if name == "MintableToken, renounced" {
            send(
                url,
                token,
                renounceOwnershipCall {}.abi_encode(),
                U256::ZERO,
            )
            .await;
        }
        tokens.push((name.to_string(), token));
    }
    let no_pool = create(code("PlainToken"), supply.abi_encode()).await;
    Deployed {
        router,
        owner,
        tokens,
        no_pool,
        honeypot_implementation,
    }
}
