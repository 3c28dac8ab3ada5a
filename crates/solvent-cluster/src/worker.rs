//! `solvent worker`: pulls units one at a time, proves them and puts the
//! proofs in the store. While a unit is proven the worker reports progress
//! to JetStream every third of the ack wait, so only a dead worker's unit is
//! delivered again. A unit whose proof is already in the store is reported
//! and acknowledged without proving it again.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{consumer::PullConsumer, AckKind, Message};
use futures::StreamExt;
use solvent_circuits::{KeyChain, Shape};
use solvent_prover::units::{self, BatchInput, UnitId};
use solvent_prover::{CircuitCache, Circuits, ProveError};

use crate::error::ClusterError;
use crate::queue::Queue;
use crate::store::{open_proof, seal_proof, Store};
use crate::wire::{self, DoneMessage, Outcome, UnitMessage, Work};

#[derive(Debug, Clone)]
pub struct WorkerOptions {
    pub nats: String,
    pub store: String,
    pub circuit_cache: Option<CircuitCache>,
    /// Stop after this long without a unit (`None`: run until killed).
    pub idle_exit: Option<Duration>,
}

/// What a worker did before it stopped.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct WorkerReport {
    pub proven: u64,
    /// Units whose proof was already in the store.
    pub already_proven: u64,
    pub bad_input: u64,
    pub failed: u64,
}

/// Why a unit was not proven.
enum Skip {
    /// Its input objects are missing or damaged: the coordinator is told.
    BadInput(String),
    /// Proving failed: another delivery may succeed.
    Failed(ProveError),
}

pub async fn run_worker(options: WorkerOptions) -> Result<WorkerReport, ClusterError> {
    let queue = Queue::connect(&options.nats).await?;
    let store = Store::open(&options.store)?;
    let mut consumer = queue.workers().await?;
    let name = format!(
        "{}:{}",
        std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".into()),
        std::process::id()
    );
    let mut worker = Worker {
        queue,
        store,
        name,
        cache: options.circuit_cache,
        chain: None,
        report: WorkerReport::default(),
    };
    let mut idle = Duration::ZERO;
    loop {
        let message = match next_unit(&consumer).await {
            Ok(message) => message,
            // The coordinator may have replaced the consumer (new limits).
            Err(e) => {
                tracing::warn!("pulling a unit: {e}; opening the work queue again");
                tokio::time::sleep(POLL).await;
                consumer = worker.queue.workers().await?;
                continue;
            }
        };
        let Some(message) = message else {
            idle += POLL;
            if options.idle_exit.is_some_and(|limit| idle >= limit) {
                return Ok(worker.report);
            }
            continue;
        };
        idle = Duration::ZERO;
        // The coordinator sets the ack wait, perhaps after this worker
        // started: read it for every unit.
        let ack_wait = match consumer.info().await {
            Ok(info) => info.config.ack_wait,
            Err(e) => {
                tracing::warn!("reading the ack wait: {e}; the unit will come back");
                continue;
            }
        };
        worker.handle(message, ack_wait).await?;
    }
}

const POLL: Duration = Duration::from_secs(2);

async fn next_unit(consumer: &PullConsumer) -> Result<Option<Message>, ClusterError> {
    let mut batch = consumer
        .batch()
        .max_messages(1)
        .expires(POLL)
        .messages()
        .await
        .map_err(ClusterError::nats("pulling a unit"))?;
    match batch.next().await {
        None => Ok(None),
        Some(message) => message
            .map(Some)
            .map_err(ClusterError::nats("pulling a unit")),
    }
}

struct Worker {
    queue: Queue,
    store: Store,
    name: String,
    cache: Option<CircuitCache>,
    /// The circuits of the last shape proven.
    chain: Option<Arc<KeyChain>>,
    report: WorkerReport,
}

impl Worker {
    async fn handle(&mut self, message: Message, ack_wait: Duration) -> Result<(), ClusterError> {
        let unit = match serde_json::from_slice::<UnitMessage>(&message.payload) {
            Ok(unit) if unit.format == wire::UNIT_FORMAT => unit,
            other => {
                tracing::warn!(subject = %message.subject, "not a unit, dropped: {:?}", other.err());
                return ack(&message, AckKind::Term).await;
            }
        };
        let (Some(id), Some(shape)) = (wire::parse_unit(&unit.unit), unit.shape.shape()) else {
            tracing::warn!(unit = %unit.unit, "a unit with a bad name or shape, dropped");
            return ack(&message, AckKind::Term).await;
        };
        let proof_path = wire::proof_path(&id);
        if let Some(object) = self.store.get(&proof_path).await? {
            if let Some((_, sha)) = open_proof(&object) {
                tracing::info!(unit = %unit.unit, "already proven");
                self.report.already_proven += 1;
                self.done(
                    &unit,
                    Outcome::Proven {
                        sha256: hex::encode(sha),
                    },
                )
                .await?;
                return ack(&message, AckKind::Ack).await;
            }
        }
        tracing::info!(unit = %unit.unit, work = ?unit.work, "unit received");
        let message = Arc::new(message);
        let heartbeat = tokio::spawn(report_progress(message.clone(), ack_wait));
        let proven = self.prove(shape, &id, &unit.work).await;
        heartbeat.abort();
        match proven {
            Ok(proof) => {
                let sealed = seal_proof(&proof);
                let sha = hex::encode(&sealed[8..40]);
                self.store.put(&proof_path, sealed).await?;
                self.report.proven += 1;
                tracing::info!(unit = %unit.unit, "unit proven");
                self.done(&unit, Outcome::Proven { sha256: sha }).await?;
                ack(&message, AckKind::Ack).await
            }
            Err(Skip::BadInput(detail)) => {
                tracing::warn!(unit = %unit.unit, "bad input: {detail}");
                self.report.bad_input += 1;
                self.done(&unit, Outcome::BadInput { detail }).await?;
                ack(&message, AckKind::Term).await
            }
            Err(Skip::Failed(e)) => {
                tracing::error!(unit = %unit.unit, "proving failed: {e}");
                self.report.failed += 1;
                ack(&message, AckKind::Nak(Some(Duration::from_secs(1)))).await
            }
        }
    }

