#![no_main]

//! `statement.json` is the exchange's to write: whatever its bytes, the
//! verifier's checks (format, shape, round label, assets, prices, weights)
//! answer with an error or pass, never panic, and never get as far as
//! building a circuit or parsing a key: neither against a digest no
//! statement names, nor against the pinned table, with an empty key file.

use libfuzzer_sys::fuzz_target;
use solvent_model::Statement;

fuzz_target!(|data: &[u8]| {
    if let Ok(statement) = serde_json::from_slice::<Statement>(data) {
        let _ = solvent_verifier::shape_of(&statement);
        let verdict = solvent_verifier::verify_global(&statement, &[], &[], &[0xa5; 32]);
        assert!(verdict.is_err());
        let pinned = solvent_verifier::verify_bundle(
            &statement,
            &[],
            &[],
            solvent_verifier::KeySource::Pinned,
        );
        assert!(pinned.is_err());
    }
});
