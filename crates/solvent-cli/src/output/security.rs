//! What `solvent security-report` prints.

use std::path::Path;

use solvent_security::job::SECURITY_HTML;
use solvent_security::SecurityReport;

pub fn print_report(report: &SecurityReport, out: &Path, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    let sections = serde_json::to_value(&report.sections)?;
    if let Some(map) = sections.as_object() {
        for (name, section) in map {
            println!(
                "{:<13} {name}",
                section["status"].as_str().unwrap_or_default()
            );
        }
    }
    println!(
        "Security report for {}: {} (open it in a browser) and security-report.json.",
        report.month,
        out.join(SECURITY_HTML).display()
    );
    Ok(())
}
