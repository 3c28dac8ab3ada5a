#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use solvent_model::AssetTable;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = AssetTable::from_csv_reader(data, Path::new("assets.csv")) {
        let weights = table.usd_weights();
        assert_eq!(weights.weights.len(), table.len());
    }
});
