//! Sets `cfg(packed_avx512)` exactly where plonky2_field packs Goldilocks as
//! `Avx512GoldilocksField` (x86-64 with these AVX-512 extensions enabled at
//! compile time), so the AVX-512 code paths name that condition once.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(packed_avx512)");
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let enabled: Vec<&str> = features.split(',').collect();
    let avx512 = ["avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512vl"]
        .iter()
        .all(|f| enabled.contains(f));
    if arch == "x86_64" && avx512 {
        println!("cargo::rustc-cfg=packed_avx512");
    }
}
