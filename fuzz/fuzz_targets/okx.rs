#![no_main]

//! OKX's user and tree files are anyone's to write: whatever their bytes
//! (the user file, then a NUL, then the tree file), checking them answers a
//! verdict or an error and never panics, and a valid verdict has no
//! problem and a well-formed root.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (user, tree) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(user) = std::str::from_utf8(user) else {
        return;
    };
    let tree = match tree.map(std::str::from_utf8) {
        Some(Ok(t)) => Some(t),
        Some(Err(_)) => return,
        None => None,
    };
    if let Ok(verdict) = solvent_okx::check_files(user, tree, None) {
        if verdict.valid {
            assert!(verdict.problems.is_empty());
            assert_eq!(verdict.root.len(), 64);
        }
    }
});
