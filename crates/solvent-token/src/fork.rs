//! The chain a check reads: an EVM node's state at one pinned block, read
//! lazily through revm's `AlloyDB` and kept in a `CacheDB`, so each account
//! and storage slot is fetched once per check.

use alloy::eips::BlockId;
use alloy::network::Ethereum;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use revm::database::{AlloyDB, CacheDB};
use revm::database_interface::WrapDatabaseAsync;

use crate::error::TokenError;

/// The state a check runs on: reads go to the node at the pinned block,
/// writes stay in the cache.
pub(crate) type ForkDb = CacheDB<WrapDatabaseAsync<AlloyDB<Ethereum, DynProvider>>>;

/// An EVM node and the block checks are pinned to.
pub struct Fork {
    runtime: tokio::runtime::Runtime,
    provider: DynProvider,
    /// The pinned block.
    pub block: u64,
    /// Its timestamp: the simulated trades run in the next block, 12 s on.
    pub timestamp: u64,
    pub chain_id: u64,
}

impl Fork {
    /// Connects to the JSON-RPC node at `url`, pinned to `block` (default:
    /// the latest).
    pub fn connect(url: &str, block: Option<u64>) -> Result<Fork, TokenError> {
        let parsed = url.parse().map_err(|_| TokenError::Url(url.to_owned()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        let provider = ProviderBuilder::new().connect_http(parsed).erased();
        let node = |e: alloy::transports::TransportError| TokenError::Node {
            url: url.to_owned(),
            message: e.to_string(),
        };
        let (block, timestamp, chain_id) = runtime.block_on(async {
            let chain_id = provider.get_chain_id().await.map_err(node)?;
            let id = block.map_or(BlockId::latest(), BlockId::number);
            let header = provider
                .get_block(id)
                .await
                .map_err(node)?
                .ok_or(TokenError::NoBlock(block.unwrap_or_default()))?
                .header;
            Ok::<_, TokenError>((header.number, header.timestamp, chain_id))
        })?;
        Ok(Fork {
            runtime,
            provider,
            block,
            timestamp,
            chain_id,
        })
    }

    /// A fresh view of the pinned state.
    pub(crate) fn db(&self) -> ForkDb {
        let alloy = AlloyDB::new(self.provider.clone(), BlockId::number(self.block));
        CacheDB::new(WrapDatabaseAsync::with_handle(
            alloy,
            self.runtime.handle().clone(),
        ))
    }
}
