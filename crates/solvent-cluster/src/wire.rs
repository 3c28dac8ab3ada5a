//! What travels between coordinator and workers: NATS subjects, stream and
//! consumer names, the two JSON messages, and the object-store layout. Every
//! reader of these refuses unknown fields and formats.

use serde::{Deserialize, Serialize};
use solvent_circuits::Shape;
use solvent_prover::units::UnitId;

/// The work-queue stream of units (every round's), and its subjects
/// `solvent.units.<run>`.
pub const UNITS_STREAM: &str = "SOLVENT_UNITS";
pub const UNITS_SUBJECTS: &str = "solvent.units.>";
/// The workers' one durable pull consumer on [`UNITS_STREAM`].
pub const WORKERS: &str = "solvent-workers";
/// Results, `solvent.done.<run>`, read by the run's coordinator.
pub const DONE_STREAM: &str = "SOLVENT_DONE";
pub const DONE_SUBJECTS: &str = "solvent.done.>";

pub const UNIT_FORMAT: &str = "solvent-unit-v1";
pub const DONE_FORMAT: &str = "solvent-unit-done-v1";
pub const PLAN_FORMAT: &str = "solvent-cluster-plan-v1";

pub fn units_subject(run: &str) -> String {
    format!("solvent.units.{run}")
}

pub fn done_subject(run: &str) -> String {
    format!("solvent.done.{run}")
}

/// The subject on which JetStream reports a unit that ran out of deliveries.
pub fn max_deliveries_advisory() -> String {
    format!("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{UNITS_STREAM}.{WORKERS}")
}

/// A unit of work, as published on `solvent.units.<run>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitMessage {
    pub format: String,
    /// The run (hex), which names the done subject.
    pub run: String,
    /// The unit's id (hex): its input object for a batch, its proof object.
    pub unit: String,
    pub shape: WireShape,
    pub work: Work,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Work {
    /// Prove the batch whose input is `units/<unit>.input`.
    Batch,
    /// Aggregate two child proofs (`right: null`: an all-padding subtree).
    Aggregate {
        level: u32,
        left: String,
        right: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireShape {
    pub assets: usize,
    pub batch_size: usize,
    pub trace_bits: usize,
}

impl From<Shape> for WireShape {
    fn from(s: Shape) -> Self {
        WireShape {
            assets: s.num_assets,
            batch_size: s.batch_size,
            trace_bits: s.trace_bits,
        }
    }
}

impl WireShape {
    /// The shape, if the circuits can have it.
    pub fn shape(self) -> Option<Shape> {
        solvent_prover::units::shape_of(self.assets, self.batch_size, self.trace_bits)
    }
}

/// A worker's report on a unit, published on `solvent.done.<run>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoneMessage {
    pub format: String,
    pub run: String,
    pub unit: String,
    pub outcome: Outcome,
    /// Which worker (host and process), for the logs.
    pub worker: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// The proof is at `units/<unit>.proof`; `sha256` of its proof bytes.
    Proven { sha256: String },
    /// An input object was missing or failed its hash; the coordinator
    /// checks and replaces the unit's inputs.
    BadInput { detail: String },
}

/// The coordinator's record of a run, `runs/<run>/plan.json`: what a
/// restarted coordinator needs to derive the same leaves. Private: it holds
/// the round secret, like the whole store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub format: String,
    pub round: String,
    pub assets_sha256: String,
    pub accounts_sha256: String,
    pub shape: WireShape,
    /// Round secret (digest hex) from which salts derive.
    pub secret: String,
}

/// Object paths, relative to the store's root.
pub fn input_path(unit: &UnitId) -> String {
    format!("units/{}.input", hex::encode(unit))
}

pub fn proof_path(unit: &UnitId) -> String {
    format!("units/{}.proof", hex::encode(unit))
}

pub fn plan_path(run: &str) -> String {
    format!("runs/{run}/plan.json")
}

/// A unit id from its hex form.
pub fn parse_unit(text: &str) -> Option<UnitId> {
    let mut id = [0u8; 32];
    hex::decode_to_slice(text, &mut id).ok()?;
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_refuse_unknown_fields() {
        let m = UnitMessage {
            format: UNIT_FORMAT.into(),
            run: "ab".into(),
            unit: "cd".into(),
            shape: WireShape {
                assets: 3,
                batch_size: 4,
                trace_bits: 13,
            },
            work: Work::Aggregate {
                level: 2,
                left: "01".into(),
                right: None,
            },
        };
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains(r#""kind":"aggregate""#), "{json}");
        assert_eq!(serde_json::from_str::<UnitMessage>(&json).unwrap(), m);
        let extra = json.replacen('{', r#"{"extra":1,"#, 1);
        assert!(serde_json::from_str::<UnitMessage>(&extra).is_err());
        let bad_shape = WireShape {
            assets: 3,
            batch_size: 3,
            trace_bits: 13,
        };
        assert!(bad_shape.shape().is_none());
        assert!(m.shape.shape().is_some());
    }
}
