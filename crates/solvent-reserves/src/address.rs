//! One key per address, whatever its spelling: what a screening list matches
//! on. A Bitcoin-family address becomes the output script it pays to
//! (base58check, bech32 in either case and CashAddr agree), an EVM address
//! its 20 bytes (any case; mixed case must pass EIP-55), a TRON address its
//! account (base58check `T…` or hex `41…`), and so on, each through the
//! family's own decoder in [`crate::chains`].

use crate::chains::bitcoin::{self, Coin};
use crate::chains::{ed25519, eos, evm, okx_header, stellar, ton, tron, xrp};
use crate::encoding::has_prefix;
use crate::error::{DecodeError, Problem};
use crate::network::Family;

/// What an address names, and on which chain: two spellings of one address
/// give equal keys, two addresses never do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AddressKey {
    /// The chain whose addresses share this key space: `EVM` for every EVM
    /// network (one account on all of them), else the chain's ticker.
    pub chain: &'static str,
    /// The chain's own binary form of the address: an output script, a
    /// 20- or 32-byte account, a TON workchain byte and account hash.
    pub bytes: Vec<u8>,
}

impl Family {
    /// The key space of this family's addresses, as [`AddressKey::chain`].
    pub fn key_chain(self) -> &'static str {
        use ed25519::Chain as E;
        match self {
            Family::Bitcoin(coin) => coin.name,
            Family::Evm | Family::OkxHeader(okx_header::Chain::Okc) => "EVM",
            Family::OkxHeader(okx_header::Chain::Cosmos(hrp)) => match hrp {
                "cosmos" => "ATOM",
                "osmo" => "OSMO",
                "kava" => "KAVA",
                "cro" => "CRO",
                "sei" => "SEI",
                "celestia" => "TIA",
                other => other,
            },
            Family::Tron => "TRON",
            Family::Ed25519(chain) => match chain {
                E::Solana => "SOL",
                E::Aptos => "APT",
                E::Sui => "SUI",
                E::Ton => "TON",
                E::Polkadot => "DOT",
                E::Cardano => "ADA",
            },
            Family::Eos => "EOS",
            Family::Starknet => "STARKNET",
            Family::Xrp => "XRP",
            Family::Stellar => "XLM",
        }
    }

    /// The key of `text` as an address of this family, or why it is not one.
    pub fn address_key(self, text: &str) -> Result<AddressKey, DecodeError> {
        use ed25519::Chain as E;
        let bytes = match self {
            Family::Bitcoin(coin) => bitcoin::decode_address(coin, text)?.script(),
            Family::Evm => evm::parse_address(text)?.to_vec(),
            Family::OkxHeader(chain) => okx_header::decode_account(chain, text)?.to_vec(),
            Family::Tron => tron::decode_address(text)?.to_vec(),
            Family::Ed25519(E::Solana) => ed25519::decode_solana(text)?.to_vec(),
            Family::Ed25519(E::Aptos | E::Sui) => ed25519::hex_account(text)?.to_vec(),
            Family::Ed25519(E::Ton) => {
                let (workchain, hash) = ton::decode(text)?;
                let mut bytes = vec![workchain as u8];
                bytes.extend_from_slice(&hash);
                bytes
            }
            Family::Ed25519(E::Polkadot) => match ed25519::decode_ss58(text)? {
                (0, account) => account.to_vec(),
                (prefix, _) => {
                    return Err(DecodeError::address(text, Problem::Ss58Network(prefix)))
                }
            },
            Family::Ed25519(E::Cardano) => ed25519::decode_cardano(text)?,
            Family::Eos => eos::decode_account_name(text)?,
            Family::Starknet => {
                return Err(DecodeError::address(
                    text,
                    Problem::NoCanonicalForm("Starknet addresses are not decoded"),
                ))
            }
            Family::Xrp => xrp::decode_address(text)?.to_vec(),
            Family::Stellar => stellar::decode_account(text)?.to_vec(),
        };
        Ok(AddressKey {
            chain: self.key_chain(),
            bytes,
        })
    }
}

/// The Bitcoin-family coins of the network table.
fn coins() -> impl Iterator<Item = &'static Coin> {
    Family::all().iter().filter_map(|f| match f {
        Family::Bitcoin(coin) => Some(*coin),
        _ => None,
    })
}

/// The bech32 prefixes of the Cosmos chains of the network table.
fn cosmos_prefixes() -> impl Iterator<Item = &'static str> {
    Family::all().iter().filter_map(|f| match f {
        Family::OkxHeader(okx_header::Chain::Cosmos(hrp)) => Some(*hrp),
        _ => None,
    })
}

