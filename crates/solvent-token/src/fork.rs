//! The chain a check reads: an EVM node's state at one pinned block.
//!
//! The state of a pinned block never changes, so every read from the node
//! (accounts, code, storage slots, event logs) is kept in one cache that
//! all checks on a [`Fork`] share: the first check of a pool pays the round
//! trips, later checks of tokens touching the same contracts (router,
//! factory, wrapped coin) run from memory. Each check writes into its own
//! `CacheDB` on top, so no check sees another's trades.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;

use alloy::eips::BlockId;
use alloy::network::Ethereum;
use alloy::primitives::{Address, Log, B256, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::Filter;
use revm::bytecode::Bytecode;
use revm::database::{AlloyDB, CacheDB, DatabaseRef};
use revm::database_interface::WrapDatabaseAsync;
use revm::state::AccountInfo;

use crate::error::TokenError;

type Node = WrapDatabaseAsync<AlloyDB<Ethereum, DynProvider>>;
type NodeError = <Node as DatabaseRef>::Error;

/// The state a check runs on: reads go through the fork's shared cache to
/// the node, writes stay in this check's cache.
pub(crate) type ForkDb<'f> = CacheDB<Pinned<'f>>;

/// An EVM node and the block checks are pinned to.
pub struct Fork {
    runtime: tokio::runtime::Runtime,
    provider: DynProvider,
    node: Node,
    cache: Cache,
    /// The pinned block.
    pub block: u64,
    /// Its timestamp: the simulated trades run in the next block, 12 s on.
    pub timestamp: u64,
    pub chain_id: u64,
}

/// Reads already made at the pinned block.
#[derive(Default)]
struct Cache {
    accounts: Memo<Address, Option<AccountInfo>>,
    code: Memo<B256, Bytecode>,
    storage: Memo<(Address, U256), U256>,
    block_hashes: Memo<u64, B256>,
    logs: Memo<(Address, B256), Vec<Log>>,
}

/// One kind of read, remembered.
struct Memo<K, V>(RwLock<HashMap<K, V>>);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(RwLock::new(HashMap::new()))
    }
}

impl<K: Eq + Hash + Copy, V: Clone> Memo<K, V> {
    /// The remembered value of `key`, or `read`'s (remembered when it
    /// succeeds). A poisoned lock only means another check panicked
    /// mid-insert of a complete value, so the map is still whole.
    fn get_or<E>(&self, key: K, read: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        let known = self
            .0
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        if let Some(value) = known {
            return Ok(value);
        }
        let value = read()?;
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, value.clone());
        Ok(value)
    }
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
        let alloy = AlloyDB::new(provider.clone(), BlockId::number(block));
        let node = WrapDatabaseAsync::with_handle(alloy, runtime.handle().clone());
        Ok(Fork {
            runtime,
            provider,
            node,
            cache: Cache::default(),
            block,
            timestamp,
            chain_id,
        })
    }

    /// A fresh view of the pinned state, for one check.
    pub(crate) fn db(&self) -> ForkDb<'_> {
        CacheDB::new(Pinned(self))
    }

    /// The logs of `event` emitted by `contract` up to the pinned block.
    pub(crate) fn logs(&self, contract: Address, event: B256) -> Result<Vec<Log>, String> {
        self.cache.logs.get_or((contract, event), || {
            let filter = Filter::new()
                .address(contract)
                .event_signature(event)
                .from_block(0)
                .to_block(self.block);
            self.runtime
                .block_on(self.provider.get_logs(&filter))
                .map(|logs| logs.into_iter().map(|l| l.inner).collect())
                .map_err(|e| e.to_string())
        })
    }
}

/// The pinned state through the fork's shared cache.
pub(crate) struct Pinned<'f>(&'f Fork);

impl DatabaseRef for Pinned<'_> {
    type Error = NodeError;

    fn basic_ref(&self, address: Address) -> Result<Option<AccountInfo>, NodeError> {
        let fork = self.0;
        fork.cache
            .accounts
            .get_or(address, || fork.node.basic_ref(address))
    }

    fn code_by_hash_ref(&self, hash: B256) -> Result<Bytecode, NodeError> {
        let fork = self.0;
        fork.cache
            .code
            .get_or(hash, || fork.node.code_by_hash_ref(hash))
    }

    fn storage_ref(&self, address: Address, index: U256) -> Result<U256, NodeError> {
        let fork = self.0;
        fork.cache
            .storage
            .get_or((address, index), || fork.node.storage_ref(address, index))
    }

    fn block_hash_ref(&self, number: u64) -> Result<B256, NodeError> {
        let fork = self.0;
        fork.cache
            .block_hashes
            .get_or(number, || fork.node.block_hash_ref(number))
    }
}
