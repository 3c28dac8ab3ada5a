//! What `solvent funds` prints.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use solvent_funds::{Entry, Ledger, LedgerError};
use solvent_model::Day;

/// A ledger's check.
#[derive(Serialize)]
pub struct Verdict {
    pub ledger: String,
    pub valid: bool,
    /// Entries read (valid ledgers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<u64>,
    /// The last entry's number and hash: what a report publishes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<Head>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchors_checked: Option<usize>,
    /// Where it broke.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize)]
pub struct Head {
    pub seq: u64,
    pub date: Day,
    pub hash: String,
}

impl Verdict {
    pub fn valid(path: &Path, ledger: &Ledger, anchors: usize) -> Self {
        Verdict {
            ledger: path.display().to_string(),
            valid: true,
            entries: Some(ledger.entries().count() as u64),
            head: ledger.head().map(|e| Head {
                seq: e.seq,
                date: e.movement.date,
                hash: e.hash.clone(),
            }),
            anchors_checked: Some(anchors),
            line: None,
            error: None,
        }
    }

    pub fn broken(path: &Path, e: &LedgerError) -> Self {
        Verdict {
            ledger: path.display().to_string(),
            valid: false,
            entries: None,
            head: None,
            anchors_checked: None,
            line: e.line,
            error: Some(e.problem.to_string()),
        }
    }
}

pub fn print_verdict(v: &Verdict, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(v)?)?;
    } else if v.valid {
        write!(
            out,
            "VALID  {}: {} entries",
            v.ledger,
            v.entries.unwrap_or(0)
        )?;
        if let Some(h) = &v.head {
            write!(out, ", head {}:{} ({})", h.seq, h.hash, h.date)?;
        }
        writeln!(out)?;
    } else {
        let at = v.line.map(|l| format!(":{l}")).unwrap_or_default();
        writeln!(
            out,
            "INVALID  {}{at}: {}",
            v.ledger,
            v.error.as_deref().unwrap_or_default()
        )?;
    }
    Ok(())
}

/// The chained entry, as the ledger line it is (or would be).
pub fn print_entry(entry: &Entry, written: bool, json: bool) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(entry)?);
    if !written && !json {
        eprintln!("dry run: not written (add --write to append it)");
    }
    Ok(())
}

#[derive(Serialize)]
struct Balances<'a> {
    date: Option<Day>,
    balances: Vec<solvent_funds::Balance>,
    head: Option<&'a str>,
}

pub fn print_balances(ledger: &Ledger, date: Option<Day>, json: bool) -> anyhow::Result<()> {
    let balances = ledger.balances(date);
    let mut out = std::io::stdout().lock();
    if json {
        let all = Balances {
            date,
            balances,
            head: ledger.head().map(|e| e.hash.as_str()),
        };
        writeln!(out, "{}", serde_json::to_string(&all)?)?;
        return Ok(());
    }
    for b in &balances {
        writeln!(
            out,
            "{:<20} {:<8} {:>24}  (in {}, out {}, {} entries)",
            b.fund,
            b.asset,
            b.balance.to_string(),
            b.inflows,
            b.outflows,
            b.entries
        )?;
    }
    Ok(())
}

pub fn print_wallets(check: &solvent_funds::WalletCheck, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(check)?)?;
        return Ok(());
    }
    writeln!(out, "{}  {}", check.status, check.fund)?;
    for a in &check.assets {
        writeln!(
            out,
            "  {:<8} ledger {:>24}  verified wallets {:>24}",
            a.asset,
            a.ledger.to_string(),
            a.verified.to_string()
        )?;
    }
    for reason in &check.reasons {
        writeln!(out, "  {reason}")?;
    }
    Ok(())
}
