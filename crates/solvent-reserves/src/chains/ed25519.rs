//! ed25519 chains: the signature is checked over the raw bytes
//! `varstr("OKX Signed Message:\n") ‖ varstr(message)` (not hashed) under the
//! public key in the row, then the address must be the one that key derives
//! on the row's chain.

use blake2::digest::consts::{U28, U32};
use blake2::{Blake2b, Blake2b512, Digest as _};
use ed25519_dalek::{Signature, VerifyingKey};
use sha3::Sha3_256;

use super::ton;
use super::{with_single_signature, OwnershipScheme, RowOutcome};
use crate::encoding::{hex_exact, is_placeholder_hex, okx_message};
use crate::error::{AddressError, DecodeError, Problem, Subject};
use crate::file::ReserveRow;
use crate::Status;

/// The chains whose addresses derive from an ed25519 key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    Solana,
    Aptos,
    Sui,
    Ton,
    /// Polkadot, SS58 network prefix 0.
    Polkadot,
    /// Cardano mainnet enterprise address (`addr1v…`, header 0x61).
    Cardano,
}

impl Chain {
    pub fn name(self) -> &'static str {
        match self {
            Chain::Solana => "Solana",
            Chain::Aptos => "Aptos",
            Chain::Sui => "Sui",
            Chain::Ton => "TON",
            Chain::Polkadot => "Polkadot",
            Chain::Cardano => "Cardano",
        }
    }
}

impl OwnershipScheme for Chain {
    fn verify(&self, row: &ReserveRow) -> RowOutcome {
        let Some(key) = row.script_or_key.as_deref() else {
            return Status::Failed(
                "no public key: ed25519 signatures are checked under the listed key".into(),
            )
            .into();
        };
        with_single_signature(row, |sig| {
            verify(*self, &row.address, &row.message, sig, key)
        })
    }
}

/// Verifies `signature` (64 bytes hex) by `public_key` (32 bytes hex) over
/// the OKX message bytes, then binds the key to `address`.
pub fn verify(
    chain: Chain,
    address: &str,
    message: &str,
    signature: &str,
    public_key: &str,
) -> Status {
    let key_bytes: [u8; 32] = match hex_exact(public_key, Subject::PublicKey) {
        Ok(k) => k,
        Err(e) => return Status::Failed(e.to_string()),
    };
    let key = match VerifyingKey::from_bytes(&key_bytes) {
        Ok(k) => k,
        Err(_) => {
            return Status::Failed(format!("public key {public_key} is not an ed25519 point"))
        }
    };
    let sig_bytes: [u8; 64] = match hex_exact(signature, Subject::Signature) {
        Ok(s) => s,
        Err(e) => return Status::Failed(e.to_string()),
    };
    // Strict verification rejects small-order keys and non-canonical `s`.
    if key
        .verify_strict(&okx_message(message), &Signature::from_bytes(&sig_bytes))
        .is_err()
    {
        return Status::Failed(format!(
            "the ed25519 signature does not verify under key {public_key} for message `{message}`"
        ));
    }
    match address_matches(chain, address, &key_bytes) {
        Ok(true) => Status::Verified,
        Ok(false) if is_placeholder_hex(address) => Status::Unverified(format!(
            "placeholder address {address}: the signature is valid under key {public_key}, but the address is not derived from it"
        )),
        Ok(false) => Status::Failed(format!(
            "{} address {address} is not derived from public key {public_key}",
            chain.name()
        )),
        Err(AddressError::Unverifiable(reason)) => Status::Unverified(reason),
        Err(AddressError::Undecodable(reason)) => Status::Failed(reason.to_string()),
    }
}

/// Aptos: `sha3_256(key ‖ 0x00)` (0x00: the single-key ed25519 scheme).
fn aptos_account(key: &[u8; 32]) -> [u8; 32] {
    Sha3_256::new()
        .chain_update(key)
        .chain_update([0x00])
        .finalize()
        .into()
}

/// Sui: `blake2b-256(0x00 ‖ key)` (0x00: the ed25519 signature scheme flag).
fn sui_account(key: &[u8; 32]) -> [u8; 32] {
    Blake2b::<U32>::new()
        .chain_update([0x00])
        .chain_update(key)
        .finalize()
        .into()
}

/// SS58 checksum of `prefix ‖ account`.
fn ss58_checksum(body: &[u8]) -> [u8; 2] {
    let sum = Blake2b512::new()
        .chain_update(b"SS58PRE")
        .chain_update(body)
        .finalize();
    [sum[0], sum[1]]
}

/// Cardano enterprise payload: header 0x61 (mainnet, key payment) then
/// `blake2b-224(key)`.
fn cardano_enterprise_payload(key: &[u8; 32]) -> Vec<u8> {
    let mut payload = vec![0x61];
    payload.extend_from_slice(&Blake2b::<U28>::digest(key));
    payload
}

