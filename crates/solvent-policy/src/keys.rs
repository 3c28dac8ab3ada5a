//! API-key hygiene: from an export of the exchange's API keys, which keys
//! the policy says to purge or restrict, each with the rules that fired.
//!
//! The rules, all checked for every key:
//! - a key with withdraw permission must be bound to IP addresses and its
//!   user must have 2FA on: otherwise its withdraw permission is revoked;
//! - a key unused for `idle_days` (a never-used key counts from its
//!   creation) is purged;
//! - a key bound to no IP address, older than `unbound_grace_days`, is
//!   purged or restricted to reading, as `unbound_action` says.
//!
//! The strongest action wins (purge, then restrict, then revoking
//! withdrawal), and every rule that fired is listed.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use solvent_model::Day;

/// The policy file (TOML).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub idle_days: u32,
    pub unbound_grace_days: u32,
    pub unbound_action: UnboundAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnboundAction {
    Purge,
    Restrict,
}

impl Policy {
    pub fn parse(text: &str) -> Result<Policy, toml::de::Error> {
        toml::from_str(text)
    }
}

/// What to do with a key, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Action {
    Purge,
    /// Keep reading, drop trading and withdrawal.
    Restrict,
    RevokeWithdraw,
    Keep,
}

/// The label JSON gives it, for text output.
impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

/// A rule that fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Unused for at least `idle_days`.
    Idle,
    /// Bound to no IP address past the grace period.
    Unbound,
    /// Withdraw permission without an IP allowlist.
    WithdrawWithoutIpBinding,
    /// Withdraw permission while the user has no 2FA.
    #[serde(rename = "withdraw_without_2fa")]
    WithdrawWithout2fa,
}

/// One exported key, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub key_id: String,
    pub user_id: String,
    pub created: Day,
    pub last_used: Option<Day>,
    pub read: bool,
    pub trade: bool,
    pub withdraw: bool,
    pub ip_allowlist: Vec<String>,
    pub user_2fa: bool,
}

/// The decision on one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub key_id: String,
    pub user_id: String,
    pub action: Action,
    pub rules: Vec<Rule>,
    /// The rules in words, with the key's figures.
    pub reasons: Vec<String>,
}

/// Decides on `key` as of the day `as_of`.
pub fn decide(key: &Key, policy: &Policy, as_of: Day) -> Decision {
    let mut fired: Vec<(Rule, Action, String)> = Vec::new();
    let unbound = key.ip_allowlist.is_empty();
    if key.withdraw && unbound {
        fired.push((
            Rule::WithdrawWithoutIpBinding,
            Action::RevokeWithdraw,
            "can withdraw but is bound to no IP address".into(),
        ));
    }
    if key.withdraw && !key.user_2fa {
        fired.push((
            Rule::WithdrawWithout2fa,
            Action::RevokeWithdraw,
            "can withdraw but its user has no 2FA".into(),
        ));
    }
    let last = key.last_used.unwrap_or(key.created);
    let idle = last.days_until(as_of);
    if idle >= i64::from(policy.idle_days) {
        let since = match key.last_used {
            Some(day) => format!("last used {day}"),
            None => format!("never used, created {}", key.created),
        };
        fired.push((
            Rule::Idle,
            Action::Purge,
            format!(
                "unused for {idle} days ({since}; the policy allows {})",
                policy.idle_days
            ),
        ));
    }
    let age = key.created.days_until(as_of);
    if unbound && age > i64::from(policy.unbound_grace_days) {
        let action = match policy.unbound_action {
            UnboundAction::Purge => Action::Purge,
            UnboundAction::Restrict => Action::Restrict,
        };
        fired.push((
            Rule::Unbound,
            action,
            format!(
                "bound to no IP address {age} days after creation (grace {} days)",
                policy.unbound_grace_days
            ),
        ));
    }
    Decision {
        key_id: key.key_id.clone(),
        user_id: key.user_id.clone(),
        action: fired.iter().map(|f| f.1).min().unwrap_or(Action::Keep),
        rules: fired.iter().map(|f| f.0).collect(),
        reasons: fired.into_iter().map(|f| f.2).collect(),
    }
}

/// An export row that cannot be used, where it is.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("the header lacks the column `{0}` (key_id,user_id,created,last_used,permissions,ip_allowlist,user_2fa)")]
    Column(&'static str),
    #[error("line {line}: field `{field}`: {problem}")]
    Field {
        line: u64,
        field: &'static str,
        problem: String,
    },
}

