#![no_main]

//! A funds ledger handed to `solvent funds verify` can hold anything:
//! whatever its bytes, reading gives a ledger whose every entry hashes to
//! its hash and whose balances sum without panic, or an error naming a
//! line within the file. Seeds: `testdata/funds`.

use libfuzzer_sys::fuzz_target;
use solvent_funds::Ledger;

fuzz_target!(|data: &[u8]| {
    match Ledger::read(data) {
        Ok(ledger) => {
            for entry in ledger.entries() {
                assert_eq!(entry.hash, entry.expected_hash());
            }
            let _ = ledger.balances(None);
            if let Some(head) = ledger.head() {
                let _ = ledger.balances(Some(head.movement.date));
            }
        }
        Err(e) => {
            let lines = data.iter().filter(|b| **b == b'\n').count() as u64 + 1;
            assert!(e.line.is_some_and(|l| (1..=lines).contains(&l)), "{e}");
        }
    }
});
