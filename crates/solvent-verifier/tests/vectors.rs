//! A real round as a test vector (testdata/bundle, written by its
//! `regenerate.sh` with the prover of this proof system): the verifier
//! accepts it against its pinned table with exactly these totals, and
//! alice's inclusion proof with exactly her balances. A change that alters
//! what the verifier accepts, or any byte of the formats, fails here.

use std::path::PathBuf;

use solvent_model::{Bundle, InclusionProof};
use solvent_verifier::{verify_bundle, verify_inclusion, KeySource};

fn vector() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/bundle")
}

#[test]
fn the_vector_round_verifies_with_its_totals() {
    let bundle = Bundle::read(&vector()).expect("the vector is readable");
    let v = verify_bundle(
        &bundle.statement,
        &bundle.proof,
        &bundle.key,
        KeySource::Pinned,
    )
    .expect("the vector verifies");
    assert_eq!(v.round, "vector-1");
    assert_eq!(v.leaf_count, 5);
    let totals: Vec<_> = v
        .view(KeySource::Pinned)
        .assets
        .into_iter()
        .map(|a| (a.symbol, a.total_equity, a.total_debt))
        .collect();
    assert_eq!(
        totals,
        [
            row("BTC", "1.50012345", "0"),
            row("ETH", "12.5", "0.1"),
            row("USDT", "1000250.75", "1000"),
        ]
    );
}

#[test]
fn alices_inclusion_proof_verifies_with_her_balances() {
    let bundle = Bundle::read(&vector()).expect("the vector is readable");
    let bytes = std::fs::read(vector().join("inclusion-alice.json")).unwrap();
    let proof: InclusionProof = serde_json::from_slice(&bytes).expect("an inclusion proof");
    let account = verify_inclusion(&bundle.statement, &proof).expect("alice is included");
    assert_eq!(account.account_id, "alice");
    let balances: Vec<_> = account
        .view()
        .balances
        .into_iter()
        .map(|b| (b.asset, b.equity, b.debt))
        .collect();
    assert_eq!(
        balances,
        [row("BTC", "1.5", "0"), row("USDT", "250.75", "0")]
    );
}

#[test]
fn the_vector_with_one_changed_byte_does_not_verify() {
    let mut bundle = Bundle::read(&vector()).expect("the vector is readable");
    let last = bundle.proof.len() - 1;
    bundle.proof[last] ^= 1;
    assert!(verify_bundle(
        &bundle.statement,
        &bundle.proof,
        &bundle.key,
        KeySource::Pinned
    )
    .is_err());
}

/// A field element at or above the Goldilocks modulus has no canonical
/// encoding: plonky2 reads it unchecked in release builds (a debug assertion
/// only), so the verifier's re-encoding check must refuse it.
#[test]
fn a_non_canonical_field_element_in_the_proof_is_refused() {
    let mut bundle = Bundle::read(&vector()).expect("the vector is readable");
    // The proof opens with the wires' Merkle cap: 32-byte hashes of four
    // little-endian elements.
    bundle.proof[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    let err = verify_bundle(
        &bundle.statement,
        &bundle.proof,
        &bundle.key,
        KeySource::Pinned,
    )
    .expect_err("a non-canonical proof must not verify");
    assert!(
        err.to_string().contains("non-canonical"),
        "unexpected error: {err}"
    );
}

fn row(asset: &str, equity: &str, debt: &str) -> (String, String, String) {
    (asset.into(), equity.into(), debt.into())
}
