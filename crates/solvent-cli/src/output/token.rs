//! What `solvent token check` prints for each token.

use std::io::Write;

use solvent_token::{TokenReport, TokenVerdict};

use super::verdicts::{Screened, Tallied};

impl Tallied for TokenVerdict {
    const ALL: &'static [Self] = &[
        TokenVerdict::Honeypot,
        TokenVerdict::HighRisk,
        TokenVerdict::Caution,
        TokenVerdict::NoIssuesFound,
        TokenVerdict::Unknown,
    ];
    const FLAGGED: &'static [Self] = &[TokenVerdict::Honeypot, TokenVerdict::HighRisk];
    const INVALID: Self = TokenVerdict::Unknown;

    fn label(self) -> &'static str {
        TokenVerdict::label(self)
    }
}

/// Basis points as a percentage.
fn percent(bps: Option<u32>) -> String {
    bps.map_or("-".into(), |b| format!("{}.{:02}%", b / 100, b % 100))
}

impl Screened for TokenReport {
    type Verdict = TokenVerdict;

    fn verdict(&self) -> TokenVerdict {
        self.verdict
    }

    fn write_text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        write!(out, "{:<15}  {}", self.verdict.label(), self.token)?;
        if let Some(reason) = &self.reason {
            write!(out, "  {reason}")?;
        }
        writeln!(out)?;
        for (i, t) in self.trades.iter().enumerate() {
            writeln!(
                out,
                "                 round {i}: {} wei in, tax buy {} transfer {} sell {}",
                t.amount_in,
                percent(t.buy_tax_bps),
                percent(t.transfer_tax_bps),
                percent(t.sell_tax_bps)
            )?;
        }
        for f in &self.findings {
            let at = f.round.map(|r| format!("round {r}: ")).unwrap_or_default();
            let what = match (&f.detail, &f.revert_data, f.tax_bps) {
                (Some(detail), _, _) => detail.clone(),
                (None, Some(_), _) => f
                    .revert_reason
                    .clone()
                    .unwrap_or_else(|| "(no reason given)".into()),
                (None, None, tax) => percent(tax),
            };
            writeln!(out, "                 {at}{} {what}", f.kind)?;
        }
        Ok(())
    }
}
