//! Cooling-off decisions per second on one core: a month-like stream of
//! 100,000 users' orders and realised profits and losses, read from JSON
//! Lines and decided (`replay`), and decided from events already read
//! (`Engine::apply`, what an order path calls). Run with
//! `cargo bench -p solvent-policy --bench cooling_off`; figures in
//! docs/PERF.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use solvent_model::Timestamp;
use solvent_policy::cooling_off::{replay, Engine, Event, Policy};

const USERS: usize = 100_000;
const EVENTS: usize = 1_000_000;

fn time(seconds: i64) -> String {
    Timestamp::from_unix(seconds).unwrap().to_string()
}

/// The users' accounts, then `EVENTS` events ten per second: seven in ten
/// orders (most on derivatives, some reduce-only), three in ten realised
/// profits and losses.
fn stream() -> String {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(27);
    let start = "2026-12-01T00:00:00Z".parse::<Timestamp>().unwrap().unix();
    let mut out = String::new();
    for user in 0..USERS {
        let opened = start - rng.gen_range(0..90 * 86_400);
        out.push_str(&format!(
            r#"{{"event":"account","time":"{}","user":"u{user}","opened":"{}"}}"#,
            time(start),
            time(opened)
        ));
        out.push('\n');
    }
    for i in 0..EVENTS {
        let t = time(start + 1 + i as i64 / 10);
        let user = rng.gen_range(0..USERS);
        if rng.gen_bool(0.7) {
            if rng.gen_bool(0.2) {
                out.push_str(&format!(
                    r#"{{"event":"order","time":"{t}","user":"u{user}","id":"o{i}","market":"spot"}}"#
                ));
            } else {
                out.push_str(&format!(
                    r#"{{"event":"order","time":"{t}","user":"u{user}","id":"o{i}","market":"derivatives","leverage":"{}","reduce_only":{}}}"#,
                    rng.gen_range(1..50),
                    rng.gen_bool(0.1)
                ));
            }
        } else {
            out.push_str(&format!(
                r#"{{"event":"pnl","time":"{t}","user":"u{user}","pnl":"{}.{:02}","equity":"10000"}}"#,
                rng.gen_range(-6000..2000),
                rng.gen_range(0..100)
            ));
        }
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let policy = Policy::parse(include_str!("../../../testdata/cooling-off/policy.toml")).unwrap();
    let text = stream();
    let events: Vec<Event<'_>> = text.lines().map(|l| Event::parse(l).unwrap()).collect();
    let stats = replay(text.as_bytes(), &policy, |_| Ok(())).unwrap();
    assert!(stats.denied > 0 && stats.cooling_offs > 0 && stats.allowed > 0);
    let mut group = c.benchmark_group("cooling-off");
    group.sample_size(10);
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function("replay: JSON Lines read and decided", |b| {
        b.iter(|| replay(text.as_bytes(), &policy, |_| Ok(())).unwrap().orders)
    });
    group.bench_function("engine: events decided", |b| {
        b.iter(|| {
            let mut engine = Engine::new(policy.clone());
            for event in &events {
                engine.apply(event).unwrap();
            }
            engine.counts().denied
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
