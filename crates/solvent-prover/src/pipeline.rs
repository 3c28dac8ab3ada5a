//! Snapshot -> batches -> aggregation tree -> final proof -> bundle.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use plonky2::field::types::Field;
use rand::RngCore;
use solvent_circuits::batch::{net_value, BatchStarkProver, Slot, Weight};
use solvent_circuits::round::{circuit_weights, round_context};
use solvent_circuits::{KeyChain, Proof, PublicInputs, Shape, Totals, VerifierKey};
use solvent_commit::{
    derive_salt, id_commitment, leaf_hash, merkle, node_hash, padding_leaf, Digest, F,
};
use solvent_model::asset::UsdWeights;
use solvent_model::{format_amount, Account, AccountReader, AssetTable, Location};

use crate::bundle::{BundleWriter, InclusionRecord};
use crate::checkpoint::{self, Checkpoint, PendingLevel};
use crate::circuits::{CircuitCache, Circuits};
use crate::error::ProveError;
use crate::plan::RowPlan;
use solvent_circuits::batch::{MAX_BATCH_SIZE, MAX_TRACE_BITS};

#[derive(Debug, Clone, Default)]
pub struct ProveOptions {
    pub assets: PathBuf,
    pub accounts: PathBuf,
    pub round: String,
    pub out: PathBuf,
    /// Leaves per batch proof; `None` picks [`default_batch_size`].
    pub batch_size: Option<usize>,
    /// Replace `out` if it exists.
    pub force: bool,
    /// Secret from which per-account salts derive; random when `None`.
    pub salt_secret: Option<Digest>,
    /// Continue an interrupted run from its checkpoint.
    pub resume: bool,
    /// Testing aid: stop after this many batches as if the process were
    /// killed, leaving the staging directory and checkpoint behind.
    #[doc(hidden)]
    pub interrupt_after_batches: Option<u64>,
    /// Where to read the round's circuits from, or store them for the next
    /// round of the same shape; `None` builds them every time.
    pub circuit_cache: Option<CircuitCache>,
}

/// Progress callbacks, so the CLI can draw bars without the library knowing.
pub trait Progress: Sync {
    fn stage(&self, _name: &str) {}
    /// The snapshot's account count, known from the pre-pass before any
    /// batch is proven (a resumed run counts its proven prefix too).
    fn accounts_total(&self, _total: u64) {}
    fn accounts_read(&self, _total: u64) {}
    fn batch_proven(&self, _batches: u64, _accounts: u64) {}
}

/// No progress output.
pub struct Silent;
impl Progress for Silent {}

#[derive(Debug, Clone)]
pub struct ProveReport {
    pub statement: solvent_model::Statement,
    pub accounts: u64,
    pub batches: u64,
    pub batch_size: usize,
    pub depth: u32,
    pub proof_bytes: usize,
    /// Time the prover waited for its circuits (built in the background
    /// while the first batch STARK is proven).
    pub setup: Duration,
    /// Whether the circuits were read from the circuit cache.
    pub circuits_from_cache: bool,
    pub proving: Duration,
    pub total: Duration,
}

/// Pending subtrees of a left-aligned perfect binary tree, one per level.
struct BinaryCounter<T> {
    levels: Vec<Option<T>>,
}

impl<T> BinaryCounter<T> {
    fn new() -> Self {
        BinaryCounter { levels: Vec::new() }
    }

    fn push<E>(
        &mut self,
        item: T,
        combine: &mut impl FnMut(u32, T, T) -> Result<T, E>,
    ) -> Result<(), E> {
        let mut carry = item;
        let mut level = 0usize;
        loop {
            if self.levels.len() <= level {
                self.levels.push(None);
            }
            match self.levels[level].take() {
                None => {
                    self.levels[level] = Some(carry);
                    return Ok(());
                }
                Some(left) => {
                    carry = combine(level as u32 + 1, left, carry)?;
                    level += 1;
                }
            }
        }
    }

