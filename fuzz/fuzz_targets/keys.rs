#![no_main]

//! An API-key export is the exchange's own file, but the audit must not be
//! brought down by any of its rows: whatever the bytes, the plan's counts
//! add up to the keys read, or the error names a line or a column.
//! Seeds: `testdata/keys`.

use libfuzzer_sys::fuzz_target;
use solvent_policy::keys::{audit, Policy, UnboundAction};

fuzz_target!(|data: &[u8]| {
    let policy = Policy {
        idle_days: 90,
        unbound_grace_days: 14,
        unbound_action: UnboundAction::Restrict,
    };
    match audit(data, &policy, "2026-12-01".parse().unwrap()) {
        Ok(plan) => {
            assert_eq!(plan.by_action.values().sum::<u64>(), plan.keys);
            assert!(plan.decisions.len() as u64 <= plan.keys);
        }
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with("line ") || text.contains("column"), "{text}");
        }
    }
});