/// The address `key` has on `chain`, written as the chain writes it (TON: a
/// standard v3r2 wallet). For examples and tests.
pub fn address_of(chain: Chain, key: &[u8; 32]) -> String {
    match chain {
        Chain::Solana => bs58::encode(key).into_string(),
        Chain::Aptos => format!("0x{}", hex::encode(aptos_account(key))),
        Chain::Sui => format!("0x{}", hex::encode(sui_account(key))),
        Chain::Polkadot => {
            let mut body = vec![0u8];
            body.extend_from_slice(key);
            let checksum = ss58_checksum(&body);
            body.extend_from_slice(&checksum);
            bs58::encode(body).into_string()
        }
        Chain::Cardano => {
            let hrp = bech32::Hrp::parse("addr").expect("a valid prefix");
            bech32::encode::<bech32::Bech32>(hrp, &cardano_enterprise_payload(key))
                .expect("29 bytes fit a bech32 address")
        }
        Chain::Ton => ton::wallet_v3r2_address(key),
    }
}

fn address_matches(chain: Chain, address: &str, key: &[u8; 32]) -> Result<bool, AddressError> {
    let undecodable = |problem| AddressError::Undecodable(DecodeError::address(address, problem));
    match chain {
        Chain::Solana => Ok(&decode_solana(address).map_err(AddressError::Undecodable)? == key),
        Chain::Aptos => {
            Ok(hex_account(address).map_err(AddressError::Undecodable)? == aptos_account(key))
        }
        Chain::Sui => {
            Ok(hex_account(address).map_err(AddressError::Undecodable)? == sui_account(key))
        }
        Chain::Polkadot => {
            let (prefix, account) = decode_ss58(address).map_err(AddressError::Undecodable)?;
            if prefix != 0 {
                return Err(undecodable(Problem::Ss58Network(prefix)));
            }
            Ok(&account == key)
        }
        Chain::Cardano => {
            let payload = decode_cardano(address).map_err(AddressError::Undecodable)?;
            match payload.first() {
                Some(0x61) if payload.len() == 29 => Ok(payload == cardano_enterprise_payload(key)),
                Some(header) => Err(AddressError::Unverifiable(format!(
                    "Cardano address with header {header:#04x}: only mainnet enterprise addresses (0x61) bind to a single key"
                ))),
                None => Err(undecodable(Problem::Empty)),
            }
        }
        Chain::Ton => ton::address_matches(address, key),
    }
}

/// A Solana address: the base58 of its 32-byte account.
pub fn decode_solana(address: &str) -> Result<[u8; 32], DecodeError> {
    let error = |problem| DecodeError::address(address, problem);
    let bytes = bs58::decode(address)
        .into_vec()
        .map_err(|e| error(Problem::Base58(e.to_string())))?;
    let len = bytes.len();
    bytes
        .try_into()
        .map_err(|_| error(Problem::Length { len, expected: 32 }))
}

/// A 32-byte account address in hex; short forms (`0x1`) are left-padded.
pub fn hex_account(address: &str) -> Result<[u8; 32], DecodeError> {
    let error = |problem| DecodeError::address(address, problem);
    let digits = address
        .strip_prefix("0x")
        .ok_or_else(|| error(Problem::NoHexPrefix))?;
    if digits.is_empty() || digits.len() > 64 {
        return Err(error(Problem::HexBytes("1..=32")));
    }
    let padded = format!("{digits:0>64}");
    hex_exact(&padded, Subject::Address).map_err(|_| error(Problem::NotHex))
}

/// SS58: base58(prefix ‖ account ‖ blake2b512("SS58PRE" ‖ prefix ‖ account)[..2]).
pub fn decode_ss58(address: &str) -> Result<(u16, [u8; 32]), DecodeError> {
    let error = |problem| DecodeError::address(address, problem);
    let bytes = bs58::decode(address)
        .into_vec()
        .map_err(|e| error(Problem::Base58(e.to_string())))?;
    let prefix_len = match bytes.first() {
        Some(b) if *b < 64 => 1,
        Some(b) if *b < 128 => 2,
        _ => return Err(error(Problem::Ss58Prefix)),
    };
    if bytes.len() != prefix_len + 32 + 2 {
        return Err(error(Problem::Ss58Length(bytes.len())));
    }
    let body = &bytes[..prefix_len + 32];
    if ss58_checksum(body)[..] != bytes[prefix_len + 32..] {
        return Err(error(Problem::Checksum("SS58")));
    }
    let prefix = if prefix_len == 1 {
        u16::from(bytes[0])
    } else {
        // Two-byte prefixes pack 14 bits across the two bytes (SS58 spec).
        let (a, b) = (u16::from(bytes[0]), u16::from(bytes[1]));
        ((a & 0x3f) << 2) | (b >> 6) | ((b & 0x3f) << 8)
    };
    Ok((prefix, body[prefix_len..].try_into().expect("32 bytes")))
}

