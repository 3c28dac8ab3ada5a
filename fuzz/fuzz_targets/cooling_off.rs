#![no_main]

//! A cooling-off event stream is the exchange's own file, but no line may
//! bring the replay down: whatever the bytes, the decisions add up to the
//! orders read, or the error names a line. Seeds: `testdata/cooling-off`.

use libfuzzer_sys::fuzz_target;
use solvent_policy::cooling_off::{replay, Policy};

fuzz_target!(|data: &[u8]| {
    let policy = Policy {
        min_account_age_hours: 24,
        rookie_days: 30,
        rookie_max_leverage: 10,
        loss_window_hours: 24,
        loss_threshold_percent: 50,
        cooling_off_hours: 24,
    };
    let mut decided = 0u64;
    match replay(data, &policy, |_| {
        decided += 1;
        Ok(())
    }) {
        Ok(stats) => {
            assert_eq!(stats.orders, decided);
            assert_eq!(stats.allowed + stats.denied, stats.orders);
            assert_eq!(stats.denied_by_rule.values().sum::<u64>(), stats.denied);
            assert!(stats.users_denied <= stats.users && stats.orders <= stats.events);
        }
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with("line "), "{text}");
        }
    }
});
