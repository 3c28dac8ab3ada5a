#![no_main]

//! A site's `site.json` and bucket are the host's to write: whatever their
//! bytes (the manifest, then a NUL, then the bucket), looking up a code
//! against the test vector's statement answers an entry or an error and
//! never panics; a bucket of the wrong size is never searched.

use libfuzzer_sys::fuzz_target;
use solvent_model::Statement;
use solvent_site::{open_entry, Code, Lookup, Manifest};

const STATEMENT: &[u8] = include_bytes!("../../testdata/bundle/statement.json");

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let Ok(manifest) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let bucket = &data[split + 1..];
    let statement: Statement = serde_json::from_slice(STATEMENT).expect("the vector parses");
    let Ok(manifest) = Manifest::parse_for(manifest, &statement) else {
        return;
    };
    let code = Code::parse("0123-4567-89AB-CDEF-GHJK").expect("a code");
    let lookup = Lookup::new(&code, &statement.round, &statement.root);
    assert!(manifest.bucket_path(lookup.bucket(manifest.bucket_bits)).starts_with("buckets/"));
    if let Ok(plain) = open_entry(bucket, manifest.entry_len as usize, &lookup) {
        assert!(bucket.len() % manifest.entry_len as usize == 0);
        assert!(plain.len() < manifest.entry_len as usize);
    }
});
