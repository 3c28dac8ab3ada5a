//! Why a list file cannot be used at all. A single bad entry is not an
//! error: it is a [`crate::Rejected`] entry, reported beside the list.

use std::path::PathBuf;

/// A list file that cannot be read or parsed, with where.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {kind}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct LoadError {
    pub file: PathBuf,
    /// The 1-based line, where the format gives one.
    pub line: Option<u64>,
    pub kind: LoadErrorKind,
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
}
