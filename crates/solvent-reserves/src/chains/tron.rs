//! TRON: secp256k1 like Ethereum, with TRON's own message prefix and a
//! base58check address `0x41 ‖ keccak256(key)[12..]`. Two message encodings
//! are in use and either is accepted:
//! - v1: `keccak256("\x19TRON Signed Message:\n32" ‖ keccak256(message))`;
//! - v2: `keccak256("\x19TRON Signed Message:\n" ‖ len(message) ‖ message)`.

use super::evm::{address_of, keccak, parse_signature};
use super::secp::recover;
use super::{with_single_signature, OwnershipScheme, RowOutcome};
use crate::encoding::hex_exact;
use crate::error::{DecodeError, Problem, Subject};
use crate::file::ReserveRow;
use crate::Status;

/// TRON's ownership scheme: a `signMessage` signature (either version) by
/// the key the address derives from.
pub struct Tron;

impl OwnershipScheme for Tron {
    fn verify(&self, row: &ReserveRow) -> RowOutcome {
        with_single_signature(row, |sig| verify(&row.address, &row.message, sig))
    }
}

pub fn v1_digest(message: &str) -> [u8; 32] {
    let mut data = b"\x19TRON Signed Message:\n32".to_vec();
    data.extend_from_slice(&keccak(message.as_bytes()));
    keccak(&data)
}

pub fn v2_digest(message: &str) -> [u8; 32] {
    let mut data = format!("\x19TRON Signed Message:\n{}", message.len()).into_bytes();
    data.extend_from_slice(message.as_bytes());
    keccak(&data)
}

/// Decodes a TRON address, base58check (`T…`) or hex (`41…`, 21 bytes), to
/// its 20-byte account.
pub fn decode_address(address: &str) -> Result<[u8; 20], DecodeError> {
    let error = |problem| DecodeError::address(address, problem);
    if address.len() == 42 && address.starts_with("41") {
        let bytes: [u8; 21] = hex_exact(address, Subject::Address)?;
        return Ok(bytes[1..].try_into().expect("20 bytes"));
    }
    let bytes = bs58::decode(address)
        .with_check(None)
        .into_vec()
        .map_err(|e| error(Problem::Base58Check(e.to_string())))?;
    account_from_payload(&bytes).ok_or_else(|| error(Problem::Not("a TRON account address")))
}

/// The account in a base58check payload (checksum already checked and
/// removed): `0x41` and 20 bytes.
pub fn account_from_payload(payload: &[u8]) -> Option<[u8; 20]> {
    match payload.split_first() {
        Some((0x41, account)) => account.try_into().ok(),
        _ => None,
    }
}

pub fn encode_address(account: &[u8; 20]) -> String {
    let mut payload = vec![0x41];
    payload.extend_from_slice(account);
    bs58::encode(payload).with_check().into_string()
}

pub fn verify(address: &str, message: &str, signature: &str) -> Status {
    let expected = match decode_address(address) {
        Ok(a) => a,
        Err(e) => return Status::Failed(e.to_string()),
    };
    let (rs, v) = match parse_signature(signature) {
        Ok(s) => s,
        Err(e) => return Status::Failed(e.to_string()),
    };
    for digest in [v1_digest(message), v2_digest(message)] {
        if let Ok(key) = recover(&digest, &rs, v) {
            if address_of(&key) == expected {
                return Status::Verified;
            }
        }
    }
    Status::Failed(format!(
        "the signature does not recover to {address} for message `{message}` (tried TRON message v1 and v2)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::ecdsa::SigningKey;

    #[test]
    fn okx_published_tron_row_verifies() {
        let status = verify(
            "TSBg5SM1TXVXneSivmzpZa9hpccLNeYcWq",
            "OKC_DTT_AUP2025",
            "0x1cf39b1080787540fa4c227d254b7b2f56d4f429ef34d89e8fb5351061e978223f0ca7bc06a3f27529b97143cd06d4a741ab815f1e08faf096df65b46d99ad7e1b",
        );
        assert_eq!(status, Status::Verified, "{status:?}");
    }

    fn sign(key: &SigningKey, digest: [u8; 32]) -> String {
        crate::sample::rsv(key, &digest)
    }

    #[test]
    fn both_variants_pass_and_forgeries_fail() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let other = SigningKey::random(&mut rand::thread_rng());
        let address = encode_address(&address_of(key.verifying_key()));
        let message = "solvent reserves 2026-11";
        for digest in [v1_digest(message), v2_digest(message)] {
            assert_eq!(
                verify(&address, message, &sign(&key, digest)),
                Status::Verified
            );
        }
        let sig = sign(&key, v1_digest(message));
        assert_eq!(verify(&address, "other", &sig).label(), "FAILED");
        assert_eq!(
            verify(&address, message, &sign(&other, v1_digest(message))).label(),
            "FAILED"
        );
        let other_address = encode_address(&address_of(other.verifying_key()));
        assert_eq!(verify(&other_address, message, &sig).label(), "FAILED");
        // A broken checksum never passes.
        let mut broken = address.clone();
        broken.pop();
        broken.push(if address.ends_with('2') { '3' } else { '2' });
        assert_eq!(verify(&broken, message, &sig).label(), "FAILED");
        // An Ethereum-style personal_sign is not a TRON signature.
        let eth = sign(
            &key,
            crate::chains::evm::personal_sign_digest(message.as_bytes()),
        );
        assert_eq!(verify(&address, message, &eth).label(), "FAILED");
    }
}
