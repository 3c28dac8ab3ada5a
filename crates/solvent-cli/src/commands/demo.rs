use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use solvent_model::AssetTable;
use solvent_prover::{synthetic, ProveOptions};

use crate::commands::{prove, report, verify};
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
        "1/4 Generated a synthetic snapshot: {} accounts x {} assets in {}",
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
    say("2/4 Proving (batch STARKs while the circuits are built in the background, then aggregation and the final zero-knowledge proof)...".into());
    let report = prove::prove_with_progress(&options, args.json)?;
    if !args.json {
        prove::print_report(&report, &bundle_dir);
    }

    say("3/4 Verifying the bundle as a user would...".into());
    let verify_started = Instant::now();
    let bundle = verify::load_bundle(&bundle_dir)?;
    let source = solvent_verifier::KeySource::Pinned;
    let v = match verify::verify_bundle(&bundle, source) {
        Ok(v) => v,
        Err(e) => {
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"valid": false, "error": e.to_string()})
                );
            } else {
                println!("INVALID: {e}");
            }
            return Ok(Outcome::Invalid);
        }
    };
    let verify_seconds = verify_started.elapsed().as_secs_f64();
    if !args.json {
        verify::print_verified(&v, source, verify_seconds);
    }

    say(
        "4/4 Checking the exchange's signed reserve addresses and writing the round report..."
            .into(),
    );
    let reserves_path = input.join("reserves.csv");
    std::fs::write(&reserves_path, demo_reserves(&bundle.statement, args.seed))
        .with_context(|| format!("cannot write {}", reserves_path.display()))?;
    let report_args = report::Args {
        bundle: bundle_dir.clone(),
        reserves: reserves_path,
        balances: None,
        insurance: None,
        out: args.out.join("report"),
        history: Some(args.out.join("history.redb")),
        rebuild_key: false,
        json: false,
    };
    let produced = match report::produce(&report_args)? {
        Ok(p) => p,
        Err(reason) => anyhow::bail!("the demo bundle stopped verifying: {reason}"),
    };
    if args.json {
        let out = serde_json::json!({
            "prove": prove::report_json(&report, &bundle_dir),
            "verify": verify::verified_json(&v, source, verify_seconds),
            "report": serde_json::from_str::<serde_json::Value>(&produced.json)?,
            "total_seconds": started.elapsed().as_secs_f64(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(Outcome::Ok);
    }
    report::print_ratios(&produced.report);
    println!(
        "  {} reserve row(s) not counted (see the report's \"What was not verified\").",
        produced.report.uncounted_rows.len()
    );
    println!(
        "Report: {} (open it in a browser) and report.json.",
        report_args.out.join("report.html").display()
    );
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

/// Signed reserves for the demo: each asset covered at 102-108% of its net
/// liabilities, plus one Taproot address that is reported, never counted.
fn demo_reserves(statement: &solvent_model::Statement, seed: u64) -> String {
    let mut balances = Vec::new();
    for (i, a) in statement.assets.iter().enumerate() {
        let parse = |t: &str| solvent_model::parse_decimal_u128(t, a.decimals).unwrap_or(0);
        let net = parse(&a.total_equity).saturating_sub(parse(&a.total_debt));
        let percent = 102 + (i as u128 * 5 + seed as u128) % 7;
        let units = net * percent;
        let amount = solvent_reserves::decimal::Decimal::from_units(units, a.decimals + 2)
            .map_or_else(|| "0".into(), |d| d.to_string());
        balances.push((a.symbol.clone(), amount));
    }
    let mut text = solvent_reserves::sample::reserve_file_for(&format!("demo-{seed}"), &balances);
    text.push_str(&format!(
        "BTC,BTC,bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297,,,0.5,{},H+1Sy0Kx7M3hJ6Wd2Jm8I0eS7o6f2R8vR5b2Q9h2Jm8I0eS7o6f2R8vR5b2Q9h2Jm8I0eS7o6f2R8vR5b2Q9h2Jm8=,,\n",
        solvent_reserves::sample::MESSAGE
    ));
    text
}
