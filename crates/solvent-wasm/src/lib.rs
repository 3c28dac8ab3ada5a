//! The solvent verifier for the browser: functions taking the files a user
//! drops on the page (or the page fetches from its own site) and returning
//! JSON. Nothing here touches the network.
#![forbid(unsafe_code)]

use serde_json::{json, Value};
use solvent_model::InclusionProof;
use solvent_model::Statement;
use solvent_site::{open_entry, Code, Lookup, Manifest};
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

/// On a published site: the bucket file (a path relative to the site) that
/// holds the entry of `code` in the statement's round. Returns
/// `{"bucket": path}` or `{"error": string}`.
#[wasm_bindgen]
pub fn site_bucket(code: &str, statement_json: &str, site_json: &str) -> String {
    site_bucket_value(code, statement_json, site_json).to_string()
}

/// On a published site: decrypts the entry of `code` in `bucket` (the file
/// [`site_bucket`] named). Returns `{"inclusion": text}`, the user's
/// `inclusion.json` to check with [`verify_user_inclusion`], or
/// `{"error": string}`.
#[wasm_bindgen]
pub fn site_open(code: &str, statement_json: &str, site_json: &str, bucket: &[u8]) -> String {
    site_open_value(code, statement_json, site_json, bucket).to_string()
}

fn site_lookup(
    code: &str,
    statement_json: &str,
    site_json: &str,
) -> Result<(Manifest, Lookup), Value> {
    let statement = parse_statement(statement_json)?;
    let manifest =
        Manifest::parse_for(site_json, &statement).map_err(|e| json!({"error": e.to_string()}))?;
    let code = Code::parse(code).map_err(|e| json!({"error": e.to_string()}))?;
    Ok((
        manifest,
        Lookup::new(&code, &statement.round, &statement.root),
    ))
}

pub fn site_bucket_value(code: &str, statement_json: &str, site_json: &str) -> Value {
    match site_lookup(code, statement_json, site_json) {
        Ok((manifest, lookup)) => {
            json!({"bucket": manifest.bucket_path(lookup.bucket(manifest.bucket_bits))})
        }
        Err(v) => v,
    }
}

pub fn site_open_value(code: &str, statement_json: &str, site_json: &str, bucket: &[u8]) -> Value {
    let (manifest, lookup) = match site_lookup(code, statement_json, site_json) {
        Ok(found) => found,
        Err(v) => return v,
    };
    let expected = manifest.bucket_entries.saturating_mul(manifest.entry_len);
    if bucket.len() as u64 != expected {
        return json!({"error": format!("the bucket is {} bytes, site.json says {expected}: it was altered or is from another site", bucket.len())});
    }
    match open_entry(bucket, manifest.entry_len as usize, &lookup) {
        Ok(plain) => match String::from_utf8(plain) {
            Ok(text) => json!({"inclusion": text}),
            Err(_) => json!({"error": "your entry is not text"}),
        },
        Err(e) => json!({"error": e.to_string()}),
    }
}

/// Checks OKX's published user files: a v1 `merkle_proof_file.json`, or a v2
/// `user_info_file.json` with the full tree file's text (`tree`; empty for
/// none), against `root` if not empty. Returns the verdict as JSON
/// (`valid`, `problems`, `root`, ...) or `{"valid": false, "error": string}`
/// when the files cannot be used.
#[wasm_bindgen]
pub fn okx_inclusion(user: &str, tree: &str, root: &str) -> String {
    let some = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
    let (tree, root) = (some(tree), some(root));
    match solvent_okx::check_files(user, tree.as_deref(), root.as_deref()) {
        Ok(verdict) => serde_json::to_string(&verdict).expect("a verdict serializes"),
        Err(e) => invalid(e).to_string(),
    }
}
