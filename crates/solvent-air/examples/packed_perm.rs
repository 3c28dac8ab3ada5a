//! Speed of the packed Poseidon permutation against plonky2's scalar one:
//! `cargo run --release -p solvent-air --example packed_perm`
use plonky2::field::packed::PackedField;
use plonky2::field::types::Sample;
use plonky2::hash::poseidon::Poseidon;
use solvent_air::packed_poseidon::{permute, Packed, LANES};
use solvent_air::F;

fn main() {
    parts();
    interleaved::<1>();
    interleaved::<2>();
    interleaved::<4>();
    let n = 400_000;
    let mut state: [Packed; 12] =
        core::array::from_fn(|_| *Packed::from_slice(&F::rand_vec(LANES)));
    let t = std::time::Instant::now();
    for _ in 0..n / LANES {
        permute(&mut state);
    }
    let packed = t.elapsed().as_secs_f64() / n as f64;
    let mut x: [F; 12] = F::rand_array();
    let t = std::time::Instant::now();
    for _ in 0..n {
        x = F::poseidon(x);
    }
    let scalar = t.elapsed().as_secs_f64() / n as f64;
    println!(
        "{LANES} lanes: packed {:.3} us/permutation, scalar {:.3} us ({:.2}x) [{} {}]",
        packed * 1e6,
        scalar * 1e6,
        scalar / packed,
        state[0].as_slice()[0],
        x[0]
    );
}

#[allow(dead_code)]
pub fn parts() {
    let n = 400_000 / LANES;
    let mut state: [Packed; 12] =
        core::array::from_fn(|_| *Packed::from_slice(&F::rand_vec(LANES)));
    let t = std::time::Instant::now();
    for _ in 0..n {
        state = solvent_air::packed_poseidon::mds(&state);
    }
    println!(
        "mds {:.1} ns per packed layer [{}]",
        t.elapsed().as_secs_f64() * 1e9 / n as f64,
        state[0].as_slice()[0]
    );
    let t = std::time::Instant::now();
    for i in 0..n {
        state = <F as Poseidon>::mds_partial_layer_fast_packed_field::<F, 2, F, Packed, 1>(
            &state,
            i % 22,
        );
    }
    println!(
        "fast partial {:.1} ns per packed layer [{}]",
        t.elapsed().as_secs_f64() * 1e9 / n as f64,
        state[0].as_slice()[0]
    );
}

#[allow(dead_code)]
pub fn interleaved<const N: usize>() {
    let n = 400_000;
    let mut states: [[Packed; 12]; N] = core::array::from_fn(|_| {
        core::array::from_fn(|_| *Packed::from_slice(&F::rand_vec(LANES)))
    });
    let t = std::time::Instant::now();
    for _ in 0..n / (LANES * N) {
        solvent_air::packed_poseidon::permute_interleaved(&mut states);
    }
    println!(
        "interleaved x{N}: {:.3} us/permutation [{}]",
        t.elapsed().as_secs_f64() * 1e6 / n as f64,
        states[0][0].as_slice()[0]
    );
}
