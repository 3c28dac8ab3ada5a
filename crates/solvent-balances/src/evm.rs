//! EVM balances at a block through JSON-RPC, with alloy.

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, B256, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::sol;

use crate::config::EvmSource;
use crate::{scaled, Fetched};

sol! {
    #[sol(rpc)]
    interface IERC20 {
        function balanceOf(address owner) external view returns (uint256);
    }
}

/// A read-only provider for `source`.
pub fn provider(source: &EvmSource) -> Result<DynProvider, String> {
    let url = source
        .rpc
        .parse()
        .map_err(|e| format!("rpc `{}`: {e}", source.rpc))?;
    Ok(ProviderBuilder::new().connect_http(url).erased())
}

fn parse_address(text: &str) -> Result<Address, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not an EVM address"))
}

/// Checks that the node has `block` and that its hash is the expected one.
async fn check_block(
    provider: &DynProvider,
    network: &str,
    block: u64,
    expected: Option<&str>,
) -> Result<(), String> {
    let found = provider
        .get_block_by_number(BlockNumberOrTag::Number(block))
        .await
        .map_err(|e| format!("{network} node: block {block}: {e}"))?
        .ok_or_else(|| format!("{network} node has no block {block} (not synced that far?)"))?;
    if let Some(expected) = expected {
        let expected: B256 = expected
            .parse()
            .map_err(|_| format!("expected block hash `{expected}` is not 32 bytes of hex"))?;
        if found.header.hash != expected {
            return Err(format!(
                "{network} block {block} has hash {}, not the snapshot's {expected}: the node follows another chain",
                found.header.hash
            ));
        }
    }
    Ok(())
}

fn to_decimal(value: U256, decimals: u32) -> Fetched {
    let units: u128 = value
        .try_into()
        .map_err(|_| format!("balance {value} does not fit in 128 bits"))?;
    scaled(units, decimals)
}

pub async fn native_balance(
    provider: &DynProvider,
    source: &EvmSource,
    address: &str,
    block: u64,
    expected_hash: Option<&str>,
) -> Fetched {
    let address = parse_address(address)?;
    check_block(provider, &source.network, block, expected_hash).await?;
    let wei = provider
        .get_balance(address)
        .block_id(BlockId::number(block))
        .await
        .map_err(|e| format!("{} eth_getBalance at block {block}: {e}", source.network))?;
    to_decimal(wei, source.native_decimals)
}

pub async fn token_balance(
    provider: &DynProvider,
    source: &EvmSource,
    address: &str,
    contract: &str,
    decimals: u32,
    block: u64,
    expected_hash: Option<&str>,
) -> Fetched {
    let address = parse_address(address)?;
    let contract = parse_address(contract)?;
    check_block(provider, &source.network, block, expected_hash).await?;
    let token = IERC20::new(contract, provider);
    let balance = token
        .balanceOf(address)
        .block(BlockId::number(block))
        .call()
        .await
        .map_err(|e| format!("{} balanceOf at block {block}: {e}", source.network))?;
    to_decimal(balance, decimals)
}
