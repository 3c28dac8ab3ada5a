//! `solvent history`: the rounds recorded by `solvent report`.

use std::path::PathBuf;

use clap::Parser;
use solvent_report::history::{self, HistoryStore};

use crate::exit::{usage, Outcome};

#[derive(Parser)]
pub struct Args {
    /// History store (default: $SOLVENT_HISTORY, else
    /// ~/.local/share/solvent/history.redb).
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Print the rounds as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let path = history::location(args.history).map_err(usage)?;
    if !path.exists() {
        return Err(usage(anyhow::anyhow!(
            "no history at {}: `solvent report` records rounds there",
            path.display()
        )));
    }
    let rounds = HistoryStore::open(&path)?.rounds()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rounds)?);
        return Ok(Outcome::Ok);
    }
    println!("{} round(s) in {}", rounds.len(), path.display());
    for round in &rounds {
        let ratios: Vec<String> = round
            .assets
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.asset,
                    p.ratio_percent
                        .as_deref()
                        .map_or("n/a".into(), |r| format!("{r}%"))
                )
            })
            .collect();
        println!("  {}  {}", round.round, ratios.join(", "));
    }
    Ok(Outcome::Ok)
}
