//! The solvent verifier for the browser: two functions taking the files a user
//! drops on the page and returning a JSON verdict. Nothing here touches the
//! network; the page loads this module from its own directory.
#![forbid(unsafe_code)]

use serde_json::{json, Value};
use solvent_model::{format_amount, Statement};
use solvent_verifier::{
    verify_bundle as verify_pinned, verify_inclusion, InclusionProof, KeySource,
};
use wasm_bindgen::prelude::*;

/// Verifies a bundle's final proof against the verifier's pinned key for the
/// statement's shape: the user supplies no digest, and the exchange's is
/// never taken. Returns a JSON object: `{"valid": bool, "error"?: string, ...}`.
#[wasm_bindgen]
pub fn verify_bundle(statement_json: &str, proof: &[u8], verifier_key: &[u8]) -> String {
    verify_bundle_value(statement_json, proof, verifier_key).to_string()
}

/// Verifies a user's inclusion proof against a statement (whose global proof
/// should be verified too, with [`verify_bundle`]).
#[wasm_bindgen]
pub fn verify_user_inclusion(statement_json: &str, inclusion_json: &str) -> String {
    verify_inclusion_value(statement_json, inclusion_json).to_string()
}

fn invalid(error: impl ToString) -> Value {
    json!({"valid": false, "error": error.to_string()})
}

fn parse_statement(text: &str) -> Result<Statement, Value> {
    serde_json::from_str(text)
        .map_err(|e| invalid(format!("statement.json is not a valid statement: {e}")))
}

pub fn verify_bundle_value(statement_json: &str, proof: &[u8], verifier_key: &[u8]) -> Value {
    let statement = match parse_statement(statement_json) {
        Ok(s) => s,
        Err(v) => return v,
    };
    match verify_pinned(&statement, proof, verifier_key, KeySource::Pinned) {
        Ok(v) => json!({
            "valid": true,
            "round": v.round,
            "leaf_count": v.leaf_count,
            "root": v.root.to_hex(),
            "verifier_key_digest": hex::encode(v.key_digest),
            "key_source": KeySource::Pinned,
            "assets": v.assets.iter().map(|a| json!({
                "symbol": a.symbol,
                "price_usd": a.price_usd,
                "collateral_ratio": a.collateral_ratio,
                "price_source": a.price_source,
                "price_time": a.price_time,
                "total_equity": format_amount(a.total_equity, a.decimals),
                "total_debt": format_amount(a.total_debt, a.decimals),
            })).collect::<Vec<_>>(),
        }),
        Err(e) => invalid(e),
    }
}

pub fn verify_inclusion_value(statement_json: &str, inclusion_json: &str) -> Value {
    let statement = match parse_statement(statement_json) {
        Ok(s) => s,
        Err(v) => return v,
    };
    let proof: InclusionProof = match serde_json::from_str(inclusion_json) {
        Ok(p) => p,
        Err(e) => return invalid(format!("not an inclusion proof: {e}")),
    };
    match verify_inclusion(&statement, &proof) {
        Ok(a) => json!({
            "valid": true,
            "account_id": a.account_id,
            "round": a.round,
            "leaf_index": a.leaf_index,
            "balances": a.balances.iter().map(|(symbol, decimals, equity, debt)| json!({
                "asset": symbol,
                "equity": format_amount(u128::from(*equity), *decimals),
                "debt": format_amount(u128::from(*debt), *decimals),
            })).collect::<Vec<_>>(),
        }),
        Err(e) => invalid(e),
    }
}
