//! The cooling-off policy file (TOML).

use serde::{Deserialize, Serialize};

/// The thresholds of the rules, in whole hours, days, times leverage and
/// percent: a policy is written by people and read by auditors.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// No derivatives positions before the account is this old.
    pub min_account_age_hours: u32,
    /// How long the leverage cap lasts after the first derivatives order.
    pub rookie_days: u32,
    /// The highest leverage allowed in the rookie period.
    pub rookie_max_leverage: u32,
    /// The span over which realised losses add up.
    pub loss_window_hours: u32,
    /// A net loss above this share of the equity starts a cooling-off.
    pub loss_threshold_percent: u32,
    /// How long a cooling-off lasts.
    pub cooling_off_hours: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    #[error("field `{field}`: {problem}")]
    Field {
        field: &'static str,
        problem: &'static str,
    },
}

impl Policy {
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let policy: Policy = toml::from_str(text)?;
        let field = |field, problem| Err(PolicyError::Field { field, problem });
        if policy.rookie_max_leverage == 0 {
            return field("rookie_max_leverage", "must be at least 1");
        }
        if policy.loss_window_hours == 0 {
            return field("loss_window_hours", "must be at least 1");
        }
        if !(1..=100).contains(&policy.loss_threshold_percent) {
            return field("loss_threshold_percent", "must be 1 to 100");
        }
        Ok(policy)
    }
}
