//! The report from the sections' files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use num_bigint::BigInt;
use serde::Serialize;
use solvent_funds::Fund;
use solvent_funds::Ledger;
use solvent_history::SecurityMonth;
use solvent_model::{Decimal, Month, Timestamp};
use solvent_report::ratio::{format_cents, usd_cents, Rounding};

use crate::inputs::{self, in_month, read, InputError};
use crate::sections::*;

/// Identifies security-report.json's layout.
pub const SECURITY_FORMAT: &str = "solvent-security-report-v1";

/// The files the sections are read from; `None` leaves a section
/// NOT_REPORTED.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// A `solvent report` output directory (its report.json).
    pub por: Option<PathBuf>,
    pub funds: Option<PathBuf>,
    pub screen: Option<PathBuf>,
    pub tokens: Option<PathBuf>,
    pub keys: Option<PathBuf>,
    pub cooling_off: Option<PathBuf>,
    pub deposits: Option<PathBuf>,
}

/// security-report.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityReport {
    pub format: &'static str,
    pub month: Month,
    pub sections: Sections,
    /// Every recorded month's counts (this one included), oldest first.
    pub history: Vec<SecurityMonth>,
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Builds the report for `month` from the given files and the months
/// recorded before.
pub fn build(
    month: Month,
    inputs: &Inputs,
    recorded: &[SecurityMonth],
) -> Result<SecurityReport, InputError> {
    let por = match &inputs.por {
        Some(dir) => {
            let path = dir.join("report.json");
            let report: solvent_report::Report = read(&path)?;
            Some((path, report))
        }
        None => None,
    };
    let prices: BTreeMap<String, Decimal> = por
        .iter()
        .flat_map(|(_, r)| &r.assets)
        .filter_map(|a| {
            Some((
                a.asset.to_ascii_uppercase(),
                Decimal::parse(&a.price_usd).ok()?,
            ))
        })
        .collect();
    let (safety_fund, risk_provision_fund) = match &inputs.funds {
        Some(path) => {
            let ledger = read_ledger(path)?;
            (
                Section::Reported(fund(&ledger, Fund::SafetyFund, month, path, &prices)),
                Section::Reported(fund(&ledger, Fund::RiskProvisionFund, month, path, &prices)),
            )
        }
        None => (Section::not_given("--funds"), Section::not_given("--funds")),
    };
    let (anti_phishing, blacklists) = match &inputs.screen {
        Some(path) => screen(path, month)?,
        None => (
            Section::not_given("--screen"),
            Section::not_given("--screen"),
        ),
    };
    let sections = Sections {
        proof_of_reserves: match &por {
            Some((path, report)) => Section::Reported(proof_of_reserves(path, report)),
            None => Section::not_given("--por"),
        },
        safety_fund,
        anti_phishing,
        risk_provision_fund,
        api_security: match &inputs.keys {
            Some(path) => {
                let audit: inputs::KeysAudit = read(path)?;
                in_month(path, "as_of", audit.as_of, month)?;
                Section::Reported(ApiSecurity {
                    source: shown(path),
                    as_of: audit.as_of.to_string(),
                    keys: audit.keys,
                    by_action: audit.by_action,
                    by_rule: audit.by_rule,
                })
            }
            None => Section::not_given("--keys"),
        },
        rookie_protection: match &inputs.cooling_off {
            Some(path) => {
                let stats: inputs::CoolingOff = read(path)?;
                for (field, time) in [("from", &stats.from), ("to", &stats.to)] {
                    if let Some(time) = time {
                        let day = time.parse::<Timestamp>().map(Timestamp::day).map_err(|e| {
                            InputError::Json {
                                path: path.clone(),
                                source: serde::de::Error::custom(format!("field `{field}`: {e}")),
                            }
                        })?;
                        in_month(path, field, day, month)?;
                    }
                }
                Section::Reported(RookieProtection {
                    source: shown(path),
                    from: stats.from,
                    to: stats.to,
                    users: stats.users,
                    orders: stats.orders,
                    denied: stats.denied,
                    denied_by_rule: stats.denied_by_rule,
                    cooling_offs: stats.cooling_offs,
                    users_cooled_off: stats.users_cooled_off,
                })
            }
            None => Section::not_given("--cooling-off"),
        },
        wrong_deposit: match &inputs.deposits {
            Some(path) => {
                let check: inputs::DepositCheck = read(path)?;
                Section::Reported(WrongDeposit {
                    source: shown(path),
                    reports: check.reports,
                    by_case: check.by_case,
                    by_recovery: check.by_recovery,
                })
            }
            None => Section::not_given("--deposits"),
        },
        fraudulent_tokens: match &inputs.tokens {
            Some(path) => {
                let stats: inputs::TokenStats = read(path)?;
                if stats.month != month {
                    return Err(InputError::Month {
                        path: path.clone(),
                        field: "month",
                        found: stats.month.to_string(),
                        month,
                    });
                }
                Section::Reported(FraudulentTokens {
                    source: shown(path),
                    checks: stats.checks,
                    tokens: stats.tokens,
                    flagged: stats.flagged,
                    by_verdict: stats.by_verdict,
                    by_finding: stats.by_finding,
                })
            }
            None => Section::not_given("--tokens"),
        },
        blacklists,
    };
    let this = SecurityMonth {
        month: month.to_string(),
        counts: sections.counts(),
    };
    let mut history: Vec<SecurityMonth> = recorded
        .iter()
        .filter(|m| m.month != this.month)
        .cloned()
        .collect();
    history.push(this);
    history.sort_by(|a, b| a.month.cmp(&b.month));
    Ok(SecurityReport {
        format: SECURITY_FORMAT,
        month,
        sections,
        history,
    })
}

