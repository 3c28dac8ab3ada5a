#![no_main]

//! What `solvent token stats` reads (check records, JSON Lines) comes from
//! files anyone can hand over, and the bytecode a check scans is chosen by
//! a token's deployer: whatever the bytes, the figures add up or the error
//! names a line of the input, and the scan finds only selectors that are
//! in the code. Seeds: `testdata/tokens`.

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use solvent_token::bytecode::pushed_selectors;
use solvent_token::stats::Tally;

fuzz_target!(|data: &[u8]| {
    for selector in pushed_selectors(data) {
        let tail = &selector[selector.iter().take_while(|b| **b == 0).count()..];
        assert!(tail.is_empty() || data.windows(tail.len()).any(|w| w == tail));
    }
    let mut tally = Tally::new("2026-12".parse().unwrap());
    match tally.add(Path::new("checks.jsonl"), data) {
        Ok(()) => {
            let stats = tally.finish();
            assert!(stats.tokens <= stats.checks);
            assert!(stats.flagged <= stats.tokens);
            assert_eq!(stats.by_verdict.values().sum::<u64>(), stats.tokens);
        }
        Err(e) => {
            let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
            assert!(e.line >= 1 && e.line <= lines, "{e}");
        }
    }
});