    async fn done(&self, unit: &UnitMessage, outcome: Outcome) -> Result<(), ClusterError> {
        self.queue
            .publish_done(&DoneMessage {
                format: wire::DONE_FORMAT.into(),
                run: unit.run.clone(),
                unit: unit.unit.clone(),
                outcome,
                worker: self.name.clone(),
            })
            .await
    }

    /// The circuits for `shape`: the last ones if they match, else built
    /// (or read from the circuit cache).
    async fn circuits(&mut self, shape: Shape) -> Result<Arc<KeyChain>, ProveError> {
        if let Some(chain) = self.chain.as_ref().filter(|c| c.shape == shape) {
            return Ok(chain.clone());
        }
        self.chain = None;
        let cache = self.cache.clone();
        let chain = tokio::task::spawn_blocking(move || {
            Circuits::spawn(shape, cache).and_then(Circuits::into_chain)
        })
        .await
        .map_err(|e| ProveError::Proving(anyhow::anyhow!("building the circuits: {e}")))??;
        let chain = Arc::new(chain);
        self.chain = Some(chain.clone());
        Ok(chain)
    }

    async fn prove(&mut self, shape: Shape, id: &UnitId, work: &Work) -> Result<Vec<u8>, Skip> {
        let chain = self.circuits(shape).await.map_err(Skip::Failed)?;
        tracing::info!(unit = %hex::encode(id), "proving unit");
        let job = match work {
            Work::Batch => {
                let path = wire::input_path(id);
                let bytes = self.fetch(&path).await?;
                if units::batch_unit_id(&bytes) != *id {
                    return Err(Skip::BadInput(format!("{path} does not hash to its name")));
                }
                let input = BatchInput::from_bytes(&bytes)
                    .map_err(|e| Skip::BadInput(format!("{path}: {e}")))?;
                if input.shape != shape {
                    return Err(Skip::BadInput(format!("{path} is of another shape")));
                }
                Job::Batch(input)
            }
            Work::Aggregate { left, right, .. } => {
                let left = self.child(&chain, left).await?;
                let right = match right {
                    Some(right) => Some(self.child(&chain, right).await?),
                    None => None,
                };
                Job::Aggregate(Box::new((left, right)))
            }
        };
        tokio::task::spawn_blocking(move || {
            let proof = match job {
                Job::Batch(input) => units::prove_batch(&chain, &input),
                Job::Aggregate(children) => {
                    let (left, right) = *children;
                    units::prove_aggregate(&chain, &left, right.as_ref())
                }
            };
            proof.map(|p| p.to_bytes())
        })
        .await
        .map_err(|e| Skip::Failed(ProveError::Proving(anyhow::anyhow!("prover thread: {e}"))))?
        .map_err(Skip::Failed)
    }

    async fn fetch(&self, path: &str) -> Result<bytes::Bytes, Skip> {
        match self.store.get(path).await {
            Ok(Some(bytes)) => Ok(bytes),
            Ok(None) => Err(Skip::BadInput(format!("{path} is missing"))),
            Err(e) => Err(Skip::Failed(ProveError::Proving(e.into()))),
        }
    }

    /// A child's proof, its stored hash checked.
    async fn child(&self, chain: &KeyChain, unit: &str) -> Result<solvent_circuits::Proof, Skip> {
        let id = wire::parse_unit(unit)
            .ok_or_else(|| Skip::BadInput(format!("bad child name {unit}")))?;
        let path = wire::proof_path(&id);
        let object = self.fetch(&path).await?;
        let (proof, _) =
            open_proof(&object).ok_or_else(|| Skip::BadInput(format!("{path} fails its hash")))?;
        units::parse_inner_proof(chain, proof).map_err(|e| Skip::BadInput(format!("{path}: {e}")))
    }
}

enum Job {
    Batch(BatchInput),
    Aggregate(Box<(solvent_circuits::Proof, Option<solvent_circuits::Proof>)>),
}

/// Tells JetStream the unit is still being worked on, every third of the
/// ack wait, until aborted.
async fn report_progress(message: Arc<Message>, ack_wait: Duration) {
    let every = (ack_wait / 3).max(Duration::from_millis(200));
    loop {
        tokio::time::sleep(every).await;
        if let Err(e) = message.ack_with(AckKind::Progress).await {
            tracing::warn!("cannot report progress: {e}");
        }
    }
}

/// Acknowledges a unit. A failed ack is logged, not fatal: the unit was
/// redelivered (this worker was too slow) or will be, and its result, if
/// any, is in the store and counted once.
async fn ack(message: &Message, kind: AckKind) -> Result<(), ClusterError> {
    if let Err(e) = message.double_ack_with(kind).await {
        tracing::warn!(subject = %message.subject, "acknowledgement not confirmed: {e}");
    }
    Ok(())
}
