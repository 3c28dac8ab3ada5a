//! The round report's summary lines.

use solvent_report::Report;

/// One line per asset: ratio, net liabilities, verified reserves, status.
pub fn print_ratios(report: &Report) {
    for a in &report.assets {
        println!(
            "  {:<8} ratio {:>9}  net liabilities {}  verified reserves {}  {}",
            a.asset,
            a.ratio_percent
                .as_deref()
                .map_or("n/a".into(), |r| format!("{r}%")),
            a.net_liabilities,
            a.reserves_verified,
            a.status
        );
    }
}

/// Why no report was written, when the bundle does not verify.
pub fn print_refused(bundle: &std::path::Path, reason: &impl std::fmt::Display) {
    println!(
        "REFUSED: the liabilities bundle {} does not verify: {reason}",
        bundle.display()
    );
    println!("No report was written: reserve ratios against unproven liabilities mean nothing.");
}
