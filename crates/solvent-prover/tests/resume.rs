//! An interrupted run resumes to exactly the bundle an uninterrupted run makes.

use std::path::Path;

use plonky2::field::types::Field;
use solvent_commit::{Digest, F};
use solvent_model::Statement;
use solvent_prover::pipeline::Silent;
use solvent_prover::{prove_round, ProveError, ProveOptions};

const ASSETS: &str = "symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\n";
const ACCOUNTS: &str = "account_id,asset,equity,debt
a,BTC,1,0
b,USDT,2,1
c,USDT,3,0
d,BTC,0.5,0
e,USDT,7,0
f,BTC,0.1,0
g,USDT,1,0
";

fn options(dir: &Path, accounts: &str, out: &str) -> ProveOptions {
    std::fs::write(dir.join("assets.csv"), ASSETS).unwrap();
    std::fs::write(dir.join("accounts.csv"), accounts).unwrap();
    ProveOptions {
        assets: dir.join("assets.csv"),
        accounts: dir.join("accounts.csv"),
        round: "2026-11".into(),
        out: dir.join(out),
        batch_size: Some(2),
        salt_secret: Some(Digest([F::from_canonical_u64(7); 4])),
        ..Default::default()
    }
}

fn statement(dir: &Path) -> Statement {
    serde_json::from_slice(&std::fs::read(dir.join("statement.json")).unwrap()).unwrap()
}

#[test]
fn resumed_run_matches_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    prove_round(&options(d, ACCOUNTS, "straight"), &Silent).unwrap();

    let mut interrupted = options(d, ACCOUNTS, "resumed");
    interrupted.interrupt_after_batches = Some(2);
    assert!(prove_round(&interrupted, &Silent).is_err());
    assert!(d.join(".resumed.partial/checkpoint/state.json").exists());
    assert!(!d.join("resumed").exists());

    // Without --resume the leftover run is reported, not silently discarded.
    let plain = options(d, ACCOUNTS, "resumed");
    assert!(matches!(
        prove_round(&plain, &Silent),
        Err(ProveError::Interrupted(_))
    ));

    // A changed snapshot is detected on resume.
    let mut changed = options(d, &ACCOUNTS.replace("b,USDT,2,1", "b,USDT,2,0"), "resumed");
    changed.resume = true;
    changed.salt_secret = None;
    let err = prove_round(&changed, &Silent).unwrap_err().to_string();
    assert!(
        err.contains("accounts.csv:3") && err.contains("differs"),
        "{err}"
    );

    let mut resume = options(d, ACCOUNTS, "resumed");
    resume.resume = true;
    resume.salt_secret = None; // the secret comes from the checkpoint
    let report = prove_round(&resume, &Silent).unwrap();
    assert_eq!(report.accounts, 7);
    let a = statement(&d.join("straight"));
    let b = statement(&d.join("resumed"));
    assert_eq!(a.root, b.root);
    assert_eq!(a.assets, b.assets);
    assert_eq!(
        std::fs::read(d.join("straight/private/accounts.jsonl")).unwrap(),
        std::fs::read(d.join("resumed/private/accounts.jsonl")).unwrap()
    );
    assert!(!d.join("resumed/checkpoint").exists());
    assert!(!d.join(".resumed.partial").exists());
}
