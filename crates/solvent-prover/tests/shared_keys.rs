//! One verifier key serves every asset count and batch size of an asset
//! capacity, so the proof states what the key no longer fixes, and the
//! verifier checks it: an attacker who reuses the key for another shape is
//! refused.

mod common;

use plonky2::field::types::Field;
use solvent_circuits::batch::{Slot, Weight};
use solvent_circuits::round::{circuit_weights, round_context};
use solvent_circuits::{KeyChain, Shape};
use solvent_commit::{id_commitment, Digest, F};

use common::{bundle, table};

/// One key serves every asset count of a capacity, so a proof may carry
/// more assets than its statement lists. The attack: the statement lists
/// USDT alone, with mallory's debt of 1,000,000 USDT lowering its net
/// liabilities; the proof backs that debt with equity in the capacity's
/// second slot, at a weight of the prover's choosing: a liability to mallory
/// the statement never shows. The round context and the weights of the
/// listed asset are the statement's own, the key is the one a verifier
/// pins for it, and the proof is valid: only the empty-slot rule refuses
/// it.
#[test]
fn verifier_refuses_assets_hidden_in_the_capacity() {
    let listed = table("symbol,decimals,price_usd\nUSDT,6,1\n");
    let usdt = circuit_weights(&listed.usd_weights().unwrap())[0];
    // Worth as much as the debt's valuation, so no rounding puts mallory
    // under water.
    let hidden = Weight {
        equity: usdt.debt,
        debt: usdt.debt,
    };
    // The circuits of a 2-asset round are those of the 1-asset round.
    let chain = KeyChain::new(Shape::new(2, 2, 13));
    let million = 1_000_000 * 1_000_000;
    let slot = Slot {
        id_commitment: id_commitment(&Digest([F::ONE; 4]), "mallory"),
        balances: vec![(0, million), (million, 0)],
    };
    let context = round_context("2026-11", &listed);
    let batch = chain
        .batch
        .prove(&context, &[usdt, hidden], &[slot])
        .expect("mallory is not under water with the hidden equity");
    let (statement, proof, key) = bundle(&chain, &listed, &batch, &["0"], &["1000000"]);
    assert_eq!(
        solvent_verifier::trusted_key_digest(&statement, solvent_verifier::KeySource::Pinned)
            .unwrap(),
        key.digest(),
        "the verifier pins the same key for the 1-asset statement"
    );
    let err = solvent_verifier::verify_global(&statement, &proof, &key.bytes, &key.digest())
        .expect_err("an asset hidden in the capacity");
    assert!(err.to_string().contains("asset slot 1"), "{err}");
}

/// A round of one batch proven in batches of 2 (a tree of height 1) but
/// published as batches of 4 (height 2): depth 0 either way, the same key,
/// and a valid proof. The statement's tree height would be wrong, and with
/// it every inclusion proof's length; the proven batch height refuses it.
#[test]
fn verifier_refuses_another_batch_size() {
    let assets = table("symbol,decimals,price_usd\nUSDT,6,1\n");
    let weights = circuit_weights(&assets.usd_weights().unwrap());
    let chain = KeyChain::new(Shape::new(1, 2, 13));
    let slot = Slot {
        id_commitment: id_commitment(&Digest([F::ONE; 4]), "alice"),
        balances: vec![(5, 0)],
    };
    let context = round_context("2026-11", &assets);
    let batch = chain.batch.prove(&context, &weights, &[slot]).unwrap();
    let (mut statement, proof, key) = bundle(&chain, &assets, &batch, &["0.000005"], &["0"]);
    solvent_verifier::verify_global(&statement, &proof, &key.bytes, &key.digest())
        .expect("the honest statement verifies");
    statement.parameters.batch_size = 4;
    assert_eq!(
        solvent_verifier::trusted_key_digest(&statement, solvent_verifier::KeySource::Pinned)
            .unwrap(),
        key.digest(),
        "the verifier pins the same key for batches of 4"
    );
    let err = solvent_verifier::verify_global(&statement, &proof, &key.bytes, &key.digest())
        .expect_err("another batch size");
    assert!(err.to_string().contains("parameters.batch_size"), "{err}");
}
