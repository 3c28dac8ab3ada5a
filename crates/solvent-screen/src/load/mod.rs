//! Reading list files. The format is told by the content: XML is OFAC's SDN
//! list (advanced or classic form), `[` or `{` JSON, a `.csv` file or one
//! whose first line is the `address,…` header CSV, anything else plain text.

mod csv;
mod json;
mod ofac;
mod text;

use std::path::Path;

use crate::error::{read_text, LoadError};
use crate::list::{List, ListMeta};

/// Reads the list at `path`.
pub fn load(path: &Path) -> Result<List, LoadError> {
    let text = read_text(path)?;
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

/// The 1-based lines of byte offsets in a text. Offsets asked in increasing
/// order (as a parser meets them) count each newline once; an earlier
/// offset counts from the start again.
pub(crate) struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    pub(crate) fn at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = offset;
        self.line
    }

    /// The line of `part`, a slice of the text.
    pub(crate) fn of(&mut self, part: &str) -> u64 {
        self.at((part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize))
    }
}
