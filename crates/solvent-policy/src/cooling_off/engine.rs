//! The rules over one stream of events: the state each user needs, and a
//! decision per order.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;
use solvent_model::Timestamp;

use super::event::{Event, Kind, Market, LEVERAGE_SCALE};
use super::policy::Policy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    Allow,
    Deny,
}

/// The rule that denied an order, in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    UnknownAccount,
    AccountAge,
    LossCoolingOff,
    RookieLeverage,
}

impl Rule {
    pub const ALL: [Rule; 4] = [
        Rule::UnknownAccount,
        Rule::AccountAge,
        Rule::LossCoolingOff,
        Rule::RookieLeverage,
    ];
}

/// The labels JSON gives them, for text output.
impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

/// The decision on one order. Plain numbers, so that deciding allocates
/// nothing; [`Decision::reason`] puts them in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    pub rule: Option<Rule>,
    /// When the rule that fired stops denying (none for an unknown
    /// account).
    pub until: Option<Timestamp>,
    /// The order's leverage, in hundredths.
    pub leverage: u32,
}

impl Decision {
    const ALLOW: Decision = Decision {
        verdict: Verdict::Allow,
        rule: None,
        until: None,
        leverage: 0,
    };

    /// The rule that fired, in words, with its figures.
    pub fn reason(&self, policy: &Policy) -> Option<String> {
        let until = self.until.map(|t| t.to_string()).unwrap_or_default();
        Some(match self.rule? {
            Rule::UnknownAccount => "no account event opened this account".into(),
            Rule::AccountAge => format!(
                "the account is younger than {} hours (derivatives from {until})",
                policy.min_account_age_hours
            ),
            Rule::LossCoolingOff => format!(
                "cooling-off until {until}: a net realised loss above {}% of equity within {} hours",
                policy.loss_threshold_percent, policy.loss_window_hours
            ),
            Rule::RookieLeverage => format!(
                "leverage {} above the rookie cap of {} until {until}",
                leverage_text(self.leverage),
                policy.rookie_max_leverage
            ),
        })
    }
}

/// `2050` as `20.5`.
fn leverage_text(hundredths: u32) -> String {
    let whole = hundredths / 100;
    match hundredths % 100 {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// What an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An account or a profit or loss, noted.
    Noted,
    /// A loss that started (or extended) a cooling-off.
    CoolingOff { until: Timestamp },
    /// An order, decided.
    Decided(Decision),
}

/// A stream the rules cannot follow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("field `time`: {time} is before the previous event's {previous}: events must be in time order")]
    TimeGoesBack {
        time: Timestamp,
        previous: Timestamp,
    },
    #[error("field `event`: the account of user `{user}` is opened a second time")]
    OpenedTwice { user: String },
}

/// One profit or loss still inside the loss window.
#[derive(Debug, Clone, Copy)]
struct Realised {
    time: i64,
    pnl: i128,
    equity: i128,
}

#[derive(Debug, Default)]
struct User {
    opened: Option<i64>,
    first_derivatives: Option<i64>,
    /// No new derivatives positions before this time.
    cooling_until: i64,
    window: VecDeque<Realised>,
    /// The sum of `window`'s profits and losses.
    window_net: i128,
    denied: bool,
    cooled_off: bool,
}

/// Counts over the events applied so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub events: u64,
    pub users: u64,
    pub orders: u64,
    pub allowed: u64,
    pub denied: u64,
    pub denied_by_rule: [u64; 4],
    /// Losses that started a cooling-off (one already running and
    /// extended is not counted again).
    pub cooling_offs: u64,
    pub users_denied: u64,
    pub users_cooled_off: u64,
}

/// The rules and every user's state. Memory grows with the users and the
/// losses inside one window, never with the length of the stream.
pub struct Engine {
    policy: Policy,
    users: HashMap<Box<str>, User>,
    last: Option<Timestamp>,
    counts: Counts,
}

