//! secp256k1 chains signed with OKX's header: the digest is
//! `keccak256(varstr("OKX Signed Message:\n") ‖ varstr(message))`, the
//! signature `r ‖ s ‖ v`, and the address is derived per chain:
//! - OKC (OKT, EVM-compatible): `0x` + keccak256(key)[12..], or the same 20
//!   bytes as bech32 `ex1…`; OKC wallets also sign with EVM `personal_sign`,
//!   which is accepted too;
//! - Cosmos SDK chains: bech32(prefix, ripemd160(sha256(compressed key))).

use super::bitcoin::hash160;
use super::evm::{self, address_of, keccak, parse_signature};
use super::secp::recover;
use super::{with_single_signature, OwnershipScheme, RowOutcome};
use crate::encoding::okx_message;
use crate::error::{DecodeError, Problem};
use crate::file::ReserveRow;
use crate::Status;

/// Address schemes with a known derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    /// OKC / OKT chain (EVM-compatible).
    Okc,
    /// A Cosmos SDK chain with this bech32 prefix.
    Cosmos(&'static str),
}

impl OwnershipScheme for Chain {
    fn verify(&self, row: &ReserveRow) -> RowOutcome {
        with_single_signature(row, |sig| verify(*self, &row.address, &row.message, sig))
    }
}

pub fn message_digest(message: &str) -> [u8; 32] {
    keccak(&okx_message(message))
}

fn decode_bech32(address: &str, hrp: &'static str) -> Result<[u8; 20], DecodeError> {
    let error = |problem| DecodeError::address(address, problem);
    let (decoded_hrp, data) =
        bech32::decode(address).map_err(|e| error(Problem::Bech32(e.to_string())))?;
    if decoded_hrp.as_str() != hrp {
        return Err(error(Problem::Prefix(hrp)));
    }
    data.try_into()
        .map_err(|_| error(Problem::Not("a 20-byte account")))
}

/// What a key must hash to for `address` on `chain`.
enum Expected {
    Keccak([u8; 20]),
    Hash160([u8; 20]),
}

fn decode_address(chain: Chain, address: &str) -> Result<Expected, DecodeError> {
    match chain {
        Chain::Okc if address.starts_with("0x") || address.starts_with("0X") => {
            evm::parse_address(address).map(Expected::Keccak)
        }
        Chain::Okc => decode_bech32(address, "ex").map(Expected::Keccak),
        Chain::Cosmos(hrp) => decode_bech32(address, hrp).map(Expected::Hash160),
    }
}

/// The 20-byte account `address` names on `chain` (for OKC, the same
/// account as its `0x…` EVM spelling).
pub fn decode_account(chain: Chain, address: &str) -> Result<[u8; 20], DecodeError> {
    decode_address(chain, address).map(|expected| match expected {
        Expected::Keccak(account) | Expected::Hash160(account) => account,
    })
}

pub fn verify(chain: Chain, address: &str, message: &str, signature: &str) -> Status {
    let expected = match decode_address(chain, address) {
        Ok(e) => e,
        Err(e) => return Status::Failed(e.to_string()),
    };
    let (rs, v) = match parse_signature(signature) {
        Ok(s) => s,
        Err(e) => return Status::Failed(e.to_string()),
    };
    let mut digests = vec![message_digest(message)];
    if chain == Chain::Okc {
        digests.push(evm::personal_sign_digest(message.as_bytes()));
        digests.push(evm::personal_sign_digest(&keccak(message.as_bytes())));
    }
    for digest in digests {
        let Ok(key) = recover(&digest, &rs, v) else {
            continue;
        };
        let matches = match &expected {
            Expected::Keccak(a) => address_of(&key) == *a,
            Expected::Hash160(h) => {
                let compressed = key.to_encoded_point(true);
                hash160(compressed.as_bytes()) == *h
            }
        };
        if matches {
            return Status::Verified;
        }
    }
    Status::Failed(format!(
        "the signature does not recover to {address} for message `{message}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::ecdsa::SigningKey;

    #[test]
    fn okx_published_okc_row_verifies() {
        let status = verify(
            Chain::Okc,
            "0x5f504cd119640d5167c003ce9e4250895374b24f",
            "OKC_DTT_AUP2025",
            "0x37265350f38f2b07edfb697cfba5ea64185f3e2916e18212fc52cc68994e61187208310782544fffda0c36acdb2268289e17971755584d6faccbcfe0850aafb11b",
        );
        assert_eq!(status, Status::Verified, "{status:?}");
    }

    fn sign(key: &SigningKey, digest: [u8; 32]) -> String {
        crate::sample::rsv(key, &digest)
    }

    #[test]
    fn cosmos_and_okc_generated_keys() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let other = SigningKey::random(&mut rand::thread_rng());
        let message = "solvent reserves 2026-11";
        let sig = sign(&key, message_digest(message));
        let hash = hash160(key.verifying_key().to_encoded_point(true).as_bytes());
        let cosmos =
            bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("cosmos").unwrap(), &hash).unwrap();
        let atom = Chain::Cosmos("cosmos");
        assert_eq!(verify(atom, &cosmos, message, &sig), Status::Verified);
        assert_eq!(verify(atom, &cosmos, "other", &sig).label(), "FAILED");
        let other_sig = sign(&other, message_digest(message));
        assert_eq!(verify(atom, &cosmos, message, &other_sig).label(), "FAILED");
        // The right key under another chain's prefix is refused.
        assert_eq!(
            verify(Chain::Cosmos("osmo"), &cosmos, message, &sig).label(),
            "FAILED"
        );
        let okc = format!("0x{}", hex::encode(address_of(key.verifying_key())));
        assert_eq!(verify(Chain::Okc, &okc, message, &sig), Status::Verified);
        let ex = bech32::encode::<bech32::Bech32>(
            bech32::Hrp::parse("ex").unwrap(),
            &address_of(key.verifying_key()),
        )
        .unwrap();
        assert_eq!(verify(Chain::Okc, &ex, message, &sig), Status::Verified);
        assert_eq!(
            verify(Chain::Okc, &okc, message, &other_sig).label(),
            "FAILED"
        );
    }
}
