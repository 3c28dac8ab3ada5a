//! `solvent publish`: a round's static verification site, with every user's
//! inclusion proof sealed under their verification code.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;
use solvent_model::Bundle;
use solvent_prover::inclusion::Inclusions;
use solvent_site::publish::{
    load_or_create_code_key, publish, refuse_inside_site, PublishError, SiteOptions,
    DEFAULT_BUCKET_USERS,
};
use solvent_verifier::{verify_bundle, KeySource};

use crate::exit::{usage, Outcome};
use crate::output::progress::PhaseBar;
use crate::output::publish::{print_invalid_bundle, print_published};

/// The page's file name, beside the `solvent` binary in a release.
const PAGE_NAME: &str = "solvent-verifier.html";

#[derive(Parser)]
pub struct Args {
    /// Bundle directory written by `solvent prove` (with its `private/` data).
    pub bundle: PathBuf,
    /// The site directory to write (must not exist, or be empty).
    #[arg(long)]
    pub out: PathBuf,
    /// Where to write each account's verification code (`account_id,code`),
    /// for the exchange to show in the user's account page. Never inside the
    /// site.
    #[arg(long)]
    pub codes: PathBuf,
    /// The secret the codes are derived from (64 hex digits): created if
    /// missing; keep it, and the codes stay the same next round. Default:
    /// the codes file's name with `.key` appended.
    #[arg(long)]
    pub code_key: Option<PathBuf>,
    /// The fewest users one bucket download hides a user among: larger
    /// buckets hide more and cost each user a larger download.
    #[arg(long, default_value_t = DEFAULT_BUCKET_USERS)]
    pub bucket_users: u64,
    /// The verifier page (web/build.sh's `web/dist/solvent-verifier.html`).
    /// Default: `solvent-verifier.html` beside this binary.
    #[arg(long)]
    pub page: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

fn read_page(page: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    let path = match page {
        Some(p) => p.to_owned(),
        None => std::env::current_exe()
            .context("cannot find this binary's directory")?
            .with_file_name(PAGE_NAME),
    };
    std::fs::read(&path)
        .with_context(|| {
            format!(
                "cannot read the verifier page {} (build it with web/build.sh and pass --page web/dist/{PAGE_NAME})",
                path.display()
            )
        })
        .map_err(usage)
}

fn is_input_error(e: &PublishError) -> bool {
    !matches!(e, PublishError::Io { .. } | PublishError::Csv { .. })
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let bundle = Bundle::read(&args.bundle).map_err(usage)?;
    if let Err(e) = verify_bundle(
        &bundle.statement,
        &bundle.proof,
        &bundle.key,
        KeySource::Pinned,
    ) {
        print_invalid_bundle(&e.to_string(), args.json);
        return Ok(Outcome::Invalid);
    }
    let page = read_page(args.page.as_deref())?;
    let key_path = args.code_key.clone().unwrap_or_else(|| {
        let mut name = args.codes.clone().into_os_string();
        name.push(".key");
        PathBuf::from(name)
    });
    refuse_inside_site(&key_path, &args.out).map_err(usage)?;
    let (code_key, created) = load_or_create_code_key(&key_path).map_err(usage)?;
    let options = SiteOptions {
        bundle: &args.bundle,
        page: &page,
        out: &args.out,
        codes: &args.codes,
        code_key: &code_key,
        bucket_users: args.bucket_users,
    };
    let bar = PhaseBar::new(args.json);
    let result = publish(
        &options,
        &bundle.statement,
        || Inclusions::open(&args.bundle, &bundle.statement),
        &|phase, done, total| bar.update(phase, done, total),
    );
    bar.finish();
    let published = result
        .map_err(|e| {
            if is_input_error(&e) {
                usage(e)
            } else {
                anyhow::Error::new(e)
            }
        })
        .context("no site was written")?;
    print_published(
        &args.out,
        &args.codes,
        &key_path,
        created,
        &published,
        args.json,
    )?;
    Ok(Outcome::Ok)
}
