//! Times one batch STARK and its plonky2 recursive verification:
//! `cargo run --release -p solvent-air --example measure_batch -- ASSETS BATCH_SIZE`
use std::time::Instant;

use plonky2::field::types::Field;
use plonky2::iop::witness::PartialWitness;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::CircuitConfig;
use plonky2::util::timing::TimingTree;
use rand::{Rng, SeedableRng};
use solvent_air::batch::{
    trace, Account, BatchParams, BatchStark, BatchStark24, BatchStark256, BatchStark32, Layout,
};
use solvent_air::{stark_config, C, D, F};
use starky::recursive_verifier::set_stark_proof_with_pis_target;

fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let (assets, batch) = (
        args.first().copied().unwrap_or(22),
        args.get(1).copied().unwrap_or(1 << 14),
    );
    if std::env::var("CAPACITY24").is_ok() {
        return run::<BatchStark24>(assets, batch);
    }
    if std::env::var("CAPACITY256").is_ok() {
        return run::<BatchStark256>(assets, batch);
    }
    run::<BatchStark32>(assets, batch)
}

fn run<S: BatchStark>(assets: usize, batch: usize) -> anyhow::Result<()> {
    let probe = BatchParams::new(Layout::new(S::MAX_ASSETS), assets, batch, 13);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let accounts: Vec<Account> = (0..batch)
        .map(|i| {
            let mut balances = vec![(0u64, 0u64); assets];
            for _ in 0..rng.gen_range(1..=3) {
                balances[rng.gen_range(0..assets)].0 = rng.gen_range(1..1u64 << 40);
            }
            Account {
                id_commitment: [F::from_canonical_usize(i + 1); 4],
                balances,
            }
        })
        .collect();
    let weights = vec![
        trace::Weight {
            equity: 1000,
            debt: 1000,
        };
        assets
    ];
    let rows = trace::rows_needed(&probe, &accounts);
    let params = BatchParams::new(
        probe.layout,
        assets,
        batch,
        BatchParams::trace_bits_for(rows),
    );
    let stark = S::new(params);
    println!(
        "layout: {} columns, trace 2^{} rows ({} used)",
        params.layout.columns(),
        params.trace_len().trailing_zeros(),
        rows
    );
    if std::env::var("GATES_ONLY").is_ok() {
        return wrapper_gates(stark, params.trace_bits);
    }
    let t = Instant::now();
    let tr = trace::generate(&params, &weights, &accounts)?;
    let gen = t.elapsed();
    let t = Instant::now();
    let config = stark_config(params.trace_bits);
    let mut timing = TimingTree::new("prove", log::Level::Info);
    let proof = solvent_air::commitment::prove_with_lookups(
        stark,
        &config,
        tr.columns,
        &tr.public_inputs,
        &mut timing,
    )?;
    if std::env::var("TIMING").is_ok() {
        log::set_logger(&LOGGER).ok();
        log::set_max_level(log::LevelFilter::Debug);
        timing.print();
    }
    let proving = t.elapsed();
    println!("trace {gen:?}, prove {proving:?}");
    let degree_bits = proof.proof.recover_degree_bits(&config);
    let t = Instant::now();
    let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let target = solvent_air::ctl::add_virtual_proof(&mut builder, &stark, &config, degree_bits);
    solvent_air::ctl::verify_circuit(&mut builder, &stark, &target, &config);
    let zero = builder.zero();
    let gates = builder.num_gates();
    let data = builder.build::<C>();
    println!(
        "recursion circuit: {gates} gates -> 2^{}, built in {:?}",
        data.common.degree_bits(),
        t.elapsed()
    );
    let t = Instant::now();
    let mut witness = PartialWitness::new();
    set_stark_proof_with_pis_target(&mut witness, &target, &proof, degree_bits, zero)?;
    let outer = data.prove(witness)?;
    println!("recursive proof {:?}", t.elapsed());
    data.verify(outer)?;
    let total = gen + proving + t.elapsed();
    println!(
        "{} accounts: {:.0} accounts/s (trace + STARK + recursion)",
        batch,
        batch as f64 / total.as_secs_f64()
    );
    Ok(())
}

/// Gates of the recursive verifier alone, for `stark_config` with the FRI
/// settings optionally overridden by `QUERIES`, `POW`, `CAP` and `ARITY`
/// (exploration only: the proof system's config is `stark_config`).
fn wrapper_gates<S: BatchStark>(stark: S, degree_bits: usize) -> anyhow::Result<()> {
    let mut config = stark_config(degree_bits);
    let env = |name: &str| std::env::var(name).ok().map(|v| v.parse::<usize>());
    if let Some(q) = env("QUERIES") {
        config.fri_config.num_query_rounds = q?;
    }
    if let Some(pow) = env("POW") {
        config.fri_config.proof_of_work_bits = pow? as u32;
    }
    if let Some(cap) = env("CAP") {
        config.fri_config.cap_height = cap?;
    }
    if let Some(arity) = env("ARITY") {
        config.fri_config.reduction_strategy =
            plonky2::fri::reduction_strategies::FriReductionStrategy::ConstantArityBits(arity?, 5);
    }
    let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_config());
    let target = solvent_air::ctl::add_virtual_proof(&mut builder, &stark, &config, degree_bits);
    solvent_air::ctl::verify_circuit(&mut builder, &stark, &target, &config);
    println!("{:?}: {} gates", config.fri_config, builder.num_gates());
    Ok(())
}

struct Stderr;
impl log::Log for Stderr {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, r: &log::Record) {
        eprintln!("{}", r.args());
    }
    fn flush(&self) {}
}
static LOGGER: Stderr = Stderr;
