//! The balances config (TOML): which node serves which network.
//!
//! ```toml
//! concurrency = 8            # requests in flight (default 8)
//! timeout_seconds = 30       # per request (default 30)
//! batch_size = 50            # EVM calls per JSON-RPC batch (default 50)
//!
//! [[evm]]
//! network = "ETH"            # the reserve rows' chain/network column
//! rpc = "http://127.0.0.1:8545"
//! native_asset = "ETH"       # rows of this asset read eth_getBalance
//! block = 21000000           # optional: else each row's snapshot height
//! block_hash = "0x…"         # optional: else each row's block hash
//! [[evm.tokens]]
//! asset = "USDT-ERC20"
//! contract = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
//! decimals = 6
//!
//! [[esplora]]
//! network = "BTC"
//! url = "https://blockstream.info/api"
//! block = 870000
//! ```

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalancesConfig {
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// EVM calls per JSON-RPC batch request.
    #[serde(default = "default_batch_size")]
    pub batch_size: usize,
    #[serde(default)]
    pub evm: Vec<EvmSource>,
    #[serde(default)]
    pub esplora: Vec<EsploraSource>,
}

fn default_concurrency() -> usize {
    8
}

fn default_timeout() -> u64 {
    30
}

fn default_batch_size() -> usize {
    50
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvmSource {
    pub network: String,
    pub rpc: String,
    pub native_asset: String,
    #[serde(default = "default_native_decimals")]
    pub native_decimals: u32,
    pub block: Option<u64>,
    pub block_hash: Option<String>,
    #[serde(default)]
    pub tokens: Vec<Token>,
}

fn default_native_decimals() -> u32 {
    18
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Token {
    pub asset: String,
    pub contract: String,
    pub decimals: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EsploraSource {
    pub network: String,
    pub url: String,
    pub block: Option<u64>,
    pub block_hash: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl BalancesConfig {
    pub fn parse(text: &str) -> Result<BalancesConfig, ConfigError> {
        let config: BalancesConfig =
            toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        for e in &config.evm {
            if !(e.rpc.starts_with("http://") || e.rpc.starts_with("https://")) {
                return Err(ConfigError(format!(
                    "evm {}: rpc `{}` is not an http(s) URL",
                    e.network, e.rpc
                )));
            }
        }
        for e in &config.esplora {
            if !(e.url.starts_with("http://") || e.url.starts_with("https://")) {
                return Err(ConfigError(format!(
                    "esplora {}: url `{}` is not an http(s) URL",
                    e.network, e.url
                )));
            }
        }
        Ok(config)
    }
}
