//! Balances of reserve addresses at the snapshot block, read from real nodes
//! named in a config file: EVM chains through JSON-RPC (`eth_getBalance`,
//! ERC-20 `balanceOf` via `eth_call`, with `alloy`) and Bitcoin through an
//! Esplora HTTP API (confirmed history up to the snapshot height). The block
//! hash at the snapshot height is checked against the expected one, so a
//! node on another chain or fork cannot supply balances.
//!
//! A fetch that fails is an error on that row, never a zero.
#![forbid(unsafe_code)]

pub mod config;
mod esplora;
mod evm;

use std::collections::HashMap;

use futures::stream::{self, StreamExt};
use solvent_reserves::decimal::Decimal;
use solvent_reserves::file::ReserveRow;

pub use config::{BalancesConfig, ConfigError};

/// One row's on-chain balance, or why it could not be read.
pub type Fetched = Result<Decimal, String>;

/// What a row needs read, resolved from the config before any request.
#[derive(Debug, Clone)]
enum Job {
    EvmNative {
        source: usize,
        address: String,
        block: u64,
        expected_hash: Option<String>,
    },
    EvmToken {
        source: usize,
        address: String,
        contract: String,
        decimals: u32,
        block: u64,
        expected_hash: Option<String>,
    },
    Esplora {
        source: usize,
        address: String,
        block: u64,
        expected_hash: Option<String>,
    },
}

fn snapshot(row: &ReserveRow, configured: Option<u64>) -> Result<u64, String> {
    if let Some(block) = configured {
        return Ok(block);
    }
    let text = row
        .snapshot_height
        .as_deref()
        .ok_or("no snapshot height: set it in the row or in the balances config")?;
    text.parse()
        .map_err(|_| format!("snapshot height `{text}` is not a block number"))
}

fn plan(config: &BalancesConfig, row: &ReserveRow) -> Result<Job, String> {
    let network = row.network.trim();
    if let Some((source, evm)) = config
        .evm
        .iter()
        .enumerate()
        .find(|(_, e)| e.network.eq_ignore_ascii_case(network))
    {
        let block = snapshot(row, evm.block)?;
        let expected_hash = evm.block_hash.clone().or_else(|| row.block_hash.clone());
        if row.asset.eq_ignore_ascii_case(&evm.native_asset) {
            return Ok(Job::EvmNative {
                source,
                address: row.address.clone(),
                block,
                expected_hash,
            });
        }
        let token = evm
            .tokens
            .iter()
            .find(|t| t.asset.eq_ignore_ascii_case(&row.asset))
            .ok_or_else(|| {
                format!(
                    "no token contract configured for asset {} on {}",
                    row.asset, evm.network
                )
            })?;
        return Ok(Job::EvmToken {
            source,
            address: row.address.clone(),
            contract: token.contract.clone(),
            decimals: token.decimals,
            block,
            expected_hash,
        });
    }
    if let Some((source, esplora)) = config
        .esplora
        .iter()
        .enumerate()
        .find(|(_, e)| e.network.eq_ignore_ascii_case(network))
    {
        return Ok(Job::Esplora {
            source,
            address: row.address.clone(),
            block: snapshot(row, esplora.block)?,
            expected_hash: esplora
                .block_hash
                .clone()
                .or_else(|| row.block_hash.clone()),
        });
    }
    Err(format!(
        "no balance source configured for network {network}"
    ))
}

/// Clients built once per run and shared by every request.
struct Clients {
    evm: Vec<Result<alloy::providers::DynProvider, String>>,
    http: reqwest::Client,
}

async fn run(config: &BalancesConfig, clients: &Clients, job: Job) -> Fetched {
    match job {
        Job::EvmNative {
            source,
            address,
            block,
            expected_hash,
        } => {
            let provider = clients.evm[source].as_ref()?;
            evm::native_balance(
                provider,
                &config.evm[source],
                &address,
                block,
                expected_hash.as_deref(),
            )
            .await
        }
        Job::EvmToken {
            source,
            address,
            contract,
            decimals,
            block,
            expected_hash,
        } => {
            let provider = clients.evm[source].as_ref()?;
            evm::token_balance(
                provider,
                &config.evm[source],
                &address,
                &contract,
                decimals,
                block,
                expected_hash.as_deref(),
            )
            .await
        }
        Job::Esplora {
            source,
            address,
            block,
            expected_hash,
        } => {
            esplora::balance(
                &clients.http,
                &config.esplora[source],
                &address,
                block,
                expected_hash.as_deref(),
            )
            .await
        }
    }
}

/// Reads the balance of every row (by line), at most `config.concurrency`
/// requests in flight. Rows whose network has no source get an error.
pub fn fetch(config: &BalancesConfig, rows: &[&ReserveRow]) -> HashMap<u64, Fetched> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let timeout = std::time::Duration::from_secs(config.timeout_seconds.max(1));
    runtime.block_on(async {
        let clients = Clients {
            evm: config.evm.iter().map(evm::provider).collect(),
            http: reqwest::Client::builder()
                .timeout(timeout)
                .build()
                .expect("an HTTP client"),
        };
        let clients = &clients;
        stream::iter(rows.iter().map(|row| async move {
            let result = match plan(config, row) {
                Ok(job) => match tokio::time::timeout(timeout, run(config, clients, job)).await {
                    Ok(result) => result,
                    Err(_) => Err(format!("no answer within {} s", timeout.as_secs())),
                },
                Err(e) => Err(e),
            };
            (row.line, result)
        }))
        .buffer_unordered(config.concurrency.max(1))
        .collect()
        .await
    })
}

/// `value / 10^decimals` as an exact decimal.
pub(crate) fn scaled(value: u128, decimals: u32) -> Result<Decimal, String> {
    Decimal::from_units(value, decimals)
        .ok_or_else(|| format!("{decimals} decimals is more than solvent supports"))
}