    /// Completes the tree to `depth` levels: `combine(level, left, right)`
    /// is their parent at `level`, where a subtree missing its right sibling
    /// gets `None`, an all-padding one.
    fn finish<E>(
        mut self,
        depth: u32,
        combine: &mut impl FnMut(u32, T, Option<T>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.levels.resize_with(depth as usize + 1, || None);
        let mut acc: Option<T> = None;
        for level in 0..depth {
            let pending = self.levels[level as usize].take();
            acc = match (pending, acc) {
                (Some(left), right @ Some(_)) => Some(combine(level + 1, left, right)?),
                (Some(left), None) | (None, Some(left)) => Some(combine(level + 1, left, None)?),
                (None, None) => None,
            };
        }
        Ok(match acc {
            Some(root) => root,
            None => self.levels[depth as usize].take().expect("non-empty tree"),
        })
    }
}

/// A batch's proof together with its natively computed root (a cross-check).
#[derive(Clone)]
struct Subtree {
    proof: Proof,
    root: Digest,
}

/// Runs the whole round. On any error nothing is left at `options.out`.
/// What a round is proven against, fixed before the first account is read.
struct Round {
    /// Accounts in the snapshot, from the pre-pass.
    accounts: u64,
    assets: AssetTable,
    weights: UsdWeights,
    /// The same weights as the circuits take them.
    circuit_weights: Vec<Weight>,
    batch_size: usize,
    shape: Shape,
    context: Digest,
    assets_sha256: String,
}

/// Validates the options and the assets file.
fn prepare_round(options: &ProveOptions) -> Result<Round, ProveError> {
    // Round labels go into the round context string, so they are restricted
    // to a safe alphabet.
    if !solvent_model::statement::valid_round(&options.round) {
        return Err(ProveError::Input(solvent_model::InputError::File {
            path: PathBuf::from("--round"),
            message: format!(
                "invalid round `{}`: use {}",
                options.round,
                solvent_model::statement::ROUND_RULE
            ),
        }));
    }
    let assets = AssetTable::from_csv_path(&options.assets)?;
    let weights = assets
        .usd_weights()
        .map_err(|e| weights_error(options, e))?;
    assets
        .check_precision()
        .map_err(|e| weights_error(options, e))?;
    let num_assets = assets.len();
    let plan = RowPlan::scan(&options.accounts, &assets)?;
    let batch_size = options
        .batch_size
        .unwrap_or_else(|| plan.default_batch_size(num_assets));
    if !batch_size.is_power_of_two() || !(2..=MAX_BATCH_SIZE).contains(&batch_size) {
        return Err(ProveError::Weights(format!(
            "batch size {batch_size} must be a power of two in 2..={MAX_BATCH_SIZE}"
        )));
    }
    let trace_bits = plan.trace_bits(batch_size);
    if trace_bits > MAX_TRACE_BITS {
        return Err(ProveError::Weights(format!(
            "the fullest batch of {batch_size} accounts needs a 2^{trace_bits}-row trace \
             (at most 2^{MAX_TRACE_BITS}); choose a smaller --batch-size"
        )));
    }
    Ok(Round {
        accounts: plan.accounts,
        shape: Shape::new(num_assets, batch_size, trace_bits),
        context: round_context(&options.round, assets.iter()),
        assets_sha256: sha256_file(&options.assets)?,
        assets,
        circuit_weights: circuit_weights(&weights),
        weights,
        batch_size,
    })
}

/// Folds accounts into batch proofs and batch proofs into the tree, and
/// checkpoints after each batch.
struct RoundProver<'a> {
    options: &'a ProveOptions,
    round: Round,
    chain: Circuits,
    stark: BatchStarkProver,
    writer: BundleWriter,
    secret: Digest,
    pad_leaf: Digest,
    counter: BinaryCounter<Subtree>,
    batch: Vec<Slot>,
    batch_leaves: Vec<Digest>,
    totals: Vec<Totals>,
    accounts: u64,
    batches: u64,
}