const HOUR: i64 = 3600;

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        Engine {
            policy,
            users: HashMap::new(),
            last: None,
            counts: Counts::default(),
        }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// The time of the last event applied.
    pub fn last(&self) -> Option<Timestamp> {
        self.last
    }

    /// Applies one event: an order is decided, anything else updates the
    /// user's state.
    pub fn apply(&mut self, event: &Event<'_>) -> Result<Outcome, EngineError> {
        if let Some(previous) = self.last.filter(|p| event.time < *p) {
            return Err(EngineError::TimeGoesBack {
                time: event.time,
                previous,
            });
        }
        self.last = Some(event.time);
        let now = event.time.unix();
        let user = match self.users.get_mut(&*event.user) {
            Some(user) => user,
            None => {
                self.counts.users += 1;
                self.users.entry(event.user.as_ref().into()).or_default()
            }
        };
        self.counts.events += 1;
        let policy = &self.policy;
        let counts = &mut self.counts;
        Ok(match &event.kind {
            Kind::Account {
                opened,
                first_derivatives,
            } => {
                if user.opened.is_some() {
                    return Err(EngineError::OpenedTwice {
                        user: event.user.to_string(),
                    });
                }
                user.opened = Some(opened.unix());
                user.first_derivatives = first_derivatives.map(Timestamp::unix);
                Outcome::Noted
            }
            Kind::Pnl { pnl, equity } => {
                let start = now - i64::from(policy.loss_window_hours) * HOUR;
                while let Some(old) = user.window.front().filter(|r| r.time <= start) {
                    user.window_net -= old.pnl;
                    user.window.pop_front();
                }
                user.window.push_back(Realised {
                    time: now,
                    pnl: *pnl,
                    equity: *equity,
                });
                user.window_net += pnl;
                let base = user.window.front().map_or(*equity, |r| r.equity);
                let loss = -user.window_net;
                if loss > 0 && loss * 100 > i128::from(policy.loss_threshold_percent) * base {
                    if user.cooling_until <= now {
                        counts.cooling_offs += 1;
                    }
                    if !user.cooled_off {
                        user.cooled_off = true;
                        counts.users_cooled_off += 1;
                    }
                    user.cooling_until = now + i64::from(policy.cooling_off_hours) * HOUR;
                    Outcome::CoolingOff {
                        until: Timestamp::from_unix(user.cooling_until).unwrap_or(event.time),
                    }
                } else {
                    Outcome::Noted
                }
            }
            Kind::Order {
                market,
                leverage,
                reduce_only,
                ..
            } => {
                counts.orders += 1;
                let decision = if *market == Market::Spot || *reduce_only {
                    Decision {
                        leverage: *leverage,
                        ..Decision::ALLOW
                    }
                } else {
                    decide(policy, user, now, *leverage)
                };
                match decision.rule {
                    None => counts.allowed += 1,
                    Some(rule) => {
                        counts.denied += 1;
                        counts.denied_by_rule[rule as usize] += 1;
                        if !user.denied {
                            user.denied = true;
                            counts.users_denied += 1;
                        }
                    }
                }
                Outcome::Decided(decision)
            }
        })
    }
}

/// An order that opens a derivatives position.
fn decide(policy: &Policy, user: &mut User, now: i64, leverage: u32) -> Decision {
    let deny = |rule, until: Option<i64>| Decision {
        verdict: Verdict::Deny,
        rule: Some(rule),
        until: until.and_then(Timestamp::from_unix),
        leverage,
    };
    let Some(opened) = user.opened else {
        return deny(Rule::UnknownAccount, None);
    };
    let adult = opened + i64::from(policy.min_account_age_hours) * HOUR;
    if now < adult {
        return deny(Rule::AccountAge, Some(adult));
    }
    if now < user.cooling_until {
        return deny(Rule::LossCoolingOff, Some(user.cooling_until));
    }
    // The rookie period starts with the first derivatives order allowed:
    // a denied one does not start it.
    let first = user.first_derivatives.unwrap_or(now);
    let rookie_end = first + i64::from(policy.rookie_days) * 24 * HOUR;
    let cap = policy
        .rookie_max_leverage
        .saturating_mul(10u32.pow(LEVERAGE_SCALE));
    if now < rookie_end && leverage > cap {
        return deny(Rule::RookieLeverage, Some(rookie_end));
    }
    user.first_derivatives = Some(first);
    Decision {
        leverage,
        ..Decision::ALLOW
    }
}
