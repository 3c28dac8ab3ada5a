//! Why a list file cannot be used at all. A single bad entry is not an
//! error: it is a [`crate::Rejected`] entry, reported beside the list.

use std::path::{Path, PathBuf};

/// A list file that cannot be read or parsed, with where.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {kind}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct LoadError {
    pub file: PathBuf,
    /// The 1-based line, where the format gives one.
    pub line: Option<u64>,
    pub kind: LoadErrorKind,
}

impl LoadError {
    /// A whole-file error (no line).
    pub(crate) fn file(file: &Path, kind: LoadErrorKind) -> Self {
        LoadError {
            file: file.to_owned(),
            line: None,
            kind,
        }
    }

    /// Malformed JSON in `file`, at serde's line.
    pub(crate) fn json(file: &Path, e: serde_json::Error) -> Self {
        LoadError {
            file: file.to_owned(),
            line: (e.line() > 0).then_some(e.line() as u64),
            kind: LoadErrorKind::Json(e.to_string()),
        }
    }
}

/// Reads `path` as UTF-8 text.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError::file(path, LoadErrorKind::Io(e)))?;
    String::from_utf8(bytes).map_err(|_| LoadError::file(path, LoadErrorKind::NotUtf8))
}

#[derive(Debug, thiserror::Error)]
pub enum LoadErrorKind {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("not UTF-8")]
    NotUtf8,
    #[error("malformed XML: {0}")]
    Xml(String),
    #[error("an XML list that is neither OFAC's advanced (`Sanctions`) nor classic (`sdnList`) SDN form (root `{0}`)")]
    UnknownXml(String),
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("a JSON list must be an array of addresses or objects, or an object by chain or by address: {0}")]
    JsonShape(&'static str),
    #[error("malformed CSV: {0}")]
    Csv(String),
    #[error("CSV field `{field}`: {problem}")]
    CsvField {
        field: &'static str,
        problem: &'static str,
    },
    #[error("not a phishing configuration in MetaMask's format: {0}")]
    PhishingConfig(&'static str),
    #[error("malformed Public Suffix List: {0}")]
    Psl(String),
    #[error("`{entry}` is not a domain: {error}")]
    BrandHost {
        entry: String,
        error: crate::domain::HostError,
    },
    #[error("tolerance `{0}` is not a whole number")]
    BrandTolerance(String),
    #[error("a brand line is `DOMAIN [TOLERANCE]`, found more fields")]
    BrandFields,
}
