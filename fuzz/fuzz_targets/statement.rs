#![no_main]

//! `statement.json` is the exchange's to write: whatever its bytes, the
//! verifier's checks (format, shape, round label, assets, prices, weights)
//! answer with an error or pass, never panic, and never get as far as
//! building a circuit or parsing a key (the key digest it is held against
//! here is one no statement names).

use libfuzzer_sys::fuzz_target;
use solvent_model::Statement;

fuzz_target!(|data: &[u8]| {
    if let Ok(statement) = serde_json::from_slice::<Statement>(data) {
        let _ = solvent_verifier::shape_of(&statement);
        let verdict = solvent_verifier::verify_global(&statement, &[], &[], &[0xa5; 32]);
        assert!(verdict.is_err());
    }
});
