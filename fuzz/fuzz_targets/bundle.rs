#![no_main]

//! `proof.bin` and `verifier_key.bin` are the exchange's to write: whatever
//! their bytes, verifying them against a real statement (the vector in
//! testdata/bundle) answers valid or an error and never panics. The first
//! byte picks the file the rest replaces: 0 the proof, else the key.
//!
//! Run it built as users run the verifier (`cargo fuzz run -O`, no debug
//! assertions): plonky2 reads field elements with only a debug assertion that
//! they are canonical, and the verifier's re-encoding check is what refuses a
//! non-canonical one (tests/vectors.rs in solvent-verifier).

use libfuzzer_sys::fuzz_target;
use solvent_model::Statement;
use solvent_verifier::{verify_bundle, KeySource};

const STATEMENT: &[u8] = include_bytes!("../../testdata/bundle/statement.json");
const PROOF: &[u8] = include_bytes!("../../testdata/bundle/proof.bin");
const KEY: &[u8] = include_bytes!("../../testdata/bundle/verifier_key.bin");

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let statement: Statement = serde_json::from_slice(STATEMENT).expect("the vector parses");
    let (proof, key) = if which == 0 { (bytes, KEY) } else { (PROOF, bytes) };
    let verdict = verify_bundle(&statement, proof, key, KeySource::Pinned);
    if verdict.is_ok() {
        assert!(proof == PROOF && key == KEY, "a changed file verified");
    }
});
