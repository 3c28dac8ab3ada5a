#![no_main]

//! A worker reads batch inputs from an object store it shares with others.
//! Whatever the bytes, `BatchInput::from_bytes` either refuses them or
//! reads an input whose encoding is exactly those bytes (one encoding per
//! input, so one unit name per input). Seeds: `fuzz/seeds/batch_input`.

use libfuzzer_sys::fuzz_target;
use solvent_prover::units::BatchInput;

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = BatchInput::from_bytes(data) {
        assert_eq!(input.to_bytes(), data);
        assert!(!input.slots.is_empty() && input.slots.len() <= input.shape.batch_size);
        assert_eq!(input.weights.len(), input.shape.num_assets);
    }
});
