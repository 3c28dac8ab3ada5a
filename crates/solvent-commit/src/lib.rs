//! Native (out-of-circuit) commitments: every hash here has an in-circuit twin
//! in `solvent-circuits`, and both follow docs/SPEC.md byte for byte.
//!
//! All hashing is Poseidon over the Goldilocks field as implemented by plonky2
//! (width 12, rate 8, capacity 4, 8 full + 22 partial rounds). Each use is
//! domain-separated by a tag element so that no input of one kind can be read
//! as an input of another.
#![forbid(unsafe_code)]

pub mod digest;
pub mod merkle;
pub mod tags;

use plonky2::field::goldilocks_field::GoldilocksField;
use plonky2::field::types::Field;
use plonky2::hash::hashing::{hash_n_to_hash_no_pad, PlonkyPermutation};
use plonky2::hash::poseidon::PoseidonPermutation;

pub use digest::{Digest, DigestParseError};
pub use merkle::{MerklePath, MerkleTreeBuilder};

/// The Goldilocks field, `p = 2^64 - 2^32 + 1`.
pub type F = GoldilocksField;

/// Sponge hash: absorbs `inputs` in chunks of 8 by overwriting the rate
/// (plonky2's `hash_n_to_hash_no_pad`). Only used on fixed-length inputs, or on
/// inputs that carry their own length, so the lack of padding is harmless.
pub fn sponge(inputs: &[F]) -> Digest {
    Digest(hash_n_to_hash_no_pad::<F, PoseidonPermutation<F>>(inputs).elements)
}

/// Merkle node: one permutation of `[left, right, TAG_NODE, 0, 0, 0]`, output the
/// first four elements. The tag sits in the capacity, where no sponge input lands.
pub fn node_hash(left: &Digest, right: &Digest) -> Digest {
    let mut state = [F::ZERO; 12];
    state[..4].copy_from_slice(&left.0);
    state[4..8].copy_from_slice(&right.0);
    state[8] = F::from_canonical_u64(tags::NODE);
    let mut perm = PoseidonPermutation::new(state);
    perm.permute();
    Digest(perm.squeeze()[..4].try_into().expect("rate >= 4"))
}

/// Packs bytes as `[len, chunk_0, chunk_1, ...]`, 7 little-endian bytes per
/// element, so every element is canonical and the encoding is injective.
pub fn pack_bytes(bytes: &[u8]) -> Vec<F> {
    let mut out = Vec::with_capacity(1 + bytes.len().div_ceil(7));
    out.push(F::from_canonical_u64(bytes.len() as u64));
    for chunk in bytes.chunks(7) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        out.push(F::from_canonical_u64(u64::from_le_bytes(word)));
    }
    out
}

/// Per-account salt: `sponge([TAG_SALT, secret, pack(id)])`. Deterministic from
/// the round secret so that an interrupted run can be resumed; the secret never
/// leaves the prover, and each user only learns their own salt.
pub fn derive_salt(secret: &Digest, account_id: &str) -> Digest {
    let mut input = vec![F::from_canonical_u64(tags::SALT)];
    input.extend_from_slice(&secret.0);
    input.extend(pack_bytes(account_id.as_bytes()));
    sponge(&input)
}

/// Hiding commitment to an account id: `sponge([TAG_ID, salt, pack(id)])`.
pub fn id_commitment(salt: &Digest, account_id: &str) -> Digest {
    let mut input = vec![F::from_canonical_u64(tags::ID)];
    input.extend_from_slice(&salt.0);
    input.extend(pack_bytes(account_id.as_bytes()));
    sponge(&input)
}

/// The holdings a leaf commits to: the non-zero `(equity, debt)` pairs as
/// `(asset index, equity, debt)` in increasing asset order; an account with
/// none is encoded as one zero holding of asset 0, so every leaf has at
/// least one.
pub fn leaf_holdings(balances: &[(u64, u64)]) -> Vec<(usize, u64, u64)> {
    let mut out: Vec<(usize, u64, u64)> = balances
        .iter()
        .enumerate()
        .filter(|(_, &(e, d))| e != 0 || d != 0)
        .map(|(a, &(e, d))| (a, e, d))
        .collect();
    if out.is_empty() {
        out.push((0, 0, 0));
    }
    out
}

/// Leaf hash of an account (balances already in `[0, 2^52)`): a sponge whose
/// first permutation takes `[id_commitment, a_1, e_1, d_1, n | TAG_LEAF, 0, 0, 0]`
/// (the first holding and the holding count `n`, the tag in the capacity) and
/// whose later permutations overwrite rate positions 0..3 with the next
/// holding `(a_k, e_k, d_k)`. Cost follows the non-zero holdings; the count
/// in the first block makes the encoding prefix-free.
pub fn leaf_hash(id_commitment: &Digest, balances: &[(u64, u64)]) -> Digest {
    let holdings = leaf_holdings(balances);
    let element = |(a, e, d): (usize, u64, u64)| {
        [
            F::from_canonical_usize(a),
            F::from_canonical_u64(e),
            F::from_canonical_u64(d),
        ]
    };
    let mut state = [F::ZERO; 12];
    state[..4].copy_from_slice(&id_commitment.0);
    state[4..7].copy_from_slice(&element(holdings[0]));
    state[7] = F::from_canonical_usize(holdings.len());
    state[8] = F::from_canonical_u64(tags::LEAF);
    let mut perm = PoseidonPermutation::new(state);
    perm.permute();
    for &holding in &holdings[1..] {
        perm.set_from_slice(&element(holding), 0);
        perm.permute();
    }
    Digest(perm.squeeze()[..4].try_into().expect("rate >= 4"))
}

