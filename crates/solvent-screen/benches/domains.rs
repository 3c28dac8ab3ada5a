//! Hosts per second against MetaMask's full phishing configuration (the
//! npm package eth-phishing-detect, installed with `npm ci` in
//! tests/phishing) and a few protected brands, on Debian's Public Suffix
//! List. Run with `cargo bench -p solvent-screen --bench domains`; figures
//! in docs/PERF.md.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::{seq::SliceRandom, Rng, SeedableRng};
use solvent_screen::domain::{parse_brands, DomainScreener, PhishingConfig, Suffixes};

const TLDS: [&str; 8] = ["com", "net", "org", "io", "co.uk", "de", "xyz", "app"];

fn label(rng: &mut impl Rng, n: usize) -> String {
    (0..n).map(|_| rng.gen_range(b'a'..=b'z') as char).collect()
}

/// A made-up host, one in four with a subdomain.
fn random_host(rng: &mut impl Rng) -> String {
    let n = rng.gen_range(4..14);
    let name = label(rng, n);
    let tld = TLDS[rng.gen_range(0..TLDS.len())];
    if rng.gen_range(0..4) == 0 {
        format!("{}.{name}.{tld}", label(rng, 3))
    } else {
        format!("{name}.{tld}")
    }
}

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/phishing");
    let config_path = dir.join("node_modules/eth-phishing-detect/src/config.json");
    let config = PhishingConfig::load(&config_path)
        .expect("npm ci in crates/solvent-screen/tests/phishing first");
    let blocklist: Vec<String> = config
        .blocklist
        .iter()
        .map(|l| l.host.ascii.clone())
        .collect();
    let mut screener = DomainScreener::new(Suffixes::load(Path::new(Suffixes::DEBIAN)).unwrap());
    screener.add_phishing_config(config);
    screener.add_brands(parse_brands("okx.com\nokcoin.com\nokx.org\n").unwrap());

    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    // Unrelated hosts (most of the traffic), then a mix: half unrelated, a
    // quarter listed (as URLs with a path), a quarter typos of brands.
    let unrelated: Vec<String> = (0..10_000).map(|_| random_host(&mut rng)).collect();
    let mut mixed: Vec<String> = unrelated[..5_000].to_vec();
    mixed.extend(
        blocklist
            .choose_multiple(&mut rng, 2_500)
            .map(|h| format!("https://{h}/connect-wallet")),
    );
    for i in 0..2_500 {
        let brand = ["metamask", "opensea", "etherscan", "okx", "myetherwallet"][i % 5];
        let mut chars: Vec<char> = brand.chars().collect();
        let at = rng.gen_range(0..chars.len());
        chars[at] = rng.gen_range(b'a'..=b'z') as char;
        let tld = TLDS[rng.gen_range(0..TLDS.len())];
        mixed.push(format!("{}.{tld}", chars.into_iter().collect::<String>()));
    }
    mixed.shuffle(&mut rng);

    let mut group = c.benchmark_group("screen");
    for (name, hosts) in [("unrelated host", &unrelated), ("host, mixed", &mixed)] {
        group.throughput(Throughput::Elements(hosts.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                hosts
                    .iter()
                    .filter(|h| screener.screen(h).reasons.is_empty())
                    .count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
