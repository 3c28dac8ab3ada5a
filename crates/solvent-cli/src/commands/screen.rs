//! `solvent screen address`: addresses against sanctions lists and
//! blacklists, and for address poisoning against an address book;
//! `solvent screen domain`: URLs and hosts against phishing lists and the
//! exchange's protected brands; `solvent screen stats`: the month's
//! figures.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use solvent_history::HistoryStore;
use solvent_model::{listing, Month};
use solvent_screen::domain::{self, DomainScreener, PhishingConfig, Suffixes};
use solvent_screen::poison::{AddressBook, Lookalike};
use solvent_screen::stats::Traffic;
use solvent_screen::{load, stats as figures, Index};

use crate::exit::{open_input, usage, Outcome};
use crate::output::screen::print_rejected;
use crate::output::verdicts::Printer;

#[derive(Parser)]
pub struct Args {
    #[command(subcommand)]
    pub command: ScreenCommand,
}

#[derive(Subcommand)]
pub enum ScreenCommand {
    /// Screen addresses: BLOCK (listed), WARN (imitates an address-book
    /// entry), NONE, or INVALID (not an address).
    ///
    /// Lists: OFAC's SDN XML (advanced or classic), plain text (one address
    /// per line, `#` comments), JSON, or CSV `address,chain,label,source`.
    /// An entry that is not an address of its chain is reported on stderr
    /// and never matched.
    ///
    /// Exit 0 nothing blocked or warned, 1 something was, 2 an input
    /// address or file cannot be used.
    Address(AddressArgs),
    /// Screen URLs or hosts: BLOCK (listed, or imitating a protected
    /// brand), WARN (a brand's name among other words, or in an unrelated
    /// domain's subdomains), ALLOW (allowlisted, or a protected domain
    /// itself: this wins), NONE, or INVALID (not a URL or host).
    ///
    /// Every verdict names its rules, the brand or listed domain, and the
    /// edit distance. Entries of the phishing configuration that are not
    /// hosts are reported on stderr and never matched.
    ///
    /// Exit 0 nothing blocked or warned, 1 something was, 2 an input or
    /// file cannot be used.
    Domain(DomainArgs),
    /// The month's screening figures as JSON, for the security report:
    /// entries per source and chain, new and removed since the previous
    /// month's snapshot of the lists (kept in the history store beside the
    /// rounds), and in the month's traffic hits per verdict and source
    /// (addresses) or per verdict and rule (domains).
    ///
    /// Exit 0 written, 2 a file or argument cannot be used.
    Stats(StatsArgs),
}

#[derive(Parser)]
pub struct StatsArgs {
    /// A list screened against this month (repeatable).
    #[arg(long = "list", value_name = "FILE", required = true)]
    pub lists: Vec<PathBuf>,
    /// The month, `YYYY-MM`.
    #[arg(long)]
    pub month: String,
    /// The month's screened traffic: `solvent screen address --json` or
    /// `solvent screen domain --json` output (repeatable).
    #[arg(long, value_name = "FILE")]
    pub traffic: Vec<PathBuf>,
    /// History store (default: $SOLVENT_HISTORY, else
    /// ~/.local/share/solvent/history.redb).
    #[arg(long, value_name = "PATH")]
    pub history: Option<PathBuf>,
    /// Compare with the previous snapshot but do not record this month's.
    #[arg(long)]
    pub no_record: bool,
}

#[derive(Parser)]
pub struct AddressArgs {
    /// A list to screen against (repeatable).
    #[arg(long = "list", value_name = "FILE", required = true)]
    pub lists: Vec<PathBuf>,
    /// Addresses to screen, one per line or CSV `address[,chain]`.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// The chain of the addresses given (a network name or currency code);
    /// by default each is screened on every chain it decodes on.
    #[arg(long)]
    pub chain: Option<String>,
    /// The user's known counterparties (any list format): an unlisted
    /// address that imitates one of them is a WARN.
    #[arg(long, value_name = "FILE")]
    pub address_book: Option<PathBuf>,
    /// How many characters at each end of an address a lookalike copies.
    #[arg(long, default_value_t = Lookalike::default().head, value_name = "N")]
    pub lookalike_chars: usize,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
    /// Addresses to screen.
    pub addresses: Vec<String>,
}

#[derive(Parser)]
pub struct DomainArgs {
    /// The exchange's protected domains and names, one per line with an
    /// optional edit-distance tolerance: `DOMAIN [TOLERANCE]`, `#`
    /// comments.
    #[arg(long, value_name = "FILE")]
    pub brands: Option<PathBuf>,
    /// A phishing configuration in MetaMask's format (eth-phishing-detect's
    /// `config.json`: whitelist, blacklist, fuzzylist, tolerance)
    /// (repeatable).
    #[arg(long = "phishing-config", value_name = "FILE")]
    pub phishing_configs: Vec<PathBuf>,
    /// The Public Suffix List.
    #[arg(long, value_name = "FILE", default_value = Suffixes::DEBIAN)]
    pub psl: PathBuf,
    /// URLs or hosts to screen, one per line, `#` comments.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
    /// URLs or hosts to screen.
    #[arg(value_name = "HOST_OR_URL")]
    pub hosts: Vec<String>,
}

