//! A stream of events replayed line by line: a decision per order, and the
//! figures for the security report.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Serialize;
use solvent_model::Timestamp;

use super::engine::{Decision, Engine, EngineError, Outcome, Rule, Verdict};
use super::event::{Event, EventError, Kind};
use super::policy::Policy;

/// The longest line read, so that one bad line cannot take the memory.
pub const MAX_LINE: usize = 4096;

/// An order and the decision on it.
pub struct Decided<'e, 'a> {
    /// Its line in the stream, from 1.
    pub line: u64,
    pub event: &'e Event<'a>,
    pub decision: Decision,
}

/// One line of the decisions file: an order and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord<'a> {
    pub line: u64,
    pub time: Timestamp,
    pub user: &'a str,
    pub id: Option<&'a str>,
    pub decision: Verdict,
    pub rule: Option<Rule>,
    /// When the rule that fired stops denying.
    pub until: Option<Timestamp>,
    pub reason: Option<String>,
}

impl Decided<'_, '_> {
    /// The record of the decision, with the rule in words.
    pub fn record(&self, policy: &Policy) -> DecisionRecord<'_> {
        let id = match &self.event.kind {
            Kind::Order { id, .. } => id.as_deref(),
            _ => None,
        };
        DecisionRecord {
            line: self.line,
            time: self.event.time,
            user: &self.event.user,
            id,
            decision: self.decision.verdict,
            rule: self.decision.rule,
            until: self.decision.until,
            reason: self.decision.reason(policy),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("line {line}: {source}")]
    Event { line: u64, source: EventError },
    #[error("line {line}: {source}")]
    Engine { line: u64, source: EngineError },
    #[error("line {line}: longer than {MAX_LINE} bytes")]
    TooLong { line: u64 },
    #[error("line {line}: {source}")]
    Io { line: u64, source: std::io::Error },
}

/// The figures of a replay (`solvent-cooling-off-stats-v1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub format: &'static str,
    pub policy: Policy,
    /// The first and last event's times (none for an empty stream).
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub events: u64,
    pub users: u64,
    pub orders: u64,
    pub allowed: u64,
    pub denied: u64,
    /// Orders denied per rule; every rule is listed.
    pub denied_by_rule: BTreeMap<Rule, u64>,
    /// Losses that started a cooling-off.
    pub cooling_offs: u64,
    /// Users with an order denied.
    pub users_denied: u64,
    /// Users put in a cooling-off.
    pub users_cooled_off: u64,
}

/// Replays `events` under `policy`, calling `decided` for each order in
/// the stream's order. Stops at the first line that is not an event or
/// that the rules cannot follow.
pub fn replay(
    mut events: impl BufRead,
    policy: &Policy,
    mut decided: impl FnMut(Decided<'_, '_>) -> std::io::Result<()>,
) -> Result<Stats, ReplayError> {
    let mut engine = Engine::new(policy.clone());
    let mut text = String::new();
    let mut line = 0u64;
    let mut from = None;
    loop {
        line += 1;
        text.clear();
        let io = |source| ReplayError::Io { line, source };
        let read = std::io::Read::take(&mut events, MAX_LINE as u64 + 1)
            .read_line(&mut text)
            .map_err(io)?;
        if read == 0 {
            break;
        }
        if text.len() > MAX_LINE {
            return Err(ReplayError::TooLong { line });
        }
        if text.trim().is_empty() {
            continue;
        }
        let event = Event::parse(&text).map_err(|source| ReplayError::Event { line, source })?;
        let outcome = engine
            .apply(&event)
            .map_err(|source| ReplayError::Engine { line, source })?;
        from.get_or_insert(event.time);
        if let Outcome::Decided(decision) = outcome {
            decided(Decided {
                line,
                event: &event,
                decision,
            })
            .map_err(io)?;
        }
    }
    let c = engine.counts();
    Ok(Stats {
        format: "solvent-cooling-off-stats-v1",
        policy: policy.clone(),
        from,
        to: engine.last(),
        events: c.events,
        users: c.users,
        orders: c.orders,
        allowed: c.allowed,
        denied: c.denied,
        denied_by_rule: Rule::ALL
            .into_iter()
            .map(|r| (r, c.denied_by_rule[r as usize]))
            .collect(),
        cooling_offs: c.cooling_offs,
        users_denied: c.users_denied,
        users_cooled_off: c.users_cooled_off,
    })
}
