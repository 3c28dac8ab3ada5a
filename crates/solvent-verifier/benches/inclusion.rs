//! Inclusion-proof verification at the largest tree the issue names (2^27 leaves).

use criterion::{criterion_group, criterion_main, Criterion};
use plonky2::field::types::Field;
use solvent_commit::{
    derive_salt, id_commitment, leaf_hash, node_hash, padding_leaf, Digest, MerklePath, F,
};
use solvent_model::inclusion::{
    encode_sibling, InclusionBalance, InclusionProof, INCLUSION_FORMAT,
};
use solvent_model::{AssetStatement, Parameters, Statement};

fn inclusion(c: &mut Criterion) {
    let num_assets = 22;
    let height = 27;
    let salt = derive_salt(&Digest([F::ONE; 4]), "alice");
    let mut balances = vec![(0u64, 0u64); num_assets];
    balances[0] = (150_000_000, 0);
    balances[2] = (5_000_000, 1_000_000);
    let leaf = leaf_hash(&id_commitment(&salt, "alice"), &balances);
    // Siblings: the padding subtree of each level (a worst-case-shaped path).
    let mut pads = vec![padding_leaf(num_assets)];
    for k in 0..height {
        let p = pads[k];
        pads.push(node_hash(&p, &p));
    }
    let index = (1u64 << 26) + 12345;
    let path = MerklePath {
        index,
        siblings: pads[..height].to_vec(),
    };
    let assets = (0..num_assets)
        .map(|i| AssetStatement {
            symbol: format!("A{i}"),
            decimals: 8,
            price_usd: "1".into(),
            price_source: None,
            price_time: None,
            collateral_ratio: "1".into(),
            equity_weight: 1,
            debt_weight: 1,
            total_equity: "0".into(),
            total_debt: "0".into(),
        })
        .collect();
    let statement = Statement {
        format: solvent_model::statement::STATEMENT_FORMAT.into(),
        round: "2026-11".into(),
        assets,
        weight_scale_log2: 8,
        leaf_count: 1 << 27,
        root: path.root_from(&leaf).to_hex(),
        parameters: Parameters {
            proof_system: solvent_circuits::PROOF_SYSTEM.into(),
            amount_bits: 52,
            batch_size: 1 << 14,
            batch_trace_bits: 16,
            aggregation_depth: 13,
            security_bits: 100,
        },
        verifier_key_digest: "00".repeat(32),
    };
    let proof = InclusionProof {
        format: INCLUSION_FORMAT.into(),
        round: "2026-11".into(),
        account_id: "alice".into(),
        salt: salt.to_hex(),
        leaf_index: index,
        balances: vec![
            InclusionBalance {
                asset: "A0".into(),
                equity: "1.5".into(),
                debt: "0".into(),
            },
            InclusionBalance {
                asset: "A2".into(),
                equity: "0.05".into(),
                debt: "0.01".into(),
            },
        ],
        siblings: path
            .siblings
            .iter()
            .map(|s| encode_sibling(&s.to_bytes()))
            .collect(),
    };
    let json = serde_json::to_string_pretty(&proof).unwrap();
    println!(
        "inclusion proof at 2^27 leaves, 2 holdings: {} bytes",
        json.len()
    );
    solvent_verifier::verify_inclusion(&statement, &proof).expect("valid");
    c.bench_function("verify_inclusion/2^27 leaves, 22 assets", |b| {
        b.iter(|| solvent_verifier::verify_inclusion(&statement, &proof).unwrap())
    });
    c.bench_function("parse+verify_inclusion/2^27 leaves", |b| {
        b.iter(|| {
            let p: InclusionProof = serde_json::from_str(&json).unwrap();
            solvent_verifier::verify_inclusion(&statement, &p).unwrap()
        })
    });
}

criterion_group!(benches, inclusion);
criterion_main!(benches);
