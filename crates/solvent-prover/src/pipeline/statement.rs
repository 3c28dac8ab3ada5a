//! The round's public statement, assembled from what the final proof proved.

use solvent_circuits::{PublicInputs, Shape, VerifierKey};
use solvent_model::asset::UsdWeights;
use solvent_model::{format_amount, AssetTable};

pub(super) fn build_statement(
    round: &str,
    assets: &AssetTable,
    weights: &UsdWeights,
    proven: &PublicInputs,
    shape: Shape,
    depth: u32,
    key: &VerifierKey,
) -> solvent_model::Statement {
    use solvent_model::{AssetStatement, Parameters, Statement};
    let asset_statements = assets
        .iter()
        .zip(&weights.weights)
        .zip(&proven.totals)
        .map(|((a, w), t)| AssetStatement {
            symbol: a.symbol.clone(),
            decimals: a.decimals,
            price_usd: a.price.to_decimal(),
            price_source: a.price_source.clone(),
            price_time: a.price_time.clone(),
            collateral_ratio: a.collateral_ratio.to_decimal(),
            equity_weight: w.equity,
            debt_weight: w.debt,
            total_equity: format_amount(t.equity(), a.decimals),
            total_debt: format_amount(t.debt(), a.decimals),
        })
        .collect();
    Statement {
        format: solvent_model::statement::STATEMENT_FORMAT.to_string(),
        round: round.to_string(),
        assets: asset_statements,
        weight_scale_log2: weights.exponent,
        leaf_count: proven.leaf_count,
        root: proven.root.to_hex(),
        parameters: Parameters {
            proof_system: solvent_circuits::PROOF_SYSTEM.to_string(),
            amount_bits: solvent_model::limits::AMOUNT_BITS,
            batch_size: shape.batch_size as u64,
            batch_trace_bits: shape.trace_bits as u32,
            aggregation_depth: depth,
            security_bits: solvent_circuits::SECURITY_BITS,
        },
        verifier_key_digest: hex::encode(key.digest()),
    }
}
