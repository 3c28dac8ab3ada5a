//! Reading list files. The format is told by the content: XML is OFAC's SDN
//! list (advanced or classic form), `[` or `{` JSON, a `.csv` file or one
//! whose first line is the `address,…` header CSV, anything else plain text.

mod csv;
mod json;
mod ofac;
mod text;

use std::path::Path;

use crate::error::{LoadError, LoadErrorKind};
use crate::list::{List, ListMeta};

/// Reads the list at `path`.
pub fn load(path: &Path) -> Result<List, LoadError> {
    let error = |kind| LoadError {
        file: path.to_owned(),
        line: None,
        kind,
    };
    let bytes = std::fs::read(path).map_err(|e| error(LoadErrorKind::Io(e)))?;
    let text = String::from_utf8(bytes).map_err(|_| error(LoadErrorKind::NotUtf8))?;
    let list_date = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(|t| time::OffsetDateTime::from(t).date().to_string());
    parse(path, &text, list_date)
}

/// Parses `text`, the content of the list at `path`; `list_date` stands when
/// the list carries no date of its own.
pub fn parse(path: &Path, text: &str, list_date: Option<String>) -> Result<List, LoadError> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = |format, source: &str, list_date| ListMeta {
        source: source.to_owned(),
        list_date,
        file: path.to_owned(),
        format,
    };
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        || body.lines().next().is_some_and(csv::is_header);
    if body.starts_with('<') {
        ofac::parse(path, text)
    } else if body.starts_with('[') || body.starts_with('{') {
        json::parse(text, meta("json", &file_name, list_date))
    } else if is_csv {
        csv::parse(text, meta("csv", &file_name, list_date))
    } else {
        Ok(text::parse(text, meta("text", &file_name, list_date)))
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> u64 {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
}
