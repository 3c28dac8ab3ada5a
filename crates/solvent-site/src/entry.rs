//! One sealed entry of a bucket: `id ‖ nonce ‖ XChaCha20-Poly1305(plaintext)`.
//!
//! The plaintext is the user's `inclusion.json`, padded with spaces to the
//! site's plaintext length, so that every entry of a site has the same size;
//! the AEAD's associated data is the entry id. A padding entry is random
//! bytes of the same size: without its code, no entry can be told from
//! another (ids and nonces are uniform, ciphertexts pseudo-random).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::Lookup;

/// Bytes of an entry id.
pub const ID_LEN: usize = 16;
/// Bytes of an XChaCha20 nonce.
pub const NONCE_LEN: usize = 24;
/// Bytes of a Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// An entry's bytes besides its plaintext.
pub const OVERHEAD: usize = ID_LEN + NONCE_LEN + TAG_LEN;

/// Why a bucket gave no inclusion proof for a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the bucket is {len} bytes, not a whole number of {entry_len}-byte entries as site.json says")]
    BucketLength { len: usize, entry_len: usize },
    #[error("no entry for this code in this round: check the code, or the site's files are from another round")]
    NotFound,
    #[error("your entry does not decrypt: it was altered, or belongs to another round's site")]
    Tampered,
}

/// Seals `plaintext` (already padded) for `lookup` with `nonce`.
pub fn seal_entry(lookup: &Lookup, nonce: &[u8; NONCE_LEN], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(&lookup.key.into());
    let sealed = cipher
        .encrypt(
            &XNonce::from(*nonce),
            Payload {
                msg: plaintext,
                aad: &lookup.id,
            },
        )
        .expect("XChaCha20-Poly1305 seals any message this size");
    let mut entry = Vec::with_capacity(OVERHEAD + plaintext.len());
    entry.extend_from_slice(&lookup.id);
    entry.extend_from_slice(nonce);
    entry.extend_from_slice(&sealed);
    entry
}

/// Finds `lookup`'s entry in `bucket` (entries of `entry_len` bytes) and
/// decrypts it; the padding spaces are removed.
pub fn open_entry(bucket: &[u8], entry_len: usize, lookup: &Lookup) -> Result<Vec<u8>, OpenError> {
    if entry_len <= OVERHEAD || !bucket.len().is_multiple_of(entry_len) {
        return Err(OpenError::BucketLength {
            len: bucket.len(),
            entry_len,
        });
    }
    let entry = bucket
        .chunks_exact(entry_len)
        .find(|e| e[..ID_LEN] == lookup.id)
        .ok_or(OpenError::NotFound)?;
    let cipher = XChaCha20Poly1305::new(&lookup.key.into());
    let nonce: [u8; NONCE_LEN] = entry[ID_LEN..ID_LEN + NONCE_LEN]
        .try_into()
        .expect("NONCE_LEN bytes");
    let nonce = XNonce::from(nonce);
    let mut plain = cipher
        .decrypt(
            &nonce,
            Payload {
                msg: &entry[ID_LEN + NONCE_LEN..],
                aad: &lookup.id,
            },
        )
        .map_err(|_| OpenError::Tampered)?;
    let end = plain.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
    plain.truncate(end);
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    fn lookup(code: &str) -> Lookup {
        Lookup::new(&Code::parse(code).unwrap(), "2026-11", &"ab".repeat(32))
    }

    fn bucket(entries: &[Vec<u8>]) -> Vec<u8> {
        entries.concat()
    }

    #[test]
    fn the_right_code_opens_its_entry_and_no_other() {
        let alice = lookup("0123-4567-89AB-CDEF-GHJK");
        let bob = lookup("0123-4567-89AB-CDEF-GHJM");
        let a = seal_entry(&alice, &[1; NONCE_LEN], b"{\"alice\":1}    ");
        let b = seal_entry(&bob, &[2; NONCE_LEN], b"{\"bob\":2}      ");
        assert_eq!(a.len(), b.len());
        let len = a.len();
        let both = bucket(&[b.clone(), a.clone()]);
        assert_eq!(open_entry(&both, len, &alice).unwrap(), b"{\"alice\":1}");
        assert_eq!(open_entry(&both, len, &bob).unwrap(), b"{\"bob\":2}");
        let eve = lookup("0123-4567-89AB-CDEF-GHJN");
        assert_eq!(open_entry(&both, len, &eve), Err(OpenError::NotFound));
    }

    #[test]
    fn any_changed_byte_of_the_entry_is_refused() {
        let alice = lookup("0123-4567-89AB-CDEF-GHJK");
        let entry = seal_entry(&alice, &[1; NONCE_LEN], b"{\"alice\":1}");
        for i in ID_LEN..entry.len() {
            let mut bad = entry.clone();
            bad[i] ^= 0x20;
            assert_eq!(
                open_entry(&bad, bad.len(), &alice),
                Err(OpenError::Tampered),
                "byte {i}"
            );
        }
        // An entry moved under another id is not found, or does not open.
        let bob = lookup("0123-4567-89AB-CDEF-GHJM");
        let mut moved = entry.clone();
        moved[..ID_LEN].copy_from_slice(&bob.id);
        assert_eq!(
            open_entry(&moved, moved.len(), &bob),
            Err(OpenError::Tampered)
        );
    }

    #[test]
    fn another_rounds_lookup_finds_nothing() {
        let code = Code::parse("0123-4567-89AB-CDEF-GHJK").unwrap();
        let now = Lookup::new(&code, "2026-11", &"ab".repeat(32));
        let entry = seal_entry(&now, &[1; NONCE_LEN], b"{}");
        let later = Lookup::new(&code, "2026-12", &"cd".repeat(32));
        assert_eq!(
            open_entry(&entry, entry.len(), &later),
            Err(OpenError::NotFound)
        );
    }

    #[test]
    fn a_bucket_of_the_wrong_size_is_refused() {
        let alice = lookup("0123-4567-89AB-CDEF-GHJK");
        let entry = seal_entry(&alice, &[1; NONCE_LEN], b"{}");
        assert!(matches!(
            open_entry(&entry[1..], entry.len(), &alice),
            Err(OpenError::BucketLength { .. })
        ));
        assert!(matches!(
            open_entry(&[], 0, &alice),
            Err(OpenError::BucketLength { .. })
        ));
    }
}
