//! report.html: one self-contained page (inline CSS and SVG, no script, a
//! Content-Security-Policy that forbids every request), readable offline and
//! printable. Every value from the inputs is HTML-escaped.

use std::fmt::Write as _;

use crate::report::Report;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1f24}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{padding:.35em .6em;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}td.addr{text-align:left;font-family:monospace;word-break:break-all}
.ok{color:#116b2f;font-weight:600}.bad{color:#a4161a;font-weight:600}.muted{color:#667}
.box{background:#f6f8fa;padding:.8em 1em;border-radius:6px}code{word-break:break-all}
svg text{font-size:11px;fill:#333}.lead{font-size:1.15em}";

/// Colours for chart series, cycled.
pub const PALETTE: [&str; 8] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
];

fn status_class(status: &str) -> &'static str {
    match status {
        "COVERED" | "VERIFIED" | "MATCH" => "ok",
        "UNDER-RESERVED" | "FAILED" | "MISMATCH" => "bad",
        _ => "muted",
    }
}

fn ratio_value(text: &Option<String>) -> Option<f64> {
    text.as_deref().and_then(|t| t.parse().ok())
}

/// Horizontal bars, one per asset with a ratio; a dashed line marks 100%.
fn ratio_chart(report: &Report) -> String {
    let rows: Vec<(&str, f64)> = report
        .assets
        .iter()
        .filter_map(|a| Some((a.asset.as_str(), ratio_value(&a.ratio_percent)?)))
        .collect();
    let max = rows
        .iter()
        .map(|r| r.1)
        .fold(150.0f64, f64::max)
        .min(1000.0);
    let (left, width, bar) = (80.0, 600.0, 22.0);
    let height = 30.0 + bar * rows.len() as f64 * 1.3;
    let x = |v: f64| left + width * v.min(max) / max;
    let mut svg = format!(
        "<svg id=\"ratio-chart\" role=\"img\" aria-label=\"Reserve ratio per asset\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">",
        left + width + 80.0,
        left + width + 80.0
    );
    for (i, (asset, value)) in rows.iter().enumerate() {
        let y = 10.0 + i as f64 * bar * 1.3;
        let colour = if *value >= 100.0 {
            "#2ca02c"
        } else {
            "#d62728"
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{left}\" y=\"{y}\" width=\"{:.1}\" height=\"{bar}\" fill=\"{colour}\"><title>{}: {value:.2}%</title></rect><text x=\"{:.1}\" y=\"{}\">{value:.2}%</text>",
            left - 6.0,
            y + bar * 0.7,
            escape(asset),
            x(*value) - left,
            escape(asset),
            x(*value) + 4.0,
            y + bar * 0.7,
        );
    }
    let _ = write!(
        svg,
        "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{height}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/><text x=\"{1:.1}\" y=\"{2}\">100%</text></svg>",
        x(100.0),
        x(100.0) + 3.0,
        height - 4.0
    );
    svg
}

/// One line per asset across recorded rounds.
fn history_chart(report: &Report) -> String {
    let rounds = &report.history;
    let assets: Vec<&str> = report.assets.iter().map(|a| a.asset.as_str()).collect();
    let (left, top, width, height) = (50.0, 15.0, 640.0, 220.0);
    let values: Vec<f64> = rounds
        .iter()
        .flat_map(|r| {
            r.assets
                .iter()
                .filter_map(|p| ratio_value(&p.ratio_percent))
        })
        .collect();
    // Zoom on the values (100% always in view) so that month-to-month
    // changes of a few percent are visible.
    let hi = (values.iter().copied().fold(110.0f64, f64::max) + 5.0).min(1000.0);
    let lo = (values.iter().copied().fold(95.0f64, f64::min) - 5.0).max(0.0);
    let step = if rounds.len() > 1 {
        width / (rounds.len() - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        left + if rounds.len() > 1 {
            step * i as f64
        } else {
            width / 2.0
        }
    };
    let y = |v: f64| top + height - height * (v.clamp(lo, hi) - lo) / (hi - lo);
    let mut svg = format!(
        "<svg id=\"history-chart\" role=\"img\" aria-label=\"Reserve ratio per asset over rounds\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">",
        left + width + 120.0,
        top + height + 40.0
    );
    let _ = write!(
        svg,
        "<line x1=\"{left}\" x2=\"{0}\" y1=\"{1:.1}\" y2=\"{1:.1}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/><text x=\"4\" y=\"{2:.1}\">100%</text><text x=\"4\" y=\"{3:.1}\">{4:.0}%</text><text x=\"4\" y=\"{5:.1}\">{6:.0}%</text>",
        left + width,
        y(100.0),
        y(100.0) + 4.0,
        top + 4.0,
        hi,
        top + height + 4.0,
        lo
    );
    for (i, r) in rounds.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            top + height + 18.0,
            escape(&r.round)
        );
    }
    for (k, asset) in assets.iter().enumerate() {
        let points: Vec<(f64, f64, String)> = rounds
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let p = r.assets.iter().find(|p| p.asset == *asset)?;
                let v = ratio_value(&p.ratio_percent)?;
                Some((x(i), y(v), format!("{v:.2}%")))
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        series(&mut svg, k, asset, &points, (left + width + 20.0, top));
    }
    svg.push_str("</svg>");
    svg
}

