//! The round's circuits, built on a background thread.
//!
//! Building the batch wrapper, the aggregation levels and the final circuit
//! takes seconds, and no batch STARK needs any of it: the first STARK (tens of
//! seconds) is proven meanwhile, and the circuits are joined when the first
//! wrapper proof is due. With a [`CircuitCache`] they are read back from an
//! earlier run of the same shape instead, or stored for the next one.

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use solvent_circuits::{KeyChain, Shape, PROOF_SYSTEM};

use crate::error::ProveError;

/// A directory of built circuits, one file per shape
/// (a few hundred MB each). The files are trusted like the binary: see
/// `solvent_circuits::stored`.
#[derive(Debug, Clone)]
pub struct CircuitCache {
    pub dir: PathBuf,
    /// Identifies the code that builds the circuits (the CLI hashes its own
    /// executable); circuits stored by another build are rebuilt and replaced.
    pub build_id: String,
}

impl CircuitCache {
    /// The cache in `dir` for circuits built by the running executable: its
    /// build identifier is the SHA-256 of the executable file, so any other
    /// build rebuilds the circuits instead of using ones its code may not
    /// match.
    pub fn for_this_build(dir: PathBuf) -> std::io::Result<CircuitCache> {
        use sha2::{Digest as _, Sha256};
        let exe = std::env::current_exe()?;
        let bytes = std::fs::read(&exe).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("reading {} to identify this build: {e}", exe.display()),
            )
        })?;
        Ok(CircuitCache {
            dir,
            build_id: hex::encode(Sha256::digest(&bytes)),
        })
    }

    fn path(&self, shape: Shape) -> PathBuf {
        let system: String = PROOF_SYSTEM
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir.join(format!(
            "{system}-assets{}-batch{}-rows{}.circuits",
            shape.num_assets, shape.batch_size, shape.trace_bits
        ))
    }

    /// The stored circuits, if there are usable ones (anything else is logged
    /// and rebuilt).
    fn load(&self, shape: Shape) -> Option<KeyChain> {
        let path = self.path(shape);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %path.display(), "cannot read stored circuits: {e}");
                return None;
            }
        };
        match KeyChain::from_bytes(&bytes, shape, &self.build_id) {
            Ok(chain) => {
                tracing::info!(path = %path.display(), "circuits read from the cache");
                Some(chain)
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), "stored circuits not used, rebuilding: {e:#}");
                None
            }
        }
    }

    /// Stores `chain` for the next run: written to a temporary file, then
    /// renamed, so a reader never sees a partial file. Failures are logged.
    fn store(&self, chain: &KeyChain) {
        let path = self.path(chain.shape);
        let temporary = path.with_extension(format!("tmp{}", std::process::id()));
        let stored = (|| -> anyhow::Result<()> {
            let bytes = chain.to_bytes(&self.build_id)?;
            std::fs::create_dir_all(&self.dir)?;
            std::fs::write(&temporary, &bytes)?;
            std::fs::rename(&temporary, &path)?;
            Ok(())
        })();
        if stored.is_err() {
            // A full disk must not leave hundreds of MB behind.
            let _ = std::fs::remove_file(&temporary);
        }
        match stored {
            Ok(()) => tracing::info!(path = %path.display(), "circuits stored in the cache"),
            Err(e) => tracing::warn!(path = %path.display(), "cannot store the circuits: {e:#}"),
        }
    }
}

/// The round's circuits, built (or read from the cache) on a background
/// thread and joined on first use.
pub struct Circuits {
    building: Option<JoinHandle<(KeyChain, bool)>>,
    chain: Option<KeyChain>,
    /// How long the prover waited for the build.
    waited: Duration,
    /// Whether the circuits came from the cache.
    from_cache: bool,
}

impl Circuits {
    /// Starts building the circuits of `shape` (one set for every depth).
    pub fn spawn(shape: Shape, cache: Option<CircuitCache>) -> Result<Self, ProveError> {
        let building = std::thread::Builder::new()
            .name("circuits".into())
            .spawn(move || {
                if let Some(chain) = cache.as_ref().and_then(|c| c.load(shape)) {
                    return (chain, true);
                }
                let started = Instant::now();
                let chain = KeyChain::new(shape);
                tracing::info!(seconds = started.elapsed().as_secs_f64(), "circuits built");
                if let Some(cache) = &cache {
                    cache.store(&chain);
                }
                (chain, false)
            })
            .map_err(|e| ProveError::Proving(anyhow!("cannot start the circuit builder: {e}")))?;
        Ok(Circuits {
            building: Some(building),
            chain: None,
            waited: Duration::ZERO,
            from_cache: false,
        })
    }

    /// The circuits, waiting for the build on first use.
    pub fn get(&mut self) -> Result<&mut KeyChain, ProveError> {
        if let Some(building) = self.building.take() {
            let started = Instant::now();
            let (chain, from_cache) = building
                .join()
                .map_err(|_| ProveError::Proving(anyhow!("building the circuits panicked")))?;
            self.waited = started.elapsed();
            self.chain = Some(chain);
            self.from_cache = from_cache;
        }
        Ok(self.chain.as_mut().expect("joined above"))
    }

    /// The circuits themselves, waiting for the build.
    pub fn into_chain(mut self) -> Result<KeyChain, ProveError> {
        self.get()?;
        Ok(self.chain.expect("joined above"))
    }

    /// Time the prover spent waiting for the circuits.
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// Whether the circuits were read from the cache (known once joined).
    pub fn were_read_from_cache(&self) -> bool {
        self.from_cache
    }
}
