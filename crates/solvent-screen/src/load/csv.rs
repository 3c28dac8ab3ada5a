//! CSV `address,chain,label,source`: the header is optional, and every
//! column after the address may be left out or empty.

use crate::error::{LoadError, LoadErrorKind};
use crate::list::{List, ListMeta};

const HEADER: [&str; 4] = ["address", "chain", "label", "source"];

/// Whether `line` is the header row (`address` first, any of the rest).
pub fn is_header(line: &str) -> bool {
    line.split(',')
        .next()
        .is_some_and(|f| f.trim().eq_ignore_ascii_case("address"))
}

pub fn parse(text: &str, meta: ListMeta) -> Result<List, LoadError> {
    let file = meta.file.clone();
    let mut list = List::new(meta);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| LoadError {
            file: file.clone(),
            line: e.position().map(|p| p.line()),
            kind: LoadErrorKind::Csv(e.to_string()),
        })?;
        let line = record.position().map_or(i as u64 + 1, |p| p.line());
        if i == 0
            && record
                .get(0)
                .is_some_and(|f| f.eq_ignore_ascii_case(HEADER[0]))
        {
            continue;
        }
        if record.len() > HEADER.len() {
            return Err(LoadError {
                file,
                line: Some(line),
                kind: LoadErrorKind::CsvField {
                    field: "source",
                    problem: "more than four columns (address,chain,label,source)",
                },
            });
        }
        let field = |n: usize| record.get(n).filter(|f| !f.is_empty()).map(str::to_owned);
        let Some(address) = field(0) else {
            return Err(LoadError {
                file,
                line: Some(line),
                kind: LoadErrorKind::CsvField {
                    field: "address",
                    problem: "empty",
                },
            });
        };
        list.push(
            line,
            &address,
            record.get(1).unwrap_or(""),
            field(2),
            field(3),
        );
    }
    Ok(list)
}
