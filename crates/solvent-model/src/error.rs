use std::fmt;
use std::path::PathBuf;

/// Where in an input file a problem was found. Lines are 1-based, as an
/// editor shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: u64,
    pub field: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)?;
        if let Some(field) = &self.field {
            write!(f, " field `{field}`")?;
        }
        Ok(())
    }
}

/// A problem with the snapshot or asset input. Every variant says where.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

impl InputError {
    pub fn invalid(at: Location, message: impl Into<String>) -> Self {
        InputError::Invalid {
            at,
            message: message.into(),
        }
    }

    /// The location, when the error points at one line.
    pub fn location(&self) -> Option<&Location> {
        match self {
            InputError::Invalid { at, .. } => Some(at),
            _ => None,
        }
    }
}
