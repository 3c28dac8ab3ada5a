//! EVM balances at a block through JSON-RPC, with alloy: native balances
//! (`eth_getBalance`) and ERC-20 balances (`balanceOf` through `eth_call`)
//! are sent as JSON-RPC batch requests, after checking the block's hash.

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::rpc::client::{ClientBuilder, RpcClient};
use alloy::rpc::types::{Block, TransactionRequest};
use alloy::sol;
use alloy::sol_types::SolCall;

use crate::config::EvmSource;
use crate::{scaled, FetchError, Fetched};

sol! {
    interface IERC20 {
        function balanceOf(address owner) external view returns (uint256);
    }
}

/// A JSON-RPC client for `source`.
pub fn client(source: &EvmSource) -> Result<RpcClient, FetchError> {
    let url = source.rpc.parse().map_err(|e| FetchError::Endpoint {
        url: source.rpc.clone(),
        message: format!("{e}"),
    })?;
    Ok(ClientBuilder::default().http(url))
}

/// What to read for one row.
#[derive(Debug, Clone)]
pub enum Query {
    Native { address: String },
    Token { address: String, contract: String },
}

fn parse_address(text: &str) -> Result<Address, FetchError> {
    text.parse()
        .map_err(|_| FetchError::Address(text.to_string()))
}

/// Checks that the node has `block` and that its hash is the expected one.
pub async fn check_block(
    client: &RpcClient,
    network: &str,
    block: u64,
    expected: Option<&str>,
) -> Result<(), FetchError> {
    let found: Option<Block> = client
        .request(
            "eth_getBlockByNumber",
            (BlockNumberOrTag::Number(block), false),
        )
        .await
        .map_err(|e| FetchError::request(format!("{network} node: block {block}"), e))?;
    let found = found.ok_or_else(|| FetchError::NoBlock {
        network: network.to_string(),
        block,
    })?;
    if let Some(expected) = expected {
        let expected: B256 = expected
            .parse()
            .map_err(|_| FetchError::ExpectedHash(expected.to_string()))?;
        if found.header.hash != expected {
            return Err(FetchError::OtherChain {
                network: network.to_string(),
                block,
                found: found.header.hash.to_string(),
                expected: expected.to_string(),
                source_kind: "node",
            });
        }
    }
    Ok(())
}

fn to_decimal(value: U256, decimals: u32) -> Fetched {
    let units: u128 = value
        .try_into()
        .map_err(|_| FetchError::TooLarge(value.to_string()))?;
    scaled(units, decimals)
}

/// Reads `queries` (line, query, decimals) at `block` in one JSON-RPC batch.
pub async fn read_batch(
    client: &RpcClient,
    network: &str,
    block: u64,
    queries: &[(u64, Query, u32)],
) -> Vec<(u64, Fetched)> {
    let at = BlockId::number(block);
    let mut batch = client.new_batch();
    let mut pending = Vec::with_capacity(queries.len());
    for (line, query, decimals) in queries {
        let added = match query {
            Query::Native { address } => parse_address(address).and_then(|a| {
                batch
                    .add_call::<_, U256>("eth_getBalance", &(a, at))
                    .map(Pending::Native)
                    .map_err(|e| FetchError::request(format!("{network} eth_getBalance"), e))
            }),
            Query::Token { address, contract } => parse_address(address).and_then(|owner| {
                let contract = parse_address(contract)?;
                let call = TransactionRequest::default()
                    .to(contract)
                    .input(Bytes::from(IERC20::balanceOfCall { owner }.abi_encode()).into());
                batch
                    .add_call::<_, Bytes>("eth_call", &(call, at))
                    .map(Pending::Token)
                    .map_err(|e| FetchError::request(format!("{network} eth_call"), e))
            }),
        };
        pending.push((*line, *decimals, added));
    }
    let sent = batch
        .send()
        .await
        .map_err(|e| FetchError::request(format!("{network} batch request at block {block}"), e));
    let mut out = Vec::with_capacity(pending.len());
    for (line, decimals, added) in pending {
        let result = match (added, &sent) {
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e.clone()),
            (Ok(Pending::Native(waiter)), Ok(())) => waiter
                .await
                .map_err(|e| {
                    FetchError::request(format!("{network} eth_getBalance at block {block}"), e)
                })
                .and_then(|wei| to_decimal(wei, decimals)),
            (Ok(Pending::Token(waiter)), Ok(())) => waiter
                .await
                .map_err(|e| {
                    FetchError::request(format!("{network} balanceOf at block {block}"), e)
                })
                .and_then(|bytes| {
                    IERC20::balanceOfCall::abi_decode_returns(&bytes).map_err(|e| {
                        FetchError::request(format!("{network} balanceOf returned {bytes}"), e)
                    })
                })
                .and_then(|balance| to_decimal(balance, decimals)),
        };
        out.push((line, result));
    }
    out
}

enum Pending {
    Native(alloy::rpc::client::Waiter<U256>),
    Token(alloy::rpc::client::Waiter<Bytes>),
}
