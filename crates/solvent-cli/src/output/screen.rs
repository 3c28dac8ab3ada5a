//! What `solvent screen address` prints: one line per address (under
//! `--json` one JSON object per line), a tally at the end, and the list
//! entries that could not be used on stderr.

use std::io::Write;

use solvent_screen::{AddressVerdict, MatchKind, Rejected, Verdict};

/// Reports list entries that are not addresses of their chain.
pub fn print_rejected(rejected: &[Rejected]) {
    for r in rejected {
        eprintln!("warning: {r}");
    }
}

/// How many addresses got each verdict.
#[derive(Default)]
pub struct Counts([usize; 4]);

impl Counts {
    fn slot(v: AddressVerdict) -> usize {
        match v {
            AddressVerdict::Block => 0,
            AddressVerdict::Warn => 1,
            AddressVerdict::None => 2,
            AddressVerdict::Invalid => 3,
        }
    }

    pub fn count(&self, v: AddressVerdict) -> usize {
        self.0[Self::slot(v)]
    }
}

/// Prints verdicts as they come, through one buffered lock on stdout.
pub struct Printer {
    json: bool,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    counts: Counts,
}

impl Printer {
    pub fn new(json: bool) -> Self {
        Printer {
            json,
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            counts: Counts::default(),
        }
    }

    pub fn print(&mut self, v: &Verdict) -> anyhow::Result<()> {
        self.counts.0[Counts::slot(v.verdict)] += 1;
        if self.json {
            serde_json::to_writer(&mut self.out, v)?;
            writeln!(self.out)?;
            return Ok(());
        }
        let chain = if v.chain.is_empty() { "-" } else { v.chain };
        write!(self.out, "{:<7}  {}  {chain}", v.verdict.label(), v.address)?;
        if let Some(reason) = &v.reason {
            write!(self.out, "  {reason}")?;
        }
        writeln!(self.out)?;
        for m in &v.matches {
            let what = match m.kind {
                MatchKind::Listed => format!("listed by {}", m.source()),
                MatchKind::Lookalike => {
                    format!("imitates {} from your address book", m.entry.address)
                }
            };
            let date = m.list_date().map(|d| format!(" ({d})")).unwrap_or_default();
            let label = m.label().map(|l| format!(": {l}")).unwrap_or_default();
            let file = m.entry.meta.file.display();
            writeln!(
                self.out,
                "         {what}{date}, {file}:{}{label}",
                m.entry.line
            )?;
        }
        Ok(())
    }

    /// Flushes and, in text mode, prints the tally.
    pub fn finish(mut self) -> anyhow::Result<Counts> {
        if !self.json {
            let c = &self.counts;
            writeln!(
                self.out,
                "{} screened: {} BLOCK, {} WARN, {} NONE, {} INVALID",
                c.0.iter().sum::<usize>(),
                c.count(AddressVerdict::Block),
                c.count(AddressVerdict::Warn),
                c.count(AddressVerdict::None),
                c.count(AddressVerdict::Invalid)
            )?;
        }
        self.out.flush()?;
        Ok(self.counts)
    }
}
