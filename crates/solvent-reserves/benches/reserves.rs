//! Reserve-file throughput: parse and verify a file of freshly signed rows,
//! one thread, per family and mixed. Report rows/s from criterion's
//! `thrpt` line (docs/PERF.md).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use ed25519_dalek::Signer as _;
use k256::ecdsa::SigningKey;
use rand::{rngs::StdRng, SeedableRng};
use sha3::{Digest as _, Keccak256};

use solvent_reserves::chains::{bitcoin, evm, tron};
use solvent_reserves::check::{check_file, verify_row};
use solvent_reserves::file;
use solvent_reserves::sample::rsv;
use solvent_reserves::RowStatus;

const MESSAGE: &str = "solvent reserves 2026-11";
const HEADER: &str = "chain,asset,address,snapshot_height,block_hash,balance,message,signatures,public_key_or_script,owners\n";

fn eth_row(key: &SigningKey) -> String {
    let address = format!("0x{}", hex::encode(evm::address_of(key.verifying_key())));
    let digest = evm::personal_sign_digest(&Keccak256::digest(MESSAGE.as_bytes()));
    let sig = rsv(key, &digest);
    format!("ETH,ETH,{address},21000000,,1.25,{MESSAGE},{sig},,\n")
}

fn tron_row(key: &SigningKey) -> String {
    let address = tron::encode_address(&evm::address_of(key.verifying_key()));
    let sig = rsv(key, &tron::v2_digest(MESSAGE));
    format!("TRON,USDT,{address},70000000,,1000,{MESSAGE},{sig},,\n")
}

fn btc_row(key: &SigningKey) -> String {
    use base64::Engine as _;
    let hash = bitcoin::hash160(key.verifying_key().to_encoded_point(true).as_bytes());
    let address = bech32::segwit::encode(
        bech32::Hrp::parse("bc").unwrap(),
        bech32::segwit::VERSION_0,
        &hash,
    )
    .unwrap();
    let digest = bitcoin::message_digest(&bitcoin::BITCOIN, MESSAGE);
    let (sig, id) = key.sign_prehash_recoverable(&digest).unwrap();
    let mut bytes = vec![39 + id.to_byte()];
    bytes.extend_from_slice(&sig.to_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("BTC,BTC,{address},870000,,0.5,{MESSAGE},{sig},,\n")
}

fn sol_row(seed: [u8; 32]) -> String {
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let public = key.verifying_key().to_bytes();
    let mut signed = vec![20u8];
    signed.extend_from_slice(b"OKX Signed Message:\n");
    signed.push(MESSAGE.len() as u8);
    signed.extend_from_slice(MESSAGE.as_bytes());
    let sig = key.sign(&signed);
    format!(
        "SOL,SOL,{},300000000,,12,{MESSAGE},{},{},\n",
        bs58::encode(public).into_string(),
        hex::encode(sig.to_bytes()),
        hex::encode(public)
    )
}

/// A distinct ed25519 seed per row (repeated addresses would be duplicates).
fn seed(i: usize, family: u8) -> [u8; 32] {
    let mut seed = [family; 32];
    seed[..8].copy_from_slice(&(i as u64).to_le_bytes());
    seed
}

fn file_of(rows: usize, make: impl Fn(usize, &mut StdRng) -> String) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut text = HEADER.to_string();
    for i in 0..rows {
        text.push_str(&make(i, &mut rng));
    }
    text.into_bytes()
}

fn bench(c: &mut Criterion) {
    const ROWS: usize = 512;
    let families: Vec<(&str, Vec<u8>)> = vec![
        ("evm", file_of(ROWS, |_, r| eth_row(&SigningKey::random(r)))),
        (
            "tron",
            file_of(ROWS, |_, r| tron_row(&SigningKey::random(r))),
        ),
        (
            "bitcoin",
            file_of(ROWS, |_, r| btc_row(&SigningKey::random(r))),
        ),
        ("ed25519", file_of(ROWS, |i, _| sol_row(seed(i, 1)))),
        (
            "mixed",
            file_of(ROWS, |i, r| match i % 4 {
                0 => eth_row(&SigningKey::random(r)),
                1 => tron_row(&SigningKey::random(r)),
                2 => btc_row(&SigningKey::random(r)),
                _ => sol_row(seed(i, 2)),
            }),
        ),
    ];
    let mut group = c.benchmark_group("reserves_verify_one_thread");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.sample_size(10);
    for (name, bytes) in &families {
        let parsed = file::parse(bytes).unwrap();
        let report = check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap();
        let bad = report.rows.iter().find(|r| r.status != RowStatus::Verified);
        assert!(bad.is_none(), "{name}: every row must verify: {bad:?}");
        group.bench_function(*name, |b| {
            b.iter_batched(
                || bytes.clone(),
                |bytes| {
                    let parsed = file::parse(&bytes).unwrap();
                    check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap()
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
