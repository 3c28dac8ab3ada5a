//! `solvent okx inclusion`: checks OKX's published proof-of-liabilities user
//! files, as OKX's tool does and beyond.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use solvent_okx::check;

use crate::exit::{read_input, usage, Outcome};
use crate::output::okx::print_verdict;

#[derive(Parser)]
pub struct Args {
    #[command(subcommand)]
    pub command: OkxCommand,
}

#[derive(Subcommand)]
pub enum OkxCommand {
    /// Check a user's inclusion in OKX's liabilities tree: a v1
    /// `merkle_proof_file.json`, or a v2 `user_info_file.json` with the full
    /// tree file (`--tree`).
    ///
    /// Exit 0 valid, 1 invalid (each problem named, including those OKX's
    /// own tool does not check), 2 the files cannot be used.
    Inclusion(InclusionArgs),
}

#[derive(Parser)]
pub struct InclusionArgs {
    /// The user's file (`merkle_proof_file.json` or `user_info_file.json`).
    pub file: PathBuf,
    /// The full tree file (`full-liabilities-merkle-tree.txt`), for a v2 file.
    #[arg(long)]
    pub tree: Option<PathBuf>,
    /// The root OKX published, to check the file leads to it.
    #[arg(long)]
    pub root: Option<String>,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

impl Args {
    pub fn json(&self) -> bool {
        match &self.command {
            OkxCommand::Inclusion(a) => a.json,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        OkxCommand::Inclusion(args) => inclusion(args),
    }
}

fn inclusion(args: InclusionArgs) -> anyhow::Result<Outcome> {
    let user = read_input(&args.file)?;
    // The tree is read from its file as it is checked (it can be large).
    let open_tree = args
        .tree
        .as_deref()
        .map(|path| move || std::fs::File::open(path).map(std::io::BufReader::new));
    let verdict = check(&user, open_tree, args.root.as_deref())
        .with_context(|| match &args.tree {
            Some(tree) => format!("{} with {}", args.file.display(), tree.display()),
            None => args.file.display().to_string(),
        })
        .map_err(usage)?;
    print_verdict(&verdict, args.json)?;
    Ok(if verdict.valid {
        Outcome::Ok
    } else {
        Outcome::Invalid
    })
}
