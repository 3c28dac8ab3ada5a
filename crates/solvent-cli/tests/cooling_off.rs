//! `solvent cooling-off` on testdata/cooling-off: the decisions file equals
//! the test vector, the counts, and a bad line refused with its file, line
//! and field, with nothing printed or written.

mod common;

use std::path::Path;

use common::{solvent, text};

fn testdata(name: &str) -> String {
    format!(
        "{}/../../testdata/cooling-off/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn cooling_off(events: &str, extra: &[&str]) -> std::process::Output {
    let policy = testdata("policy.toml");
    let mut args = vec!["cooling-off", "--policy", &policy, "--events", events];
    args.extend_from_slice(extra);
    solvent(&args, Path::new("/nonexistent-cache"))
}

#[test]
fn decisions_counts_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let decisions = dir.path().join("decisions.jsonl");
    let decisions = decisions.to_str().unwrap();
    let events = testdata("events.jsonl");
    let out = cooling_off(&events, &["--decisions", decisions, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(decisions).unwrap(),
        std::fs::read_to_string(testdata("decisions.jsonl")).unwrap()
    );
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["format"], "solvent-cooling-off-stats-v1");
    assert_eq!(
        (stats["orders"].as_u64(), stats["denied"].as_u64()),
        (Some(12), Some(6))
    );
    assert_eq!(stats["denied_by_rule"]["rookie_leverage"], 3);

    let out = cooling_off(&events, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(printed.lines().filter(|l| l.starts_with("DENY")).count(), 6);
    assert!(printed.contains("order b2: loss_cooling_off (cooling-off until 2026-12-03T08:00:00Z"));

    // A bad last line: exit 2, the file, line and field named, nothing on
    // stdout and no decisions file.
    let mut bad = std::fs::read_to_string(&events).unwrap();
    bad.push_str(r#"{"event":"order","time":"2026-12-31T00:00:00Z","user":"bob","market":"derivatives","leverage":"2000"}"#);
    let bad_path = dir.path().join("bad.jsonl");
    std::fs::write(&bad_path, bad).unwrap();
    let fresh = dir.path().join("fresh.jsonl");
    let out = cooling_off(
        bad_path.to_str().unwrap(),
        &["--decisions", fresh.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.jsonl: line 17: field `leverage`: `2000` is not 1 to 1000"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert!(!fresh.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "only decisions.jsonl and bad.jsonl"
    );
}
