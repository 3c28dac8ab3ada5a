//! What `solvent deposit-check` prints.

use std::io::Write;

use solvent_deposits::Check;

pub fn print_check(check: &Check, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(check)?)?;
        return Ok(());
    }
    for c in &check.results {
        let id = c
            .report
            .id
            .as_deref()
            .map(|id| format!(" {id}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<22} {:<12} line {}{id}: {}",
            c.triage.case, c.triage.recovery, c.line, c.triage.reason
        )?;
        for need in &c.triage.needs {
            writeln!(out, "    needs: {need}")?;
        }
    }
    let counts: Vec<String> = check
        .by_case
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(case, n)| format!("{case} {n}"))
        .collect();
    writeln!(out, "{} reports: {}", check.reports, counts.join(", "))?;
    Ok(())
}
