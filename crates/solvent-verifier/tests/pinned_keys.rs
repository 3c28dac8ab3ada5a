//! The verifier trusts only the final keys pinned in it, never a key or
//! digest the exchange supplies.
//!
//! The attack the table stops: the exchange proves its statement with a
//! circuit of its own that checks nothing, its public inputs free, and
//! publishes that circuit's key and digest. Every byte of the bundle is then
//! consistent, and a verifier that takes the published digest (as the page
//! did when the user left its digest field empty) shows any totals as valid.

use std::path::Path;

use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use sha2::{Digest as _, Sha256};
use solvent_circuits::round::{circuit_weights, round_context};
use solvent_circuits::serializer::SolventGateSerializer;
use solvent_circuits::{PublicInputs, Totals, VerifierKey, C, D, F};
use solvent_commit::Digest;
use solvent_model::statement::STATEMENT_FORMAT;
use solvent_model::{AssetStatement, AssetTable, Parameters, Statement};
use solvent_verifier::{verify_bundle, KeySource, VerifyError};

/// A bundle whose proof comes from a circuit with free public inputs: one
/// account, 1 USDT of equity, whatever the exchange really owes.
fn rogue_bundle() -> (Statement, Vec<u8>, Vec<u8>) {
    let assets = AssetTable::from_csv_reader(
        "symbol,decimals,price_usd\nUSDT,6,1\n".as_bytes(),
        Path::new("assets.csv"),
    )
    .unwrap();
    let weights = assets.usd_weights().unwrap();
    let listed: Vec<_> = assets.iter().cloned().collect();
    let root = Digest::ZERO;
    let public = PublicInputs {
        context: round_context("2026-11", &listed),
        root,
        leaf_count: 1,
        level: 0,
        batch_height: 1,
        weights: circuit_weights(&weights),
        totals: vec![Totals::of_amounts(1_000_000, 0)],
    }
    .padded(8);
    let fields = public.to_fields();

    let mut builder = CircuitBuilder::<F, D>::new(solvent_circuits::final_config());
    let targets = builder.add_virtual_targets(fields.len());
    builder.register_public_inputs(&targets);
    let data = builder.build::<C>();
    let mut witness = PartialWitness::new();
    for (&t, &v) in targets.iter().zip(&fields) {
        witness.set_target(t, v).unwrap();
    }
    let proof = data.prove(witness).unwrap();
    let key_bytes = data
        .verifier_data()
        .to_bytes(&SolventGateSerializer)
        .unwrap();
    VerifierKey::from_bytes(key_bytes.clone()).expect("a well-formed key");

    let statement = Statement {
        format: STATEMENT_FORMAT.into(),
        round: "2026-11".into(),
        assets: vec![AssetStatement {
            symbol: "USDT".into(),
            decimals: 6,
            price_usd: "1".into(),
            price_source: None,
            price_time: None,
            collateral_ratio: "1".into(),
            equity_weight: weights.weights[0].equity,
            debt_weight: weights.weights[0].debt,
            total_equity: "1".into(),
            total_debt: "0".into(),
        }],
        weight_scale_log2: weights.exponent,
        leaf_count: 1,
        root: root.to_hex(),
        parameters: Parameters {
            proof_system: solvent_circuits::PROOF_SYSTEM.into(),
            amount_bits: 52,
            batch_size: 2,
            batch_trace_bits: 13,
            aggregation_depth: 0,
            security_bits: solvent_circuits::SECURITY_BITS,
        },
        verifier_key_digest: hex::encode(Sha256::digest(&key_bytes)),
    };
    (statement, proof.to_bytes(), key_bytes)
}

#[test]
fn a_circuit_that_checks_nothing_is_refused() {
    let (statement, proof, key) = rogue_bundle();
    // Trusting the exchange's own digest, the bundle verifies: the attack.
    let published: [u8; 32] = Sha256::digest(&key).into();
    solvent_verifier::verify_global(&statement, &proof, &key, &published)
        .expect("the rogue bundle is self-consistent");
    // Against the pinned table it is refused, before the proof is read.
    let err = verify_bundle(&statement, &proof, &key, KeySource::Pinned)
        .expect_err("a key outside the pinned table");
    assert!(matches!(err, VerifyError::UnknownKey(_)), "{err}");
    assert!(err.to_string().starts_with("unknown verifier key"), "{err}");
}

/// Every shape the verifier accepts has a pinned key, so an honest round is
/// never refused for want of one.
#[test]
fn the_table_covers_every_shape_the_verifier_accepts() {
    use solvent_circuits::batch::{CAPACITIES, MAX_TRACE_BITS, MIN_TRACE_BITS};
    for capacity in CAPACITIES {
        for trace_bits in MIN_TRACE_BITS..=MAX_TRACE_BITS {
            assert!(
                solvent_verifier::pinned::pinned_digest(capacity, trace_bits).is_some(),
                "no pinned key for capacity {capacity} and 2^{trace_bits} rows: run \
                 `cargo run --release -p solvent-verifier --example pin_keys`"
            );
        }
    }
}
