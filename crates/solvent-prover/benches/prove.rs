//! Criterion micro-benchmarks of the parts of a round. End-to-end throughput
//! is measured by `solvent bench` (docs/PERF.md).

use criterion::{criterion_group, criterion_main, Criterion};
use plonky2::field::types::Field;
use solvent_circuits::batch::{BatchCircuit, Slot, Weight};
use solvent_circuits::Shape;
use solvent_commit::{id_commitment, leaf_hash, node_hash, Digest, F};

fn commitments(c: &mut Criterion) {
    let salt = Digest([F::ONE; 4]);
    let id = id_commitment(&salt, "account-000001");
    let balances: Vec<(u64, u64)> = (0..22).map(|a| (a * 1000, a)).collect();
    c.bench_function("leaf_hash/22 assets", |b| {
        b.iter(|| leaf_hash(&id, &balances))
    });
    c.bench_function("node_hash", |b| b.iter(|| node_hash(&id, &salt)));
    c.bench_function("parse_amount", |b| {
        b.iter(|| solvent_model::parse_amount("12345.67891234", 8))
    });
}

fn batch_proof(c: &mut Criterion) {
    let shape = Shape::new(4, 64, 13);
    let circuit = BatchCircuit::build(shape, &Default::default());
    let slots: Vec<Slot> = (0..64u64)
        .map(|i| Slot {
            id_commitment: Digest([F::from_canonical_u64(i + 1); 4]),
            balances: (0..4).map(|a| (i * 100 + a, 0)).collect(),
        })
        .collect();
    let mut group = c.benchmark_group("batch_proof");
    group.sample_size(10);
    group.bench_function("64 accounts x 4 assets", |b| {
        let weights = [1, 2, 3, 4].map(|w| Weight { equity: w, debt: w });
        b.iter(|| circuit.prove(&Digest::ZERO, &weights, &slots).unwrap())
    });
    group.finish();
}

criterion_group!(benches, commitments, batch_proof);
criterion_main!(benches);