/// The key of `text` as an address of every family it decodes as, most
/// common first (a legacy `1…` address is both a Bitcoin and a Bitcoin Cash
/// one); empty when it is no address solvent knows.
///
/// The shape picks the decoders to try (no decoding to rule a family out),
/// and base58 text is decoded once: its version byte picks the coins.
pub fn detect(text: &str) -> Vec<AddressKey> {
    use ed25519::Chain as E;
    let try_families = |families: &[Family]| -> Vec<AddressKey> {
        families
            .iter()
            .filter_map(|f| f.address_key(text).ok())
            .collect()
    };
    if has_prefix(text, &["0x"]) {
        // Aptos's short forms (`0x1`) are taken only where the chain is named.
        return match text.len() {
            42 => try_families(&[Family::Evm]),
            66 => try_families(&[Family::Ed25519(E::Aptos), Family::Ed25519(E::Sui)]),
            _ => Vec::new(),
        };
    }
    for coin in coins() {
        let bech32 = coin
            .bech32_hrp
            .is_some_and(|hrp| has_prefix(text, &[hrp, "1"]));
        let cashaddr = coin.cashaddr_prefix.is_some_and(|prefix| {
            has_prefix(text, &[prefix, ":"])
                || (text.len() == 42 && text.starts_with(['q', 'p', 'Q', 'P']))
        });
        if bech32 || cashaddr {
            return try_families(&[Family::Bitcoin(coin)]);
        }
    }
    if has_prefix(text, &["ex1"]) {
        return try_families(&[Family::OkxHeader(okx_header::Chain::Okc)]);
    }
    if let Some(hrp) = cosmos_prefixes().find(|hrp| has_prefix(text, &[hrp, "1"])) {
        return try_families(&[Family::OkxHeader(okx_header::Chain::Cosmos(hrp))]);
    }
    if has_prefix(text, &["addr1"]) {
        return try_families(&[Family::Ed25519(E::Cardano)]);
    }
    if text.contains(':') || text.len() == 48 {
        return try_families(&[Family::Ed25519(E::Ton)]);
    }
    if text.len() == 42 && text.starts_with("41") {
        return try_families(&[Family::Tron]);
    }
    if text.len() == 56 && text.starts_with('G') {
        return try_families(&[Family::Stellar]);
    }
    if text.starts_with('r') {
        if let keys @ [_, ..] = try_families(&[Family::Xrp]).as_slice() {
            return keys.to_vec();
        }
    }
    let key = |family: Family, bytes: Vec<u8>| AddressKey {
        chain: family.key_chain(),
        bytes,
    };
    match bs58::decode(text).with_check(None).into_vec() {
        // Base58check: Bitcoin-family coins and TRON, by version byte.
        Ok(payload) => {
            let mut keys: Vec<AddressKey> = coins()
                .filter_map(|coin| {
                    let address = bitcoin::from_base58_payload(coin, &payload).ok()?;
                    Some(key(Family::Bitcoin(coin), address.script()))
                })
                .collect();
            keys.extend(
                tron::account_from_payload(&payload).map(|a| key(Family::Tron, a.to_vec())),
            );
            keys
        }
        // Plain base58: a Solana account, or SS58 (its own checksum).
        Err(_) => match bs58::decode(text).into_vec().map(|raw| raw.len()) {
            Ok(32) => try_families(&[Family::Ed25519(E::Solana)]),
            Ok(35 | 36) => try_families(&[Family::Ed25519(E::Polkadot)]),
            _ => Vec::new(),
        },
    }
}

/// The part of an address a person compares when checking it by eye: the
/// address without the fixed prefix its format starts with (`0x`, a
/// CashAddr or TON workchain prefix, a bech32 human-readable part and
/// separator, a segwit version). Address poisoning imitates this part's
/// ends.
pub fn distinctive_part(text: &str) -> &str {
    if has_prefix(text, &["0x"]) {
        return &text[2..];
    }
    if let Some((_, rest)) = text.rsplit_once(':') {
        return rest;
    }
    let segwit = coins().filter_map(|c| c.bech32_hrp);
    for hrp in segwit {
        if has_prefix(text, &[hrp, "1"]) {
            return text.get(hrp.len() + 2..).unwrap_or(text);
        }
    }
    let bech32 = cosmos_prefixes().chain(["ex", "addr"]);
    for hrp in bech32 {
        if has_prefix(text, &[hrp, "1"]) {
            return text.get(hrp.len() + 1..).unwrap_or(text);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(network: &str, text: &str) -> AddressKey {
        Family::of(network).unwrap().address_key(text).unwrap()
    }

    #[test]
    fn spellings_agree() {
        // EVM: lower, upper and EIP-55 spellings; OKC's bech32 spelling.
        let evm = key("ETH", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        assert_eq!(
            key("BSC", "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED"),
            evm
        );
        assert_eq!(
            key("ETH", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            evm
        );
        // Mixed case that fails EIP-55 is not an address.
        assert!(Family::Evm
            .address_key("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
            .is_err());
        // Bitcoin bech32 in either case.
        let segwit = key("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
        assert_eq!(
            key("BTC", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"),
            segwit
        );
        assert_eq!(segwit.bytes[..2], [0x00, 0x14]);
        // Bitcoin Cash: legacy and CashAddr, with and without the prefix.
        let bch = key("BCH", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu");
        assert_eq!(
            key(
                "BCH",
                "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"
            ),
            bch
        );
        assert_eq!(
            key("BCH", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"),
            bch
        );
        // TRON base58 and hex.
        let tron = key("TRON", "TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC");
        let hex = format!("41{}", hex::encode(&tron.bytes));
        assert_eq!(key("TRX", &hex), tron);
    }

    #[test]
    fn detection_finds_every_family() {
        let chains = |text| {
            detect(text)
                .into_iter()
                .map(|k| k.chain)
                .collect::<Vec<_>>()
        };
        assert_eq!(chains("1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu"), ["BTC", "BCH"]);
        assert_eq!(
            chains("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
            ["BTC"]
        );
        assert_eq!(
            chains("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
            ["EVM"]
        );
        assert_eq!(chains("TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC"), ["TRON"]);
        assert_eq!(
            chains("So11111111111111111111111111111111111111112"),
            ["SOL"]
        );
        assert!(chains("not an address").is_empty());
    }
}