impl RoundProver<'_> {
    /// Adds one account's leaf to the current batch (and the inclusion
    /// store); proves the batch once it is full.
    fn add(
        &mut self,
        account: &Account,
        salt: &Digest,
        id_commit: Digest,
        balances: Vec<(u64, u64)>,
        leaf: Digest,
        progress: &dyn Progress,
    ) -> Result<(), ProveError> {
        for (t, &(e, d)) in self.totals.iter_mut().zip(&balances) {
            *t = t.add(&Totals::of_amounts(e, d));
        }
        self.writer.append_inclusion(&InclusionRecord {
            index: self.accounts,
            account,
            salt,
            leaf: &leaf,
            assets: &self.round.assets,
        })?;
        self.batch.push(Slot {
            id_commitment: id_commit,
            balances,
        });
        self.batch_leaves.push(leaf);
        self.accounts += 1;
        if self.accounts.is_multiple_of(1024) {
            progress.accounts_read(self.accounts);
        }
        if self.batch.len() == self.round.batch_size {
            self.prove_batch(progress)?;
            self.checkpoint()?;
            if self.options.interrupt_after_batches == Some(self.batches) {
                return Err(ProveError::Resume(format!(
                    "interrupted after {} batches (test hook)",
                    self.batches
                )));
            }
        }
        Ok(())
    }

    /// Proves the accumulated batch, folds it into the tree and empties it.
    fn prove_batch(&mut self, progress: &dyn Progress) -> Result<(), ProveError> {
        let subtree = prove_batch(
            &self.stark,
            &mut self.chain,
            &self.round.context,
            &self.round.circuit_weights,
            &self.batch,
            &self.batch_leaves,
            self.pad_leaf,
        )?;
        self.batch.clear();
        self.batch_leaves.clear();
        let chain = self.chain.get()?;
        self.counter
            .push(subtree, &mut |l, a, b| combine(chain, l, a, Some(b)))?;
        self.batches += 1;
        progress.batch_proven(self.batches, self.accounts);
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<(), ProveError> {
        save_checkpoint(
            &mut self.writer,
            &self.counter,
            &self.options.round,
            &self.round.assets_sha256,
            self.round.shape,
            &self.secret,
            self.accounts,
            self.batches,
            &self.totals,
        )
    }

    /// Pads the tree, proves the final zero-knowledge proof, checks its public
    /// inputs against the native computation, builds the inclusion store and
    /// moves the bundle into place.
    fn finish(
        mut self,
        progress: &dyn Progress,
        started: Instant,
        proving_started: Instant,
    ) -> Result<ProveReport, ProveError> {
        if !self.batch.is_empty() {
            self.prove_batch(progress)?;
        }
        let (round, accounts, batches) = (&self.round, self.accounts, self.batches);
        let depth = tree_depth(batches);
        let setup = {
            self.chain.get()?; // joined by now: every round proves a batch
            self.chain.waited()
        };
        let chain = self.chain.get()?;

        progress.stage("aggregating");
        let top = self
            .counter
            .finish(depth, &mut |l, a, b| combine(chain, l, a, b))?;

        progress.stage("final zero-knowledge proof");
        let final_circuit = &chain.final_circuit;
        let final_started = Instant::now();
        let final_proof = final_circuit
            .prove(&top.proof)
            .map_err(ProveError::Proving)?;
        tracing::info!(
            seconds = final_started.elapsed().as_secs_f64(),
            "final proof proven"
        );
        let key = VerifierKey::from_final(final_circuit).map_err(ProveError::Proving)?;
        key.verify(final_proof.clone())
            .map_err(ProveError::Proving)?;

        let expected = PublicInputs {
            context: round.context,
            root: top.root,
            leaf_count: accounts,
            level: depth,
            batch_height: round.batch_size.ilog2(),
            weights: round.circuit_weights.clone(),
            totals: self.totals.iter().map(Totals::normalised).collect(),
        };
        let capacity = round.shape.capacity();
        let proven =
            PublicInputs::from_fields(&final_proof.public_inputs, capacity).ok_or_else(|| {
                ProveError::Proving(anyhow!("final proof has a wrong public-input count"))
            })?;
        if proven != expected.clone().padded(capacity) {
            return Err(ProveError::Proving(anyhow!(
                "internal error: proven public inputs differ from the natively computed ones"
            )));
        }
        let proving = proving_started.elapsed();

        let statement = build_statement(
            &self.options.round,
            &round.assets,
            &round.weights,
            &expected,
            round.shape,
            depth,
            &key,
        );
        progress.stage("building the inclusion store");
        self.writer.inclusion_lengths()?; // flushes the inclusion files
        let private = self
            .writer
            .staging()
            .join(solvent_model::bundle::PRIVATE_DIR);
        let height = round.batch_size.ilog2() + depth;
        let store_started = Instant::now();
        let stored_root = crate::store::build(&private, accounts, height, self.pad_leaf)
            .map_err(ProveError::io(&private))?;
        tracing::info!(
            seconds = store_started.elapsed().as_secs_f64(),
            "inclusion store built"
        );
        if stored_root != top.root {
            return Err(ProveError::Proving(anyhow!(
                "internal error: the inclusion store's root differs from the proven root"
            )));
        }
        let proof_bytes = final_proof.to_bytes();
        self.writer.finish(&statement, &proof_bytes, &key.bytes)?;
        Ok(ProveReport {
            statement,
            accounts,
            batches,
            batch_size: round.batch_size,
            depth,
            proof_bytes: proof_bytes.len(),
            setup,
            circuits_from_cache: self.chain.were_read_from_cache(),
            proving,
            total: started.elapsed(),
        })
    }
}

