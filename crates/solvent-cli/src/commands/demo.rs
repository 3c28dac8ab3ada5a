//! `solvent demo`: a synthetic round proven, verified and reported end to
//! end, with no services needed.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use solvent_model::{AssetTable, Bundle, Month};
use solvent_prover::{synthetic, ProveOptions};
use solvent_report::job::{produce, ReportJob, REPORT_HTML};
use solvent_verifier::{verify_bundle, KeySource};

use crate::exit::Outcome;
use crate::output::progress::prove_with_progress;
use crate::output::prove::{print_report, report_json};
use crate::output::report::print_ratios;
use crate::output::verify::{print_verified, verified_json};

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
        "1/5 Generated a synthetic snapshot: {} accounts x {} assets in {}",
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
    say("2/5 Proving (batch STARKs while the circuits are built in the background, then aggregation and the final zero-knowledge proof)...".into());
    let report = prove_with_progress(&options, args.json)?;
    if !args.json {
        print_report(&report, &bundle_dir);
    }

    say("3/5 Verifying the bundle as a user would...".into());
    let verify_started = Instant::now();
    let bundle = Bundle::read(&bundle_dir)?;
    let source = KeySource::Pinned;
    let v = match verify_bundle(&bundle.statement, &bundle.proof, &bundle.key, source) {
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
        print_verified(&v, source, verify_seconds);
    }

    say(
        "4/5 Checking the exchange's signed reserve addresses and writing the round report..."
            .into(),
    );
    let reserves_path = input.join("reserves.csv");
    std::fs::write(
        &reserves_path,
        solvent_report::demo::reserves_for(&bundle.statement, args.seed),
    )
    .with_context(|| format!("cannot write {}", reserves_path.display()))?;
    let job = ReportJob {
        bundle: bundle_dir.clone(),
        reserves: reserves_path,
        balances: None,
        insurance: None,
        out: args.out.join("report"),
        history: args.out.join("history.redb"),
        key_source: source,
    };
    let produced = produce(&job, &())?;

    say("5/5 Writing the month's security report from synthetic exports (funds ledger, API keys, account events, deposit reports, token checks, screening)...".into());
    let month = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| Month::of_unix(d.as_secs() as i64))
        .context("the clock is outside years 0-9999")?;
    let symbols: Vec<String> = bundle
        .statement
        .assets
        .iter()
        .map(|a| a.symbol.clone())
        .collect();
    let mut inputs =
        solvent_security::demo::write_inputs(&input.join("security"), month, &symbols)?;
    inputs.por = Some(job.out.clone());
    let security_dir = args.out.join("security");
    let security = solvent_security::job::produce(month, &inputs, &security_dir, &job.history)?;
    if args.json {
        let out = serde_json::json!({
            "prove": report_json(&report, &bundle_dir),
            "verify": verified_json(&v, source, verify_seconds),
            "report": serde_json::from_str::<serde_json::Value>(&produced.json)?,
            "security_report": serde_json::to_value(&security)?,
            "total_seconds": started.elapsed().as_secs_f64(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(Outcome::Ok);
    }
    print_ratios(&produced.report);
    println!(
        "  {} reserve row(s) not counted (see the report's \"What was not verified\").",
        produced.report.uncounted_rows.len()
    );
    println!(
        "Report: {} (open it in a browser) and report.json.",
        job.out.join(REPORT_HTML).display()
    );
    println!(
        "Security report: {} (open it in a browser) and security-report.json.",
        security_dir
            .join(solvent_security::job::SECURITY_HTML)
            .display()
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
