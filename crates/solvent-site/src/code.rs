//! Verification codes: 100 random-looking bits, shown as 20 Crockford base32
//! characters in groups of four (`7KQ2-M9XD-R4TZ-8HPW-3NVB`).
//!
//! A code is `HMAC-SHA256(code key, "solvent-code-v1" ‖ account id)`, cut to
//! 100 bits: the exchange keeps one secret code key, and every account's
//! code stays the same from round to round without a table of codes to
//! store. 100 bits is what lets the site use a fast key derivation: an
//! offline search of the code space is out of reach, where a short PIN would
//! fall to a search of every entry.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Characters of a code, without separators.
pub const CODE_CHARS: usize = 20;
/// Bits of a code.
pub const CODE_BITS: usize = 5 * CODE_CHARS;

/// Crockford's base32 alphabet: no I, L, O or U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A verification code, in its canonical form (20 upper-case characters of
/// [`ALPHABET`]).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Code([u8; CODE_CHARS]);

/// Why a typed code is not a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("a verification code has {CODE_CHARS} letters and digits, this one has {0}")]
    Length(usize),
    #[error("`{0}` cannot be in a verification code (letters and digits only, no U)")]
    Character(char),
}

impl Code {
    /// Reads a code as a user types it: case-insensitive, hyphens and spaces
    /// ignored, and Crockford's look-alikes (I and L for 1, O for 0) taken as
    /// what they look like.
    pub fn parse(text: &str) -> Result<Code, CodeError> {
        let mut out = [0u8; CODE_CHARS];
        let mut n = 0;
        for c in text.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(CodeError::Character(c));
            }
            if n < CODE_CHARS {
                out[n] = c as u8;
            }
            n += 1;
        }
        if n != CODE_CHARS {
            return Err(CodeError::Length(n));
        }
        Ok(Code(out))
    }

    /// The code of `account_id` under `key`.
    pub fn derive(key: &CodeKey, account_id: &str) -> Code {
        let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).expect("HMAC takes any key length");
        mac.update(b"solvent-code-v1");
        mac.update(account_id.as_bytes());
        let bytes = mac.finalize().into_bytes();
        // The first 100 bits, five at a time, most significant first.
        let bits = u128::from_be_bytes(bytes[..16].try_into().expect("16 bytes"));
        let mut out = [0u8; CODE_CHARS];
        for (i, c) in out.iter_mut().enumerate() {
            *c = ALPHABET[(bits >> (128 - 5 * (i + 1)) & 31) as usize];
        }
        Code(out)
    }

    /// The canonical characters, the input of every derivation.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Grouped for reading: `7KQ2-M9XD-R4TZ-8HPW-3NVB`.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, group) in self.0.chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            f.write_str(std::str::from_utf8(group).expect("ASCII"))?;
        }
        Ok(())
    }
}

/// Never printed by accident: a code opens its user's balances.
impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Code(…)")
    }
}

/// The exchange's secret from which every code is derived: 32 bytes, stored
/// as 64 lowercase hex digits.
#[derive(Clone)]
pub struct CodeKey([u8; 32]);

/// Why a code-key file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a code key is 64 hex digits on one line")]
pub struct CodeKeyError;

impl CodeKey {
    pub fn from_bytes(bytes: [u8; 32]) -> CodeKey {
        CodeKey(bytes)
    }

    /// Reads the stored form (surrounding whitespace allowed).
    pub fn from_text(text: &str) -> Result<CodeKey, CodeKeyError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| CodeKeyError)?;
        Ok(CodeKey(bytes))
    }

    /// The stored form, with a final newline.
    pub fn to_text(&self) -> String {
        format!("{}\n", hex::encode(self.0))
    }
}

impl fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn derived_codes_are_stable_and_per_account() {
        let key = CodeKey::from_bytes([7; 32]);
        let a = Code::derive(&key, "alice");
        assert_eq!(a, Code::derive(&key, "alice"));
        assert_ne!(a, Code::derive(&key, "bob"));
        assert_ne!(a, Code::derive(&CodeKey::from_bytes([8; 32]), "alice"));
        let shown = a.to_string();
        assert_eq!(shown.len(), 24);
        assert_eq!(shown.matches('-').count(), 4);
        assert_eq!(Code::parse(&shown), Ok(a));
    }

    #[test]
    fn typed_codes_are_forgiving_but_exact() {
        let code = Code::parse("0123-4567-89AB-CDEF-GHJK").unwrap();
        assert_eq!(Code::parse("o123 4567 89ab cdef ghjk").unwrap(), code);
        assert_eq!(
            Code::parse("0i23456789abcdefghjk").unwrap().to_string(),
            "0123-4567-89AB-CDEF-GHJK"
        );
        assert_eq!(Code::parse("0123-4567"), Err(CodeError::Length(8)));
        assert_eq!(
            Code::parse("0123-4567-89AB-CDEF-GHJK1"),
            Err(CodeError::Length(21))
        );
        assert_eq!(
            Code::parse("U123-4567-89AB-CDEF-GHJK"),
            Err(CodeError::Character('U'))
        );
        assert_eq!(
            Code::parse("é123-4567-89AB-CDEF-GHJK"),
            Err(CodeError::Character('é'))
        );
    }

    #[test]
    fn code_keys_round_trip_and_refuse_other_text() {
        let key = CodeKey::from_bytes([0xab; 32]);
        let text = key.to_text();
        assert_eq!(CodeKey::from_text(&text).unwrap().0, key.0);
        assert_eq!(CodeKey::from_text("abcd").unwrap_err(), CodeKeyError);
        assert_eq!(
            CodeKey::from_text(&"zz".repeat(32)).unwrap_err(),
            CodeKeyError
        );
        assert_eq!(format!("{key:?}"), "CodeKey(…)");
    }

    proptest! {
        #[test]
        fn every_code_parses_back_from_its_display(bytes in any::<[u8; 32]>(), id in "[a-z0-9]{1,20}") {
            let code = Code::derive(&CodeKey::from_bytes(bytes), &id);
            prop_assert_eq!(Code::parse(&code.to_string()), Ok(code.clone()));
            prop_assert_eq!(Code::parse(&code.to_string().to_lowercase()), Ok(code));
        }

        #[test]
        fn parsing_never_panics_and_accepts_only_twenty_symbols(text in ".{0,40}") {
            if let Ok(code) = Code::parse(&text) {
                prop_assert_eq!(code.as_bytes().len(), CODE_CHARS);
                prop_assert!(code.as_bytes().iter().all(|c| ALPHABET.contains(c)));
            }
        }
    }
}
