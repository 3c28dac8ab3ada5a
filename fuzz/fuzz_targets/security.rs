#![no_main]

//! The security report reads the files other commands wrote; whatever a
//! file holds, each section's reader gives its figures or an error naming
//! the file, never a panic. Seeds: `testdata/security`.

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use solvent_security::inputs::{
    parse, CoolingOff, DepositCheck, InputError, KeysAudit, ScreenStats, TokenStats,
};

fn named(result: Result<impl Sized, InputError>) {
    if let Err(e) = result {
        assert!(e.to_string().starts_with("fuzz.json"), "{e}");
    }
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.json");
    named(parse::<ScreenStats>(path, data));
    named(parse::<TokenStats>(path, data));
    named(parse::<KeysAudit>(path, data));
    named(parse::<CoolingOff>(path, data));
    named(parse::<DepositCheck>(path, data));
    named(parse::<solvent_report::Report>(path, data));
});
