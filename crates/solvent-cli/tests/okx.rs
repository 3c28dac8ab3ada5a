//! `solvent okx inclusion` on OKX's published sample files and on changed
//! copies: exit 0 valid, 1 invalid with the reason, 2 unusable input.

mod common;

use std::path::Path;
use std::process::Output;

use common::{solvent, text};

const ROOT: &str = "ac6b39d2a0aa8112bd1aadff5e7d4b5c2b91cd54d595262ba4367f5d2db4160d";

/// `solvent okx inclusion ARGS` (it builds no circuit: no cache is used).
fn okx(args: &[&str]) -> Output {
    let args: Vec<&str> = ["okx", "inclusion"].iter().chain(args).copied().collect();
    solvent(&args, Path::new("/nonexistent-cache"))
}

fn sample(name: &str) -> String {
    format!("{}/../../testdata/okx/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn changed(dir: &Path, name: &str, from: &str, to: &str) -> String {
    let body = std::fs::read_to_string(sample(name)).unwrap();
    assert!(body.contains(from), "{from} not in {name}");
    let path = dir.join(name);
    std::fs::write(&path, body.replacen(from, to, 1)).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn published_files_verify_and_changed_ones_do_not() {
    let v1 = sample("merkle_proof_file.json");
    let (v2, tree) = (
        sample("user_info_file.json"),
        sample("full-liabilities-merkle-tree.txt"),
    );

    let out = okx(&[&v1, "--root", ROOT]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).starts_with("VALID (okx-v1)"));
    let out = okx(&[&v2, "--tree", &tree, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["balances"]["BTC"], "0.00005");

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One balance of the user's leaf.
    let f = changed(
        d,
        "merkle_proof_file.json",
        "\"USDT\":\"19398.33550812\"",
        "\"USDT\":\"29398.33550812\"",
    );
    let out = okx(&[&f, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["problems"][0]["kind"], "hash");
    // One node of the path.
    let f = changed(
        d,
        "merkle_proof_file.json",
        "747aa1c09adcd812",
        "747aa1c09adcd813",
    );
    let out = okx(&[&f]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("not to the root the file names"),
        "{}",
        text(&out)
    );
    // Another root.
    let out = okx(&[&v1, "--root", &"12".repeat(32)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("not the published root"),
        "{}",
        text(&out)
    );
    // A node of the full tree.
    let t = changed(
        d,
        "full-liabilities-merkle-tree.txt",
        "\"USDT\":\"0.00047828\"",
        "\"USDT\":\"0.00047829\"",
    );
    let out = okx(&[&v2, "--tree", &t]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("tree line 1: the node is not the hash of its children"),
        "{}",
        text(&out)
    );
}

#[test]
fn unusable_input_exits_2_with_its_place() {
    let v2 = sample("user_info_file.json");
    let out = okx(&[&v2]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("full tree file"), "{}", text(&out));
    let out = okx(&[&sample("okx_por_example.csv")]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let dir = tempfile::tempdir().unwrap();
    let t = changed(
        dir.path(),
        "full-liabilities-merkle-tree.txt",
        ",5,",
        ",five,",
    );
    let out = okx(&[&v2, "--tree", &t]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("line 2: height `five` is not a number"),
        "{}",
        text(&out)
    );
    let out = okx(&[&sample("merkle_proof_file.json"), "--root", "xyz"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
