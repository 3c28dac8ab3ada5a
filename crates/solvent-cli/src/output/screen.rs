//! What `solvent screen address` and `solvent screen domain` print: one
//! line per input (under `--json` one JSON object per line), a tally at
//! the end, and the list entries that could not be used on stderr.

use std::fmt::Display;
use std::io::Write;

use serde::Serialize;

use crate::exit::Outcome;
use solvent_screen::domain::{DomainReport, DomainVerdict};
use solvent_screen::{AddressVerdict, MatchKind, Verdict};

/// Reports list entries that cannot be used.
pub fn print_rejected<R: Display>(rejected: &[R]) {
    for r in rejected {
        eprintln!("warning: {r}");
    }
}

/// A kind of verdict, counted in the tally.
pub trait Tallied: Copy + Eq + 'static {
    /// Every verdict, in the tally's order.
    const ALL: &'static [Self];
    /// The verdicts that make the command exit 1 (BLOCK, WARN).
    const FLAGGED: &'static [Self];
    /// Not a screenable input (exit 2 when nothing is flagged).
    const INVALID: Self;
    fn label(self) -> &'static str;
}

impl Tallied for AddressVerdict {
    const ALL: &'static [Self] = &[
        AddressVerdict::Block,
        AddressVerdict::Warn,
        AddressVerdict::None,
        AddressVerdict::Invalid,
    ];
    const FLAGGED: &'static [Self] = &[AddressVerdict::Block, AddressVerdict::Warn];
    const INVALID: Self = AddressVerdict::Invalid;

    fn label(self) -> &'static str {
        AddressVerdict::label(self)
    }
}

impl Tallied for DomainVerdict {
    const ALL: &'static [Self] = &[
        DomainVerdict::Block,
        DomainVerdict::Warn,
        DomainVerdict::Allow,
        DomainVerdict::None,
        DomainVerdict::Invalid,
    ];
    const FLAGGED: &'static [Self] = &[DomainVerdict::Block, DomainVerdict::Warn];
    const INVALID: Self = DomainVerdict::Invalid;

    fn label(self) -> &'static str {
        DomainVerdict::label(self)
    }
}

/// A screening record: its verdict and its text form.
pub trait Screened: Serialize {
    type Verdict: Tallied;
    fn verdict(&self) -> Self::Verdict;
    fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()>;
}

impl Screened for Verdict<'_> {
    type Verdict = AddressVerdict;

    fn verdict(&self) -> AddressVerdict {
        self.verdict
    }

    fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let chain = if self.chain.is_empty() {
            "-"
        } else {
            self.chain
        };
        write!(
            out,
            "{:<7}  {}  {chain}",
            self.verdict.label(),
            self.address
        )?;
        if let Some(reason) = &self.reason {
            write!(out, "  {reason}")?;
        }
        writeln!(out)?;
        for m in &self.matches {
            let what = match m.kind {
                MatchKind::Listed => format!("listed by {}", m.source()),
                MatchKind::Lookalike => {
                    format!("imitates {} from your address book", m.entry.address)
                }
            };
            let date = m.list_date().map(|d| format!(" ({d})")).unwrap_or_default();
            let label = m.label().map(|l| format!(": {l}")).unwrap_or_default();
            let file = m.entry.meta.file.display();
            writeln!(out, "         {what}{date}, {file}:{}{label}", m.entry.line)?;
        }
        Ok(())
    }
}

impl Screened for DomainReport<'_> {
    type Verdict = DomainVerdict;

    fn verdict(&self) -> DomainVerdict {
        self.verdict
    }

    fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        write!(out, "{:<7}  {}", self.verdict.label(), self.host)?;
        if let Some(unicode) = &self.host_unicode {
            write!(out, " ({unicode})")?;
        }
        if let Some(error) = &self.error {
            write!(out, "  {error}")?;
        }
        writeln!(out)?;
        for r in &self.reasons {
            let rule = r.rule.label();
            let distance = r
                .distance
                .map(|d| format!(", distance {d}"))
                .unwrap_or_default();
            writeln!(out, "         {rule}: {}{distance}", r.brand)?;
        }
        Ok(())
    }
}

/// How many inputs got each verdict.
pub struct Counts<V>(Vec<usize>, std::marker::PhantomData<V>);

impl<V: Tallied> Counts<V> {
    fn slot(v: V) -> usize {
        V::ALL.iter().position(|&x| x == v).unwrap_or(0)
    }

    pub fn count(&self, v: V) -> usize {
        self.0[Self::slot(v)]
    }

    /// Exit 1 when anything was flagged, else 2 when an input was not
    /// screenable, else 0.
    pub fn outcome(&self) -> Outcome {
        if V::FLAGGED.iter().any(|&v| self.count(v) > 0) {
            Outcome::Invalid
        } else if self.count(V::INVALID) > 0 {
            Outcome::Unusable
        } else {
            Outcome::Ok
        }
    }
}

/// Prints records as they come, through one buffered lock on stdout.
pub struct Printer<V> {
    json: bool,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    counts: Counts<V>,
}

impl<V: Tallied> Printer<V> {
    pub fn new(json: bool) -> Self {
        Printer {
            json,
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            counts: Counts(vec![0; V::ALL.len()], std::marker::PhantomData),
        }
    }

    pub fn print<R: Screened<Verdict = V>>(&mut self, record: &R) -> anyhow::Result<()> {
        self.counts.0[Counts::slot(record.verdict())] += 1;
        if self.json {
            serde_json::to_writer(&mut self.out, record)?;
            writeln!(self.out)?;
        } else {
            record.write_text(&mut self.out)?;
        }
        Ok(())
    }

    /// Flushes and, in text mode, prints the tally.
    pub fn finish(mut self) -> anyhow::Result<Counts<V>> {
        if !self.json {
            let c = &self.counts;
            let tally: Vec<String> = V::ALL
                .iter()
                .map(|&v| format!("{} {}", c.count(v), v.label()))
                .collect();
            writeln!(
                self.out,
                "{} screened: {}",
                c.0.iter().sum::<usize>(),
                tally.join(", ")
            )?;
        }
        self.out.flush()?;
        Ok(self.counts)
    }
}
