//! Proving throughput of the Poseidon columns: `cargo bench -p solvent-air`.
//! One row is one permutation, so elements/s is permutations proven per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plonky2::field::types::Field;
use plonky2::util::timing::TimingTree;
use solvent_air::chain::{generate_trace, PoseidonChainStark, RATE};
use solvent_air::{stark_config, C, D, F};
use starky::prover::prove;

fn chain_proof(c: &mut Criterion) {
    let mut group = c.benchmark_group("poseidon_chain_proof");
    group.sample_size(10);
    for log_rows in [12usize, 14] {
        let rows = 1 << log_rows;
        let blocks: Vec<[F; RATE]> = (0..rows)
            .map(|i| core::array::from_fn(|j| F::from_canonical_usize(i * RATE + j)))
            .collect();
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_function(format!("2^{log_rows} rows"), |b| {
            b.iter(|| {
                let (trace, public_inputs) = generate_trace(&blocks, [F::ZERO; 4]);
                prove::<F, C, PoseidonChainStark<F, D>, D>(
                    PoseidonChainStark::default(),
                    &stark_config(log_rows),
                    trace,
                    &public_inputs,
                    None,
                    &mut TimingTree::default(),
                )
                .expect("valid trace")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, chain_proof);
criterion_main!(benches);
