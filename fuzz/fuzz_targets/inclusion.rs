#![no_main]

//! An inclusion file is anyone's to write: whatever its bytes, checking it
//! against a real statement (the vector in testdata/bundle) answers included
//! or an error and never panics, and only alice's real proof (or one with
//! the same meaning, spelled differently where JSON allows) is accepted.

use libfuzzer_sys::fuzz_target;
use solvent_model::{InclusionProof, Statement};

const STATEMENT: &[u8] = include_bytes!("../../testdata/bundle/statement.json");
const ALICE: &[u8] = include_bytes!("../../testdata/bundle/inclusion-alice.json");

fuzz_target!(|data: &[u8]| {
    let Ok(proof) = serde_json::from_slice::<InclusionProof>(data) else {
        return;
    };
    let statement: Statement = serde_json::from_slice(STATEMENT).expect("the vector parses");
    if let Ok(account) = solvent_verifier::verify_inclusion(&statement, &proof) {
        let alice: InclusionProof = serde_json::from_slice(ALICE).expect("the vector parses");
        assert_eq!(account.account_id, "alice");
        assert_eq!(proof.salt, alice.salt);
        assert_eq!(proof.siblings, alice.siblings);
    }
});
