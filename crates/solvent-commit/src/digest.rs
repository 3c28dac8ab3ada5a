use core::fmt;

use plonky2::field::types::{Field, Field64, PrimeField64};
use plonky2::hash::hash_types::HashOut;

use crate::F;

/// A Poseidon output of four Goldilocks elements. Its text form is 64 hex
/// digits: each element as 8 little-endian bytes, in order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Digest(pub [F; 4]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestParseError {
    #[error("expected 64 hex digits, got {0} characters")]
    Length(usize),
    #[error("not lowercase hexadecimal")]
    Hex,
    #[error("element {0} is not below the Goldilocks modulus")]
    NonCanonical(usize),
}

impl Digest {
    pub const ZERO: Digest = Digest([F::ZERO; 4]);

    pub fn to_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, e) in self.0.iter().enumerate() {
            out[8 * i..8 * i + 8].copy_from_slice(&e.to_canonical_u64().to_le_bytes());
        }
        out
    }

    /// Rejects non-canonical encodings so every digest has exactly one text form.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, DigestParseError> {
        let mut elems = [F::ZERO; 4];
        for (i, e) in elems.iter_mut().enumerate() {
            let v = u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8 bytes"));
            if v >= F::ORDER {
                return Err(DigestParseError::NonCanonical(i));
            }
            *e = F::from_canonical_u64(v);
        }
        Ok(Digest(elems))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.to_bytes())
    }

    pub fn from_hex(text: &str) -> Result<Self, DigestParseError> {
        if text.len() != 64 {
            return Err(DigestParseError::Length(text.len()));
        }
        // One spelling: lowercase only (`hex` would also take upper case).
        if !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(DigestParseError::Hex);
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| DigestParseError::Hex)?;
        Self::from_bytes(&bytes)
    }

    pub fn from_hash_out(h: HashOut<F>) -> Self {
        Digest(h.elements)
    }

    pub fn to_hash_out(self) -> HashOut<F> {
        HashOut { elements: self.0 }
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.to_hex())
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn hex_round_trips(a in 0..F::ORDER, b in 0..F::ORDER, c in 0..F::ORDER, d in 0..F::ORDER) {
            let digest = Digest([a, b, c, d].map(F::from_canonical_u64));
            prop_assert_eq!(Digest::from_hex(&digest.to_hex()), Ok(digest));
        }

        /// The text form is lowercase (SPEC, "Digest"): a digest spelled
        /// with an upper-case letter is another text and is refused, so a
        /// salt or root has one spelling (found by the inclusion fuzz target).
        #[test]
        fn upper_case_hex_is_refused(a in 0..F::ORDER, b in 0..F::ORDER, c in 0..F::ORDER, d in 0..F::ORDER) {
            let hex = Digest([a, b, c, d].map(F::from_canonical_u64)).to_hex();
            prop_assume!(hex.bytes().any(|b| b.is_ascii_alphabetic()));
            prop_assert_eq!(Digest::from_hex(&hex.to_ascii_uppercase()), Err(DigestParseError::Hex));
        }
    }

    #[test]
    fn rejects_non_canonical() {
        let mut text = "ff".repeat(8);
        text.push_str(&"00".repeat(24));
        assert_eq!(
            Digest::from_hex(&text),
            Err(DigestParseError::NonCanonical(0))
        );
        assert!(Digest::from_hex("00").is_err());
    }
}
