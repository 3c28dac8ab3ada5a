#![no_main]

//! Any bytes either fail to parse with a located error or parse into rows
//! that every verifier classifies without panicking; nothing malformed ever
//! comes out VERIFIED (a random signature cannot verify).

use libfuzzer_sys::fuzz_target;
use solvent_reserves::check::{check_file, verify_row};
use solvent_reserves::file;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = file::parse(data) {
        assert!(!parsed.rows.is_empty());
        let outcomes: Vec<_> = parsed.rows.iter().map(verify_row).collect();
        let _ = check_file(&parsed, outcomes);
    }
});
