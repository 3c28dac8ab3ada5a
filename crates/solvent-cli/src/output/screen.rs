//! What `solvent screen address` and `solvent screen domain` print for
//! each input ([`super::verdicts`] prints them), and the list entries that
//! could not be used on stderr.

use std::fmt::Display;
use std::io::Write;

use solvent_screen::domain::{DomainReport, DomainVerdict};
use solvent_screen::{AddressVerdict, MatchKind, Verdict};

use super::verdicts::{Screened, Tallied};

/// Reports list entries that cannot be used.
pub fn print_rejected<R: Display>(rejected: &[R]) {
    for r in rejected {
        eprintln!("warning: {r}");
    }
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
