//! `solvent publish` on a real bundle: every user's code opens an inclusion
//! proof the verifier accepts; an invalid bundle, a codes file inside the
//! site and a bad code key are refused with the table's exit codes.

mod common;

use std::path::Path;

use common::{solvent, text};
use solvent_model::{Bundle, InclusionProof};
use solvent_site::manifest::MANIFEST_FILE;
use solvent_site::{open_entry, Code, Lookup, Manifest};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn prove(d: &Path, out: &Path) {
    let assets = d.join("assets.csv");
    let accounts = d.join("accounts.csv");
    std::fs::write(
        &assets,
        "symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\n",
    )
    .unwrap();
    let mut rows = String::from("account_id,asset,equity,debt\n");
    for i in 0..37 {
        rows.push_str(&format!("acct-{i},USDT,{},0\n", 10 + i));
        if i % 3 == 0 {
            rows.push_str(&format!("acct-{i},BTC,0.{i:02},0\n"));
        }
    }
    std::fs::write(&accounts, rows).unwrap();
    let args = [
        "prove",
        "--assets",
        s(&assets),
        "--accounts",
        s(&accounts),
        "--round",
        "2026-11",
        "--out",
        s(out),
        "--batch-size",
        "16",
    ];
    let done = solvent(&args, &d.join("cache"));
    assert!(done.status.success(), "{}", text(&done));
}

#[test]
fn published_codes_open_verified_inclusion_proofs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cache = d.join("cache");
    let (bundle, site, codes, page) = (
        d.join("bundle"),
        d.join("site"),
        d.join("codes.csv"),
        d.join("page.html"),
    );
    prove(d, &bundle);
    std::fs::write(&page, "<!doctype html><title>page</title>").unwrap();
    let publish = |out: &Path, bundle: &Path, codes: &Path, extra: &[&str]| {
        let mut args = vec![
            "publish",
            s(bundle),
            "--out",
            s(out),
            "--codes",
            s(codes),
            "--page",
            s(&page),
            "--bucket-users",
            "8",
            "--json",
        ];
        args.extend_from_slice(extra);
        solvent(&args, &cache)
    };

    let out = publish(&site, &bundle, &codes, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["accounts"], 37);
    assert_eq!(summary["code_key_created"], true);
    assert!(summary["min_bucket_users"].as_u64().unwrap() >= 8);
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        "<!doctype html><title>page</title>"
    );

    let statement = Bundle::read(&bundle).unwrap().statement;
    let manifest = Manifest::parse_for(
        &std::fs::read_to_string(site.join(MANIFEST_FILE)).unwrap(),
        &statement,
    )
    .unwrap();
    let codes_text = std::fs::read_to_string(&codes).unwrap();
    let rows: Vec<(&str, &str)> = codes_text
        .lines()
        .skip(1)
        .map(|l| l.split_once(',').unwrap())
        .collect();
    assert_eq!(rows.len(), 37);
    for (account, code) in &rows {
        let lookup = Lookup::new(
            &Code::parse(code).unwrap(),
            &statement.round,
            &statement.root,
        );
        let bucket =
            std::fs::read(site.join(manifest.bucket_path(lookup.bucket(manifest.bucket_bits))))
                .unwrap();
        let plain = open_entry(&bucket, manifest.entry_len as usize, &lookup).unwrap();
        let proof: InclusionProof = serde_json::from_slice(&plain).unwrap();
        let included = solvent_verifier::verify_inclusion(&statement, &proof).unwrap();
        assert_eq!(&included.account_id, account);
    }

    // Published again with the same key (say, next month), every account
    // keeps its code.
    let codes_next = d.join("codes-next.csv");
    let key = format!("{}.key", s(&codes));
    let out = publish(
        &d.join("site-next"),
        &bundle,
        &codes_next,
        &["--code-key", &key],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&codes_next).unwrap(), codes_text);

    // A site that exists is not overwritten.
    let out = publish(&site, &bundle, &d.join("again.csv"), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("exists and is not an empty directory"),
        "{}",
        text(&out)
    );

    // The codes file may not land in the site.
    let inside = d.join("site-2").join("codes.csv");
    let out = publish(&d.join("site-2"), &bundle, &inside, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("inside the site directory"),
        "{}",
        text(&out)
    );
    assert!(!d.join("site-2").exists());

    // A code key that is not one.
    let bad_key = d.join("bad.key");
    std::fs::write(&bad_key, "not a key\n").unwrap();
    let out = publish(
        &d.join("site-3"),
        &bundle,
        &d.join("c3.csv"),
        &["--code-key", s(&bad_key)],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("64 hex digits"), "{}", text(&out));
    assert!(!d.join("site-3").exists() && !d.join("c3.csv").exists());

    // A bundle whose proof does not verify is not published (exit 1).
    let proof = bundle.join("proof.bin");
    let mut bytes = std::fs::read(&proof).unwrap();
    bytes[2000] ^= 4;
    std::fs::write(&proof, bytes).unwrap();
    let out = publish(&d.join("site-4"), &bundle, &d.join("c4.csv"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("does not verify"), "{}", text(&out));
    assert!(!d.join("site-4").exists() && !d.join("c4.csv").exists());
}
