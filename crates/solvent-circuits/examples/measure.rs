//! Times circuit building and proving for one shape:
//! `cargo run --release -p solvent-circuits --example measure -- ASSETS BATCH`
use std::time::Instant;

use solvent_circuits::batch::Slot;
use solvent_circuits::{KeyChain, Shape, VerifierKey};
use solvent_commit::Digest;

fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let (assets, batch) = (
        args.first().copied().unwrap_or(22),
        args.get(1).copied().unwrap_or(512),
    );
    let shape = Shape::new(
        assets,
        batch,
        13.max((batch * 4).next_power_of_two().ilog2() as usize),
    );
    let t = Instant::now();
    let chain = KeyChain::new(shape);
    println!(
        "circuits built in {:?}: batch and aggregation 2^{} rows, final 2^{}",
        t.elapsed(),
        chain.batch.data.common.degree_bits(),
        chain.final_circuit.data.common.degree_bits()
    );
    let weights = vec![
        solvent_circuits::batch::Weight {
            equity: 1000,
            debt: 1000,
        };
        assets
    ];
    let slots: Vec<Slot> = (0..batch)
        .map(|i| Slot {
            id_commitment: solvent_commit::sponge(&[
                plonky2::field::types::Field::from_canonical_u64(i as u64 + 1),
            ]),
            balances: (0..assets)
                // Two non-zero holdings per account, like most real accounts: a
                // dense account would need more rows than this trace has.
                .map(|a| match a {
                    0 | 1 => ((i * 7 + a) as u64 * 1000 + 1, 0),
                    _ => (0, 0),
                })
                .collect(),
        })
        .collect();
    let t = Instant::now();
    let p0 = chain.batch.prove(&Digest::ZERO, &weights, &slots)?;
    println!(
        "batch proof: {:?}, {} bytes",
        t.elapsed(),
        p0.to_bytes().len()
    );
    let t = Instant::now();
    let p1 = chain.aggregation.prove(&p0, Some(&p0.clone()));
    println!("aggregation proof: {:?} ok={}", t.elapsed(), p1.is_ok());
    let half = chain
        .batch
        .prove(&Digest::ZERO, &weights, &slots[..batch / 2])?;
    let p1 = chain.aggregation.prove(&p0, Some(&half))?;
    // One level up, over an aggregation proof: the circuit verifies itself.
    let t = Instant::now();
    let p2 = chain.aggregation.prove(&p1, None)?;
    println!("aggregation over aggregation: {:?}", t.elapsed());
    let fin = &chain.final_circuit;
    let p1 = p2;
    let t = Instant::now();
    let pf = fin.prove(&p1)?;
    println!(
        "final proof: {:?}, {} bytes",
        t.elapsed(),
        pf.to_bytes().len()
    );
    let key = VerifierKey::from_final(fin)?;
    println!("verifier key {} bytes", key.bytes.len());
    let bytes = pf.to_bytes();
    let t = Instant::now();
    let parsed = key.parse_proof(&bytes)?;
    key.verify(parsed)?;
    println!("verify: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = solvent_circuits::keys::rebuild_verifier_key(shape)?;
    println!("rebuild key: {:?}", t.elapsed());
    Ok(())
}
