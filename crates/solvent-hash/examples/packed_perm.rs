//! Speed of the packed Poseidon permutation against plonky2's scalar one, on
//! one thread: `cargo run --release -p solvent-hash --example packed_perm`
use std::time::Instant;

use plonky2::field::packed::PackedField;
use plonky2::field::types::Sample;
use plonky2::hash::poseidon::Poseidon;
use solvent_hash::packed::{permute_interleaved, Packed, LANES};
use solvent_hash::F;

const PERMUTATIONS: usize = 400_000;

/// Microseconds per permutation with `N` packed states per call.
fn packed<const N: usize>() -> f64 {
    let mut states: [[Packed; 12]; N] = core::array::from_fn(|_| {
        core::array::from_fn(|_| *Packed::from_slice(&F::rand_vec(LANES)))
    });
    let started = Instant::now();
    for _ in 0..PERMUTATIONS / (LANES * N) {
        permute_interleaved(&mut states);
    }
    std::hint::black_box(&states);
    started.elapsed().as_secs_f64() * 1e6 / PERMUTATIONS as f64
}

fn main() {
    let mut x: [F; 12] = F::rand_array();
    let started = Instant::now();
    for _ in 0..PERMUTATIONS {
        x = F::poseidon(x);
    }
    std::hint::black_box(x);
    let scalar = started.elapsed().as_secs_f64() * 1e6 / PERMUTATIONS as f64;
    let (one, two) = (packed::<1>(), packed::<2>());
    println!(
        "{LANES} lanes: {one:.3} us/permutation, 2 states interleaved {two:.3} us; \
         plonky2 scalar {scalar:.3} us ({:.2}x)",
        scalar / two
    );
}
