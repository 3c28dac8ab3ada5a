//! `solvent inclusion`: one user's inclusion proof from a bundle's private data.

use std::path::PathBuf;

use clap::Parser;
use solvent_prover::inclusion::{extract_inclusion, ExtractError};

use crate::exit::{usage, Outcome};

#[derive(Parser)]
pub struct Args {
    /// Bundle directory written by `solvent prove` (with its `private/` data).
    pub dir: PathBuf,
    /// The account whose inclusion proof to extract.
    #[arg(long)]
    pub account: String,
    /// Write the proof here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let proof = extract_inclusion(&args.dir, &args.account).map_err(|e| match e {
        ExtractError::NotFound(_) | ExtractError::Io { .. } => usage(e),
        other => anyhow::Error::new(other),
    })?;
    let mut json = serde_json::to_string_pretty(&proof)?;
    json.push('\n');
    match &args.out {
        Some(path) => {
            std::fs::write(path, &json)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            eprintln!(
                "Wrote the inclusion proof of `{}` to {} ({} bytes)",
                args.account,
                path.display(),
                json.len()
            );
        }
        None => print!("{json}"),
    }
    Ok(Outcome::Ok)
}
