//! Verdicts as the screening and token commands print them: one record
//! per input (under `--json` one JSON object per line), a tally at the
//! end, and the exit code the tally makes.

use std::io::Write;

use serde::Serialize;

use crate::exit::Outcome;

/// A kind of verdict, counted in the tally.
pub trait Tallied: Copy + Eq + 'static {
    /// Every verdict, in the tally's order.
    const ALL: &'static [Self];
    /// The verdicts that make the command exit 1 (BLOCK and WARN;
    /// HONEYPOT and HIGH_RISK).
    const FLAGGED: &'static [Self];
    /// An input that could not be judged (INVALID; UNKNOWN): exit 2 when
    /// nothing is flagged.
    const INVALID: Self;
    fn label(self) -> &'static str;
}

/// A record: its verdict and its text form.
pub trait Screened: Serialize {
    type Verdict: Tallied;
    fn verdict(&self) -> Self::Verdict;
    fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()>;
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
