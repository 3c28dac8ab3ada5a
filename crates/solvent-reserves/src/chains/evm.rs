//! EVM ownership proofs: a secp256k1 signature recovered to the row's address.
//!
//! Two message encodings are in use: standard EIP-191 `personal_sign` of the
//! text, `keccak256("\x19Ethereum Signed Message:\n" ‖ len ‖ text)`, and OKX's
//! variant, `personal_sign` of the 32-byte `keccak256(text)`. Either is
//! accepted; the result says which.

use sha3::{Digest as _, Keccak256};

use super::secp::recover;
use super::{with_single_signature, OwnershipScheme, RowOutcome};
use crate::encoding::is_placeholder_hex;
use crate::error::{DecodeError, Problem, SignatureError};
use crate::file::ReserveRow;
use crate::Status;

pub fn keccak(bytes: &[u8]) -> [u8; 32] {
    Keccak256::digest(bytes).into()
}

/// EIP-191 `personal_sign` digest of `message`.
pub fn personal_sign_digest(message: &[u8]) -> [u8; 32] {
    let mut data = format!("\x19Ethereum Signed Message:\n{}", message.len()).into_bytes();
    data.extend_from_slice(message);
    keccak(&data)
}

/// 20-byte address of an uncompressed secp256k1 key.
pub fn address_of(key: &k256::ecdsa::VerifyingKey) -> [u8; 20] {
    let point = key.to_encoded_point(false);
    let hash = keccak(&point.as_bytes()[1..]);
    hash[12..].try_into().expect("20 bytes")
}

/// Parses `0x` + 40 hex digits. Mixed case must match the EIP-55 checksum.
pub fn parse_address(text: &str) -> Result<[u8; 20], DecodeError> {
    let error = |problem| DecodeError::address(text, problem);
    let hex_part = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .ok_or_else(|| error(Problem::NoHexPrefix))?;
    let mut bytes = [0u8; 20];
    hex::decode_to_slice(hex_part, &mut bytes).map_err(|_| error(Problem::HexBytes("20")))?;
    let has_lower = hex_part.bytes().any(|c| c.is_ascii_lowercase());
    let has_upper = hex_part.bytes().any(|c| c.is_ascii_uppercase());
    if has_lower && has_upper && !is_checksummed(hex_part) {
        return Err(error(Problem::Checksum("EIP-55")));
    }
    Ok(bytes)
}

/// Whether 40 hex digits have EIP-55's case: a letter is upper case where
/// the Keccak of the lower-case digits has its nibble at 8 or above.
fn is_checksummed(hex_part: &str) -> bool {
    let mut lower = [0u8; 40];
    if hex_part.len() != lower.len() {
        return false;
    }
    lower.copy_from_slice(hex_part.as_bytes());
    lower.make_ascii_lowercase();
    let hash = keccak(&lower);
    hex_part.bytes().enumerate().all(|(i, c)| {
        let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0xf;
        !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
    })
}

/// EIP-55 mixed-case hex (without `0x`).
pub fn checksummed(address: &[u8; 20]) -> String {
    let lower = hex::encode(address);
    let hash = keccak(lower.as_bytes());
    lower
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
            if c.is_ascii_alphabetic() && nibble >= 8 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

/// Parses a 65-byte `r ‖ s ‖ v` hex signature (`v` in 27/28 or 0/1).
pub(crate) fn parse_signature(text: &str) -> Result<([u8; 64], u8), SignatureError> {
    let hex_part = text.strip_prefix("0x").unwrap_or(text);
    let bytes: [u8; 65] = hex::decode(hex_part)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(SignatureError::Hex65)?;
    let v = match bytes[64] {
        27 | 28 => bytes[64] - 27,
        0 | 1 => bytes[64],
        other => return Err(SignatureError::V(other)),
    };
    Ok((bytes[..64].try_into().expect("64 bytes"), v))
}

/// Which message encoding a valid signature used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `personal_sign(text)`.
    Text,
    /// `personal_sign(keccak256(text))` (OKX).
    HashOfText,
}

/// The address `signature` recovers to for `message` under each encoding,
/// recovered lazily in order (text first) so a caller that stops at the first
/// match pays for one recovery; an encoding under which nothing can be
/// recovered is left out.
pub fn signers(
    message: &str,
    signature: &str,
) -> Result<impl Iterator<Item = ([u8; 20], Encoding)>, SignatureError> {
    let (rs, v) = parse_signature(signature)?;
    let message = message.as_bytes().to_vec();
    Ok([Encoding::Text, Encoding::HashOfText]
        .into_iter()
        .filter_map(move |encoding| {
            let digest = match encoding {
                Encoding::Text => personal_sign_digest(&message),
                Encoding::HashOfText => personal_sign_digest(&keccak(&message)),
            };
            recover(&digest, &rs, v)
                .ok()
                .map(|key| (address_of(&key), encoding))
        }))
}

/// Verifies that `signature` over `message` was made by `address`'s key.
pub fn verify(address: &str, message: &str, signature: &str) -> (Status, Option<Encoding>) {
    let expected = match parse_address(address) {
        Ok(a) => a,
        Err(e) => return (Status::Failed(e.to_string()), None),
    };
    let mut signers = match signers(message, signature) {
        Ok(s) => s,
        Err(e) => return (Status::Failed(e.to_string()), None),
    };
    match signers.find(|(signer, _)| *signer == expected) {
        Some((_, encoding)) => (Status::Verified, Some(encoding)),
        None => (
            Status::Failed(format!(
                "the signature does not recover to {address} for message `{message}` (tried personal_sign of the text and of its keccak256)"
            )),
            None,
        ),
    }
}

