//! The one table from a network name, as exchanges write it in reserve
//! files, to the chain family whose ownership scheme checks the row.

use crate::chains::bitcoin::{self, Coin};
use crate::chains::{ed25519, eos, evm, okx_header, tron, OwnershipScheme};
use crate::file::ReserveRow;
use crate::{RowOutcome, Status};

/// A chain family: how its addresses derive from keys and how it signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Bitcoin-style signed messages, single-key and multisig scripts.
    Bitcoin(&'static Coin),
    /// Ethereum and the chains that share its addresses and `personal_sign`.
    Evm,
    /// Addresses derived from an ed25519 key.
    Ed25519(ed25519::Chain),
    /// secp256k1 chains signed with OKX's message header.
    OkxHeader(okx_header::Chain),
    Tron,
    Eos,
    /// Known, but its account signatures are not supported.
    Starknet,
    /// The XRP Ledger: addresses only, signatures not supported.
    Xrp,
    /// Stellar: addresses only, signatures not supported.
    Stellar,
}

use Family::*;

/// Every network name solvent knows, upper case. EVM networks are also
/// matched by the `ETH-` prefix (OKX's layer-2 names).
const NETWORKS: &[(&str, Family)] = &[
    ("BTC", Bitcoin(&bitcoin::BITCOIN)),
    ("BITCOIN", Bitcoin(&bitcoin::BITCOIN)),
    ("LTC", Bitcoin(&bitcoin::LITECOIN)),
    ("LITECOIN", Bitcoin(&bitcoin::LITECOIN)),
    ("DOGE", Bitcoin(&bitcoin::DOGECOIN)),
    ("DOGECOIN", Bitcoin(&bitcoin::DOGECOIN)),
    ("DASH", Bitcoin(&bitcoin::DASH)),
    ("BCH", Bitcoin(&bitcoin::BITCOIN_CASH)),
    ("BITCOINCASH", Bitcoin(&bitcoin::BITCOIN_CASH)),
    ("BITCOIN CASH", Bitcoin(&bitcoin::BITCOIN_CASH)),
    ("ETH", Evm),
    ("ETHEREUM", Evm),
    ("ERC20", Evm),
    ("ARBITRUM", Evm),
    ("ARB", Evm),
    ("ARBITRUM ONE", Evm),
    ("OPTIMISM", Evm),
    ("OP", Evm),
    ("POLYGON", Evm),
    ("POLY", Evm),
    ("MATIC", Evm),
    ("AVAXC", Evm),
    ("AVAX-C", Evm),
    ("AVAX C-CHAIN", Evm),
    ("AVALANCHE", Evm),
    ("BSC", Evm),
    ("BEP20", Evm),
    ("BNB", Evm),
    ("BASE", Evm),
    ("LINEA", Evm),
    ("ZKSYNC", Evm),
    ("ZKSYNC ERA", Evm),
    ("SCROLL", Evm),
    ("MANTLE", Evm),
    ("FANTOM", Evm),
    ("FTM", Evm),
    ("CELO", Evm),
    ("ETC", Evm),
    ("ETHEREUM CLASSIC", Evm),
    ("X LAYER", Evm),
    ("XLAYER", Evm),
    ("BLAST", Evm),
    ("GNOSIS", Evm),
    ("CRONOS", Evm),
    ("KLAYTN", Evm),
    ("KAIA", Evm),
    ("MOONBEAM", Evm),
    ("SONIC", Evm),
    ("UNICHAIN", Evm),
    ("BERACHAIN", Evm),
    ("MERLIN", Evm),
    ("CORE", Evm),
    ("SOL", Ed25519(ed25519::Chain::Solana)),
    ("SOLANA", Ed25519(ed25519::Chain::Solana)),
    ("APTOS", Ed25519(ed25519::Chain::Aptos)),
    ("APT", Ed25519(ed25519::Chain::Aptos)),
    ("SUI", Ed25519(ed25519::Chain::Sui)),
    ("TON", Ed25519(ed25519::Chain::Ton)),
    ("DOT", Ed25519(ed25519::Chain::Polkadot)),
    ("POLKADOT", Ed25519(ed25519::Chain::Polkadot)),
    ("ADA", Ed25519(ed25519::Chain::Cardano)),
    ("CARDANO", Ed25519(ed25519::Chain::Cardano)),
    ("OKC", OkxHeader(okx_header::Chain::Okc)),
    ("OKT", OkxHeader(okx_header::Chain::Okc)),
    ("OKTC", OkxHeader(okx_header::Chain::Okc)),
    ("OKEXCHAIN", OkxHeader(okx_header::Chain::Okc)),
    ("ATOM", OkxHeader(okx_header::Chain::Cosmos("cosmos"))),
    ("COSMOS", OkxHeader(okx_header::Chain::Cosmos("cosmos"))),
    ("OSMO", OkxHeader(okx_header::Chain::Cosmos("osmo"))),
    ("OSMOSIS", OkxHeader(okx_header::Chain::Cosmos("osmo"))),
    ("KAVA", OkxHeader(okx_header::Chain::Cosmos("kava"))),
    ("CRO", OkxHeader(okx_header::Chain::Cosmos("cro"))),
    ("CRONOS POS", OkxHeader(okx_header::Chain::Cosmos("cro"))),
    ("SEI", OkxHeader(okx_header::Chain::Cosmos("sei"))),
    ("CELESTIA", OkxHeader(okx_header::Chain::Cosmos("celestia"))),
    ("TIA", OkxHeader(okx_header::Chain::Cosmos("celestia"))),
    ("TRON", Tron),
    ("TRX", Tron),
    ("TRC20", Tron),
    ("EOS", Eos),
    ("VAULTA", Eos),
    ("A", Eos),
    ("STARKNET", Starknet),
    ("STRK", Starknet),
    ("XRP", Xrp),
    ("RIPPLE", Xrp),
    ("XRPL", Xrp),
    ("XLM", Stellar),
    ("STELLAR", Stellar),
];

