//! The round's circuits, built on a background thread.
//!
//! Building the batch wrapper, the aggregation levels and the final circuit
//! takes seconds, and no batch STARK needs any of it: the first STARK (tens of
//! seconds) is proven meanwhile, and the circuits are joined when the first
//! wrapper proof is due.

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::anyhow;
use solvent_circuits::{KeyChain, Shape};

use crate::error::ProveError;

pub(crate) struct Circuits {
    building: Option<JoinHandle<KeyChain>>,
    chain: Option<KeyChain>,
    /// How long the prover waited for the build.
    waited: Duration,
}

impl Circuits {
    /// Starts building every circuit a round of `shape` with `depth`
    /// aggregation levels needs (if the snapshot changes under the prover,
    /// other levels are still built on demand).
    pub(crate) fn spawn(shape: Shape, depth: u32) -> Result<Self, ProveError> {
        let building = std::thread::Builder::new()
            .name("circuits".into())
            .spawn(move || {
                let started = Instant::now();
                let mut chain = KeyChain::new(shape);
                for level in 1..=depth {
                    chain.aggregation(level);
                }
                chain.final_circuit(depth);
                tracing::info!(
                    seconds = started.elapsed().as_secs_f64(),
                    depth,
                    "circuits built"
                );
                chain
            })
            .map_err(|e| ProveError::Proving(anyhow!("cannot start the circuit builder: {e}")))?;
        Ok(Circuits {
            building: Some(building),
            chain: None,
            waited: Duration::ZERO,
        })
    }

    /// The circuits, waiting for the build on first use.
    pub(crate) fn get(&mut self) -> Result<&mut KeyChain, ProveError> {
        if let Some(building) = self.building.take() {
            let started = Instant::now();
            let chain = building
                .join()
                .map_err(|_| ProveError::Proving(anyhow!("building the circuits panicked")))?;
            self.waited = started.elapsed();
            self.chain = Some(chain);
        }
        Ok(self.chain.as_mut().expect("joined above"))
    }

    /// Time the prover spent waiting for the circuits.
    pub(crate) fn waited(&self) -> Duration {
        self.waited
    }
}
