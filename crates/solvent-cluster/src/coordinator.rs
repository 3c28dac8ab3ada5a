//! `solvent coordinate`: one round over many workers.
//!
//! The coordinator reads the snapshot once, deriving every leaf and writing
//! the inclusion records locally as `solvent prove` does; each full batch's
//! input goes to the store and its unit to the queue at once, so workers
//! start while the snapshot is still being read. Then it checks each proof
//! as its result arrives (stored hash, verification, root, leaf count,
//! level and context), publishes the parent once both children are proven,
//! and seals the round from the top proof with the embedded prover's code.
//!
//! Everything it needs to resume is in the store: the plan (with the round
//! secret, so the same leaves) and the proofs, named by their inputs. A
//! restarted coordinator re-reads the snapshot, finds which units are
//! proven (checking each proof again) and publishes the rest.

use std::time::Instant;

use async_nats::jetstream::AckKind;
use futures::StreamExt;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use solvent_circuits::batch::Slot;
use solvent_circuits::{KeyChain, Proof, Totals};
use solvent_commit::{padding_leaf, Digest};
use solvent_model::AccountReader;
use solvent_prover::bundle::{BundleWriter, InclusionRecord};
use solvent_prover::pipeline::{self, AccountLeaf, Round};
use solvent_prover::units::{self, BatchInput, UnitId};
use solvent_prover::{Circuits, Progress, ProveError, ProveOptions};

use crate::error::ClusterError;
use crate::queue::{Limits, Queue};
use crate::store::{open_proof, Store};
use crate::tree::{At, State, Tree};
use crate::wire::{self, DoneMessage, Outcome, Plan, UnitMessage, WireShape};

