#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use solvent_model::AssetTable;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = AssetTable::from_csv_reader(data, Path::new("assets.csv")) {
        // A table may be refused for its weights (too valuable a unit), never
        // panic; when accepted, every weight is below 2^52 and equity <= debt.
        if let Ok(weights) = table.usd_weights() {
            assert_eq!(weights.weights.len(), table.len());
            for w in &weights.weights {
                assert!(w.equity <= w.debt && w.debt < 1 << 52);
            }
        }
        let _ = table.check_precision();
    }
});
