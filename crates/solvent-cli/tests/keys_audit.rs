//! `solvent keys-audit` on the hand-made export of testdata/keys: the plan
//! as JSON, and a malformed row refused with its file, line and field.

mod common;

use std::path::Path;

use common::{solvent, text};

fn testdata(name: &str) -> String {
    format!("{}/../../testdata/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn keys_audit(keys: &str) -> std::process::Output {
    let policy = testdata("policy.toml");
    solvent(
        &[
            "keys-audit",
            "--keys",
            keys,
            "--policy",
            &policy,
            "--as-of",
            "2026-12-01",
            "--json",
        ],
        Path::new("/nonexistent-cache"),
    )
}

#[test]
fn the_plan_and_its_refusals() {
    let out = keys_audit(&testdata("export.csv"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["format"], "solvent-keys-audit-v1");
    assert_eq!(plan["keys"], 8);
    assert_eq!(plan["by_action"]["PURGE"], 3);
    assert_eq!(plan["decisions"].as_array().unwrap().len(), 6);
    assert_eq!(plan["decisions"][0]["key_id"], "k-idle");
    assert_eq!(plan["decisions"][0]["rules"][0], "idle");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("keys.csv");
    let good = std::fs::read_to_string(testdata("export.csv")).unwrap();
    std::fs::write(
        &bad,
        good.replace("read|trade,203.0.113.7", "read|trade,203.0.113.777"),
    )
    .unwrap();
    let out = keys_audit(bad.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("keys.csv: line 2: field `ip_allowlist`: `203.0.113.777`"),
        "{}",
        text(&out)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(answer.get("decisions").is_none());
    let out = solvent(
        &[
            "keys-audit",
            "--keys",
            &testdata("export.csv"),
            "--policy",
            &testdata("policy.toml"),
            "--as-of",
            "2026-12-32",
        ],
        Path::new("/nonexistent-cache"),
    );
    assert_eq!(out.status.code(), Some(2));
}
