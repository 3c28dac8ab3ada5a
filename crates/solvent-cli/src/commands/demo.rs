use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use solvent_model::AssetTable;
use solvent_prover::{synthetic, ProveOptions};

use crate::commands::{prove, verify};
use crate::Outcome;

#[derive(Parser)]
pub struct Args {
    /// Number of synthetic accounts.
    #[arg(long, default_value_t = 5000)]
    pub accounts: u64,
    /// Number of assets (the first 22 are real tickers with realistic prices).
    #[arg(long, default_value_t = 8)]
    pub assets: usize,
    /// Working directory for the generated input and the bundle (replaced).
    #[arg(long, default_value = "solvent-demo")]
    pub out: PathBuf,
    /// Seed of the synthetic snapshot.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Print one JSON summary instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    anyhow::ensure!(args.accounts >= 1, "--accounts must be at least 1");
    anyhow::ensure!(
        (1..=1024).contains(&args.assets),
        "--assets must be 1..=1024"
    );
    let input = args.out.join("input");
    std::fs::create_dir_all(&input)
        .with_context(|| format!("cannot create {}", input.display()))?;
    let assets_path = input.join("assets.csv");
    let accounts_path = input.join("accounts.csv");

    let started = Instant::now();
    synthetic::write_assets(&assets_path, args.assets)?;
    let table = AssetTable::from_csv_path(&assets_path)?;
    synthetic::write_accounts(&accounts_path, &table, args.accounts, args.seed)?;
    let say = |line: String| {
        if !args.json {
            println!("{line}");
        }
    };
    say(format!(
        "1/3 Generated a synthetic snapshot: {} accounts x {} assets in {}",
        args.accounts,
        args.assets,
        input.display()
    ));

    let bundle_dir = args.out.join("bundle");
    let options = ProveOptions {
        assets: assets_path,
        accounts: accounts_path,
        round: "demo".into(),
        out: bundle_dir.clone(),
        batch_size: None,
        force: true,
        salt_secret: None,
        ..Default::default()
    };
    say("2/3 Proving (circuits are built first, then batches, aggregation and the final zero-knowledge proof)...".into());
    let report = prove::prove_with_progress(&options, args.json)?;
    if !args.json {
        prove::print_report(&report, &bundle_dir);
    }

    say("3/3 Verifying the bundle as a user would...".into());
    let verify_started = Instant::now();
    let bundle = verify::load_bundle(&bundle_dir)?;
    let (verdict, source) = verify::verify_bundle(&bundle, None, true)?;
    match verdict {
        Ok(v) if args.json => {
            let out = serde_json::json!({
                "prove": prove::report_json(&report, &bundle_dir),
                "verify": verify::verified_json(&v, source, verify_started.elapsed().as_secs_f64()),
                "total_seconds": started.elapsed().as_secs_f64(),
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
            Ok(Outcome::Ok)
        }
        Ok(v) => {
            verify::print_verified(&v, source, verify_started.elapsed().as_secs_f64());
            println!("Demo finished in {:.1}s.", started.elapsed().as_secs_f64());
            println!("Next, check one user's inclusion as that user would:");
            println!(
                "  solvent inclusion {dir} --account u000000000 --out u000000000.json",
                dir = bundle_dir.display()
            );
            println!(
                "  solvent verify {dir} --inclusion u000000000.json",
                dir = bundle_dir.display()
            );
            Ok(Outcome::Ok)
        }
        Err(e) => {
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"valid": false, "error": e.to_string()})
                );
            } else {
                println!("INVALID: {e}");
            }
            Ok(Outcome::Invalid)
        }
    }
}