fn proof_of_reserves(path: &Path, r: &solvent_report::Report) -> ProofOfReserves {
    ProofOfReserves {
        source: shown(path),
        round: r.round.clone(),
        proof_verified: r.liabilities.proof_verified,
        accounts: r.liabilities.leaf_count,
        root: r.liabilities.root.clone(),
        assets: r
            .assets
            .iter()
            .map(|a| PorAsset {
                asset: a.asset.clone(),
                net_liabilities: a.net_liabilities.clone(),
                reserves_verified: a.reserves_verified.clone(),
                ratio_percent: a.ratio_percent.clone(),
                status: a.status.label().to_owned(),
                net_liabilities_usd: a.net_liabilities_usd.clone(),
                reserves_verified_usd: a.reserves_verified_usd.clone(),
            })
            .collect(),
        usd: r.usd.clone(),
        reserve_rows_verified: r.reserves.rows_verified,
        reserve_rows_not_counted: r.uncounted_rows.len() as u64,
    }
}

fn read_ledger(path: &Path) -> Result<Ledger, InputError> {
    let file = std::fs::File::open(path).map_err(|source| InputError::Read {
        path: path.to_owned(),
        source,
    })?;
    Ledger::read(std::io::BufReader::new(file)).map_err(|source| InputError::Ledger {
        path: path.to_owned(),
        source: Box::new(source),
    })
}

/// A fund's balances per asset at the end of `month`.
fn balances_at(
    ledger: &Ledger,
    which: Fund,
    month: Month,
) -> BTreeMap<String, (Decimal, Decimal, Decimal)> {
    ledger
        .balances(Some(month.last_day()))
        .into_iter()
        .filter(|b| b.fund == which)
        .map(|b| (b.asset, (b.balance, b.inflows, b.outflows)))
        .collect()
}

/// The USD value of `balances` at `prices`, if every asset held is priced.
fn usd_total(
    balances: &BTreeMap<String, Decimal>,
    prices: &BTreeMap<String, Decimal>,
) -> Option<String> {
    if prices.is_empty() {
        return None;
    }
    let mut cents = BigInt::ZERO;
    for (asset, amount) in balances.iter().filter(|(_, a)| !a.is_zero()) {
        let price = prices.get(&asset.to_ascii_uppercase())?;
        cents += usd_cents(
            &BigInt::from(amount.units()),
            amount.scale(),
            *price,
            Rounding::Down,
        );
    }
    Some(format_cents(&cents))
}

