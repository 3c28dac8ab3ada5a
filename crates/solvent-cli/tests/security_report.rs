//! `solvent security-report`: every section NOT_REPORTED when no file is
//! given, a section from an engine's real output, and another command's
//! output in a section's place refused with nothing written.

mod common;

use std::path::Path;

use common::{solvent, text};

fn testdata(dir: &str, name: &str) -> String {
    format!("{}/../../testdata/{dir}/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sections_exit_codes_and_nothing_written_on_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cache = Path::new("/nonexistent-cache");
    let history = d.join("history.redb");
    let history = history.to_str().unwrap();
    let out = d.join("empty");
    let run = |extra: &[&str], out: &Path| {
        let mut args = vec![
            "security-report",
            "--month",
            "2026-12",
            "--history",
            history,
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        solvent(&args, cache)
    };
    let got = run(&["--json"], &out);
    assert_eq!(got.status.code(), Some(0), "{}", text(&got));
    let report: serde_json::Value = serde_json::from_slice(&got.stdout).unwrap();
    for (name, section) in report["sections"].as_object().unwrap() {
        assert_eq!(section["status"], "NOT_REPORTED", "{name}");
    }
    assert!(out.join("security-report.html").exists());

    // The cooling-off figures of testdata, as the command writes them.
    let stats = solvent(
        &[
            "cooling-off",
            "--policy",
            &testdata("cooling-off", "policy.toml"),
            "--events",
            &testdata("cooling-off", "events.jsonl"),
            "--json",
        ],
        cache,
    );
    assert_eq!(stats.status.code(), Some(0), "{}", text(&stats));
    let stats_path = d.join("cooling-off.json");
    std::fs::write(&stats_path, &stats.stdout).unwrap();
    let stats_path = stats_path.to_str().unwrap();
    let filled = d.join("filled");
    let got = run(&["--cooling-off", stats_path], &filled);
    assert_eq!(got.status.code(), Some(0), "{}", text(&got));
    assert!(String::from_utf8_lossy(&got.stdout).contains("REPORTED      rookie_protection"));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(filled.join("security-report.json")).unwrap())
            .unwrap();
    assert_eq!(written["sections"]["rookie_protection"]["denied"], 6);
    assert_eq!(written["history"][0]["counts"]["orders_denied"], 6);

    // The same file where the key audit belongs: exit 2, nothing written.
    let wrong = d.join("wrong");
    let got = run(&["--keys", stats_path], &wrong);
    assert_eq!(got.status.code(), Some(2), "{}", text(&got));
    assert!(String::from_utf8_lossy(&got.stderr)
        .contains("field `format` is `solvent-cooling-off-stats-v1`, not `solvent-keys-audit-v1`"));
    assert!(!wrong.exists());
}
