use solvent_model::{InputError, Location};

/// Why no bundle was written.
#[derive(Debug, thiserror::Error)]
pub enum ProveError {
    /// The input is wrong; fix the file named in the message.
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{at}: account `{account}` is under water at the round's prices (net {net} weight units < 0); the proof would be unsound, so no bundle was written")]
    UnderWater {
        at: Location,
        account: String,
        net: i128,
    },
    #[error("the snapshot has no accounts")]
    Empty,
    #[error("USD weights out of the proven bound: {0}")]
    Weights(String),
    #[error("output directory {0} already exists (use --force to replace it)")]
    OutputExists(std::path::PathBuf),
    #[error("an interrupted run left {0}; rerun with --resume to continue it, or delete it to start over")]
    Interrupted(std::path::PathBuf),
    #[error("cannot resume: {0}")]
    Resume(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A proving failure: a bug or resource exhaustion, never bad input.
    #[error("proving failed: {0:#}")]
    Proving(anyhow::Error),
}

impl ProveError {
    /// Maps an I/O failure on `path` (for `map_err`).
    pub fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> ProveError + '_ {
        move |source| ProveError::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// True when the user's input, not the prover, is at fault (exit code 2).
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            ProveError::Input(_)
                | ProveError::UnderWater { .. }
                | ProveError::Empty
                | ProveError::Weights(_)
        )
    }
}
