//! The solvent verifier for the browser: two functions taking the files a user
//! drops on the page and returning a JSON verdict. Nothing here touches the
//! network; the page loads this module from its own directory.
#![forbid(unsafe_code)]

use serde_json::{json, Value};
use solvent_model::InclusionProof;
use solvent_model::Statement;
use solvent_verifier::{verify_bundle as verify_pinned, verify_inclusion, KeySource};
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
        Ok(v) => serde_json::to_value(v.view(KeySource::Pinned)).expect("a view serializes"),
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
        Ok(a) => {
            let mut value = serde_json::to_value(a.view()).expect("a view serializes");
            value["valid"] = json!(true);
            value["round"] = json!(a.round);
            value
        }
        Err(e) => invalid(e),
    }
}
