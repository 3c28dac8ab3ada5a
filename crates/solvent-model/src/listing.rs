//! Lists of one entry per line, `#` starting a comment: the `--input`
//! files of `solvent screen` and `solvent token`, and the brands file. One
//! reading of them, so that every list skips and numbers lines alike.

use std::io::BufRead;

/// A line's entry: the text before any `#`, trimmed; none for a blank or
/// comment-only line.
pub fn entry(line: &str) -> Option<&str> {
    let text = line.split('#').next().unwrap_or_default().trim();
    (!text.is_empty()).then_some(text)
}

/// The entries of `text`, each with its line number (from 1).
pub fn entries(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines()
        .zip(1..)
        .filter_map(|(line, number)| Some((number, entry(line)?)))
}

/// A line that could not be read (not UTF-8, or the reader failed).
#[derive(Debug, thiserror::Error)]
#[error("line {line}: cannot read: {source}")]
pub struct ListError {
    pub line: u64,
    #[source]
    pub source: std::io::Error,
}

/// The entries of `reader`, line by line, each with its line number.
pub fn read_entries<R: BufRead>(
    reader: R,
) -> impl Iterator<Item = Result<(u64, String), ListError>> {
    reader
        .lines()
        .zip(1..)
        .filter_map(|(line, number)| match line {
            Ok(line) => entry(&line).map(|e| Ok((number, e.to_owned()))),
            Err(source) => Some(Err(ListError {
                line: number,
                source,
            })),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LIST: &str = "# this month's listings\n0xabc\n\n  0xdef  # ok\n#\n   \n0x123";

    #[test]
    fn comments_and_blank_lines_are_skipped_and_lines_keep_their_numbers() {
        let want = vec![(2, "0xabc"), (4, "0xdef"), (7, "0x123")];
        assert_eq!(entries(LIST).collect::<Vec<_>>(), want);
        let read: Vec<_> = read_entries(LIST.as_bytes()).map(Result::unwrap).collect();
        let read: Vec<_> = read.iter().map(|(n, e)| (*n, e.as_str())).collect();
        assert_eq!(read, want);
    }

    #[test]
    fn a_line_that_is_not_text_is_named() {
        let bytes: &[u8] = b"0xabc\n\xff\xfe\n";
        let e = read_entries(bytes).nth(1).unwrap().unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("line 2: cannot read"));
    }

    proptest! {
        #[test]
        fn reading_text_whole_or_by_line_agrees(text in "[a-z# \\n\\r]{0,80}") {
            let read: Vec<_> = read_entries(text.as_bytes()).map(Result::unwrap).collect();
            let whole: Vec<_> = entries(&text).map(|(n, e)| (n, e.to_owned())).collect();
            prop_assert_eq!(read, whole);
        }
    }
}
