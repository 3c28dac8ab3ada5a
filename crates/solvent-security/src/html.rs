//! security-report.html: one self-contained page in the sections' order
//! (inline CSS and SVG, no script, a Content-Security-Policy that forbids
//! every request). Every value from the inputs is HTML-escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use solvent_report::html::{self as chart, escape, PALETTE};

use crate::build::SecurityReport;
use crate::sections::*;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1f24}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.92em;margin:.5em 0}th,td{padding:.35em .6em;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}.ok{color:#116b2f;font-weight:600}.bad{color:#a4161a;font-weight:600}
.muted{color:#667}.lead{font-size:1.15em}.not-reported{color:#8a5a00;font-style:italic}code{word-break:break-all}
svg text{font-size:11px;fill:#333}";

/// A table of `(label, value)` rows with an id.
fn figures(id: &str, rows: &[(&str, String)]) -> String {
    let mut h = format!("<table id=\"{id}\"><tbody>");
    for (label, value) in rows {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"value\">{}</td></tr>",
            escape(label),
            escape(value)
        );
    }
    h.push_str("</tbody></table>");
    h
}

/// A table of counts by label.
fn counts(id: &str, title: &str, map: &BTreeMap<String, u64>) -> String {
    let mut h = format!(
        "<table id=\"{id}\"><thead><tr><th>{}</th><th>Count</th></tr></thead><tbody>",
        escape(title)
    );
    for (k, v) in map {
        let _ = write!(
            h,
            "<tr data-key=\"{0}\"><td>{0}</td><td class=\"value\">{v}</td></tr>",
            escape(k)
        );
    }
    h.push_str("</tbody></table>");
    h
}

/// Horizontal bars, one per row; `mark` draws a dashed line at that value.
fn bars(id: &str, label: &str, rows: &[(String, f64, String)], mark: Option<f64>) -> String {
    let max = rows.iter().map(|r| r.1).chain(mark).fold(1.0f64, f64::max) * 1.1;
    let (left, width, bar) = (150.0, 560.0, 20.0);
    let height = 20.0 + bar * 1.3 * rows.len() as f64;
    let x = |v: f64| left + width * v.max(0.0) / max;
    let mut svg = format!(
        "<svg id=\"{id}\" role=\"img\" aria-label=\"{}\" width=\"{1}\" height=\"{height}\" viewBox=\"0 0 {1} {height}\">",
        escape(label),
        left + width + 120.0
    );
    for (i, (name, value, text)) in rows.iter().enumerate() {
        let y = 10.0 + i as f64 * bar * 1.3;
        let colour = match mark {
            Some(m) if *value < m => "#d62728",
            _ => PALETTE[i % PALETTE.len()],
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{left}\" y=\"{y}\" width=\"{:.1}\" height=\"{bar}\" fill=\"{colour}\"><title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{}\">{}</text>",
            left - 6.0,
            y + bar * 0.7,
            escape(name),
            x(*value) - left,
            escape(name),
            escape(text),
            x(*value) + 4.0,
            y + bar * 0.7,
            escape(text)
        );
    }
    if let Some(m) = mark {
        let _ = write!(
            svg,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{height}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>",
            x(m)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Lines over months, one per series (`None` points are gaps).
fn lines(
    id: &str,
    label: &str,
    months: &[String],
    series: &[(String, Vec<Option<f64>>)],
) -> String {
    let (left, top, width, height) = (60.0, 15.0, 620.0, 200.0);
    let max = series
        .iter()
        .flat_map(|s| s.1.iter().flatten())
        .copied()
        .fold(1.0f64, f64::max)
        * 1.1;
    let x = |i: usize| {
        left + if months.len() > 1 {
            width * i as f64 / (months.len() - 1) as f64
        } else {
            width / 2.0
        }
    };
    let y = |v: f64| top + height - height * v.max(0.0) / max;
    let (w, h) = (left + width + 200.0, top + height + 40.0);
    let mut svg = format!(
        "<svg id=\"{id}\" role=\"img\" aria-label=\"{}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        escape(label)
    );
    let _ = write!(
        svg,
        "<line x1=\"{left}\" x2=\"{0}\" y1=\"{1}\" y2=\"{1}\" stroke=\"#999\"/><text x=\"4\" y=\"{2}\">{3:.0}</text><text x=\"4\" y=\"{1}\">0</text>",
        left + width,
        top + height,
        top + 4.0,
        max
    );
    for (i, m) in months.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            top + height + 18.0,
            escape(m)
        );
    }
    for (k, (name, values)) in series.iter().enumerate() {
        let points: Vec<(f64, f64, String)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((x(i), y((*v)?), (*v)?.to_string())))
            .collect();
        chart::series(&mut svg, k, name, &points, (left + width + 20.0, top));
    }
    svg.push_str("</svg>");
    svg
}

/// Opens a section; a section not reported says so and nothing else.
fn open<T>(h: &mut String, id: &str, title: &str, section: &Section<T>) -> Option<()> {
    let status = if section.figures().is_some() {
        "REPORTED"
    } else {
        "NOT_REPORTED"
    };
    let _ = write!(
        h,
        "<section id=\"{id}\" data-status=\"{status}\"><h2>{}</h2>",
        escape(title)
    );
    if let Section::NotReported { reason } = section {
        let _ = write!(
            h,
            "<p class=\"not-reported\">{}</p></section>",
            escape(reason)
        );
        return None;
    }
    Some(())
}

fn number(text: &str) -> f64 {
    text.parse().unwrap_or(0.0)
}

fn por(h: &mut String, s: &Section<ProofOfReserves>) {
    let (Some(()), Some(p)) = (
        open(h, "proof_of_reserves", "Proof of reserves", s),
        s.figures(),
    ) else {
        return;
    };
    let _ = write!(
        h,
        "<p id=\"por-total\" class=\"lead\"><strong>{}</strong> in verified reserves against USD {} of users' net holdings, round <code>{}</code>. Liabilities proof: <span class=\"{}\">{}</span> over {} accounts (root <code>{}</code>).</p>",
        escape(&p.usd.headline),
        escape(&p.usd.net_liabilities),
        escape(&p.round),
        if p.proof_verified { "ok" } else { "bad" },
        if p.proof_verified { "verified" } else { "NOT verified" },
        p.accounts,
        escape(&p.root)
    );
    h.push_str("<table id=\"por-assets\"><thead><tr><th>Asset</th><th>Users' net holdings</th><th>Verified reserves</th><th>Ratio</th><th>Status</th><th>Holdings (USD)</th><th>Reserves (USD)</th></tr></thead><tbody>");
    for a in &p.assets {
        let ratio = a
            .ratio_percent
            .as_deref()
            .map_or("n/a".to_owned(), |r| format!("{r}%"));
        let _ = write!(
            h,
            "<tr data-asset=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td class=\"ratio\">{3}</td><td class=\"{7}\">{4}</td><td>{5}</td><td>{6}</td></tr>",
            escape(&a.asset),
            escape(&a.net_liabilities),
            escape(&a.reserves_verified),
            escape(&ratio),
            escape(&a.status),
            escape(&a.net_liabilities_usd),
            escape(&a.reserves_verified_usd),
            if a.status == "COVERED" { "ok" } else if a.status == "UNDER-RESERVED" { "bad" } else { "muted" }
        );
    }
    h.push_str("</tbody></table>");
    let rows: Vec<(String, f64, String)> = p
        .assets
        .iter()
        .filter_map(|a| {
            let r = a.ratio_percent.as_deref()?;
            Some((a.asset.clone(), number(r), format!("{r}%")))
        })
        .collect();
    h.push_str(&bars(
        "por-ratio-chart",
        "Reserve ratio per asset",
        &rows,
        Some(100.0),
    ));
    h.push_str("</section>");
}

fn fund(h: &mut String, id: &str, title: &str, s: &Section<FundFigures>) {
    let (Some(()), Some(f)) = (open(h, id, title, s), s.figures()) else {
        return;
    };
    let _ = write!(
        h,
        "<p class=\"muted\">Shown apart: never counted as reserves for users' liabilities. Balances at the end of {}{}; ledger head <code>{}</code> (check a later ledger with <code>solvent funds verify --anchor</code>).</p>",
        escape(&f.as_of),
        f.total_usd.as_deref().map(|t| format!(", USD {} at the round's prices", escape(t))).unwrap_or_default(),
        escape(f.ledger_head.as_deref().unwrap_or("none"))
    );
    let _ = write!(h, "<table id=\"{id}-assets\"><thead><tr><th>Asset</th><th>Balance</th><th>In this month</th><th>Out this month</th></tr></thead><tbody>");
    for a in &f.assets {
        let _ = write!(
            h,
            "<tr data-asset=\"{0}\"><td>{0}</td><td class=\"balance\">{1}</td><td>{2}</td><td>{3}</td></tr>",
            escape(&a.asset),
            escape(&a.balance),
            escape(&a.inflows),
            escape(&a.outflows)
        );
    }
    h.push_str("</tbody></table>");
    let months: Vec<String> = f.months.iter().map(|m| m.month.clone()).collect();
    let series: Vec<(String, Vec<Option<f64>>)> = if f.months.iter().any(|m| m.total_usd.is_some())
    {
        vec![(
            "USD".to_owned(),
            f.months
                .iter()
                .map(|m| m.total_usd.as_deref().map(number))
                .collect(),
        )]
    } else {
        f.assets
            .iter()
            .map(|a| {
                let values = f
                    .months
                    .iter()
                    .map(|m| m.balances.get(&a.asset).map(|b| number(b)))
                    .collect();
                (a.asset.clone(), values)
            })
            .collect()
    };
    h.push_str(&lines(
        &format!("{id}-chart"),
        &format!("{title} over months"),
        &months,
        &series,
    ));
    h.push_str("</section>");
}

/// Renders the whole page.
pub fn render(report: &SecurityReport) -> String {
    let s = &report.sections;
    let month = escape(&report.month.to_string());
    let mut h = String::with_capacity(32 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>Security report, {month}</title><style>{STYLE}</style></head><body>\
<h1>Security report: {month}</h1><p class=\"muted\">Each section is read from the file its own command wrote; a section whose file was not given says so and shows no figure.</p>"
    );
    por(&mut h, &s.proof_of_reserves);
    fund(&mut h, "safety_fund", "Safety fund", &s.safety_fund);
    if let (Some(()), Some(a)) = (
        open(&mut h, "anti_phishing", "Anti-phishing", &s.anti_phishing),
        s.anti_phishing.figures(),
    ) {
        h.push_str(&figures(
            "anti-phishing-figures",
            &[
                ("Domains and URLs screened", a.domains_screened.to_string()),
                ("Blocked", a.blocked.to_string()),
                ("Warned", a.warned.to_string()),
                ("Allowed (protected or allowlisted)", a.allowed.to_string()),
            ],
        ));
        h.push_str(&counts("anti-phishing-rules", "Rule", &a.by_rule));
        h.push_str("</section>");
    }
    fund(
        &mut h,
        "risk_provision_fund",
        "Risk provision fund",
        &s.risk_provision_fund,
    );
    if let (Some(()), Some(a)) = (
        open(&mut h, "api_security", "API security", &s.api_security),
        s.api_security.figures(),
    ) {
        h.push_str(&figures(
            "api-security-figures",
            &[
                ("API keys audited", a.keys.to_string()),
                ("As of", a.as_of.clone()),
            ],
        ));
        h.push_str(&counts("api-security-actions", "Action", &a.by_action));
        h.push_str(&counts("api-security-rules", "Rule", &a.by_rule));
        h.push_str("</section>");
    }
    if let (Some(()), Some(r)) = (
        open(
            &mut h,
            "rookie_protection",
            "Rookie protection",
            &s.rookie_protection,
        ),
        s.rookie_protection.figures(),
    ) {
        h.push_str(&figures(
            "rookie-figures",
            &[
                ("Users", r.users.to_string()),
                ("Orders decided", r.orders.to_string()),
                ("Orders denied", r.denied.to_string()),
                ("Cooling-off periods started", r.cooling_offs.to_string()),
                ("Users cooled off", r.users_cooled_off.to_string()),
            ],
        ));
        h.push_str(&counts("rookie-rules", "Rule", &r.denied_by_rule));
        h.push_str("</section>");
    }
    if let (Some(()), Some(w)) = (
        open(
            &mut h,
            "wrong_deposit",
            "Wrong-deposit assistance",
            &s.wrong_deposit,
        ),
        s.wrong_deposit.figures(),
    ) {
        h.push_str(&figures(
            "wrong-deposit-figures",
            &[("Reports triaged", w.reports.to_string())],
        ));
        h.push_str(&counts("wrong-deposit-cases", "Case", &w.by_case));
        h.push_str(&counts(
            "wrong-deposit-recovery",
            "Recovery",
            &w.by_recovery,
        ));
        h.push_str("</section>");
    }
    if let (Some(()), Some(t)) = (
        open(
            &mut h,
            "fraudulent_tokens",
            "Fraudulent tokens",
            &s.fraudulent_tokens,
        ),
        s.fraudulent_tokens.figures(),
    ) {
        h.push_str(&figures(
            "token-figures",
            &[
                ("Checks", t.checks.to_string()),
                ("Tokens", t.tokens.to_string()),
                ("Flagged (HONEYPOT or HIGH_RISK)", t.flagged.to_string()),
            ],
        ));
        h.push_str(&counts("token-verdicts", "Verdict", &t.by_verdict));
        h.push_str("</section>");
    }
    if let (Some(()), Some(b)) = (
        open(
            &mut h,
            "blacklists",
            "Blacklisted addresses and domains",
            &s.blacklists,
        ),
        s.blacklists.figures(),
    ) {
        let mut rows = vec![("Listed addresses", b.listed_addresses.to_string())];
        if let Some(n) = b.addresses_screened {
            rows.push(("Addresses screened", n.to_string()));
        }
        if let Some(n) = b.blocked {
            rows.push(("Blocked", n.to_string()));
        }
        h.push_str(&figures("blacklist-figures", &rows));
        let _ = write!(h, "<table id=\"blacklist-sources\"><thead><tr><th>Source</th><th>Entries</th><th>New since {}</th><th>Removed</th></tr></thead><tbody>", escape(b.previous_month.as_deref().unwrap_or("the last month")));
        let opt = |n: Option<u64>| n.map_or("-".to_owned(), |n| n.to_string());
        for l in &b.sources {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"value\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(&l.source),
                l.entries,
                opt(l.new),
                opt(l.removed)
            );
        }
        h.push_str("</tbody></table></section>");
    }
    h.push_str("<section id=\"history\"><h2>Month by month</h2>");
    let months: Vec<String> = report.history.iter().map(|m| m.month.clone()).collect();
    let series: Vec<(String, Vec<Option<f64>>)> = Count::ALL
        .iter()
        .filter(|c| {
            report
                .history
                .iter()
                .any(|m| m.counts.contains_key(c.key()))
        })
        .map(|c| {
            let values = report
                .history
                .iter()
                .map(|m| m.counts.get(c.key()).map(|n| *n as f64))
                .collect();
            (c.label().to_owned(), values)
        })
        .collect();
    h.push_str(&lines("history-chart", "Monthly counts", &months, &series));
    h.push_str("</section></body></html>");
    h
}