impl Args {
    pub fn json(&self) -> bool {
        match &self.command {
            ScreenCommand::Address(a) => a.json,
            ScreenCommand::Domain(a) => a.json,
            ScreenCommand::Stats(_) => true,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        ScreenCommand::Address(args) => address(args),
        ScreenCommand::Domain(args) => domain(args),
        ScreenCommand::Stats(args) => stats(args),
    }
}

fn address(args: AddressArgs) -> anyhow::Result<Outcome> {
    if args.addresses.is_empty() && args.input.is_none() {
        return Err(usage(anyhow::anyhow!(
            "no address to screen: give addresses or --input FILE"
        )));
    }
    if args.lookalike_chars == 0 {
        return Err(usage(anyhow::anyhow!(
            "--lookalike-chars must be at least 1"
        )));
    }
    let index = Index::load(&args.lists).map_err(usage)?;
    print_rejected(index.rejected());
    let book = match &args.address_book {
        Some(path) => {
            let list = load::load(path).map_err(usage)?;
            print_rejected(&list.rejected);
            let n = args.lookalike_chars;
            Some(AddressBook::new(vec![list], Lookalike { head: n, tail: n }))
        }
        None => None,
    };
    let mut printer = Printer::new(args.json);
    let chain = args.chain.as_deref();
    for address in &args.addresses {
        printer.print(&index.screen(address, chain, book.as_ref()))?;
    }
    if let Some(path) = &args.input {
        let file = open_input(path)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(file);
        for (i, record) in reader.records().enumerate() {
            let record = record
                .with_context(|| format!("{}: malformed CSV", path.display()))
                .map_err(usage)?;
            let address = record.get(0).unwrap_or_default();
            if address.is_empty() || (i == 0 && address.eq_ignore_ascii_case("address")) {
                continue;
            }
            let line_chain = record.get(1).filter(|c| !c.is_empty()).or(chain);
            printer.print(&index.screen(address, line_chain, book.as_ref()))?;
        }
    }
    Ok(printer.finish()?.outcome())
}

fn domain(args: DomainArgs) -> anyhow::Result<Outcome> {
    if args.hosts.is_empty() && args.input.is_none() {
        return Err(usage(anyhow::anyhow!(
            "no host to screen: give hosts or URLs, or --input FILE"
        )));
    }
    if args.brands.is_none() && args.phishing_configs.is_empty() {
        return Err(usage(anyhow::anyhow!(
            "nothing to screen against: give --brands FILE or --phishing-config FILE"
        )));
    }
    let suffixes = Suffixes::load(&args.psl)
        .context("the Public Suffix List (Debian's `publicsuffix` package, or --psl FILE)")
        .map_err(usage)?;
    let mut screener = DomainScreener::new(suffixes);
    for path in &args.phishing_configs {
        screener.add_phishing_config(PhishingConfig::load(path).map_err(usage)?);
    }
    if let Some(path) = &args.brands {
        screener.add_brands(domain::load_brands(path).map_err(usage)?);
    }
    print_rejected(screener.rejected());
    let mut printer = Printer::new(args.json);
    for host in &args.hosts {
        printer.print(&screener.screen(host))?;
    }
    if let Some(path) = &args.input {
        let file = open_input(path)?;
        for entry in listing::read_entries(file) {
            let (_, host) = entry.map_err(|e| {
                usage(anyhow::anyhow!(
                    "{}:{}: cannot read: {}",
                    path.display(),
                    e.line,
                    e.source
                ))
            })?;
            printer.print(&screener.screen(&host))?;
        }
    }
    Ok(printer.finish()?.outcome())
}

fn stats(args: StatsArgs) -> anyhow::Result<Outcome> {
    let _: Month = args
        .month
        .parse()
        .map_err(|e| usage(anyhow::anyhow!("--month: {e}")))?;
    let index = Index::load(&args.lists).map_err(usage)?;
    print_rejected(index.rejected());
    let traffic = if args.traffic.is_empty() {
        None
    } else {
        let mut traffic = Traffic::default();
        for path in &args.traffic {
            let file = open_input(path)?;
            traffic.add(path, file).map_err(usage)?;
        }
        Some(traffic)
    };
    let path = solvent_history::location(args.history).map_err(usage)?;
    let store = HistoryStore::open(&path).map_err(usage)?;
    let previous = store.lists_before(&args.month).map_err(usage)?;
    let stats = figures::stats(&index, &args.month, previous.as_ref(), traffic);
    if !args.no_record {
        store.record_lists(&figures::snapshot(&index, &args.month))?;
    }
    println!("{}", serde_json::to_string_pretty(&stats)?);
    Ok(Outcome::Ok)
}
