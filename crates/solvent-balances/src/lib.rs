//! Balances of reserve addresses at the snapshot block, read from real nodes
//! named in a config file: EVM chains through JSON-RPC (`eth_getBalance`,
//! ERC-20 `balanceOf` via `eth_call`, batched, with `alloy`) and Bitcoin
//! through an Esplora HTTP API (confirmed history up to the snapshot height).
//! The block hash at the snapshot height is checked against the expected
//! one, so a node on another chain or fork cannot supply balances.
//!
//! A fetch that fails is an error on that row, never a zero.
#![forbid(unsafe_code)]

pub mod config;
mod esplora;
mod evm;

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use solvent_model::Decimal;
use solvent_reserves::file::ReserveRow;

pub use config::{BalancesConfig, ConfigError};

/// One row's on-chain balance, or why it could not be read.
pub type Fetched = Result<Decimal, FetchError>;

/// Why a row's balance could not be read. The report shows the message as
/// the row's reason, and the row then counts as unverified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("no snapshot height: set it in the row or in the balances config")]
    NoHeight,
    #[error("snapshot height `{0}` is not a block number")]
    Height(String),
    #[error("no token contract configured for asset {asset} on {network}")]
    NoToken { asset: String, network: String },
    #[error("no balance source configured for network {0}")]
    NoSource(String),
    #[error("`{0}` is not an EVM address")]
    Address(String),
    #[error("rpc `{url}`: {message}")]
    Endpoint { url: String, message: String },
    #[error("expected block hash `{0}` is not 32 bytes of hex")]
    ExpectedHash(String),
    /// The node or API answers for another chain than the snapshot's.
    #[error("{network} block {block} has hash {found}, not the snapshot's {expected}: the {source_kind} follows another chain")]
    OtherChain {
        network: String,
        block: u64,
        found: String,
        expected: String,
        /// `node` or `API`.
        source_kind: &'static str,
    },
    #[error("{network} node has no block {block} (not synced that far?)")]
    NoBlock { network: String, block: u64 },
    /// A request failed or its answer could not be read.
    #[error("{request}: {message}")]
    Request { request: String, message: String },
    #[error("balance {0} does not fit in 128 bits")]
    TooLarge(String),
    #[error("{0} decimals is more than solvent supports")]
    Decimals(u32),
    #[error("no answer within {0} s")]
    Timeout(u64),
}

impl FetchError {
    fn request(request: impl Into<String>, message: impl std::fmt::Display) -> FetchError {
        FetchError::Request {
            request: request.into(),
            message: message.to_string(),
        }
    }
}

/// What a row needs read, resolved from the config before any request.
enum Job {
    Evm {
        source: usize,
        block: u64,
        expected_hash: Option<String>,
        query: evm::Query,
        decimals: u32,
    },
    Esplora {
        source: usize,
        address: String,
        block: u64,
        expected_hash: Option<String>,
    },
}

fn snapshot(row: &ReserveRow, configured: Option<u64>) -> Result<u64, FetchError> {
    if let Some(block) = configured {
        return Ok(block);
    }
    let text = row.snapshot_height.as_deref().ok_or(FetchError::NoHeight)?;
    text.parse()
        .map_err(|_| FetchError::Height(text.to_string()))
}