#[derive(Debug, Clone)]
pub struct CoordinateOptions {
    /// The round, exactly as `solvent prove` takes it.
    pub prove: ProveOptions,
    pub nats: String,
    pub store: String,
    pub limits: Limits,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoordinateReport {
    pub statement: solvent_model::Statement,
    /// The run's name in the queue and the store.
    pub run: String,
    pub accounts: u64,
    pub batches: u64,
    pub batch_size: usize,
    pub depth: u32,
    /// Units in the tree (batches and aggregations).
    pub units: usize,
    /// Units found proven in the store when the coordinator started.
    pub resumed_units: u64,
    /// Results for units already proven, counted once.
    pub duplicate_results: u64,
    /// Proofs refused (damaged, or not the unit's) and proven again.
    pub reproved: u64,
    pub proof_bytes: usize,
    pub seconds: f64,
}

pub async fn coordinate(
    options: &CoordinateOptions,
    progress: &dyn Progress,
) -> Result<CoordinateReport, ClusterError> {
    let started = Instant::now();
    let prove = &options.prove;
    let round = pipeline::plan_round(prove)?;
    let accounts_sha256 = pipeline::sha256_file(&prove.accounts)?;
    let run = run_name(&prove.round, &round, &accounts_sha256);
    let store = Store::open(&options.store)?;
    let queue = Queue::connect(&options.nats).await?;
    queue.set_limits(options.limits).await?;
    let results = queue.results(&run).await?;
    let (secret, resumed) = plan(&store, &run, prove, &round, &accounts_sha256).await?;
    if prove.resume && !resumed {
        return Err(ClusterError::Resume(format!(
            "nothing to resume: the store has no run {run} of these inputs"
        )));
    }
    tracing::info!(
        run,
        resumed,
        seconds = started.elapsed().as_secs_f64(),
        "round planned (snapshot scanned)"
    );
    let circuits = Circuits::spawn(round.shape, prove.circuit_cache.clone())?;
    let writer = BundleWriter::open_over_stale(&prove.out, prove.force)?;
    let mut c = Coordinator {
        queue,
        store,
        run,
        round,
        nonce: hex::encode(pipeline::random_secret().to_bytes())[..16].to_string(),
        published: 0,
        duplicates: 0,
        reproved: 0,
    };
    progress.accounts_total(c.round.accounts);
    progress.stage("reading the snapshot and publishing batches");
    let read = c.read_snapshot(prove, &secret, writer, progress).await?;
    let Read {
        writer,
        batches,
        queued,
        totals,
        accounts,
    } = read;
    progress.accounts_read(accounts);
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        accounts,
        batches = queued.len(),
        "snapshot read and batches published"
    );
    if accounts == 0 {
        return Err(ProveError::Empty.into());
    }
    let mut tree = Tree::new(c.round.shape, batches);
    for (i, &q) in queued.iter().enumerate() {
        if q {
            tree.set_state((0, i), State::Queued);
        }
    }
    // The coordinator runs on the thread that blocks on it, not on one of
    // the runtime's workers, so it may block.
    let chain = circuits.into_chain()?;
    progress.stage("checking proofs already in the store");
    // A proven top ends the round at once; otherwise every other proof in
    // the store is checked, and what is missing is published.
    let mut top = None;
    let mut resumed_units = 0;
    let top_at = tree.top();
    if tree.node(top_at).state != State::Queued {
        if let Stored::Checked(proof) = c.load_checked(&chain, &tree, top_at).await? {
            tree.set_state(top_at, State::Done);
            resumed_units += 1;
            top = Some(proof);
        }
    }
    if top.is_none() {
        for at in tree.all().collect::<Vec<_>>() {
            if at == top_at || tree.node(at).state == State::Queued {
                continue;
            }
            if let Stored::Checked(_) = c.load_checked(&chain, &tree, at).await? {
                tree.set_state(at, State::Done);
                resumed_units += 1;
            }
        }
        for at in tree.all().collect::<Vec<_>>() {
            if tree.node(at).state == State::Waiting && tree.ready(at) {
                c.publish(&mut tree, at).await?;
            }
        }
    }
    progress.stage("proving on the workers");
    let top = match top {
        Some(top) => top,
        None => c.await_top(&chain, &mut tree, &results, progress).await?,
    };
    let sealed = pipeline::seal_round(
        &chain,
        &c.round,
        &prove.round,
        pipeline::Top {
            proof: &top,
            root: tree.node(top_at).root,
            accounts,
            depth: tree.depth(),
            totals: &totals,
        },
        writer,
        padding_leaf(c.round.assets.len()),
        progress,
    )?;
    Ok(CoordinateReport {
        statement: sealed.statement,
        run: c.run,
        accounts,
        batches: tree.all().filter(|a| a.0 == 0).count() as u64,
        batch_size: c.round.batch_size,
        depth: tree.depth(),
        units: tree.units(),
        resumed_units,
        duplicate_results: c.duplicates,
        reproved: c.reproved,
        proof_bytes: sealed.proof_bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// A run is named by its round, inputs and shape: the same inputs resume
/// the same run, and anything else is a new one.
fn run_name(label: &str, round: &Round, accounts_sha256: &str) -> String {
    let mut h = Sha256::new();
    for part in [
        "solvent-run-v1",
        label,
        &round.assets_sha256,
        accounts_sha256,
        &round.shape.batch_size.to_string(),
        &round.shape.trace_bits.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..16])
}

/// The run's secret: from its plan in the store (a resumed run), or new.
async fn plan(
    store: &Store,
    run: &str,
    prove: &ProveOptions,
    round: &Round,
    accounts_sha256: &str,
) -> Result<(Digest, bool), ClusterError> {
    let path = wire::plan_path(run);
    let mismatch = |message: String| ClusterError::Mismatch {
        path: path.clone(),
        message,
    };
    let wanted = Plan {
        format: wire::PLAN_FORMAT.into(),
        round: prove.round.clone(),
        assets_sha256: round.assets_sha256.clone(),
        accounts_sha256: accounts_sha256.to_string(),
        shape: WireShape::from(round.shape),
        secret: String::new(),
    };
    if store.get(&path).await?.is_none() {
        let secret = prove.salt_secret.unwrap_or_else(pipeline::random_secret);
        let plan = Plan {
            secret: secret.to_hex(),
            ..wanted.clone()
        };
        let json = serde_json::to_vec_pretty(&plan).expect("serializes");
        if store.put_new(&path, json).await? {
            return Ok((secret, false));
        }
    }
    // Another coordinator's plan, or ours from before a restart.
    let bytes = store
        .get(&path)
        .await?
        .ok_or_else(|| mismatch("vanished".into()))?;
    let plan: Plan = serde_json::from_slice(&bytes).map_err(|e| mismatch(e.to_string()))?;
    if plan.format != wire::PLAN_FORMAT {
        return Err(mismatch(format!("unknown format `{}`", plan.format)));
    }
    if (Plan {
        secret: String::new(),
        ..plan.clone()
    }) != wanted
    {
        return Err(mismatch("it was planned from other inputs".into()));
    }
    let secret = Digest::from_hex(&plan.secret).map_err(|e| mismatch(format!("secret: {e}")))?;
    Ok((secret, true))
}

struct Coordinator {
    queue: Queue,
    store: Store,
    run: String,
    round: Round,
    /// Distinguishes this coordinator's publications from an earlier one's
    /// (JetStream drops a message id it has seen in the last two minutes).
    nonce: String,
    published: u64,
    duplicates: u64,
    reproved: u64,
}

/// A unit's proof in the store.
enum Stored {
    Checked(Box<Proof>),
    Missing,
    /// Damaged or not the unit's: deleted.
    Refused,
}

/// What reading the snapshot left.
struct Read {
    writer: BundleWriter,
    /// Per batch: unit, root, accounts.
    batches: Vec<(UnitId, Digest, u64)>,
    /// Per batch: published now (its proof was not in the store).
    queued: Vec<bool>,
    totals: Vec<Totals>,
    accounts: u64,
}

impl Coordinator {
    async fn read_snapshot(
        &mut self,
        prove: &ProveOptions,
        secret: &Digest,
        writer: BundleWriter,
        progress: &dyn Progress,
    ) -> Result<Read, ClusterError> {
        let num_assets = self.round.assets.len();
        let pad_leaf = padding_leaf(num_assets);
        let assets = self.round.assets.clone();
        // The plan's pre-pass checked that every id is distinct.
        let reader = AccountReader::open(&prove.accounts, &assets)
            .map_err(ProveError::from)?
            .without_duplicate_check();
        let mut read = Read {
            writer,
            batches: Vec::new(),
            queued: Vec::new(),
            totals: vec![Totals::default(); num_assets],
            accounts: 0,
        };
        let mut slots: Vec<Slot> = Vec::with_capacity(self.round.batch_size);
        let mut leaves: Vec<Digest> = Vec::with_capacity(self.round.batch_size);
        for account in reader {
            let account = account.map_err(ProveError::from)?;
            let AccountLeaf {
                balances,
                salt,
                id_commit,
                leaf,
            } = pipeline::account_leaf(&self.round, secret, &prove.accounts, &account)?;
            for (t, &(e, d)) in read.totals.iter_mut().zip(&balances) {
                *t = t.add(&Totals::of_amounts(e, d));
            }
            read.writer.append_inclusion(&InclusionRecord {
                index: read.accounts,
                account: &account,
                salt: &salt,
                leaf: &leaf,
                assets: &self.round.assets,
            })?;
            slots.push(Slot {
                id_commitment: id_commit,
                balances,
            });
            leaves.push(leaf);
            read.accounts += 1;
            if read.accounts.is_multiple_of(1024) {
                progress.accounts_read(read.accounts);
            }
            if slots.len() == self.round.batch_size {
                self.batch(&mut read, &mut slots, &mut leaves, pad_leaf)
                    .await?;
            }
        }
        if !slots.is_empty() {
            self.batch(&mut read, &mut slots, &mut leaves, pad_leaf)
                .await?;
        }
        Ok(read)
    }

    /// Stores a full batch's input and publishes it, unless it is proven.
    async fn batch(
        &mut self,
        read: &mut Read,
        slots: &mut Vec<Slot>,
        leaves: &mut Vec<Digest>,
        pad_leaf: Digest,
    ) -> Result<(), ClusterError> {
        let input = BatchInput {
            shape: self.round.shape,
            context: self.round.context,
            weights: self.round.circuit_weights.clone(),
            slots: std::mem::take(slots),
        };
        let bytes = input.to_bytes();
        let unit = units::batch_unit_id(&bytes);
        let root = units::batch_root(self.round.shape, leaves, pad_leaf);
        let count = leaves.len() as u64;
        leaves.clear();
        self.store.put_new(&wire::input_path(&unit), bytes).await?;
        let proven = self.store.exists(&wire::proof_path(&unit)).await?;
        if !proven {
            let message = self.message(&unit, wire::Work::Batch);
            self.send(&message).await?;
        }
        read.batches.push((unit, root, count));
        read.queued.push(!proven);
        Ok(())
    }

    fn message(&self, unit: &UnitId, work: wire::Work) -> UnitMessage {
        UnitMessage {
            format: wire::UNIT_FORMAT.into(),
            run: self.run.clone(),
            unit: hex::encode(unit),
            shape: WireShape::from(self.round.shape),
            work,
        }
    }

    async fn send(&mut self, message: &UnitMessage) -> Result<(), ClusterError> {
        self.published += 1;
        let id = format!("{}-{}-{}", message.unit, self.nonce, self.published);
        self.queue.publish_unit(message, &id).await?;
        Ok(())
    }

    async fn publish(&mut self, tree: &mut Tree, at: At) -> Result<(), ClusterError> {
        let message = self.message(&tree.node(at).unit, tree.work(at));
        self.send(&message).await?;
        tree.set_state(at, State::Queued);
        Ok(())
    }

    /// The node's proof from the store, checked; a damaged or wrong one is
    /// deleted (and counted) so it is proven again.
    async fn load_checked(
        &mut self,
        chain: &KeyChain,
        tree: &Tree,
        at: At,
    ) -> Result<Stored, ClusterError> {
        let node = tree.node(at);
        let path = wire::proof_path(&node.unit);
        let Some(object) = self.store.get(&path).await? else {
            return Ok(Stored::Missing);
        };
        let checked = open_proof(&object)
            .ok_or_else(|| "the stored hash does not match".to_string())
            .and_then(|(bytes, _)| {
                let proof = units::parse_inner_proof(chain, bytes).map_err(|e| e.to_string())?;
                units::check_unit_proof(
                    chain,
                    &proof,
                    &self.round.context,
                    at.0,
                    &node.root,
                    node.leaves,
                )
                .map_err(|e| e.to_string())?;
                Ok(proof)
            });
        match checked {
            Ok(proof) => Ok(Stored::Checked(Box::new(proof))),
            Err(reason) => {
                tracing::warn!(unit = %hex::encode(node.unit), level = at.0, "refused {path}, proving it again: {reason}");
                self.reproved += 1;
                self.store.delete(&path).await?;
                Ok(Stored::Refused)
            }
        }
    }

    /// Follows the results until the top of the tree is proven.
    async fn await_top(
        &mut self,
        chain: &KeyChain,
        tree: &mut Tree,
        results: &async_nats::jetstream::consumer::PullConsumer,
        progress: &dyn Progress,
    ) -> Result<Box<Proof>, ClusterError> {
        let mut messages = results
            .messages()
            .await
            .map_err(ClusterError::nats("reading results"))?;
        let mut advisories = self
            .queue
            .client
            .subscribe(wire::max_deliveries_advisory())
            .await
            .map_err(ClusterError::nats("subscribing to advisories"))?;
        // Batches proven, and their accounts, for the progress bar.
        let mut done = tree
            .all()
            .filter(|&a| a.0 == 0 && tree.node(a).state == State::Done)
            .fold((0, 0), |(b, n), a| (b + 1, n + tree.node(a).leaves));
        progress.batch_proven(done.0, done.1);
        loop {
            tokio::select! {
                advisory = advisories.next() => {
                    if let Some(advisory) = advisory {
                        self.check_advisory(&advisory.payload).await?;
                    }
                }
                message = messages.next() => {
                    let Some(message) = message else {
                        return Err(ClusterError::Nats { what: "reading results", message: "the stream ended".into() });
                    };
                    let message = message.map_err(ClusterError::nats("reading results"))?;
                    let result = serde_json::from_slice::<DoneMessage>(&message.payload);
                    let top = match result {
                        Ok(done_message) if done_message.format == wire::DONE_FORMAT => {
                            self.result(chain, tree, &done_message, &mut done, progress).await?
                        }
                        other => {
                            tracing::warn!("not a result, dropped: {:?}", other.err());
                            None
                        }
                    };
                    message
                        .ack_with(AckKind::Ack)
                        .await
                        .map_err(ClusterError::nats("acknowledging a result"))?;
                    if let Some(top) = top {
                        return Ok(top);
                    }
                }
            }
        }
    }

    /// Handles one result; returns the top proof once it is proven.
    async fn result(
        &mut self,
        chain: &KeyChain,
        tree: &mut Tree,
        result: &DoneMessage,
        done: &mut (u64, u64),
        progress: &dyn Progress,
    ) -> Result<Option<Box<Proof>>, ClusterError> {
        let Some(at) = wire::parse_unit(&result.unit).and_then(|u| tree.find(&u)) else {
            tracing::warn!(unit = %result.unit, "a result for no unit of this run");
            return Ok(None);
        };
        if tree.node(at).state == State::Done {
            self.duplicates += 1;
            tracing::info!(unit = %result.unit, worker = %result.worker, "duplicate result, counted once");
            return Ok(None);
        }
        match &result.outcome {
            Outcome::Proven { .. } => match self.load_checked(chain, tree, at).await? {
                Stored::Checked(proof) => {
                    tree.set_state(at, State::Done);
                    if at.0 == 0 {
                        done.0 += 1;
                        done.1 += tree.node(at).leaves;
                        progress.batch_proven(done.0, done.1);
                    }
                    tracing::info!(unit = %result.unit, level = at.0, worker = %result.worker, "unit proven and checked");
                    if at == tree.top() {
                        return Ok(Some(proof));
                    }
                    if let Some(parent) = tree.parent(at) {
                        if tree.node(parent).state == State::Waiting && tree.ready(parent) {
                            self.publish(tree, parent).await?;
                        }
                    }
                }
                Stored::Refused => self.publish(tree, at).await?,
                // A result from before a restart whose proof was refused
                // then: the unit is queued again and will report anew.
                Stored::Missing => {}
            },
            Outcome::BadInput { detail } => {
                tracing::warn!(unit = %result.unit, "a worker found bad input: {detail}");
                if at.0 == 0 {
                    return Err(ClusterError::Resume(format!(
                        "the store's input of batch unit {} is damaged ({detail}); run the coordinator again to rewrite it",
                        result.unit
                    )));
                }
                // Check the children again; a refused one is proven again
                // and this unit waits for it.
                tree.set_state(at, State::Waiting);
                let (left, right) = tree.children(at);
                for child in std::iter::once(left).chain(right) {
                    if !matches!(
                        self.load_checked(chain, tree, child).await?,
                        Stored::Checked(_)
                    ) {
                        tree.set_state(child, State::Waiting);
                        self.publish(tree, child).await?;
                    }
                }
                if tree.ready(at) {
                    self.publish(tree, at).await?;
                }
            }
        }
        Ok(None)
    }

    /// Stops the round when JetStream gave up on one of its units.
    async fn check_advisory(&self, payload: &[u8]) -> Result<(), ClusterError> {
        #[derive(serde::Deserialize)]
        struct Advisory {
            stream_seq: u64,
            deliveries: i64,
        }
        let Ok(advisory) = serde_json::from_slice::<Advisory>(payload) else {
            return Ok(());
        };
        let stream = self.queue.units_stream().await?;
        let Ok(message) = stream.get_raw_message(advisory.stream_seq).await else {
            return Ok(());
        };
        let Ok(unit) = serde_json::from_slice::<UnitMessage>(&message.payload) else {
            return Ok(());
        };
        if unit.run != self.run {
            return Ok(());
        }
        Err(ClusterError::UnitFailed {
            unit: unit.unit,
            what: match unit.work {
                wire::Work::Batch => "batch".into(),
                wire::Work::Aggregate { level, .. } => format!("aggregation at level {level}"),
            },
            deliveries: advisory.deliveries,
        })
    }
}

impl From<solvent_model::InputError> for ClusterError {
    fn from(e: solvent_model::InputError) -> Self {
        ClusterError::Prove(e.into())
    }
}