fn fund(
    ledger: &Ledger,
    which: Fund,
    month: Month,
    path: &Path,
    prices: &BTreeMap<String, Decimal>,
) -> FundFigures {
    let now = balances_at(ledger, which, month);
    let before = month
        .previous()
        .map(|m| balances_at(ledger, which, m))
        .unwrap_or_default();
    let moved = |now: Decimal, before: Option<Decimal>| {
        now.checked_sub(before.unwrap_or(Decimal::ZERO))
            .unwrap_or(Decimal::ZERO)
            .to_string()
    };
    let assets = now
        .iter()
        .map(|(asset, (balance, inflows, outflows))| FundAsset {
            asset: asset.clone(),
            balance: balance.to_string(),
            inflows: moved(*inflows, before.get(asset).map(|b| b.1)),
            outflows: moved(*outflows, before.get(asset).map(|b| b.2)),
        })
        .collect();
    let end = month.last_day();
    let head = ledger
        .entries()
        .filter(|e| e.movement.date <= end)
        .last()
        .map(|e| format!("{}:{}", e.seq, e.hash));
    let mut months = Vec::new();
    let mut m = Some(month);
    for _ in 0..12 {
        let Some(at) = m else { break };
        let balances: BTreeMap<String, Decimal> = balances_at(ledger, which, at)
            .into_iter()
            .map(|(a, (b, _, _))| (a, b))
            .collect();
        months.push(FundMonth {
            month: at.to_string(),
            total_usd: usd_total(&balances, prices),
            balances: balances
                .into_iter()
                .map(|(a, b)| (a, b.to_string()))
                .collect(),
        });
        m = at.previous();
    }
    months.reverse();
    let current: BTreeMap<String, Decimal> = now.iter().map(|(a, b)| (a.clone(), b.0)).collect();
    FundFigures {
        source: shown(path),
        ledger_head: head,
        as_of: end.to_string(),
        assets,
        total_usd: usd_total(&current, prices),
        months,
    }
}

type ScreenSections = (Section<AntiPhishing>, Section<Blacklists>);

fn screen(path: &Path, month: Month) -> Result<ScreenSections, InputError> {
    let stats: inputs::ScreenStats = read(path)?;
    if stats.month != month {
        return Err(InputError::Month {
            path: path.to_owned(),
            field: "month",
            found: stats.month.to_string(),
            month,
        });
    }
    let anti_phishing = match &stats.traffic {
        Some(t) => Section::Reported(AntiPhishing {
            source: shown(path),
            domains_screened: t.domains.screened,
            blocked: t.domains.block,
            warned: t.domains.warn,
            allowed: t.domains.allow,
            by_rule: t.domains.by_rule.clone(),
        }),
        None => Section::NotReported {
            reason: "not reported: the screening figures carry no screened traffic (--traffic)"
                .into(),
        },
    };
    let change = |source: &str| {
        stats
            .changes
            .as_ref()?
            .sources
            .iter()
            .find(|c| c.source == source)
    };
    let blacklists = Blacklists {
        source: shown(path),
        listed_addresses: stats.lists.iter().map(|l| l.entries).sum(),
        sources: stats
            .lists
            .iter()
            .map(|l| ListSource {
                source: l.source.clone(),
                entries: l.entries,
                new: change(&l.source).map(|c| c.new),
                removed: change(&l.source).map(|c| c.removed),
            })
            .collect(),
        previous_month: stats.changes.as_ref().map(|c| c.previous_month.clone()),
        addresses_screened: stats.traffic.as_ref().map(|t| t.screened),
        blocked: stats.traffic.as_ref().map(|t| t.block),
        warned: stats.traffic.as_ref().map(|t| t.warn),
        blocked_by_source: stats
            .traffic
            .map(|t| t.blocked_by_source)
            .unwrap_or_default(),
    };
    Ok((anti_phishing, Section::Reported(blacklists)))
}