/// One series of a line chart, the `k`th: its line, a dot per point `(x,
/// y, label)` whose tooltip is the label, and its legend entry in the
/// column at `legend`.
pub fn series(
    svg: &mut String,
    k: usize,
    name: &str,
    points: &[(f64, f64, String)],
    legend: (f64, f64),
) {
    let colour = PALETTE[k % PALETTE.len()];
    let name = escape(name);
    let path: Vec<String> = points
        .iter()
        .map(|(px, py, _)| format!("{px:.1},{py:.1}"))
        .collect();
    let _ = write!(
        svg,
        "<polyline class=\"series\" data-series=\"{name}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
        path.join(" ")
    );
    for (px, py, label) in points {
        let _ = write!(
            svg,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"3\" fill=\"{colour}\"><title>{name}: {}</title></circle>",
            escape(label)
        );
    }
    let (x, y) = (legend.0, legend.1 + 14.0 * k as f64);
    let _ = write!(
        svg,
        "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\">{name}</text>",
        x + 14.0,
        y + 9.0
    );
}

/// Renders the whole page.
pub fn render(report: &Report) -> String {
    let mut h = String::with_capacity(16 * 1024);
    let round = escape(&report.round);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>Proof of reserves, round {round}</title><style>{STYLE}</style></head><body>\
<h1>Proof of reserves: round {round}</h1>"
    );
    let l = &report.liabilities;
    let _ = write!(
        h,
        "<p class=\"box\">The liabilities proof was <span class=\"ok\">verified</span>: a zero-knowledge proof that {} accounts, each with non-negative balances and none under water, add up to the liabilities below. Merkle root <code>{}</code>, verifier key <code>{}</code>. Reserves: {} addresses verified, {} failed, {} unverified (<code>{}</code>, {} layout){}.</p>",
        l.leaf_count,
        escape(&l.root),
        escape(&l.verifier_key_digest),
        report.reserves.rows_verified,
        report.reserves.rows_failed,
        report.reserves.rows_unverified,
        escape(&report.reserves.file),
        escape(&report.reserves.layout),
        if report.reserves.balances_checked {
            "; balances re-read on chain at the snapshot height"
        } else {
            "; balances as published (not re-read on chain)"
        }
    );

    let _ = write!(
        h,
        "<p id=\"usd-total\" class=\"lead\"><strong>{}</strong> in verified reserves across the round's {} assets, against USD {} of users' net holdings (verified reserves USD {}), at the statement's prices.</p>",
        escape(&report.usd.headline),
        report.assets.len(),
        escape(&report.usd.net_liabilities),
        escape(&report.usd.reserves_verified),
    );
    h.push_str("<h2>Reserve ratio per asset</h2><p class=\"muted\">Ratio = verified reserves / net liabilities (users' equity minus their debt), rounded down to 0.01%. Unverified and failed reserves are never counted.</p>");
    h.push_str("<table id=\"ratios\"><thead><tr><th>Asset</th><th>Net liabilities</th><th>Verified reserves</th><th>Ratio</th><th>Status</th><th>Unverified</th><th>Failed</th><th>Published (verified rows)</th><th>Price (USD)</th><th>Net liabilities (USD)</th><th>Verified reserves (USD)</th></tr></thead><tbody>");
    for a in &report.assets {
        let ratio = a
            .ratio_percent
            .as_deref()
            .map_or("n/a".to_string(), |r| format!("{r}%"));
        let _ = write!(
            h,
            "<tr data-asset=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td class=\"ratio {6}\">{3}</td><td class=\"{6}\">{4}</td><td>{5}</td><td>{7}</td><td>{8}</td><td>{9}</td><td class=\"usd-net\">{10}</td><td class=\"usd-reserves\">{11}</td></tr>",
            escape(&a.asset),
            escape(&a.net_liabilities),
            escape(&a.reserves_verified),
            escape(&ratio),
            escape(a.status.label()),
            escape(&a.reserves_unverified),
            status_class(a.status.label()),
            escape(&a.reserves_failed),
            escape(&a.reserves_published),
            escape(&a.price_usd),
            escape(&a.net_liabilities_usd),
            escape(&a.reserves_verified_usd),
        );
    }
    h.push_str("</tbody></table>");
    h.push_str(&ratio_chart(report));

    h.push_str("<h2>Ratios over past rounds</h2>");
    h.push_str(&history_chart(report));

    if !report.other_reserves.is_empty() {
        h.push_str("<h2>Reserves of assets without liabilities</h2><table id=\"other-reserves\"><thead><tr><th>Asset</th><th>Verified</th><th>Unverified</th></tr></thead><tbody>");
        for o in &report.other_reserves {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&o.asset),
                escape(&o.reserves_verified),
                escape(&o.reserves_unverified)
            );
        }
        h.push_str("</tbody></table>");
    }

    let _ = write!(
        h,
        "<h2>What was not verified</h2><p class=\"muted\">{} reserve rows did not count toward any ratio.</p>",
        report.uncounted_rows.len()
    );
    if !report.uncounted_rows.is_empty() {
        h.push_str("<table id=\"uncounted\"><thead><tr><th>Line</th><th>Asset</th><th>Network</th><th>Address</th><th>Amount</th><th>Status</th><th>Reason</th></tr></thead><tbody>");
        for r in &report.uncounted_rows {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"addr\">{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"addr\">{}</td></tr>",
                r.line,
                escape(&r.asset),
                escape(&r.network),
                escape(&r.address),
                escape(r.amount.as_deref().unwrap_or("-")),
                status_class(r.status.label()),
                escape(r.status.label()),
                escape(&r.reason)
            );
        }
        h.push_str("</tbody></table>");
    }
    if !report.reserves.balance_mismatches.is_empty() {
        h.push_str("<h2>Published balances that differ on chain</h2><table id=\"balance-mismatches\"><thead><tr><th>Line</th><th>Asset</th><th>Address</th><th>Published</th><th>On chain</th></tr></thead><tbody>");
        for m in &report.reserves.balance_mismatches {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"addr\">{}</td><td>{}</td><td>{}</td></tr>",
                m.line,
                escape(&m.asset),
                escape(&m.address),
                escape(&m.published),
                escape(&m.on_chain)
            );
        }
        h.push_str("</tbody></table>");
    }

    h.push_str("<section id=\"insurance\"><h2>Insurance / safety fund</h2><p class=\"muted\">Shown for information. It is not counted as reserves in any ratio above.</p>");
    if report.insurance.is_empty() {
        h.push_str("<p>No insurance fund was listed for this round.</p>");
    } else {
        h.push_str(
            "<table><thead><tr><th>Asset</th><th>Amount</th><th>Note</th></tr></thead><tbody>",
        );
        for i in &report.insurance {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&i.asset),
                escape(&i.amount),
                escape(i.note.as_deref().unwrap_or(""))
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>");
    let _ = write!(
        h,
        "<h2>Check it yourself</h2><p>Run <code>solvent verify BUNDLE_DIR</code> on the published liabilities bundle, <code>solvent reserves verify {}</code> on the reserve file, and <code>solvent verify BUNDLE_DIR --inclusion YOUR_PROOF.json</code> to check your own account is included.</p></body></html>",
        escape(&report.reserves.file)
    );
    h
}
