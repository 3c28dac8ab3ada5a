//! Lookups per second: addresses as text in, verdicts out, against lists of
//! 100,000 EVM, 20,000 Bitcoin and 20,000 TRON addresses. Run with
//! `cargo bench -p solvent-screen`; figures in docs/PERF.md.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use solvent_reserves::chains::{evm, tron};
use solvent_screen::{load, Index};

fn bitcoin(hash: &[u8; 20]) -> String {
    let mut payload = vec![0x00];
    payload.extend_from_slice(hash);
    bs58::encode(payload).with_check().into_string()
}

/// `n` addresses of each kind, spelled as wallets show them.
fn addresses(rng: &mut impl Rng, evm_n: usize, other_n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..evm_n + 2 * other_n {
        let account: [u8; 20] = rng.gen();
        out.push(match i {
            i if i < evm_n => format!("0x{}", evm::checksummed(&account)),
            i if i < evm_n + other_n => bitcoin(&account),
            _ => tron::encode_address(&account),
        });
    }
    out
}

fn bench(c: &mut Criterion) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let listed = addresses(&mut rng, 100_000, 20_000);
    let list = load::parse(Path::new("bench.txt"), &listed.join("\n"), None).unwrap();
    assert!(list.rejected.is_empty());
    let index = Index::new(vec![list]);
    // Unlisted addresses (most of an exchange's traffic), then half listed
    // and half not, in the same mix of chains.
    let unlisted = addresses(&mut rng, 5_000, 1_000);
    let mut queries: Vec<String> = listed.iter().step_by(24).cloned().collect();
    queries.extend(unlisted.iter().cloned());
    let mut group = c.benchmark_group("screen");
    group.throughput(Throughput::Elements(unlisted.len() as u64));
    group.bench_function("unlisted address, chain detected", |b| {
        b.iter(|| {
            unlisted
                .iter()
                .filter(|q| index.screen(q, None, None).matches.is_empty())
                .count()
        })
    });
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.bench_function("address, chain detected", |b| {
        b.iter(|| {
            queries
                .iter()
                .filter(|q| index.screen(q, None, None).matches.is_empty())
                .count()
        })
    });
    group.bench_function("address, chain given", |b| {
        b.iter(|| {
            queries
                .iter()
                .filter(|q| {
                    let chain = if q.starts_with("0x") {
                        "ETH"
                    } else if q.starts_with('T') {
                        "TRON"
                    } else {
                        "BTC"
                    };
                    index.screen(q, Some(chain), None).matches.is_empty()
                })
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
