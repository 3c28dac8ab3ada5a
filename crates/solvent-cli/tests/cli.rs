//! The `solvent` binary's contract: exit codes, located errors, JSON output.

use std::path::Path;
use std::process::{Command, Output};

fn solvent(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_solvent"))
        .args(args)
        .env("SOLVENT_CACHE_DIR", cache)
        .output()
        .expect("run solvent")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn write(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.to_string_lossy().into_owned()
}

const ASSETS: &str = "symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\n";

#[test]
fn prove_verify_tamper_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cache = d.join("cache");
    let assets = write(d, "assets.csv", ASSETS);
    let accounts = write(
        d,
        "accounts.jsonl",
        concat!(
            r#"{"account_id":"a","balances":[{"asset":"BTC","equity":"1","debt":"0"}]}"#,
            "\n",
            r#"{"account_id":"b","balances":[{"asset":"USDT","equity":"10","debt":"2"}]}"#,
            "\n",
            r#"{"account_id":"c","balances":[{"asset":"USDT","equity":"3","debt":"0"}]}"#,
            "\n"
        ),
    );
    let bundle = d.join("bundle");
    let bundle_s = bundle.to_string_lossy().into_owned();

    let out = solvent(
        &[
            "prove",
            "--assets",
            &assets,
            "--accounts",
            &accounts,
            "--round",
            "2026-11",
            "--out",
            &bundle_s,
            "--batch-size",
            "2",
            "--json",
        ],
        &cache,
    );
    assert!(out.status.success(), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["accounts"], 3);
    assert_eq!(report["batches"], 2);

    // Proving again into the same directory is refused without --force.
    let out = solvent(
        &[
            "prove",
            "--assets",
            &assets,
            "--accounts",
            &accounts,
            "--round",
            "2026-11",
            "--out",
            &bundle_s,
        ],
        &cache,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("already exists"));

    let out = solvent(&["verify", &bundle_s, "--json"], &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["key_source"], "rebuilt");
    assert_eq!(verdict["assets"][1]["total_equity"], "13");
    assert_eq!(verdict["assets"][1]["total_debt"], "2");

    // Second run uses the cached key digest.
    let out = solvent(&["verify", &bundle_s, "--json"], &cache);
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["key_source"], "cache");

    // Inclusion: extract, verify, and reject a tampered copy.
    let inclusion = d.join("b.json");
    let inclusion_s = inclusion.to_string_lossy().into_owned();
    let out = solvent(
        &[
            "inclusion",
            &bundle_s,
            "--account",
            "b",
            "--out",
            &inclusion_s,
        ],
        &cache,
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = solvent(&["verify", &bundle_s, "--inclusion", &inclusion_s], &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("INCLUDED: account `b` is leaf 1 of round 2026-11"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("USDT: equity 10, debt 2"),
        "{}",
        text(&out)
    );
    let tampered = std::fs::read_to_string(&inclusion)
        .unwrap()
        .replace("\"10\"", "\"11\"");
    std::fs::write(&inclusion, tampered).unwrap();
    let out = solvent(
        &["verify", &bundle_s, "--inclusion", &inclusion_s, "--json"],
        &cache,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["global_proof_valid"], true);
    assert_eq!(verdict["inclusion_valid"], false);
    let out = solvent(&["inclusion", &bundle_s, "--account", "nobody"], &cache);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

    // A wrong published digest is invalid (1).
    let out = solvent(
        &["verify", &bundle_s, "--key-digest", &"ab".repeat(32)],
        &cache,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    // A tampered total is invalid (1) with the field named.
    let statement_path = bundle.join("statement.json");
    let original = std::fs::read_to_string(&statement_path).unwrap();
    std::fs::write(&statement_path, original.replace("\"13\"", "\"14\"")).unwrap();
    let out = solvent(&["verify", &bundle_s], &cache);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("total_equity"), "{}", text(&out));
    std::fs::write(&statement_path, &original).unwrap();

    // A flipped proof byte is invalid (1).
    let proof_path = bundle.join("proof.bin");
    let mut proof = std::fs::read(&proof_path).unwrap();
    proof[1000] ^= 0x80;
    std::fs::write(&proof_path, &proof).unwrap();
    let out = solvent(&["verify", &bundle_s], &cache);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("INVALID"));

    // Unusable input is 2.
    let out = solvent(&["verify", &d.join("nothing").to_string_lossy()], &cache);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    std::fs::write(&statement_path, "{").unwrap();
    let out = solvent(&["verify", &bundle_s], &cache);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

    // Bad snapshot rows: exit 2 with file, line and field; nothing written.
    let bad = write(
        d,
        "bad.csv",
        "account_id,asset,equity,debt\na,BTC,1,0\nb,BTC,1.000000001,0\n",
    );
    let out_dir = d.join("never");
    let out = solvent(
        &[
            "prove",
            "--assets",
            &assets,
            "--accounts",
            &bad,
            "--round",
            "r",
            "--out",
            &out_dir.to_string_lossy(),
        ],
        &cache,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("bad.csv:3 field `equity`"),
        "{}",
        text(&out)
    );
    assert!(!out_dir.exists());
}
