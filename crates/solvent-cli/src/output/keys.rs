//! What `solvent keys-audit` prints.

use std::io::Write;

use solvent_policy::keys::Audit;

pub fn print_audit(audit: &Audit, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(audit)?)?;
        return Ok(());
    }
    for d in &audit.decisions {
        writeln!(
            out,
            "{:<16} {}  (user {}): {}",
            d.action,
            d.key_id,
            d.user_id,
            d.reasons.join("; ")
        )?;
    }
    let counts: Vec<String> = audit
        .by_action
        .iter()
        .map(|(a, n)| format!("{a} {n}"))
        .collect();
    writeln!(
        out,
        "{} keys as of {}: {}",
        audit.keys,
        audit.as_of,
        counts.join(", ")
    )?;
    Ok(())
}
