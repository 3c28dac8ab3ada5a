//! Tokens checked per second on one core with a warm cache: the test
//! tokens of testdata/tokens and Uniswap V2 on a local ganache (the node
//! packages installed with `npm ci` in
//! crates/solvent-balances/tests/ganache and tests/chain), each checked
//! once to fill the fork's cache, then checked again from it. Run with
//! `cargo bench -p solvent-token --bench check`; figures in docs/PERF.md.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use solvent_token::{check, CheckOptions, Fork};

fn bench(c: &mut Criterion) {
    let (ganache, chain) =
        common::packages().expect("npm ci in the node package directories first");
    let node = common::start_node(&ganache);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let deployed = runtime.block_on(common::deploy(&node.url, &chain));
    let fork = Fork::connect(&node.url, None).unwrap();
    let options = CheckOptions::new(deployed.router);
    let tokens: Vec<_> = deployed.tokens.iter().map(|(_, t)| *t).collect();
    // Warm the cache: every read the checks make, once (reported, since
    // this is what the node's round trips cost).
    let started = std::time::Instant::now();
    for token in &tokens {
        check(&fork, *token, &options);
    }
    let cold = started.elapsed();
    eprintln!(
        "cold cache (reads from the local node): {} tokens in {cold:.2?}, {:.1} tokens/s",
        tokens.len(),
        tokens.len() as f64 / cold.as_secs_f64()
    );
    let mut group = c.benchmark_group("token check");
    group.throughput(Throughput::Elements(tokens.len() as u64));
    group.bench_function("warm cache, the test tokens", |b| {
        b.iter(|| {
            for token in &tokens {
                std::hint::black_box(check(&fork, *token, &options));
            }
        })
    });
    group.finish();
    drop(node);
}

criterion_group!(benches, bench);
criterion_main!(benches);
