//! A round of the same shape as an earlier one reads its circuits from the
//! circuit cache and proves the same statement; circuits damaged on disk, or
//! stored by another build, are rebuilt instead of used.

use std::path::Path;

use plonky2::field::types::Field;
use solvent_commit::{Digest, F};
use solvent_model::Statement;
use solvent_prover::pipeline::Silent;
use solvent_prover::{prove_round, CircuitCache, ProveOptions};

const ASSETS: &str = "symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\n";
const ACCOUNTS: &str = "account_id,asset,equity,debt
a,BTC,1,0
b,USDT,2,1
c,USDT,3,0
";

fn options(dir: &Path, out: &str, build_id: &str) -> ProveOptions {
    std::fs::write(dir.join("assets.csv"), ASSETS).unwrap();
    std::fs::write(dir.join("accounts.csv"), ACCOUNTS).unwrap();
    ProveOptions {
        assets: dir.join("assets.csv"),
        accounts: dir.join("accounts.csv"),
        round: "2026-11".into(),
        out: dir.join(out),
        batch_size: Some(4),
        salt_secret: Some(Digest([F::from_canonical_u64(7); 4])),
        circuit_cache: Some(CircuitCache {
            dir: dir.join("circuits"),
            build_id: build_id.into(),
        }),
        ..Default::default()
    }
}

fn statement(bundle: &Path) -> Statement {
    serde_json::from_slice(&std::fs::read(bundle.join("statement.json")).unwrap()).unwrap()
}

fn cache_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir.join("circuits"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn second_round_reads_its_circuits_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let cold = prove_round(&options(d, "cold", "build-a"), &Silent).unwrap();
    assert!(!cold.circuits_from_cache);
    let files = cache_files(d);
    assert_eq!(
        files.len(),
        1,
        "one file per shape, no temporary left: {files:?}"
    );

    let warm = prove_round(&options(d, "warm", "build-a"), &Silent).unwrap();
    assert!(warm.circuits_from_cache);
    let (a, b) = (statement(&d.join("cold")), statement(&d.join("warm")));
    assert_eq!(a.verifier_key_digest, b.verifier_key_digest);
    assert_eq!(a.root, b.root);

    // Circuits that are damaged on disk, or were stored by another build of
    // the prover, are rebuilt (and replaced), and the bundle is still right.
    let mut bytes = std::fs::read(&files[0]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&files[0], bytes).unwrap();
    let rebuilt = prove_round(&options(d, "rebuilt", "build-b"), &Silent).unwrap();
    assert!(!rebuilt.circuits_from_cache);
    assert_eq!(
        statement(&d.join("rebuilt")).verifier_key_digest,
        a.verifier_key_digest
    );
    let stored = std::fs::read(&files[0]).unwrap();
    assert!(
        stored.windows(7).take(1024).any(|w| w == b"build-b"),
        "the file was not replaced by the new build's circuits"
    );
}