fn plan(config: &BalancesConfig, row: &ReserveRow) -> Result<Job, FetchError> {
    let network = row.network.trim();
    if let Some((source, evm)) = config
        .evm
        .iter()
        .enumerate()
        .find(|(_, e)| e.network.eq_ignore_ascii_case(network))
    {
        let block = snapshot(row, evm.block)?;
        let expected_hash = evm.block_hash.clone().or_else(|| row.block_hash.clone());
        let (query, decimals) = if row.asset.eq_ignore_ascii_case(&evm.native_asset) {
            (
                evm::Query::Native {
                    address: row.address.clone(),
                },
                evm.native_decimals,
            )
        } else {
            let token = evm
                .tokens
                .iter()
                .find(|t| t.asset.eq_ignore_ascii_case(&row.asset))
                .ok_or_else(|| FetchError::NoToken {
                    asset: row.asset.clone(),
                    network: evm.network.clone(),
                })?;
            (
                evm::Query::Token {
                    address: row.address.clone(),
                    contract: token.contract.clone(),
                },
                token.decimals,
            )
        };
        return Ok(Job::Evm {
            source,
            block,
            expected_hash,
            query,
            decimals,
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
    Err(FetchError::NoSource(network.to_string()))
}

/// A unit of work: some rows' lines and the future that reads them.
type Task<'a> = (
    Vec<u64>,
    Pin<Box<dyn Future<Output = Vec<(u64, Fetched)>> + Send + 'a>>,
);

/// Reads the balance of every row (by line). EVM rows go in JSON-RPC batches
/// of `config.batch_size` per (network, block), each after a block-hash
/// check; at most `config.concurrency` batches or Esplora reads are in
/// flight, each bounded by `config.timeout_seconds`. Rows whose network has
/// no source get an error.
pub fn fetch(config: &BalancesConfig, rows: &[&ReserveRow]) -> HashMap<u64, Fetched> {
    let mut results = HashMap::new();
    type GroupKey = (usize, u64, Option<String>);
    let mut evm_groups: BTreeMap<GroupKey, Vec<(u64, evm::Query, u32)>> = BTreeMap::new();
    let mut esplora_jobs = Vec::new();
    for row in rows {
        match plan(config, row) {
            Err(e) => {
                results.insert(row.line, Err(e));
            }
            Ok(Job::Evm {
                source,
                block,
                expected_hash,
                query,
                decimals,
            }) => evm_groups
                .entry((source, block, expected_hash))
                .or_default()
                .push((row.line, query, decimals)),
            Ok(Job::Esplora {
                source,
                address,
                block,
                expected_hash,
            }) => esplora_jobs.push((row.line, source, address, block, expected_hash)),
        }
    }
    let timeout = Duration::from_secs(config.timeout_seconds.max(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let evm_clients: Vec<Result<_, FetchError>> = config.evm.iter().map(evm::client).collect();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .expect("an HTTP client");
        let (evm_clients, http) = (&evm_clients, &http);
        let mut tasks: Vec<Task<'_>> = Vec::new();
        for ((source, block, expected_hash), queries) in &evm_groups {
            let network = config.evm[*source].network.as_str();
            for chunk in queries.chunks(config.batch_size.max(1)) {
                let lines = chunk.iter().map(|q| q.0).collect();
                let expected = expected_hash.as_deref();
                tasks.push((
                    lines,
                    Box::pin(async move {
                        let fail_all =
                            |e: FetchError| chunk.iter().map(|q| (q.0, Err(e.clone()))).collect();
                        let client = match &evm_clients[*source] {
                            Ok(c) => c,
                            Err(e) => return fail_all(e.clone()),
                        };
                        if let Err(e) = evm::check_block(client, network, *block, expected).await {
                            return fail_all(e);
                        }
                        evm::read_batch(client, network, *block, chunk).await
                    }),
                ));
            }
        }
        for (line, source, address, block, expected_hash) in &esplora_jobs {
            tasks.push((
                vec![*line],
                Box::pin(async move {
                    let result = esplora::balance(
                        http,
                        &config.esplora[*source],
                        address,
                        *block,
                        expected_hash.as_deref(),
                    )
                    .await;
                    vec![(*line, result)]
                }),
            ));
        }
        let finished: Vec<Vec<(u64, Fetched)>> =
            stream::iter(tasks.into_iter().map(|(lines, task)| async move {
                match tokio::time::timeout(timeout, task).await {
                    Ok(done) => done,
                    Err(_) => lines
                        .into_iter()
                        .map(|l| (l, Err(FetchError::Timeout(timeout.as_secs()))))
                        .collect(),
                }
            }))
            .buffer_unordered(config.concurrency.max(1))
            .collect()
            .await;
        results.extend(finished.into_iter().flatten());
    });
    results
}

/// `value / 10^decimals` as an exact decimal.
pub(crate) fn scaled(value: u128, decimals: u32) -> Fetched {
    Decimal::from_units(value, decimals).ok_or(FetchError::Decimals(decimals))
}
