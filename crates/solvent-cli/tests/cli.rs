//! The `solvent` binary's contract: exit codes, located errors, JSON output.

mod common;

use std::path::Path;

use common::{solvent, text};

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
    assert_eq!(verdict["key_source"], "pinned");
    assert_eq!(verdict["assets"][1]["total_equity"], "13");
    assert_eq!(verdict["assets"][1]["total_debt"], "2");
    let pinned = verdict["verifier_key_digest"].clone();

    // Rebuilding the key from the circuits, on request, gives the pinned one.
    let out = solvent(&["verify", &bundle_s, "--json", "--rebuild-key"], &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["key_source"], "rebuilt");
    assert_eq!(verdict["verifier_key_digest"], pinned);

    // The round report: verified bundle + reserve sample + insurance.
    let reserves = testdata("reserves/solvent-v1-example.csv");
    let insurance = write(d, "insurance.csv", "asset,amount,note\nBTC,500,SAFU\n");
    let history = d.join("history.redb").to_string_lossy().into_owned();
    let report_dir = d.join("report");
    let report_s = report_dir.to_string_lossy().into_owned();
    let report_args = |out: &str| {
        vec![
            "report".to_string(),
            "--bundle".into(),
            bundle_s.clone(),
            "--reserves".into(),
            reserves.clone(),
            "--insurance".into(),
            insurance.clone(),
            "--history".into(),
            history.clone(),
            "--out".into(),
            out.to_string(),
        ]
    };
    let args = report_args(&report_s);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = solvent(&args, &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(report_dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["round"], "2026-11");
    assert_eq!(report["assets"][0]["asset"], "BTC");
    assert_eq!(report["assets"][0]["net_liabilities"], "1");
    assert_eq!(report["assets"][0]["ratio_percent"], "151250.00");
    assert_eq!(report["assets"][1]["net_liabilities"], "11");
    // USD at the statement's prices: 1 BTC at 97000 and 1512.50000001 BTC
    // of reserves (rounded down to the cent); 11 USDT owed and 1150000.5
    // held; the totals over both assets.
    assert_eq!(report["assets"][0]["net_liabilities_usd"], "97000.00");
    assert_eq!(report["assets"][0]["reserves_verified_usd"], "146712500.00");
    assert_eq!(report["usd"]["net_liabilities"], "97011.00");
    assert_eq!(report["usd"]["reserves_verified"], "147862500.50");
    assert_eq!(report["usd"]["headline"], "USD 147.8 million");
    assert_eq!(report["insurance"][0]["amount"], "500");
    let html = std::fs::read_to_string(report_dir.join("report.html")).unwrap();
    assert!(html.contains("<table id=\"ratios\">"));
    // With a balances config whose nodes are down: every verified row is
    // reported as not read and nothing is counted (never a zero balance).
    let balances = write(
        d,
        "balances.toml",
        "timeout_seconds = 5\n[[evm]]\nnetwork = \"ETH\"\nrpc = \"http://127.0.0.1:9\"\nnative_asset = \"ETH\"\n[[esplora]]\nnetwork = \"BTC\"\nurl = \"http://127.0.0.1:9\"\nblock = 870000\n",
    );
    let down_dir = d.join("report-down");
    let mut args = report_args(&down_dir.to_string_lossy());
    args.extend(["--balances".to_string(), balances.clone()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = solvent(&args, &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let down: serde_json::Value =
        serde_json::from_slice(&std::fs::read(down_dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(down["reserves"]["balances_checked"], true);
    assert_eq!(down["assets"][0]["reserves_verified"], "0");
    assert_eq!(down["assets"][0]["ratio_percent"], "0.00");
    let uncounted = down["uncounted_rows"].as_array().unwrap();
    assert_eq!(uncounted.len(), 9, "{uncounted:?}");
    assert!(uncounted[0]["reason"]
        .as_str()
        .unwrap()
        .contains("on-chain balance not read"));
    // An unusable balances config is exit 2.
    let bad_balances = write(d, "bad.toml", "[[evm]]\nnetwork = 1\n");
    let mut args = report_args(&d.join("never-report").to_string_lossy());
    args.extend(["--balances".to_string(), bad_balances]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = solvent(&args, &cache);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("bad.toml"), "{}", text(&out));

    let out = solvent(&["history", "--history", &history, "--json"], &cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let rounds: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rounds[0]["round"], "2026-11");
    // The latest report of a round replaces the earlier one.
    assert_eq!(rounds.as_array().unwrap().len(), 1);
    assert_eq!(rounds[0]["assets"][0]["ratio_percent"], "0.00");
    let out = solvent(
        &[
            "history",
            "--history",
            &d.join("none.redb").to_string_lossy(),
        ],
        &cache,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

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

    // A key outside the verifier's pinned table is invalid (1), whatever
    // digest the statement names.
    let statement_path = bundle.join("statement.json");
    let original = std::fs::read_to_string(&statement_path).unwrap();
    let digest = pinned.as_str().unwrap();
    std::fs::write(&statement_path, original.replace(digest, &"ab".repeat(32))).unwrap();
    let out = solvent(&["verify", &bundle_s], &cache);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("unknown verifier key"),
        "{}",
        text(&out)
    );
    std::fs::write(&statement_path, &original).unwrap();

    // A tampered total is invalid (1) with the field named.
    std::fs::write(&statement_path, original.replace("\"13\"", "\"14\"")).unwrap();
    let out = solvent(&["verify", &bundle_s], &cache);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("total_equity"), "{}", text(&out));
    // ... and the report refuses it: exit 1, nothing written.
    let refused_dir = d.join("refused");
    let args = report_args(&refused_dir.to_string_lossy());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = solvent(&args, &cache);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("REFUSED"), "{}", text(&out));
    assert!(!refused_dir.exists());
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

fn testdata(path: &str) -> String {
    format!("{}/../../testdata/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn reserves_verify_exit_codes_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path();

    // Every row of the sample verifies: exit 0, totals per asset.
    let sample = testdata("reserves/solvent-v1-example.csv");
    let out = solvent(&["reserves", "verify", &sample], cache);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("ALL VERIFIED: 9 verified, 0 failed, 0 unverified"));
    let out = solvent(&["reserves", "verify", &sample, "--json"], cache);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 9);
    assert_eq!(json["rows"][0]["line"], 2);
    assert_eq!(json["rows"][0]["status"], "VERIFIED");
    assert_eq!(json["totals"]["BTC"]["verified"], "1512.50000001");
    assert_eq!(json["totals"]["BTC"]["unverified"], "0");

    // OKX's example: a placeholder row and a summary that does not add up.
    let okx = testdata("okx/okx_por_example.csv");
    let out = solvent(&["reserves", "verify", &okx, "--json"], cache);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["layout"], "okx-11");
    let aptos = &json["rows"][4];
    assert_eq!(
        (
            aptos["line"].as_u64(),
            aptos["asset"].as_str(),
            aptos["status"].as_str()
        ),
        (Some(20), Some("APTOS"), Some("UNVERIFIED"))
    );
    assert!(aptos["reason"].as_str().unwrap().contains("placeholder"));
    assert_eq!(json["totals"]["APTOS"]["unverified"], "1.5");
    assert_eq!(json["totals"]["APTOS"]["verified"], "0");

    // A forged row fails: exit 1 with the reason.
    let body = std::fs::read_to_string(&sample)
        .unwrap()
        .replace("solvent reserves 2026-11,KO", "solvent reserves 2026-12,KO");
    let forged = write(tmp.path(), "forged.csv", &body);
    let out = solvent(&["reserves", "verify", &forged], cache);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("FAILED"), "{}", text(&out));

    // Unusable files: exit 2, naming the file and line.
    let bad = write(
        tmp.path(),
        "bad.csv",
        "coin,snapshot height,amount\nBTC,-,1x\n",
    );
    let out = solvent(&["reserves", "verify", &bad], cache);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("bad.csv") && text(&out).contains("line 2"),
        "{}",
        text(&out)
    );
    let out = solvent(&["reserves", "verify", "/nonexistent/reserves.csv"], cache);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// Under `--json` a failure is a JSON object on stdout too, with the exit
/// code of the one table that `--help` prints; each cause is said once.
#[test]
fn failures_are_json_under_json_and_codes_follow_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let missing = d.join("no-such-bundle");
    let missing = missing.to_str().unwrap();

    let out = solvent(&["verify", missing, "--json"], d);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let error: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("a JSON error object on stdout");
    assert_eq!(error["exit_code"], 2);
    let message = error["error"].as_str().unwrap();
    assert!(message.contains("statement.json"), "{message}");
    let cause = "No such file or directory";
    assert_eq!(message.matches(cause).count(), 1, "{message}");

    // Without --json, stdout stays empty and stderr says it once.
    let out = solvent(&["verify", missing], d);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches(cause).count(), 1, "{stderr}");

    // A valid test vector verifies (0); with one byte changed it is invalid
    // (1), still as one JSON object.
    let vector = testdata("bundle");
    let out = solvent(&["verify", &vector, "--json"], d);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let copy = d.join("bundle");
    std::fs::create_dir(&copy).unwrap();
    for name in ["statement.json", "proof.bin", "verifier_key.bin"] {
        std::fs::copy(Path::new(&vector).join(name), copy.join(name)).unwrap();
    }
    let mut proof = std::fs::read(copy.join("proof.bin")).unwrap();
    proof[100] ^= 1;
    std::fs::write(copy.join("proof.bin"), proof).unwrap();
    let out = solvent(&["verify", copy.to_str().unwrap(), "--json"], d);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["valid"], false);

    let out = solvent(&["--help"], d);
    let help = String::from_utf8_lossy(&out.stdout);
    for line in [
        "0  success",
        "1  invalid",
        "2  unusable input",
        "3  internal failure",
    ] {
        assert!(help.contains(line), "--help lacks `{line}`:\n{help}");
    }
}
