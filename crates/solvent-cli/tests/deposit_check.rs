//! `solvent deposit-check` on testdata/deposits: the batch as JSON, one
//! report from flags, and a bad address-book row refused with its file,
//! line and field.

mod common;

use std::path::Path;

use common::{solvent, text};

fn testdata(name: &str) -> String {
    format!(
        "{}/../../testdata/deposits/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn deposit_check(addresses: &str, extra: &[&str]) -> std::process::Output {
    let config = testdata("config.toml");
    let mut args = vec![
        "deposit-check",
        "--config",
        &config,
        "--addresses",
        addresses,
    ];
    args.extend_from_slice(extra);
    solvent(&args, Path::new("/nonexistent-cache"))
}

#[test]
fn batch_single_report_and_refusals() {
    let book = testdata("addresses.csv");
    let reports = testdata("reports.jsonl");
    let out = deposit_check(&book, &["--input", &reports, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["format"], "solvent-deposit-check-v1");
    assert_eq!(check["reports"], 17);
    assert_eq!(check["by_case"]["MISSING_MEMO"], 2);
    assert_eq!(check["results"][1]["case"], "WRONG_NETWORK");
    assert_eq!(check["results"][1]["found_on"], "ETH");
    assert_eq!(check["results"][1]["id"], "t2");

    let out = deposit_check(
        &book,
        &[
            "--network",
            "BSC",
            "--to",
            "0x1111111111111111111111111111111111111111",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.starts_with("WRONG_NETWORK"), "{printed}");
    assert!(printed.contains("needs: BSC's native coin at that address for the fee"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    let mut text_book = std::fs::read_to_string(&book).unwrap();
    text_book.push_str("ETH,ETH,0x11,,key\n");
    std::fs::write(&bad, text_book).unwrap();
    let out = deposit_check(bad.to_str().unwrap(), &["--input", &reports]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv: address book: line 12: field `address`"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let out = deposit_check(&book, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
