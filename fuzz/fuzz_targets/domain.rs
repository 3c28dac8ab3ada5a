#![no_main]

//! Phishing configurations, brands files and screened URLs come from third
//! parties and users: whatever their bytes, reading answers a
//! configuration or an error naming a line within the file, never panics;
//! every allowlisted entry screens ALLOW and every listed one BLOCK or
//! ALLOW (the allowlist wins); any line screens to a verdict whose
//! registrable domain ends the host. Seeds: `testdata/screen`.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use solvent_screen::domain::{parse_brands, DomainScreener, DomainVerdict, PhishingConfig, Suffixes};

fn suffixes() -> Arc<Suffixes> {
    static SUFFIXES: OnceLock<Arc<Suffixes>> = OnceLock::new();
    SUFFIXES
        .get_or_init(|| {
            Arc::new(Suffixes::load(Path::new(Suffixes::DEBIAN)).unwrap_or_else(|_| {
                Suffixes::parse("// ===BEGIN ICANN DOMAINS===\ncom\nio\nuk\nco.uk\n// ===END ICANN DOMAINS===\n").unwrap()
            }))
        })
        .clone()
}

fuzz_target!(|data: &[u8]| {
    static BRANDS: OnceLock<DomainScreener> = OnceLock::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1) as u64;
    let brands = BRANDS.get_or_init(|| {
        let mut s = DomainScreener::new(suffixes());
        s.add_brands(parse_brands("okx.com\nmetamask.io 2\nlaunchpad.ethereum.org\nokx\n").unwrap());
        s
    });
    for line in text.lines() {
        let r = brands.screen(line);
        if let Some(domain) = &r.registrable_domain {
            assert!(r.host.ends_with(domain.as_str()), "{} {domain}", r.host);
        }
        assert_eq!(r.verdict == DomainVerdict::Invalid, r.error.is_some());
    }
    match parse_brands(text) {
        Err((line, _)) => assert!((1..=lines).contains(&line)),
        Ok(parsed) => {
            let mut s = DomainScreener::new(suffixes());
            s.add_brands(parsed);
        }
    }
    match PhishingConfig::parse(Path::new("config.json"), text) {
        Err(e) => {
            if let Some(line) = e.line {
                assert!((1..=lines + 1).contains(&line), "{e}");
            }
        }
        Ok(config) => {
            let allow: Vec<String> = config.allowlist.iter().map(|l| l.host.ascii.clone()).collect();
            let block: Vec<String> = config.blocklist.iter().map(|l| l.host.ascii.clone()).collect();
            for l in config.allowlist.iter().chain(&config.blocklist) {
                assert!((1..=lines).contains(&l.line));
            }
            let mut s = DomainScreener::new(suffixes());
            s.add_phishing_config(config);
            for host in &allow {
                assert_eq!(s.screen(host).verdict, DomainVerdict::Allow, "{host}");
            }
            for host in &block {
                let v = s.screen(host).verdict;
                assert!(matches!(v, DomainVerdict::Block | DomainVerdict::Allow), "{host}");
            }
        }
    }
});
