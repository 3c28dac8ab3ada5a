#![no_main]

//! Deposit reports come from users and the address book from the exchange;
//! neither may bring the triage down. Whatever the bytes, as reports or as
//! the book, every report gets one case and the counts add up, or the
//! error names the file's line. Seeds: `testdata/deposits`.

use libfuzzer_sys::fuzz_target;
use solvent_deposits::{check, Config};

const CONFIG: &str = include_str!("../../testdata/deposits/config.toml");
const BOOK: &str = include_str!("../../testdata/deposits/addresses.csv");
const REPORTS: &str = include_str!("../../testdata/deposits/reports.jsonl");

fuzz_target!(|data: &[u8]| {
    let config = Config::parse(CONFIG).unwrap();
    for (reports, book) in [(data, BOOK.as_bytes()), (REPORTS.as_bytes(), data)] {
        match check(reports, book, &config) {
            Ok(c) => {
                assert_eq!(c.results.len() as u64, c.reports);
                assert_eq!(c.by_case.values().sum::<u64>(), c.reports);
                assert_eq!(c.by_recovery.values().sum::<u64>(), c.reports);
            }
            Err(e) => {
                let text = e.to_string();
                assert!(
                    text.starts_with("reports: line ") || text.starts_with("address book: "),
                    "{text}"
                );
            }
        }
    }
});