const COLUMNS: [&str; 7] = [
    "key_id",
    "user_id",
    "created",
    "last_used",
    "permissions",
    "ip_allowlist",
    "user_2fa",
];

/// The month's audit: counts, and every key with something to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Audit {
    pub format: &'static str,
    pub as_of: Day,
    pub policy: Policy,
    pub keys: u64,
    pub by_action: BTreeMap<Action, u64>,
    /// Keys per rule that fired (a key with two rules counts for each).
    pub by_rule: BTreeMap<Rule, u64>,
    /// Keys not KEPT, in the export's order.
    pub decisions: Vec<Decision>,
}

fn is_ip_or_network(text: &str) -> bool {
    let (ip, prefix) = match text.split_once('/') {
        Some((ip, prefix)) => (ip, Some(prefix)),
        None => (text, None),
    };
    let Ok(ip) = ip.parse::<IpAddr>() else {
        return false;
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| {
        p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u8>().is_ok_and(|p| p <= max)
    })
}

/// Reads one row into a key.
fn key(
    record: &csv::StringRecord,
    at: &[usize; 7],
    line: u64,
    as_of: Day,
) -> Result<Key, KeysError> {
    let get = |i: usize| record.get(at[i]).unwrap_or_default().trim();
    let field = |field: &'static str, problem: String| KeysError::Field {
        line,
        field,
        problem,
    };
    let key_id = get(0);
    if key_id.is_empty() {
        return Err(field("key_id", "empty".into()));
    }
    let created = Day::parse_time(get(2)).map_err(|e| field("created", e.to_string()))?;
    if created > as_of {
        return Err(field(
            "created",
            format!("{created} is after the audit day {as_of}"),
        ));
    }
    let last_used = match get(3) {
        "" => None,
        text => {
            let day = Day::parse_time(text).map_err(|e| field("last_used", e.to_string()))?;
            if day < created || day > as_of {
                return Err(field(
                    "last_used",
                    format!(
                        "{day} is not between its creation ({created}) and the audit day ({as_of})"
                    ),
                ));
            }
            Some(day)
        }
    };
    let (mut read, mut trade, mut withdraw) = (false, false, false);
    for p in get(4).split('|').map(str::trim).filter(|p| !p.is_empty()) {
        match p {
            "read" => read = true,
            "trade" => trade = true,
            "withdraw" => withdraw = true,
            other => {
                return Err(field(
                    "permissions",
                    format!("`{other}` is not read, trade or withdraw"),
                ))
            }
        }
    }
    let ip_allowlist: Vec<String> = get(5)
        .split('|')
        .map(str::trim)
        .filter(|ip| !ip.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(bad) = ip_allowlist.iter().find(|ip| !is_ip_or_network(ip)) {
        return Err(field(
            "ip_allowlist",
            format!("`{bad}` is not an IP address or network (1.2.3.4, 10.0.0.0/8, 2001:db8::/32)"),
        ));
    }
    let user_2fa = match get(6) {
        "true" => true,
        "false" => false,
        other => return Err(field("user_2fa", format!("`{other}` is not true or false"))),
    };
    Ok(Key {
        key_id: key_id.to_owned(),
        user_id: get(1).to_owned(),
        created,
        last_used,
        read,
        trade,
        withdraw,
        ip_allowlist,
        user_2fa,
    })
}

/// Audits an export (CSV with a header naming the columns, in any order),
/// row by row: only the keys with something to do are kept in memory.
pub fn audit(export: impl Read, policy: &Policy, as_of: Day) -> Result<Audit, KeysError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(export);
    let csv_error = |e: csv::Error| KeysError::Csv {
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    };
    let header = reader.headers().map_err(csv_error)?.clone();
    let at = solvent_model::columns::find(&header, &COLUMNS).map_err(KeysError::Column)?;
    let mut audit = Audit {
        format: "solvent-keys-audit-v1",
        as_of,
        policy: policy.clone(),
        keys: 0,
        by_action: [
            Action::Purge,
            Action::Restrict,
            Action::RevokeWithdraw,
            Action::Keep,
        ]
        .into_iter()
        .map(|a| (a, 0))
        .collect(),
        by_rule: BTreeMap::new(),
        decisions: Vec::new(),
    };
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(0, |p| p.line());
        let decision = decide(&key(&record, &at, line, as_of)?, policy, as_of);
        audit.keys += 1;
        *audit.by_action.entry(decision.action).or_default() += 1;
        for rule in &decision.rules {
            *audit.by_rule.entry(*rule).or_default() += 1;
        }
        if decision.action != Action::Keep {
            audit.decisions.push(decision);
        }
    }
    Ok(audit)
}
