//! The snapshot reader must never panic, loop or accept an invalid amount,
//! whatever bytes it is given, in either format.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use solvent_model::limits::AMOUNT_LIMIT;
use solvent_model::{AccountReader, AssetTable, SnapshotFormat};

fuzz_target!(|data: &[u8]| {
    let assets = AssetTable::from_csv_reader(
        "symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\nX,0,0\n".as_bytes(),
        Path::new("assets.csv"),
    )
    .expect("fixed asset table");
    let (format, body) = match data.split_first() {
        Some((0, rest)) => (SnapshotFormat::JsonLines, rest),
        Some((_, rest)) => (SnapshotFormat::Csv, rest),
        None => return,
    };
    let Ok(reader) = AccountReader::new(body, Path::new("accounts"), format, &assets) else {
        return;
    };
    for account in reader {
        match account {
            Ok(a) => {
                assert!(!a.holdings.is_empty());
                for h in &a.holdings {
                    assert!(h.asset < assets.len());
                    assert!(h.equity < AMOUNT_LIMIT && h.debt < AMOUNT_LIMIT);
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
});
