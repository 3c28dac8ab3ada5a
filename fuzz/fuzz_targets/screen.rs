#![no_main]

//! Screening lists are third parties' files: whatever their bytes, loading
//! answers a list or an error naming a line within the file, never panics,
//! and every entry it keeps is blocked when screened as listed. The content
//! tells XML and JSON; the input's length picks a `.csv` or `.txt` name for
//! the rest, so whole list files (`testdata/screen`) are seeds as they are.

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use solvent_screen::{load, AddressVerdict, Index};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let name = if data.len() % 2 == 0 { "list.csv" } else { "list.txt" };
    let lines = text.lines().count().max(1) as u64;
    match load::parse(Path::new(name), text, None) {
        Err(e) => {
            if let Some(line) = e.line {
                assert!((1..=lines + 1).contains(&line), "{e}");
            }
        }
        Ok(list) => {
            for r in &list.rejected {
                assert!((1..=lines).contains(&r.line), "{r}");
            }
            let entries: Vec<_> = list.entries.iter().map(|e| (e.address.clone(), e.listed_chain.clone(), e.line)).collect();
            let index = Index::new(vec![list]);
            for (address, chain, line) in entries {
                assert!((1..=lines).contains(&line));
                let verdict = index.screen(&address, Some(&chain), None);
                assert_eq!(verdict.verdict, AddressVerdict::Block, "{address} ({chain})");
            }
        }
    }
});
