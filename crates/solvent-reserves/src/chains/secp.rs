//! secp256k1 public-key recovery from a 32-byte digest and a 65-byte
//! recoverable signature.
//!
//! Two implementations give the same answers: RustCrypto's `k256` (pure
//! Rust, the default, used for WASM) and, with the `libsecp256k1` feature,
//! Bitcoin Core's libsecp256k1 through the `secp256k1` crate, about 4x
//! faster on the native CLI (docs/PERF.md). Both refuse high-s signatures,
//! so a malleated copy of a signature never counts as a second one.

use k256::ecdsa::VerifyingKey;

use crate::error::SignatureError;

/// Recovers the signer of `digest` from `r ‖ s` and a recovery id (0..=3).
pub fn recover(
    digest: &[u8; 32],
    rs: &[u8; 64],
    recovery_id: u8,
) -> Result<VerifyingKey, SignatureError> {
    // Same validation on both paths: r and s in range, s low.
    let signature =
        k256::ecdsa::Signature::from_slice(rs).map_err(|_| SignatureError::OutOfRange)?;
    if signature.normalize_s().is_some() {
        return Err(SignatureError::HighS);
    }
    if recovery_id > 3 {
        return Err(SignatureError::RecoveryId(recovery_id));
    }
    backend::recover(digest, rs, &signature, recovery_id)
}

#[cfg(not(feature = "libsecp256k1"))]
mod backend {
    use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};

    use crate::error::SignatureError;

    pub fn recover(
        digest: &[u8; 32],
        _rs: &[u8; 64],
        signature: &Signature,
        recovery_id: u8,
    ) -> Result<VerifyingKey, SignatureError> {
        let id =
            RecoveryId::from_byte(recovery_id).ok_or(SignatureError::RecoveryId(recovery_id))?;
        VerifyingKey::recover_from_prehash(digest, signature, id)
            .map_err(|_| SignatureError::NotRecoverable)
    }
}

#[cfg(feature = "libsecp256k1")]
mod backend {
    use k256::ecdsa::{Signature, VerifyingKey};
    use secp256k1::ecdsa::{RecoverableSignature, RecoveryId};

    use crate::error::SignatureError;

    pub fn recover(
        digest: &[u8; 32],
        rs: &[u8; 64],
        _signature: &Signature,
        recovery_id: u8,
    ) -> Result<VerifyingKey, SignatureError> {
        let id = RecoveryId::try_from(i32::from(recovery_id))
            .map_err(|_| SignatureError::RecoveryId(recovery_id))?;
        let signature =
            RecoverableSignature::from_compact(rs, id).map_err(|_| SignatureError::OutOfRange)?;
        let key = signature
            .recover(secp256k1::Message::from_digest(*digest))
            .map_err(|_| SignatureError::NotRecoverable)?;
        VerifyingKey::from_sec1_bytes(&key.serialize_uncompressed())
            .map_err(|_| SignatureError::NotAPoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::ecdsa::SigningKey;

    #[test]
    fn recovers_the_signer_and_refuses_high_s() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let digest = [9u8; 32];
        let (sig, id) = key.sign_prehash_recoverable(&digest).unwrap();
        let rs: [u8; 64] = sig.to_bytes().into();
        assert_eq!(
            recover(&digest, &rs, id.to_byte()).unwrap(),
            *key.verifying_key()
        );
        // The other parity recovers another key, never this one.
        if let Ok(other) = recover(&digest, &rs, id.to_byte() ^ 1) {
            assert_ne!(other, *key.verifying_key());
        }
        // The malleated (r, n - s) form is refused.
        let (r, s) = sig.split_scalars();
        let high = k256::ecdsa::Signature::from_scalars(r, -*s).unwrap();
        let high_rs: [u8; 64] = high.to_bytes().into();
        assert_eq!(
            recover(&digest, &high_rs, id.to_byte() ^ 1).unwrap_err(),
            SignatureError::HighS
        );
        assert!(recover(&digest, &[0u8; 64], 0).is_err());
        assert_eq!(
            recover(&digest, &rs, 4).unwrap_err(),
            SignatureError::RecoveryId(4)
        );
    }
}
