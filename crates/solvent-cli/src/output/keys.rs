//! What `solvent keys-audit` prints.

use std::io::Write;

use solvent_policy::keys::Audit;

pub fn print_audit(audit: &Audit, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(audit)?)?;
        return Ok(());
    }
    let label = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    for d in &audit.decisions {
        writeln!(
            out,
            "{:<16} {}  (user {}): {}",
            label(serde_json::to_value(d.action)?),
            d.key_id,
            d.user_id,
            d.reasons.join("; ")
        )?;
    }
    let counts: Vec<String> = audit
        .by_action
        .iter()
        .map(|(a, n)| Ok(format!("{} {n}", label(serde_json::to_value(a)?))))
        .collect::<anyhow::Result<_>>()?;
    writeln!(
        out,
        "{} keys as of {}: {}",
        audit.keys,
        audit.as_of,
        counts.join(", ")
    )?;
    Ok(())
}
