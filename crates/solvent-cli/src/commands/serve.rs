//! `solvent serve`: serves a published site over HTTP, for local use and the
//! browser tests (any static host serves a site in production).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

use crate::exit::{usage, Outcome};

#[derive(Parser)]
pub struct Args {
    /// The site directory written by `solvent publish`.
    pub site: PathBuf,
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if !args.site.is_dir() {
        return Err(usage(anyhow::anyhow!(
            "{} is not a directory",
            args.site.display()
        )));
    }
    solvent_site::serve::run(&args.site, args.addr, |addr| {
        // The one line a script waits for before using the server.
        println!("Serving {} on http://{addr}/", args.site.display());
    })
    .with_context(|| format!("cannot serve on {}", args.addr))
    .map_err(usage)?;
    Ok(Outcome::Ok)
}
