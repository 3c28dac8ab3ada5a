//! Publishing time and memory at scale (docs/PERF.md, "Publishing a site"),
//! without proving: `generate` writes a bundle's private data for N
//! synthetic accounts (records, leaves and the tree, through the prover's
//! own store builder) and a statement naming its root; `publish` then runs
//! the publisher over it exactly as `solvent publish` does (less the
//! bundle's proof check, milliseconds).
//!
//! ```sh
//! cargo run --release -p solvent-site --example publish_bench -- generate DIR 10000000
//! /usr/bin/time -v cargo run --release -p solvent-site --example publish_bench -- publish DIR
//! ```

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use plonky2::field::types::Field;
use solvent_commit::{padding_leaf, sponge, F};
use solvent_model::bundle::{AccountRecord, ACCOUNTS_FILE, LEAVES_FILE, PRIVATE_DIR};
use solvent_model::inclusion::InclusionBalance;
use solvent_model::Statement;
use solvent_prover::inclusion::Inclusions;
use solvent_site::publish::{publish, Phase, SiteOptions, DEFAULT_BUCKET_USERS};
use solvent_site::CodeKey;

fn template() -> Statement {
    let text = include_str!("../../../testdata/bundle/statement.json");
    serde_json::from_str(text).expect("the test vector's statement")
}

fn generate(dir: &Path, n: u64) -> std::io::Result<()> {
    let private = dir.join("bundle").join(PRIVATE_DIR);
    std::fs::create_dir_all(&private)?;
    let mut statement = template();
    statement.round = "bench".into();
    statement.leaf_count = n;
    let mut accounts = BufWriter::new(std::fs::File::create(private.join(ACCOUNTS_FILE))?);
    let mut leaves = BufWriter::new(std::fs::File::create(private.join(LEAVES_FILE))?);
    for i in 0..n {
        let record = AccountRecord {
            index: i,
            account_id: format!("u{i:010}"),
            salt: sponge(&[F::from_canonical_u64(i), F::ONE]).to_hex(),
            balances: vec![
                InclusionBalance {
                    asset: "BTC".into(),
                    equity: format!("0.{:08}", i % 100_000_000),
                    debt: "0".into(),
                },
                InclusionBalance {
                    asset: "USDT".into(),
                    equity: format!("{}.25", i % 1_000_000),
                    debt: "0".into(),
                },
            ],
        };
        serde_json::to_writer(&mut accounts, &record)?;
        accounts.write_all(b"\n")?;
        leaves.write_all(&sponge(&[F::from_canonical_u64(i)]).to_bytes())?;
    }
    accounts.flush()?;
    leaves.flush()?;
    let height = n.next_power_of_two().ilog2().max(1);
    let root =
        solvent_prover::store::build(&private, n, height, padding_leaf(statement.assets.len()))?;
    statement.root = root.to_hex();
    let bundle = dir.join("bundle");
    std::fs::write(
        bundle.join("statement.json"),
        serde_json::to_vec_pretty(&statement)?,
    )?;
    std::fs::write(
        bundle.join("proof.bin"),
        b"not proven: publishing benchmark",
    )?;
    std::fs::write(
        bundle.join("verifier_key.bin"),
        b"not proven: publishing benchmark",
    )?;
    Ok(())
}

fn run_publish(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let bundle = dir.join("bundle");
    let statement: Statement =
        serde_json::from_slice(&std::fs::read(bundle.join("statement.json"))?)?;
    let out = dir.join("site");
    let codes = dir.join("codes.csv");
    let _ = std::fs::remove_dir_all(&out);
    let started = Instant::now();
    let options = SiteOptions {
        bundle: &bundle,
        page: b"<!doctype html>",
        out: &out,
        codes: &codes,
        code_key: &CodeKey::from_bytes([9; 32]),
        bucket_users: DEFAULT_BUCKET_USERS,
    };
    let last = std::cell::Cell::new(None);
    let published = publish(
        &options,
        &statement,
        || Inclusions::open(&bundle, &statement),
        &|phase: Phase, _, _| {
            if last.get() != Some(phase) {
                eprintln!("{:>8.1} s  {phase:?}", started.elapsed().as_secs_f64());
                last.set(Some(phase));
            }
        },
    )?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "accounts": published.accounts,
            "seconds": seconds,
            "accounts_per_second": published.accounts as f64 / seconds,
            "published": published,
        })
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir, n] if cmd == "generate" => Ok(generate(&PathBuf::from(dir), n.parse()?)?),
        [cmd, dir] if cmd == "publish" => run_publish(&PathBuf::from(dir)),
        _ => Err("usage: publish_bench generate DIR N | publish DIR".into()),
    }
}
