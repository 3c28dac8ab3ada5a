//! The exchange's networks (TOML): which it supports, which need a memo,
//! their native coin and the tokens listed on each.

use std::collections::BTreeMap;

use serde::Deserialize;
use solvent_reserves::address::AddressKey;
use solvent_reserves::network::Family;

use crate::address::key;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    network: Vec<NetworkFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NetworkFile {
    name: String,
    native: String,
    #[serde(default)]
    memo: bool,
    #[serde(default)]
    tokens: BTreeMap<String, String>,
}

/// A network the exchange supports.
#[derive(Debug, Clone)]
pub struct Network {
    /// As the exchange writes it, upper case.
    pub name: String,
    pub family: Family,
    /// The native coin's symbol.
    pub native: String,
    /// Deposits share one address and name their account by memo (tag).
    pub memo: bool,
    /// Listed tokens: symbol and contract.
    pub tokens: Vec<(String, AddressKey)>,
}

impl Network {
    /// The symbol of the listed token with this contract.
    pub fn token(&self, contract: &AddressKey) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(_, c)| c == contract)
            .map(|(symbol, _)| symbol.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub networks: Vec<Network>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    #[error("network `{network}`: {problem}")]
    Network { network: String, problem: String },
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let file: File = toml::from_str(text)?;
        let mut networks: Vec<Network> = Vec::new();
        for n in file.network {
            let problem = |problem: String| ConfigError::Network {
                network: n.name.clone(),
                problem,
            };
            let name = n.name.trim().to_ascii_uppercase();
            let family = Family::of(&name).ok_or_else(|| {
                problem(
                    "no chain family is known for this name (docs/FORMATS.md lists them)".into(),
                )
            })?;
            if networks.iter().any(|m| m.name == name) {
                return Err(problem("listed twice".into()));
            }
            if n.native.trim().is_empty() {
                return Err(problem("`native` is empty".into()));
            }
            let mut tokens = Vec::new();
            for (symbol, contract) in &n.tokens {
                let contract =
                    key(family, contract).map_err(|e| problem(format!("token `{symbol}`: {e}")))?;
                tokens.push((symbol.trim().to_ascii_uppercase(), contract));
            }
            networks.push(Network {
                name,
                family,
                native: n.native.trim().to_ascii_uppercase(),
                memo: n.memo,
                tokens,
            });
        }
        Ok(Config { networks })
    }

    /// The supported network of this name, in any case.
    pub fn network(&self, name: &str) -> Option<&Network> {
        let name = name.trim().to_ascii_uppercase();
        self.networks.iter().find(|n| n.name == name)
    }

    /// Every listed token's contract, with its network.
    pub fn contracts(&self) -> impl Iterator<Item = (&Network, &str, &AddressKey)> {
        self.networks
            .iter()
            .flat_map(|n| n.tokens.iter().map(move |(s, c)| (n, s.as_str(), c)))
    }
}
