use solvent_prover::ProveError;

/// Why a coordinator or worker stopped.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The round itself cannot be proven: bad input, or a proving failure.
    #[error(transparent)]
    Prove(#[from] ProveError),
    #[error("cannot use the store {url}: {message}")]
    StoreUrl { url: String, message: String },
    #[error("object store, {path}: {source}")]
    Store {
        path: String,
        #[source]
        source: object_store::Error,
    },
    #[error("NATS ({what}): {message}")]
    Nats { what: &'static str, message: String },
    #[error("the store's {path} is not this round's: {message}")]
    Mismatch { path: String, message: String },
    #[error("unit {unit} ({what}) failed {deliveries} deliveries; the round is stopped")]
    UnitFailed {
        unit: String,
        what: String,
        deliveries: i64,
    },
    #[error("{0}")]
    Resume(String),
    #[error("cannot read {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ClusterError {
    /// A NATS failure while doing `what` (for `map_err`).
    pub fn nats<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> ClusterError {
        move |e| ClusterError::Nats {
            what,
            message: e.to_string(),
        }
    }

    /// True when the user's input or arguments, not the machines, are at
    /// fault (exit code 2).
    pub fn is_input_error(&self) -> bool {
        match self {
            ClusterError::Prove(e) => e.is_input_error(),
            ClusterError::StoreUrl { .. } | ClusterError::Mismatch { .. } => true,
            ClusterError::Resume(_) => true,
            _ => false,
        }
    }
}
