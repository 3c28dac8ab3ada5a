//! What a verification code opens in one round: which bucket to fetch, which
//! entry in it is the user's, and the key that decrypts it.
//!
//! `prk = HKDF-Extract(salt = "solvent-site-v1", ikm = code)`, then for a
//! round `ctx = u32be(len(round)) ‖ round ‖ root hex`:
//! - `tag = HKDF-Expand(prk, "tag" ‖ ctx, 32)`, the lookup tag;
//! - `key = HKDF-Expand(prk, "key" ‖ ctx, 32)`, the entry's AEAD key;
//! - the bucket is the top `bucket_bits` bits of `SHA-256(tag)`, and the
//!   entry's id the first 16 bytes of the tag.
//!
//! The round and the statement's root are in every derivation: one code
//! gives unrelated tags in different rounds (a host cannot link a user's
//! fetches month to month), and an entry cannot be moved to another round's
//! site.

use hkdf::Hkdf;
use sha2::{Digest as _, Sha256};

use crate::entry::ID_LEN;
use crate::Code;

const SALT: &[u8] = b"solvent-site-v1";

/// A code's bucket, entry id and key in one round.
#[derive(Clone)]
pub struct Lookup {
    /// `SHA-256(tag)`: its top bits number the bucket.
    bucket_hash: [u8; 32],
    pub id: [u8; ID_LEN],
    pub key: [u8; 32],
}

impl Lookup {
    /// Derives the lookup of `code` for the round `round` with root `root`
    /// (the statement's, hex).
    pub fn new(code: &Code, round: &str, root: &str) -> Lookup {
        let hkdf = Hkdf::<Sha256>::new(Some(SALT), code.as_bytes());
        let expand = |label: &[u8]| {
            let round_len = u32::try_from(round.len())
                .expect("a round id is short")
                .to_be_bytes();
            let info = [label, &round_len, round.as_bytes(), root.as_bytes()];
            let mut out = [0u8; 32];
            hkdf.expand_multi_info(&info, &mut out)
                .expect("32 bytes is a valid HKDF-SHA256 length");
            out
        };
        let tag = expand(b"tag");
        Lookup {
            bucket_hash: Sha256::digest(tag).into(),
            id: tag[..ID_LEN].try_into().expect("ID_LEN bytes"),
            key: expand(b"key"),
        }
    }

    /// The bucket number for a site of `2^bits` buckets.
    pub fn bucket(&self, bits: u32) -> u64 {
        bucket_of(&self.bucket_hash, bits)
    }
}

/// The top `bits` bits of `hash`, as a number.
pub(crate) fn bucket_of(hash: &[u8; 32], bits: u32) -> u64 {
    debug_assert!(bits <= crate::manifest::MAX_BUCKET_BITS);
    let top = u64::from_be_bytes(hash[..8].try_into().expect("8 bytes"));
    top.checked_shr(64 - bits).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Code {
        Code::parse(text).unwrap()
    }

    #[test]
    fn rounds_and_roots_give_unrelated_lookups() {
        let c = code("0123-4567-89AB-CDEF-GHJK");
        let root = "11".repeat(32);
        let a = Lookup::new(&c, "2026-11", &root);
        let again = Lookup::new(&c, "2026-11", &root);
        assert_eq!((a.id, a.key), (again.id, again.key));
        for other in [
            Lookup::new(&c, "2026-12", &root),
            Lookup::new(&c, "2026-11", &"22".repeat(32)),
            Lookup::new(&code("0123-4567-89AB-CDEF-GHJM"), "2026-11", &root),
        ] {
            assert_ne!(a.id, other.id);
            assert_ne!(a.key, other.key);
            assert_ne!(a.bucket_hash, other.bucket_hash);
        }
        assert_ne!(&a.key[..ID_LEN], &a.id[..]);
    }

    #[test]
    fn buckets_are_the_top_bits() {
        let mut hash = [0u8; 32];
        hash[0] = 0b1011_0000;
        assert_eq!(bucket_of(&hash, 0), 0);
        assert_eq!(bucket_of(&hash, 1), 1);
        assert_eq!(bucket_of(&hash, 4), 0b1011);
        assert_eq!(bucket_of(&[0xff; 32], 32), u32::MAX as u64);
    }
}