/// The padding leaf: a zero id commitment and no holdings, the leaf of every
/// slot past the real accounts (see [`merkle::padding_nodes`]).
pub fn padding_leaf(num_assets: usize) -> Digest {
    leaf_hash(&Digest::ZERO, &vec![(0, 0); num_assets])
}

/// One asset as the round context lists it: everything the exchange chose
/// about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextAsset<'a> {
    pub symbol: &'a str,
    pub decimals: u32,
    /// Canonical decimal price.
    pub price: &'a str,
    /// Canonical decimal collateral ratio.
    pub collateral_ratio: &'a str,
    pub price_source: Option<&'a str>,
    pub price_time: Option<&'a str>,
}

/// Binds the proof to one round: `sponge([TAG_CONTEXT, pack(context_string)])`,
/// where the context string lists the round label and every asset's symbol,
/// decimals, exact price, collateral ratio and, when named, the price's
/// source and time (docs/SPEC.md, "Round context").
pub fn context_digest(round: &str, assets: &[ContextAsset<'_>]) -> Digest {
    let mut input = vec![F::from_canonical_u64(tags::CONTEXT)];
    input.extend(pack_bytes(context_string(round, assets).as_bytes()));
    sponge(&input)
}

/// `solvent/v2\nround=<round>\n`, then per asset
/// `asset=<symbol>,<decimals>,<price>,<collateral ratio>\n` followed by
/// `price_source=<source>\n` and `price_time=<time>\n` when named. No value
/// contains a newline, and every line starts with its key.
pub fn context_string(round: &str, assets: &[ContextAsset<'_>]) -> String {
    let mut s = format!("solvent/v2\nround={round}\n");
    for a in assets {
        s.push_str(&format!(
            "asset={},{},{},{}\n",
            a.symbol, a.decimals, a.price, a.collateral_ratio
        ));
        if let Some(source) = a.price_source {
            s.push_str(&format!("price_source={source}\n"));
        }
        if let Some(time) = a.price_time {
            s.push_str(&format!("price_time={time}\n"));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_bytes_is_injective_on_length() {
        assert_ne!(pack_bytes(b"a"), pack_bytes(b"a\0"));
        assert_eq!(pack_bytes(b"").len(), 1);
        assert_eq!(pack_bytes(b"1234567").len(), 2);
        assert_eq!(pack_bytes(b"12345678").len(), 3);
    }

    #[test]
    fn domains_are_separated() {
        let salt = Digest([F::ONE; 4]);
        let id = id_commitment(&salt, "alice");
        assert_ne!(id, derive_salt(&salt, "alice"));
        assert_ne!(leaf_hash(&id, &[(1, 0)]), leaf_hash(&id, &[(0, 1)]));
        assert_ne!(node_hash(&id, &salt), node_hash(&salt, &id));
        // Zero balances are not hashed, but asset indices are: the same
        // amount in another asset is another leaf.
        assert_ne!(leaf_hash(&id, &[(0, 0), (5, 0)]), leaf_hash(&id, &[(5, 0)]));
        assert_eq!(leaf_hash(&id, &[(5, 0), (0, 0)]), leaf_hash(&id, &[(5, 0)]));
        // The padding leaf (no holdings) does not depend on the asset count.
        assert_eq!(padding_leaf(1), padding_leaf(2));
    }
}

#[cfg(test)]
mod vectors {
    //! Pins the byte-level behaviour documented in docs/SPEC.md to the vectors
    //! in testdata/, so an accidental change to any encoding fails loudly.
    use super::*;
    use plonky2::field::types::Field;

    fn field(text: &str, key: &str) -> String {
        let start = text.find(&format!("\"{key}\": \"")).expect(key) + key.len() + 5;
        text[start..start + 64].to_string()
    }

    include!("../vector_inputs.rs");

    #[test]
    fn commitments_match_testdata() {
        let text = include_str!("../../../testdata/commit-vectors.json");
        let secret = vector_secret();
        assert_eq!(secret.to_hex(), field(text, "secret"));
        let salt = derive_salt(&secret, VECTOR_ACCOUNT);
        assert_eq!(salt.to_hex(), field(text, "salt"));
        let id = id_commitment(&salt, VECTOR_ACCOUNT);
        assert_eq!(id.to_hex(), field(text, "id_commitment"));
        let leaf = leaf_hash(&id, &VECTOR_BALANCES);
        assert_eq!(leaf.to_hex(), field(text, "leaf"));
        let pad = padding_leaf(2);
        assert_eq!(pad.to_hex(), field(text, "padding_leaf_2_assets"));
        assert_eq!(
            node_hash(&leaf, &pad).to_hex(),
            field(text, "node_leaf_padding")
        );
        assert_eq!(
            context_digest(VECTOR_ROUND, &VECTOR_ASSETS).to_hex(),
            field(text, "context_digest")
        );
    }
}
