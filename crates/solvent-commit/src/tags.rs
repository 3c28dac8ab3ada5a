//! Domain-separation tags: eight ASCII bytes read as a little-endian u64. All
//! are below the Goldilocks modulus, so each is one canonical field element.

const fn tag(bytes: &[u8; 8]) -> u64 {
    u64::from_le_bytes(*bytes)
}

pub const LEAF: u64 = tag(b"slv-leaf");
pub const NODE: u64 = tag(b"slv-node");
pub const ID: u64 = tag(b"slv-acid");
pub const SALT: u64 = tag(b"slv-salt");
pub const CONTEXT: u64 = tag(b"slv-ctx1");

#[cfg(test)]
mod tests {
    #[test]
    fn tags_are_canonical_and_distinct() {
        let all = [
            super::LEAF,
            super::NODE,
            super::ID,
            super::SALT,
            super::CONTEXT,
        ];
        for (i, a) in all.iter().enumerate() {
            assert!(*a < 0xFFFF_FFFF_0000_0001);
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
