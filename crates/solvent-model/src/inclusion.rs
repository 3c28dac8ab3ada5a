//! A user's inclusion proof (`inclusion.json`): the wire type the prover
//! writes and every verifier reads. See docs/SPEC.md, "Inclusion proof".
//!
//! Only the encoding lives here; checking a proof against a statement's root
//! is the verifier's (`solvent_verifier::verify_inclusion`).

use base64::Engine as _;
use serde::{Deserialize, Serialize};

pub const INCLUSION_FORMAT: &str = "solvent-inclusion-v1";

/// One user's inclusion proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionProof {
    /// Always [`INCLUSION_FORMAT`].
    pub format: String,
    pub round: String,
    pub account_id: String,
    /// The account's salt, digest hex.
    pub salt: String,
    pub leaf_index: u64,
    /// Non-zero holdings; every other asset of the round is zero.
    pub balances: Vec<InclusionBalance>,
    /// Sibling digests from the leaf level upward, each base64 (standard
    /// alphabet, padded) of the 32 digest bytes ([`encode_sibling`]).
    pub siblings: Vec<String>,
}

/// One non-zero holding, amounts as decimals of the asset's whole units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionBalance {
    pub asset: String,
    pub equity: String,
    pub debt: String,
}

/// Why a sibling is not the canonical encoding of 32 bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiblingError {
    #[error("is not base64")]
    NotBase64,
    #[error("is not 32 bytes")]
    Length,
    /// A second spelling of the same bytes (unused padding bits set) would
    /// give one proof two encodings.
    #[error("is not canonical base64")]
    NotCanonical,
}

/// Encodes a sibling digest's 32 bytes for [`InclusionProof::siblings`].
pub fn encode_sibling(bytes: &[u8; 32]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes one of [`InclusionProof::siblings`], accepting only the encoding
/// [`encode_sibling`] writes.
pub fn decode_sibling(text: &str) -> Result<[u8; 32], SiblingError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| SiblingError::NotBase64)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| SiblingError::Length)?;
    if encode_sibling(&bytes) != text {
        return Err(SiblingError::NotCanonical);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn siblings_round_trip(bytes in any::<[u8; 32]>()) {
            prop_assert_eq!(decode_sibling(&encode_sibling(&bytes)), Ok(bytes));
        }

        #[test]
        fn any_text_decodes_only_to_its_own_encoding(text in "[A-Za-z0-9+/=]{0,48}") {
            if let Ok(bytes) = decode_sibling(&text) {
                prop_assert_eq!(encode_sibling(&bytes), text);
            }
        }
    }

    #[test]
    fn refuses_other_spellings() {
        let canonical = encode_sibling(&[7; 32]);
        assert_eq!(
            decode_sibling(&canonical[..41]),
            Err(SiblingError::NotBase64)
        );
        assert_eq!(decode_sibling("AAAA"), Err(SiblingError::Length));
        // The last character before the padding carries two unused bits
        // (zero in `Bwc=`, the end of 32 sevens): set one.
        assert!(canonical.ends_with("Bwc="));
        let other = format!("{}Bwd=", &canonical[..canonical.len() - 4]);
        // The engine refuses it already; the re-encoding check stands behind.
        assert!(decode_sibling(&other).is_err());
    }
}