/// EVM rows: an EOA signs for itself; a contract or staking row lists owner
/// EOAs (eoa1/eoa2) and each signature must recover to a distinct owner.
pub struct Evm;

impl OwnershipScheme for Evm {
    fn verify(&self, row: &ReserveRow) -> RowOutcome {
        if row.owners.is_empty() {
            with_single_signature(row, |sig| verify(&row.address, &row.message, sig).0)
        } else {
            verify_owners(row)
        }
    }
}

/// A contract or staking row: distinct owners' signatures.
fn verify_owners(row: &ReserveRow) -> RowOutcome {
    if row.signatures.is_empty() {
        return Status::Failed("no signature".into()).into();
    }
    // Each signature is recovered once and matched against every owner.
    let owner_addresses: Vec<Option<[u8; 20]>> = row
        .owners
        .iter()
        .map(|owner| parse_address(owner).ok())
        .collect();
    let mut signed = vec![false; row.owners.len()];
    for (i, sig) in row.signatures.iter().enumerate() {
        let by = signers(&row.message, sig).ok().and_then(|mut signers| {
            signers.find_map(|(signer, _)| {
                owner_addresses
                    .iter()
                    .position(|owner| *owner == Some(signer))
            })
        });
        match by {
            Some(o) if signed[o] => {
                return Status::Failed(format!(
                    "signature {} is by owner {} again: an owner counts once",
                    i + 1,
                    row.owners[o]
                ))
                .into()
            }
            Some(o) => signed[o] = true,
            None => {
                return Status::Failed(format!(
                    "signature {} is not by any listed owner ({})",
                    i + 1,
                    row.owners.join(", ")
                ))
                .into()
            }
        }
    }
    let owners: Vec<&str> = row
        .owners
        .iter()
        .zip(&signed)
        .filter(|(_, s)| **s)
        .map(|(o, _)| o.as_str())
        .collect();
    let owners = owners.join(", ");
    if is_placeholder_hex(&row.address) {
        return Status::Unverified(format!(
            "placeholder address {}: owner(s) {owners} signed, but the address is not a real account",
            row.address
        ))
        .into();
    }
    let kind = row.kind.as_deref().unwrap_or("contract");
    let address_ok = parse_address(&row.address).is_ok()
        || (kind.to_ascii_lowercase().contains("staking") && is_validator_key(&row.address));
    if !address_ok {
        return Status::Failed(format!(
            "address `{}` is neither an EVM address nor a validator key",
            row.address
        ))
        .into();
    }
    RowOutcome {
        status: Status::Verified,
        note: Some(format!(
            "{kind} row: owner(s) {owners} signed; that they control {} is on-chain state, not checked offline",
            row.address
        )),
    }
}

/// A 48-byte BLS validator public key in hex.
fn is_validator_key(address: &str) -> bool {
    address
        .strip_prefix("0x")
        .is_some_and(|h| h.len() == 96 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::ecdsa::SigningKey;

    /// A real row from OKX's published example (OKX hash variant).
    #[test]
    fn okx_published_eth_row_verifies() {
        let (status, encoding) = verify(
            "0x0cdcdb19a857c2ac24818ca4fdfe38cce071483e",
            "I am an OKX address",
            "0x07f19879aa28d51c97cddfdfecffe7ed96525545d041aee4f4386b0bf4c1a26924b637fb02ccbb97305c13daa51a0f50b8896fb25ecbaf60020cde920d227a221b",
        );
        assert_eq!(status, Status::Verified);
        assert_eq!(encoding, Some(Encoding::HashOfText));
    }

    fn sign(key: &SigningKey, digest: [u8; 32]) -> String {
        crate::sample::rsv(key, &digest)
    }

    #[test]
    fn generated_keys_pass_and_forgeries_fail() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let other = SigningKey::random(&mut rand::thread_rng());
        let address = format!("0x{}", checksummed(&address_of(key.verifying_key())));
        let message = "solvent reserves 2026-11";
        let text_sig = sign(&key, personal_sign_digest(message.as_bytes()));
        assert_eq!(
            verify(&address, message, &text_sig),
            (Status::Verified, Some(Encoding::Text))
        );
        let hash_sig = sign(&key, personal_sign_digest(&keccak(message.as_bytes())));
        assert_eq!(verify(&address, message, &hash_sig).0, Status::Verified);

        assert_eq!(
            verify(&address, "another message", &text_sig).0.label(),
            "FAILED"
        );
        let other_address = format!("0x{}", hex::encode(address_of(other.verifying_key())));
        assert_eq!(
            verify(&other_address, message, &text_sig).0.label(),
            "FAILED"
        );
        let other_sig = sign(&other, personal_sign_digest(message.as_bytes()));
        assert_eq!(verify(&address, message, &other_sig).0.label(), "FAILED");
        // A broken checksum or an undecodable address never passes.
        let mut bad = address.clone();
        let flip = bad
            .char_indices()
            .skip(2)
            .find(|(_, c)| c.is_ascii_alphabetic())
            .unwrap()
            .0;
        let c = bad.as_bytes()[flip] as char;
        let swapped = if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else {
            c.to_ascii_uppercase()
        };
        bad.replace_range(flip..flip + 1, &swapped.to_string());
        if bad.chars().skip(2).any(|c| c.is_ascii_uppercase())
            && bad.chars().skip(2).any(|c| c.is_ascii_lowercase())
        {
            assert!(verify(&bad, message, &text_sig)
                .0
                .reason()
                .unwrap()
                .contains("checksum"));
        }
        assert_eq!(verify("0x1234", message, &text_sig).0.label(), "FAILED");
        assert_eq!(verify(&address, message, "0x00").0.label(), "FAILED");
    }
}
