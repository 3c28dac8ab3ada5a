//! Snapshot -> batches -> aggregation tree -> final proof -> bundle.
//!
//! [`prove_round`] drives one round: [`round`] fixes what it is proven
//! against, [`prover`] folds accounts into batch proofs and the tree
//! ([`tree`]) and proves the final proof, [`resume`] checkpoints and
//! continues interrupted runs, and [`statement`] assembles the public
//! statement.

mod options;
mod prover;
mod resume;
mod round;
mod seal;
mod statement;
mod tree;

use std::time::Instant;

use solvent_circuits::batch::BatchStarkProver;
use solvent_circuits::Totals;
use solvent_commit::{padding_leaf, Digest};
use solvent_model::AccountReader;

use crate::bundle::BundleWriter;
use crate::circuits::Circuits;
use crate::error::ProveError;
pub use options::{Progress, ProveOptions, ProveReport, Silent};
pub use prover::random_secret;
use prover::RoundProver;
use resume::{check_recorded_leaf, check_resumable, restore_counter};
pub use round::{account_leaf, plan_round, sha256_file, AccountLeaf, Round};
pub use seal::{seal_round, Sealed, Top};
use tree::BinaryCounter;

/// Runs the whole round. On any error nothing is left at `options.out`.
pub fn prove_round(
    options: &ProveOptions,
    progress: &dyn Progress,
) -> Result<ProveReport, ProveError> {
    let started = Instant::now();
    let round = plan_round(options)?;
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
    // The pre-pass checked that every id is distinct.
    let reader = AccountReader::open(&options.accounts, &reader_assets)?.without_duplicate_check();
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
        let AccountLeaf {
            balances,
            salt,
            id_commit,
            leaf,
        } = account_leaf(&prover.round, &prover.secret, &options.accounts, &account)?;
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
