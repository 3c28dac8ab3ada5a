//! The publisher on synthetic inclusion proofs: every code opens exactly its
//! own entry, buckets are equal and large enough, and a failure leaves
//! nothing behind.

use std::collections::HashSet;
use std::path::Path;

use solvent_model::inclusion::{encode_sibling, InclusionBalance, INCLUSION_FORMAT};
use solvent_model::{InclusionProof, Statement};
use solvent_site::entry::{ID_LEN, OVERHEAD};
use solvent_site::manifest::{bucket_path, MANIFEST_FILE};
use solvent_site::publish::{publish, Phase, PublishError, SiteOptions};
use solvent_site::{open_entry, Code, CodeKey, Lookup, Manifest, OpenError};

fn statement(round: &str, accounts: u64) -> Statement {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/bundle/statement.json"
    ))
    .unwrap();
    let mut s: Statement = serde_json::from_str(&text).unwrap();
    s.round = round.to_string();
    s.leaf_count = accounts;
    s
}

fn proofs(round: &str, n: u64) -> Vec<InclusionProof> {
    (0..n)
        .map(|i| InclusionProof {
            format: INCLUSION_FORMAT.to_string(),
            round: round.to_string(),
            // Ids of different lengths: entries must still be equal in size.
            account_id: format!("user-{}", "x".repeat((i % 7) as usize) + &i.to_string()),
            salt: format!("{:064x}", i),
            leaf_index: i,
            balances: vec![InclusionBalance {
                asset: "BTC".into(),
                equity: (i * 13 % 1000).to_string(),
                debt: "0".into(),
            }],
            siblings: (0..10)
                .map(|k| encode_sibling(&[k as u8 ^ i as u8; 32]))
                .collect(),
        })
        .collect()
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("bundle");
        std::fs::create_dir(&bundle).unwrap();
        for name in ["statement.json", "proof.bin", "verifier_key.bin"] {
            std::fs::write(bundle.join(name), name).unwrap();
        }
        Fixture { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn publish(
        &self,
        out: &str,
        key: &CodeKey,
        statement: &Statement,
        proofs: &[InclusionProof],
        bucket_users: u64,
    ) -> Result<solvent_site::publish::Published, PublishError> {
        let bundle = self.path("bundle");
        let (out, codes) = (self.path(out), self.path(&format!("{}.csv", out)));
        let options = SiteOptions {
            bundle: &bundle,
            page: b"<!doctype html>",
            out: &out,
            codes: &codes,
            code_key: key,
            bucket_users,
        };
        publish(
            &options,
            statement,
            || Ok::<_, std::io::Error>(proofs.iter().cloned().map(Ok)),
            &|_: Phase, _, _| {},
        )
    }
}

fn read_codes(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("account_id,code"));
    lines
        .map(|l| {
            let (a, c) = l.split_once(',').unwrap();
            (a.to_string(), c.to_string())
        })
        .collect()
}

#[test]
fn every_code_opens_its_own_entry_in_equal_buckets() {
    let f = Fixture::new();
    let key = CodeKey::from_bytes([1; 32]);
    let n = 1000;
    let statement = statement("2026-11", n);
    let proofs = proofs("2026-11", n);
    let published = f.publish("site", &key, &statement, &proofs, 50).unwrap();
    assert_eq!(published.accounts, n);
    assert!(published.min_bucket_users >= 50, "{published:?}");
    assert!(published.buckets >= 8, "{published:?}");

    let site = f.path("site");
    let manifest_text = std::fs::read_to_string(site.join(MANIFEST_FILE)).unwrap();
    let manifest = Manifest::parse_for(&manifest_text, &statement).unwrap();
    assert_eq!(manifest.bucket_entries, published.bucket_entries);

    // Equal-sized buckets of entries with distinct ids, sorted by id.
    let mut users = 0;
    for b in 0..published.buckets {
        let bytes = std::fs::read(site.join(bucket_path(b, manifest.bucket_bits))).unwrap();
        assert_eq!(
            bytes.len() as u64,
            manifest.bucket_entries * manifest.entry_len
        );
        let ids: Vec<&[u8]> = bytes
            .chunks_exact(manifest.entry_len as usize)
            .map(|e| &e[..ID_LEN])
            .collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "bucket {b} sorted, ids distinct"
        );
        users += ids.len();
    }
    assert!(users as u64 >= n);
    let files = std::fs::read_dir(site.join("buckets")).unwrap().count() as u64;
    assert_eq!(files, published.buckets, "no partition file left behind");

    let codes = read_codes(&f.path("site.csv"));
    assert_eq!(codes.len() as u64, n);
    let mut seen = HashSet::new();
    for (proof, (account, code)) in proofs.iter().zip(&codes) {
        assert_eq!(&proof.account_id, account);
        assert!(seen.insert(code.clone()), "codes are distinct");
        let code = Code::parse(code).unwrap();
        assert_eq!(code, Code::derive(&key, account));
        let lookup = Lookup::new(&code, &statement.round, &statement.root);
        let bucket =
            std::fs::read(site.join(manifest.bucket_path(lookup.bucket(manifest.bucket_bits))))
                .unwrap();
        let plain = open_entry(&bucket, manifest.entry_len as usize, &lookup).unwrap();
        let opened: InclusionProof = serde_json::from_slice(&plain).unwrap();
        assert_eq!(&opened, proof);
    }

    // A code of another key opens nothing.
    let stranger = Code::derive(&CodeKey::from_bytes([2; 32]), &proofs[0].account_id);
    let lookup = Lookup::new(&stranger, &statement.round, &statement.root);
    let bucket =
        std::fs::read(site.join(manifest.bucket_path(lookup.bucket(manifest.bucket_bits))))
            .unwrap();
    assert_eq!(
        open_entry(&bucket, manifest.entry_len as usize, &lookup),
        Err(OpenError::NotFound)
    );
    assert!(manifest.entry_len as usize > OVERHEAD);
}