pub fn prove_round(
    options: &ProveOptions,
    progress: &dyn Progress,
) -> Result<ProveReport, ProveError> {
    let started = Instant::now();
    let round = prepare_round(options)?;
    let num_assets = round.assets.len();
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        batch_size = round.batch_size,
        trace_bits = round.shape.trace_bits,
        "snapshot scanned"
    );

    let (writer, resumed) = BundleWriter::open(&options.out, options.force, options.resume)?;
    let secret = match &resumed {
        Some(state) => {
            check_resumable(
                state,
                &options.round,
                &round.assets_sha256,
                round.shape,
                num_assets,
            )?;
            Digest::from_hex(&state.secret)
                .map_err(|e| ProveError::Resume(format!("checkpoint secret: {e}")))?
        }
        None => options.salt_secret.unwrap_or_else(random_secret),
    };

    progress.accounts_total(round.accounts);
    let chain = Circuits::spawn(round.shape, options.circuit_cache.clone())?;
    let stark = BatchStarkProver::new(round.shape);

    progress.stage("proving batches");
    let proving_started = Instant::now();
    // The reader borrows its asset table for as long as it runs.
    let reader_assets = round.assets.clone();
    let reader = AccountReader::open(&options.accounts, &reader_assets)?;
    let batch_size = round.batch_size;
    let mut prover = RoundProver {
        options,
        round,
        chain,
        stark,
        writer,
        secret,
        pad_leaf: padding_leaf(num_assets),
        counter: BinaryCounter::new(),
        batch: Vec::with_capacity(batch_size),
        batch_leaves: Vec::with_capacity(batch_size),
        totals: vec![Totals::default(); num_assets],
        accounts: 0,
        batches: 0,
    };
    // Resuming: the proven prefix is re-read and checked leaf by leaf.
    let mut skip = 0u64;
    let mut recorded = None;
    if let Some(state) = &resumed {
        prover.counter = restore_counter(prover.chain.get()?, prover.writer.staging(), state)?;
        prover.totals = state
            .totals
            .iter()
            .map(|t| Totals {
                equity_lo: t[0],
                equity_hi: t[1],
                debt_lo: t[2],
                debt_hi: t[3],
            })
            .collect();
        prover.batches = state.batches;
        skip = state.accounts;
        recorded = Some(prover.writer.recorded_leaves()?);
        progress.stage("re-checking the interrupted run's accounts");
    }

    for account in reader {
        let account = account?;
        let balances = account.dense(num_assets);
        check_collateral(&options.accounts, &account, &prover.round, &balances)?;
        let salt = derive_salt(&prover.secret, &account.id);
        let id_commit = id_commitment(&salt, &account.id);
        let leaf = leaf_hash(&id_commit, &balances);
        if prover.accounts < skip {
            check_recorded_leaf(
                recorded.as_mut().expect("resuming"),
                &leaf,
                &options.accounts,
                &account,
            )?;
            prover.accounts += 1;
            if prover.accounts == skip {
                progress.stage("proving batches");
            }
            continue;
        }
        prover.add(&account, &salt, id_commit, balances, leaf, progress)?;
    }
    if prover.accounts < skip {
        return Err(ProveError::Resume(format!(
            "the accounts file now has {} accounts, fewer than the {skip} already proven",
            prover.accounts
        )));
    }
    progress.accounts_read(prover.accounts);
    if prover.accounts == 0 {
        return Err(ProveError::Empty);
    }
    prover.finish(progress, started, proving_started)
}