impl Family {
    /// Every family the network table names, once each, in table order.
    pub fn all() -> &'static [Family] {
        static ALL: std::sync::LazyLock<Vec<Family>> = std::sync::LazyLock::new(|| {
            let mut all: Vec<Family> = Vec::new();
            for &(_, family) in NETWORKS {
                if !all.contains(&family) {
                    all.push(family);
                }
            }
            all
        });
        &ALL
    }

    /// The family of a network name, whatever its case and surrounding
    /// spaces; `None` for a network no scheme is known for.
    pub fn of(network: &str) -> Option<Family> {
        let name = network.trim().to_ascii_uppercase();
        NETWORKS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, family)| family)
            .or_else(|| name.starts_with("ETH-").then_some(Evm))
    }

    /// Checks `row` with this family's ownership scheme.
    pub fn verify(self, row: &ReserveRow) -> RowOutcome {
        match self {
            Bitcoin(coin) => coin.verify(row),
            Evm => evm::Evm.verify(row),
            Ed25519(chain) => chain.verify(row),
            OkxHeader(chain) => chain.verify(row),
            Tron => tron::Tron.verify(row),
            Eos => eos::Eos.verify(row),
            Starknet => Status::Unverified(
                "Starknet account signatures (Stark curve, account-contract typed data) are not supported".into(),
            )
            .into(),
            Xrp | Stellar => Status::Unverified(format!(
                "{} account signatures are not supported",
                if self == Xrp { "XRP Ledger" } else { "Stellar" }
            ))
            .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_upper_case_and_listed_once() {
        for (i, (name, _)) in NETWORKS.iter().enumerate() {
            assert_eq!(*name, name.to_ascii_uppercase(), "{name}");
            assert!(
                NETWORKS[i + 1..].iter().all(|(other, _)| other != name),
                "{name} is listed twice"
            );
        }
    }

    #[test]
    fn names_match_in_any_case_and_layer_twos_by_prefix() {
        assert_eq!(Family::of(" btc "), Some(Bitcoin(&bitcoin::BITCOIN)));
        assert_eq!(Family::of("Arbitrum One"), Some(Evm));
        assert_eq!(Family::of("ETH-Linea"), Some(Evm));
        assert_eq!(
            Family::of("osmo"),
            Some(OkxHeader(okx_header::Chain::Cosmos("osmo")))
        );
        assert_eq!(Family::of("xrp"), Some(Xrp));
        assert_eq!(Family::of("HBAR"), None);
    }
}
