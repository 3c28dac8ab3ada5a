//! Bundles made directly from the circuits, for attacks no honest prover
//! would write.

use std::path::Path;

use solvent_circuits::{KeyChain, Proof, PublicInputs, VerifierKey};
use solvent_model::statement::STATEMENT_FORMAT;
use solvent_model::{AssetStatement, AssetTable, Parameters, Statement};

pub fn table(csv: &str) -> AssetTable {
    AssetTable::from_csv_reader(csv.as_bytes(), Path::new("assets.csv")).expect("valid assets")
}

/// The bundle a prover would publish for a one-batch round of `assets`
/// (`batch`, its only batch proof, of 2 slots), with the given totals.
pub fn bundle(
    chain: &KeyChain,
    assets: &AssetTable,
    batch: &Proof,
    equity: &[&str],
    debt: &[&str],
) -> (Statement, Vec<u8>, VerifierKey) {
    let weights = assets.usd_weights().unwrap();
    let proof = chain.final_circuit.prove(batch).expect("final proof");
    let key = VerifierKey::from_final(&chain.final_circuit).unwrap();
    let public = PublicInputs::from_fields(&proof.public_inputs, chain.shape.capacity()).unwrap();
    let asset = |i: usize| {
        let a = assets.get(i);
        AssetStatement {
            symbol: a.symbol.clone(),
            decimals: a.decimals,
            price_usd: a.price.to_decimal(),
            price_source: None,
            price_time: None,
            collateral_ratio: "1".into(),
            equity_weight: weights.weights[i].equity,
            debt_weight: weights.weights[i].debt,
            total_equity: equity[i].into(),
            total_debt: debt[i].into(),
        }
    };
    let statement = Statement {
        format: STATEMENT_FORMAT.into(),
        round: "2026-11".into(),
        assets: (0..equity.len()).map(asset).collect(),
        weight_scale_log2: weights.exponent,
        leaf_count: public.leaf_count,
        root: public.root.to_hex(),
        parameters: Parameters {
            proof_system: solvent_circuits::PROOF_SYSTEM.into(),
            amount_bits: 52,
            batch_size: chain.shape.batch_size as u64,
            batch_trace_bits: chain.shape.trace_bits as u32,
            aggregation_depth: 0,
            security_bits: solvent_circuits::SECURITY_BITS,
        },
        verifier_key_digest: hex::encode(key.digest()),
    };
    (statement, proof.to_bytes(), key)
}
