//! secp256k1 public-key recovery from a 32-byte digest and a 65-byte
//! recoverable signature, via the RustCrypto `k256` crate.

use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};

/// Recovers the signer of `digest` from `r ‖ s` and a recovery id (0..=3).
/// High-s signatures are rejected by `k256` (malleability).
pub fn recover(digest: &[u8; 32], rs: &[u8; 64], recovery_id: u8) -> Result<VerifyingKey, String> {
    let signature = Signature::from_slice(rs)
        .map_err(|_| "malformed signature (r or s out of range)".to_string())?;
    let id = RecoveryId::from_byte(recovery_id)
        .ok_or_else(|| format!("invalid recovery id {recovery_id}"))?;
    VerifyingKey::recover_from_prehash(digest, &signature, id)
        .map_err(|_| "no public key can be recovered from this signature".to_string())
}