/// Aggregation levels above `batches` batch proofs (the tree is padded to a
/// power of two).
fn tree_depth(batches: u64) -> u32 {
    batches.next_power_of_two().ilog2()
}

/// The parent at `level` of `left` and `right`, where `None` is the
/// all-padding subtree (never proven: the aggregation circuit knows its
/// statement).
fn combine(
    chain: &KeyChain,
    level: u32,
    left: Subtree,
    right: Option<Subtree>,
) -> Result<Subtree, ProveError> {
    let started = Instant::now();
    let proof = chain_aggregate(chain, &left.proof, right.as_ref().map(|r| &r.proof))?;
    tracing::info!(
        level,
        padding = right.is_none(),
        seconds = started.elapsed().as_secs_f64(),
        "aggregation step proven"
    );
    let right_root = match right {
        Some(right) => right.root,
        None => chain.shape.padding_root(level - 1),
    };
    Ok(Subtree {
        proof,
        root: node_hash(&left.root, &right_root),
    })
}

#[allow(clippy::too_many_arguments)]
fn save_checkpoint(
    writer: &mut BundleWriter,
    counter: &BinaryCounter<Subtree>,
    round: &str,
    assets_sha256: &str,
    shape: Shape,
    secret: &Digest,
    accounts: u64,
    batches: u64,
    totals: &[Totals],
) -> Result<(), ProveError> {
    let (accounts_bytes, leaves_bytes) = writer.inclusion_lengths()?;
    let mut proofs = Vec::new();
    let pending = counter
        .levels
        .iter()
        .enumerate()
        .map(|(level, slot)| {
            slot.as_ref().map(|subtree| {
                proofs.push((level, subtree.proof.to_bytes()));
                PendingLevel {
                    root: subtree.root.to_hex(),
                    file: format!("level-{level}-after-{batches}.bin"),
                }
            })
        })
        .collect();
    let state = Checkpoint {
        format: Checkpoint::new_format(),
        round: round.to_string(),
        assets_sha256: assets_sha256.to_string(),
        batch_size: shape.batch_size,
        trace_bits: shape.trace_bits,
        secret: secret.to_hex(),
        accounts,
        batches,
        totals: totals
            .iter()
            .map(|t| [t.equity_lo, t.equity_hi, t.debt_lo, t.debt_hi])
            .collect(),
        accounts_bytes,
        leaves_bytes,
        pending,
    };
    checkpoint::save(writer.staging(), &state, &proofs)?;
    writer.keep_on_drop();
    Ok(())
}

fn check_resumable(
    state: &Checkpoint,
    round: &str,
    assets_sha256: &str,
    shape: Shape,
    num_assets: usize,
) -> Result<(), ProveError> {
    let batch_size = shape.batch_size;
    let differs = |what: &str| {
        Err(ProveError::Resume(format!(
            "the interrupted run used a different {what}; delete the staging directory to start over"
        )))
    };
    if state.round != round {
        return differs("round");
    }
    if state.assets_sha256 != assets_sha256 {
        return differs("assets file");
    }
    if state.batch_size != batch_size {
        return differs("batch size");
    }
    if state.trace_bits != shape.trace_bits {
        return differs("batch trace length (the snapshot changed)");
    }
    if state.totals.len() != num_assets || state.accounts != state.batches * batch_size as u64 {
        return Err(ProveError::Resume("the checkpoint is inconsistent".into()));
    }
    Ok(())
}