/// Cardano Shelley address: bech32 with human-readable part `addr`.
pub fn decode_cardano(address: &str) -> Result<Vec<u8>, DecodeError> {
    let error = |problem| DecodeError::address(address, problem);
    let checked = bech32::primitives::decode::CheckedHrpstring::new::<bech32::Bech32>(address)
        .map_err(|e| error(Problem::Bech32(e.to_string())))?;
    if checked.hrp().as_str() != "addr" {
        return Err(error(Problem::CardanoNetwork(checked.hrp().to_string())));
    }
    Ok(checked.byte_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer as _, SigningKey};

    #[test]
    fn okx_published_rows() {
        // TON highload v3 wallet (okx_por_example.csv).
        let ton = verify(
            Chain::Ton,
            "UQB1CKrUWm7qf41Z1GeEE6AgVVj5cH6y6x1aRmWe6q4mj1fn",
            "I am an OKX address",
            "0x6c5b3b11b8d4a7b356cb4e4e4a960e476d05b52824a62ef961054617b401f157ef6c01c537f3751c22ba018f97b067d508b455f6cbdf757a64ca2571e76dc004",
            "6711ba8eaa47855b01d73e3849cd93861b1c11d7a86ae5fb8f96bb63d9be5a6b",
        );
        assert_eq!(ton, Status::Verified, "{ton:?}");
        // DOT and ADA (test.csv, 2025 layout).
        let dot = verify(
            Chain::Polkadot,
            "12Z1EpgUskkbinZ47CdiUSdBMSvh4FVhgr6iDKfiyvEFndEa",
            "OKC_DTT_AUP2025",
            "0x63b8adb6308fbcec5ee978527531af458c5bd9fec573f29190946225084354262c9fd68bbc72607688611c6209f25efd7a41666f5fa5d4b0bc67c0e5d44c9b0d",
            "0x44a4e37cb0fe0d92117dfb7785ea8d5fc6086cac726698e4b1cf08a473d0658c",
        );
        assert_eq!(dot, Status::Verified, "{dot:?}");
        let ada = verify(
            Chain::Cardano,
            "addr1v9500j9f8sgnw9uftxmuc429kyy2mduuaj3649rw779v8ks4nyrxz",
            "OKC_DTT_AUP2025",
            "0x9dab6076e018f4275b34e9ba93aed12b960573857a1b0373387ae8407b76f510a4c545ea29fa754f29a1100d1763acad3722a8b7dd297f7516491108a1a75009",
            "0x9a2d141e5495a5430a728e29855c9c53a5656b8c059a8570544390c39b95d5e9",
        );
        assert_eq!(ada, Status::Verified, "{ada:?}");
        // APTOS: a valid signature under the listed key, a placeholder address.
        let aptos = verify(
            Chain::Aptos,
            "0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
            "I am an OKX address",
            "0xab8864be5630560bdd97ba9db7a1f30730779d294f5ecf66ca56039807ef1d0cc83a7653bb7359c8f7cd4f0f1df45164d3c3916b534bc3bf68bb3e8f8168bc04",
            "0x75067a6dbd4dced2f1ab3a58a2b2103daa0def4d436315f98134957399809aac",
        );
        assert_eq!(aptos.label(), "UNVERIFIED", "{aptos:?}");
        assert!(aptos.reason().unwrap().contains("placeholder"));
    }

    fn signed(message: &str) -> (SigningKey, String, String) {
        let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
        let sig = key.sign(&okx_message(message));
        (
            key.clone(),
            hex::encode(sig.to_bytes()),
            hex::encode(key.verifying_key().to_bytes()),
        )
    }

    #[test]
    fn generated_keys_pass_and_forgeries_fail_on_every_chain() {
        let message = "solvent reserves 2026-11";
        for chain in [
            Chain::Solana,
            Chain::Aptos,
            Chain::Sui,
            Chain::Ton,
            Chain::Polkadot,
            Chain::Cardano,
        ] {
            let (key, sig, public) = signed(message);
            let address = address_of(chain, &key.verifying_key().to_bytes());
            assert_eq!(
                verify(chain, &address, message, &sig, &public),
                Status::Verified,
                "{chain:?}"
            );
            // Wrong message.
            assert_eq!(
                verify(chain, &address, "other", &sig, &public).label(),
                "FAILED"
            );
            // Another key's signature, listed with that other key: the
            // signature verifies but the address is not derived from it.
            let (other, other_sig, other_public) = signed(message);
            let status = verify(chain, &address, message, &other_sig, &other_public);
            assert_eq!(status.label(), "FAILED", "{chain:?}");
            // Another key's signature claimed under this key.
            assert_eq!(
                verify(chain, &address, message, &other_sig, &public).label(),
                "FAILED"
            );
            // Another key's address.
            let other_address = address_of(chain, &other.verifying_key().to_bytes());
            assert_eq!(
                verify(chain, &other_address, message, &sig, &public).label(),
                "FAILED"
            );
            // A corrupted address never passes.
            let mut broken = address.clone().into_bytes();
            let last = broken.len() - 1;
            broken[last] = if broken[last] == b'2' { b'3' } else { b'2' };
            let broken = String::from_utf8(broken).unwrap();
            assert_eq!(
                verify(chain, &broken, message, &sig, &public).label(),
                "FAILED",
                "{chain:?} {broken}"
            );
        }
    }
}
