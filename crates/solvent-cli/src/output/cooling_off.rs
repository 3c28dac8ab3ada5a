//! What `solvent cooling-off` prints and writes.

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use solvent_policy::cooling_off::{replay, Decided, Policy, Stats, Verdict};

/// Every order's decision as JSON Lines, written beside `path` and moved
/// there once complete.
pub fn write_decisions(path: &Path, policy: &Policy, events: impl BufRead) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("--decisions {} names no file", path.display()))?;
    let staging = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let write = || -> anyhow::Result<()> {
        let mut out = BufWriter::new(std::fs::File::create(&staging)?);
        replay(events, policy, |decided| {
            serde_json::to_writer(&mut out, &decided.record(policy))?;
            out.write_all(b"\n")
        })?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&staging, path)?;
        Ok(())
    };
    write()
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&staging);
        })
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The text output: each denied order, then the counts; or the counts as
/// JSON.
pub struct Summary {
    json: bool,
    out: std::io::StdoutLock<'static>,
}

impl Summary {
    pub fn new(json: bool) -> Summary {
        Summary {
            json,
            out: std::io::stdout().lock(),
        }
    }

    pub fn denied(&mut self, decided: &Decided<'_, '_>, policy: &Policy) -> std::io::Result<()> {
        if decided.decision.verdict == Verdict::Allow {
            return Ok(());
        }
        let record = decided.record(policy);
        writeln!(
            self.out,
            "DENY  line {} {} user {}{}: {} ({})",
            record.line,
            record.time,
            record.user,
            record
                .id
                .map(|id| format!(" order {id}"))
                .unwrap_or_default(),
            record.rule.map(|r| r.to_string()).unwrap_or_default(),
            record.reason.unwrap_or_default(),
        )
    }

    pub fn finish(mut self, stats: &Stats) -> anyhow::Result<()> {
        if self.json {
            writeln!(self.out, "{}", serde_json::to_string_pretty(stats)?)?;
            return Ok(());
        }
        let rules: Vec<String> = stats
            .denied_by_rule
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect();
        writeln!(
            self.out,
            "{} events, {} users, {} orders: {} allowed, {} denied ({}); {} cooling-offs",
            stats.events,
            stats.users,
            stats.orders,
            stats.allowed,
            stats.denied,
            rules.join(", "),
            stats.cooling_offs
        )?;
        Ok(())
    }
}