fn restore_counter(
    chain: &KeyChain,
    staging: &std::path::Path,
    state: &Checkpoint,
) -> Result<BinaryCounter<Subtree>, ProveError> {
    let mut counter = BinaryCounter::new();
    for pending in &state.pending {
        let restored = match pending {
            None => None,
            Some(p) => {
                let path = checkpoint::proof_path(staging, &p.file);
                let bytes = std::fs::read(&path).map_err(ProveError::io(&path))?;
                // Batch and aggregation proofs share one common data.
                let proof = Proof::from_bytes(bytes, &chain.aggregation.data.common)
                    .map_err(|e| ProveError::Resume(format!("{}: {e:?}", path.display())))?;
                let root = Digest::from_hex(&p.root)
                    .map_err(|e| ProveError::Resume(format!("checkpoint root: {e}")))?;
                Some(Subtree { proof, root })
            }
        };
        counter.levels.push(restored);
    }
    Ok(counter)
}

fn check_recorded_leaf(
    recorded: &mut impl std::io::Read,
    leaf: &Digest,
    file: &std::path::Path,
    account: &Account,
) -> Result<(), ProveError> {
    let mut bytes = [0u8; 32];
    recorded
        .read_exact(&mut bytes)
        .map_err(ProveError::io(file))?;
    if bytes != leaf.to_bytes() {
        return Err(ProveError::Resume(format!(
            "{}:{}: account `{}` differs from the interrupted run (the snapshot changed); delete the staging directory to start over",
            file.display(),
            account.line,
            account.id
        )));
    }
    Ok(())
}

fn sha256_file(path: &std::path::Path) -> Result<String, ProveError> {
    use sha2::Digest as _;
    let bytes = std::fs::read(path).map_err(|source| {
        ProveError::Input(solvent_model::InputError::Io {
            path: path.to_owned(),
            source,
        })
    })?;
    Ok(hex::encode(sha2::Sha256::digest(&bytes)))
}

fn chain_aggregate(
    chain: &KeyChain,
    left: &Proof,
    right: Option<&Proof>,
) -> Result<Proof, ProveError> {
    chain
        .aggregation
        .prove(left, right)
        .map_err(ProveError::Proving)
}

/// Proves one batch: its STARK, then (once the circuits are built) the
/// wrapper.
fn prove_batch(
    stark: &BatchStarkProver,
    chain: &mut Circuits,
    context: &Digest,
    weights: &[Weight],
    slots: &[Slot],
    leaves: &[Digest],
    pad_leaf: Digest,
) -> Result<Subtree, ProveError> {
    let started = Instant::now();
    let stark_proof = stark.prove(weights, slots).map_err(ProveError::Proving)?;
    let chain = chain.get()?;
    let mut all_leaves = leaves.to_vec();
    all_leaves.resize(chain.shape.batch_size, pad_leaf);
    let root = merkle::root_of(&all_leaves);
    let proof = chain
        .batch
        .wrap(context, &stark_proof)
        .map_err(ProveError::Proving)?;
    tracing::info!(
        accounts = slots.len(),
        seconds = started.elapsed().as_secs_f64(),
        "batch proven"
    );
    let proven_root = Digest(
        proof.public_inputs[4..8]
            .try_into()
            .expect("root in public inputs"),
    );
    if proven_root != root {
        return Err(ProveError::Proving(anyhow!(
            "internal error: batch root mismatch"
        )));
    }
    Ok(Subtree { proof, root })
}

/// The assets file named in a weight error.
fn weights_error(options: &ProveOptions, error: solvent_model::asset::WeightError) -> ProveError {
    ProveError::Weights(format!("{}: {error}", options.assets.display()))
}

