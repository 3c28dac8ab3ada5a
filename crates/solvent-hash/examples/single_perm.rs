//! Speed of one Poseidon permutation at a time, ours against plonky2's, on
//! one thread: `cargo run --release -p solvent-hash --example single_perm`.
//! The two alternate in short blocks so that a noisy machine slows both alike.

use std::hint::black_box;
use std::time::{Duration, Instant};

use plonky2::field::types::Sample;
use plonky2::hash::poseidon::Poseidon;
use solvent_hash::{single, F};

fn main() {
    const BLOCKS: usize = 1 << 10;
    const PER_BLOCK: usize = 1 << 10;
    let (mut ours, mut theirs) = (Duration::ZERO, Duration::ZERO);
    let mut state = F::rand_array();
    let mut reference = F::rand_array();
    for _ in 0..BLOCKS {
        let start = Instant::now();
        for _ in 0..PER_BLOCK {
            state = single::permute(black_box(state));
        }
        ours += start.elapsed();
        let start = Instant::now();
        for _ in 0..PER_BLOCK {
            reference = F::poseidon(black_box(reference));
        }
        theirs += start.elapsed();
    }
    black_box((state, reference));
    let per = |d: Duration| d.as_secs_f64() * 1e6 / (BLOCKS * PER_BLOCK) as f64;
    println!(
        "one state: ours {:.3} us/permutation, plonky2 {:.3} us ({:.2}x)",
        per(ours),
        per(theirs),
        per(theirs) / per(ours)
    );
}
