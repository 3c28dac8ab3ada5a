//! Account events, one JSON object per line (docs/FORMATS.md, "Cooling-off
//! events").

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use solvent_model::{Decimal, Timestamp};

/// Decimals of an amount (`pnl`, `equity`): amounts are whole units of
/// 10^-8 of the account's quote currency.
pub const AMOUNT_SCALE: u32 = 8;
/// Decimals of a leverage: leverages are hundredths.
pub const LEVERAGE_SCALE: u32 = 2;
/// The largest amount, in units: 10^22 of the quote currency, so that sums
/// and percentages of amounts stay far inside `i128`.
const MAX_AMOUNT: i128 = 10i128.pow(30);
/// The largest leverage, in hundredths (1000x).
const MAX_LEVERAGE: u32 = 100_000;

/// One event of a user's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    pub time: Timestamp,
    pub user: Cow<'a, str>,
    pub kind: Kind<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind<'a> {
    /// What is known of an account: when it was opened, and, for a stream
    /// that starts after it, when its first derivatives order was allowed.
    Account {
        opened: Timestamp,
        first_derivatives: Option<Timestamp>,
    },
    /// An order to decide on.
    Order {
        id: Option<Cow<'a, str>>,
        market: Market,
        /// In hundredths: `2000` is 20x.
        leverage: u32,
        /// Only closes a position.
        reduce_only: bool,
    },
    /// A realised profit (positive) or loss (negative), in units of
    /// 10^-[`AMOUNT_SCALE`], and the account's equity just before it.
    Pnl { pnl: i128, equity: i128 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Market {
    Spot,
    Derivatives,
}

/// Why a line is not an event.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("field `{field}`: {problem}")]
    Field {
        field: &'static str,
        problem: String,
    },
}

/// The line as written: every field any event may carry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw<'a> {
    event: &'a str,
    time: &'a str,
    #[serde(borrow)]
    user: Cow<'a, str>,
    opened: Option<&'a str>,
    first_derivatives: Option<&'a str>,
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    market: Option<Market>,
    leverage: Option<&'a str>,
    reduce_only: Option<bool>,
    pnl: Option<&'a str>,
    equity: Option<&'a str>,
}

fn field(field: &'static str, problem: impl Into<String>) -> EventError {
    EventError::Field {
        field,
        problem: problem.into(),
    }
}

fn timestamp(name: &'static str, text: &str) -> Result<Timestamp, EventError> {
    text.parse()
        .map_err(|e: solvent_model::TimestampError| field(name, e.to_string()))
}

/// `text` as a whole number of 10^-`scale`, signed when `signed`.
fn fixed(name: &'static str, text: &str, scale: u32, signed: bool) -> Result<i128, EventError> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) if signed => (true, rest),
        _ => (false, text),
    };
    let what = if signed {
        "a decimal number"
    } else {
        "a non-negative decimal number"
    };
    let bad = || field(name, format!("`{text}` is not {what}"));
    if digits.trim() != digits {
        return Err(bad());
    }
    let value = Decimal::parse(digits).map_err(|_| bad())?;
    if value.scale() > scale {
        return Err(field(
            name,
            format!("`{text}` has more than {scale} decimals"),
        ));
    }
    let units = 10u128
        .checked_pow(scale - value.scale())
        .and_then(|f| value.units().checked_mul(f))
        .and_then(|u| i128::try_from(u).ok())
        .filter(|u| *u <= MAX_AMOUNT)
        .ok_or_else(|| field(name, format!("`{text}` is too large")))?;
    Ok(if negative { -units } else { units })
}

fn required<T>(name: &'static str, event: &str, value: Option<T>) -> Result<T, EventError> {
    value.ok_or_else(|| field(name, format!("missing: a `{event}` event needs it")))
}

/// Fields an event of another kind may not carry, so that a field in the
/// wrong place is an error rather than silently ignored.
fn refuse(event: &str, fields: &[(&'static str, bool)]) -> Result<(), EventError> {
    match fields.iter().find(|(_, present)| *present) {
        Some((name, _)) => Err(field(name, format!("not a field of a `{event}` event"))),
        None => Ok(()),
    }
}

impl<'a> Event<'a> {
    /// Reads one line. Strings that carry no escapes are borrowed.
    pub fn parse(line: &'a str) -> Result<Event<'a>, EventError> {
        let raw: Raw<'a> = serde_json::from_str(line)?;
        let time = timestamp("time", raw.time)?;
        if raw.user.is_empty() {
            return Err(field("user", "empty"));
        }
        let e = raw.event;
        let account_fields = [
            ("opened", raw.opened.is_some()),
            ("first_derivatives", raw.first_derivatives.is_some()),
        ];
        let order_fields = [
            ("id", raw.id.is_some()),
            ("market", raw.market.is_some()),
            ("leverage", raw.leverage.is_some()),
            ("reduce_only", raw.reduce_only.is_some()),
        ];
        let pnl_fields = [("pnl", raw.pnl.is_some()), ("equity", raw.equity.is_some())];
        let kind = match e {
            "account" => {
                refuse(e, &order_fields)?;
                refuse(e, &pnl_fields)?;
                let opened = match raw.opened {
                    Some(text) => timestamp("opened", text)?,
                    None => time,
                };
                if opened > time {
                    return Err(field(
                        "opened",
                        format!("{opened} is after the event's time {time}"),
                    ));
                }
                let first_derivatives = raw
                    .first_derivatives
                    .map(|text| timestamp("first_derivatives", text))
                    .transpose()?;
                if let Some(first) = first_derivatives {
                    if first < opened || first > time {
                        return Err(field(
                            "first_derivatives",
                            format!("{first} is not between the opening ({opened}) and the event's time ({time})"),
                        ));
                    }
                }
                Kind::Account {
                    opened,
                    first_derivatives,
                }
            }
            "order" => {
                refuse(e, &account_fields)?;
                refuse(e, &pnl_fields)?;
                let market = required("market", e, raw.market)?;
                let leverage = match (market, raw.leverage) {
                    (Market::Spot, Some(_)) => {
                        return Err(field("leverage", "a spot order carries no leverage"))
                    }
                    (Market::Spot, None) => 100,
                    (Market::Derivatives, text) => {
                        let text = required("leverage", e, text)?;
                        let hundredths = fixed("leverage", text, LEVERAGE_SCALE, false)?;
                        u32::try_from(hundredths)
                            .ok()
                            .filter(|l| (100..=MAX_LEVERAGE).contains(l))
                            .ok_or_else(|| {
                                field("leverage", format!("`{text}` is not 1 to 1000"))
                            })?
                    }
                };
                Kind::Order {
                    id: raw.id,
                    market,
                    leverage,
                    reduce_only: raw.reduce_only.unwrap_or(false),
                }
            }
            "pnl" => {
                refuse(e, &account_fields)?;
                refuse(e, &order_fields)?;
                let pnl = fixed("pnl", required("pnl", e, raw.pnl)?, AMOUNT_SCALE, true)?;
                let equity = fixed(
                    "equity",
                    required("equity", e, raw.equity)?,
                    AMOUNT_SCALE,
                    false,
                )?;
                if equity == 0 {
                    return Err(field("equity", "zero: a loss has no share of it"));
                }
                Kind::Pnl { pnl, equity }
            }
            other => {
                return Err(field(
                    "event",
                    format!("`{other}` is not account, order or pnl"),
                ))
            }
        };
        Ok(Event {
            time,
            user: raw.user,
            kind,
        })
    }
}