/// Refuses an account under water before any proving. (Debt on an asset
/// priced 0, which no weight could value, is refused by the snapshot reader.)
fn check_collateral(
    file: &std::path::Path,
    account: &Account,
    round: &Round,
    balances: &[(u64, u64)],
) -> Result<(), ProveError> {
    let net = net_value(&round.circuit_weights, balances);
    if net < 0 {
        return Err(ProveError::UnderWater {
            at: Location {
                file: file.to_owned(),
                line: account.line,
                field: None,
            },
            account: account.id.clone(),
            net,
        });
    }
    Ok(())
}

fn random_secret() -> Digest {
    let mut rng = rand::rngs::OsRng;
    Digest(std::array::from_fn(|_| {
        F::from_noncanonical_u64(rng.next_u64())
    }))
}

fn build_statement(
    round: &str,
    assets: &AssetTable,
    weights: &UsdWeights,
    proven: &PublicInputs,
    shape: Shape,
    depth: u32,
    key: &VerifierKey,
) -> solvent_model::Statement {
    use solvent_model::{AssetStatement, Parameters, Statement};
    let asset_statements = assets
        .iter()
        .zip(&weights.weights)
        .zip(&proven.totals)
        .map(|((a, w), t)| AssetStatement {
            symbol: a.symbol.clone(),
            decimals: a.decimals,
            price_usd: a.price.to_decimal(),
            price_source: a.price_source.clone(),
            price_time: a.price_time.clone(),
            collateral_ratio: a.collateral_ratio.to_decimal(),
            equity_weight: w.equity,
            debt_weight: w.debt,
            total_equity: format_amount(t.equity(), a.decimals),
            total_debt: format_amount(t.debt(), a.decimals),
        })
        .collect();
    Statement {
        format: solvent_model::statement::STATEMENT_FORMAT.to_string(),
        round: round.to_string(),
        assets: asset_statements,
        weight_scale_log2: weights.exponent,
        leaf_count: proven.leaf_count,
        root: proven.root.to_hex(),
        parameters: Parameters {
            proof_system: solvent_circuits::PROOF_SYSTEM.to_string(),
            amount_bits: solvent_model::limits::AMOUNT_BITS,
            batch_size: shape.batch_size as u64,
            batch_trace_bits: shape.trace_bits as u32,
            aggregation_depth: depth,
            security_bits: solvent_circuits::SECURITY_BITS,
        },
        verifier_key_digest: hex::encode(key.digest()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_counter_builds_left_aligned_tree() {
        for n in 1u64..=9 {
            let depth = n.next_power_of_two().ilog2();
            let mut counter = BinaryCounter::new();
            let mut combine =
                |_l: u32, a: String, b: String| -> Result<String, ()> { Ok(format!("({a}{b})")) };
            for i in 0..n {
                counter.push(i.to_string(), &mut combine).unwrap();
            }
            let mut pads = 0;
            let mut finish = |l: u32, a: String, b: Option<String>| -> Result<String, ()> {
                let b = b.unwrap_or_else(|| {
                    pads += 1;
                    format!("p{}", l - 1)
                });
                combine(l, a, b)
            };
            let tree = counter.finish(depth, &mut finish).unwrap();
            assert_eq!(pads == 0, n.is_power_of_two(), "n = {n}");
            // Expected: perfect tree over 0..n then pads.
            let mut level: Vec<String> = (0..1u64 << depth)
                .map(|i| {
                    if i < n {
                        i.to_string()
                    } else {
                        "p0".to_string()
                    }
                })
                .collect();
            let mut l = 0;
            while level.len() > 1 {
                l += 1;
                level = level
                    .chunks(2)
                    .map(|p| {
                        let all_pad = |s: &str| s.starts_with('p');
                        if all_pad(&p[0]) && all_pad(&p[1]) {
                            format!("p{l}")
                        } else {
                            format!("({}{})", p[0], p[1])
                        }
                    })
                    .collect();
            }
            assert_eq!(tree, level[0], "n = {n}");
        }
    }
}