#[test]
fn codes_stay_and_lookups_change_from_round_to_round() {
    let f = Fixture::new();
    let key = CodeKey::from_bytes([3; 32]);
    f.publish(
        "nov",
        &key,
        &statement("2026-11", 20),
        &proofs("2026-11", 20),
        4,
    )
    .unwrap();
    f.publish(
        "dec",
        &key,
        &statement("2026-12", 20),
        &proofs("2026-12", 20),
        4,
    )
    .unwrap();
    assert_eq!(
        read_codes(&f.path("nov.csv")),
        read_codes(&f.path("dec.csv"))
    );
    // The same code is another entry in another round.
    let nov_site = std::fs::read_to_string(f.path("nov").join(MANIFEST_FILE)).unwrap();
    let dec_site = std::fs::read_to_string(f.path("dec").join(MANIFEST_FILE)).unwrap();
    assert_ne!(nov_site, dec_site);
}

#[test]
fn fewer_users_than_a_bucket_gives_one_bucket_of_all() {
    let f = Fixture::new();
    let key = CodeKey::from_bytes([4; 32]);
    let published = f
        .publish("site", &key, &statement("r", 5), &proofs("r", 5), 1024)
        .unwrap();
    assert_eq!(
        (
            published.buckets,
            published.min_bucket_users,
            published.bucket_entries
        ),
        (1, 5, 5)
    );
}

#[test]
fn refusals_leave_nothing_behind() {
    let f = Fixture::new();
    let key = CodeKey::from_bytes([5; 32]);
    let before: HashSet<_> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let left = || -> HashSet<_> {
        std::fs::read_dir(f.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    };

    // A proof of another round.
    let mut mixed = proofs("2026-11", 10);
    mixed[6].round = "2026-10".into();
    let e = f
        .publish("site", &key, &statement("2026-11", 10), &mixed, 2)
        .unwrap_err();
    assert!(matches!(e, PublishError::Round { index: 6, .. }), "{e}");
    assert_eq!(left(), before);

    // Fewer accounts than the statement counts.
    let e = f
        .publish(
            "site",
            &key,
            &statement("2026-11", 11),
            &proofs("2026-11", 10),
            2,
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            PublishError::Count {
                found: 10,
                expected: 11
            }
        ),
        "{e}"
    );
    assert_eq!(left(), before);

    // The codes file inside the site.
    let site = f.path("site");
    let options = SiteOptions {
        bundle: &f.path("bundle"),
        page: b"",
        out: &site,
        codes: &site.join("codes.csv"),
        code_key: &key,
        bucket_users: 2,
    };
    let e = publish(
        &options,
        &statement("2026-11", 10),
        || Ok::<_, std::io::Error>(proofs("2026-11", 10).into_iter().map(Ok)),
        &|_: Phase, _, _| {},
    )
    .unwrap_err();
    assert!(matches!(e, PublishError::InsideSite(..)), "{e}");

    // A source that fails in the second pass.
    let mut calls = 0;
    let e = publish(
        &SiteOptions {
            codes: &f.path("codes.csv"),
            ..options
        },
        &statement("2026-11", 10),
        || {
            calls += 1;
            let fail_at = if calls == 2 { 5 } else { usize::MAX };
            Ok::<_, std::io::Error>(proofs("2026-11", 10).into_iter().enumerate().map(
                move |(i, p)| {
                    if i == fail_at {
                        Err(std::io::Error::other("disk went away"))
                    } else {
                        Ok(p)
                    }
                },
            ))
        },
        &|_: Phase, _, _| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("disk went away"), "{e}");
    assert_eq!(left(), before);

    // An existing, non-empty site directory.
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("old"), "x").unwrap();
    let e = f
        .publish(
            "site",
            &key,
            &statement("2026-11", 10),
            &proofs("2026-11", 10),
            2,
        )
        .unwrap_err();
    assert!(matches!(e, PublishError::OutExists(_)), "{e}");
}
