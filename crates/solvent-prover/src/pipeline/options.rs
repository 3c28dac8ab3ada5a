//! What a round is asked for and what it reports: the prover's public types,
//! apart from the modules that use them.

use std::path::PathBuf;
use std::time::Duration;

use solvent_commit::Digest;

use crate::circuits::CircuitCache;

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
    /// Testing aid (feature `test-hooks`): stop after this many batches as
    /// if the process were killed, leaving the staging directory and
    /// checkpoint behind.
    #[cfg(feature = "test-hooks")]
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
