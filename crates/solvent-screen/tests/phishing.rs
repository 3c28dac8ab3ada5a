//! Agreement with MetaMask's own detector on MetaMask's real configuration
//! (the npm package `eth-phishing-detect`, installed by `.ci/run` with
//! `npm ci` in tests/phishing and run here under node).
//!
//! The hosts: every listed allowlist and blocklist entry, and dnstwist-style
//! permutations of every fuzzylist brand (omission, repetition,
//! transposition, keyboard replacement, homoglyph, hyphenation, suffix
//! swap). Wherever eth-phishing-detect allows or blocks, solvent does too.
//! Where solvent blocks a host eth-phishing-detect lets through, the case
//! is one of the deliberate differences listed in
//! testdata/screen/phishing-differences.tsv, each with its rule:
//! - `homoglyph`, and `lookalike` on a host with IDNA labels: the fuzzy rule
//!   compares punycode (`xn--…`), in which a confusable character is an
//!   unrelated string; solvent compares the Unicode form and its UTS #39
//!   skeleton;
//! - `lookalike` on a multi-label suffix (`.co.uk`, `.com.br`): the fuzzy
//!   rule drops only the last label, so the rest of the suffix counts as
//!   edits; solvent cuts at the Public Suffix List.
//!
//! `SOLVENT_BLESS=1` rewrites the list from what the test finds.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use solvent_screen::domain::{DomainScreener, DomainVerdict, Host, PhishingConfig, Rule};

fn package() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/phishing");
    if dir
        .join("node_modules/eth-phishing-detect/src/config.json")
        .exists()
    {
        return Some(dir);
    }
    assert!(
        std::env::var_os("SOLVENT_REQUIRE_NODE").is_none(),
        "eth-phishing-detect is not installed: run `npm ci` in crates/solvent-screen/tests/phishing"
    );
    eprintln!("SKIPPED: eth-phishing-detect is not installed (npm ci in crates/solvent-screen/tests/phishing)");
    None
}

#[derive(Deserialize)]
struct Js {
    host: String,
    result: bool,
    #[serde(rename = "type")]
    kind: String,
}

/// eth-phishing-detect's verdicts on `hosts`.
fn js_check(dir: &Path, hosts: &[String]) -> Vec<Js> {
    let mut child = Command::new("node")
        .arg("check.js")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = hosts.join("\n");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "node check.js failed");
    let verdicts: Vec<Js> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(verdicts.len(), hosts.len());
    verdicts
}

/// Keys next to each key on a QWERTY keyboard (dnstwist's replacement).
fn adjacent(c: char) -> &'static str {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    const NEAR: [(char, &str); 26] = [
        ('q', "12wa"),
        ('w', "3qeas"),
        ('e', "4wrsd"),
        ('r', "5etdf"),
        ('t', "6ryfg"),
        ('y', "7tugh"),
        ('u', "8yihj"),
        ('i', "9uojk"),
        ('o', "0ipkl"),
        ('p', "0ol"),
        ('a', "qwsz"),
        ('s', "weadzx"),
        ('d', "ersfxc"),
        ('f', "rtdgcv"),
        ('g', "tyfhvb"),
        ('h', "yugjbn"),
        ('j', "uihknm"),
        ('k', "iojlm"),
        ('l', "opk"),
        ('z', "asx"),
        ('x', "zsdc"),
        ('c', "xdfv"),
        ('v', "cfgb"),
        ('b', "vghn"),
        ('n', "bhjm"),
        ('m', "njk"),
    ];
    debug_assert!(ROWS
        .iter()
        .all(|r| r.chars().all(|c| NEAR.iter().any(|n| n.0 == c))));
    NEAR.iter().find(|n| n.0 == c).map_or("", |n| n.1)
}

/// Characters that look like `c`: ASCII ones, Latin with marks, and
/// Cyrillic letters that render as Latin.
fn glyphs(c: char) -> &'static [&'static str] {
    match c {
        'a' => &["4", "à", "á", "а"],
        'c' => &["с"],
        'd' => &["cl"],
        'e' => &["3", "é", "е"],
        'i' => &["1", "l", "í", "і"],
        'l' => &["1", "i", "I"],
        'm' => &["rn", "nn"],
        'n' => &["r"],
        'o' => &["0", "ö", "о"],
        'p' => &["р"],
        's' => &["5", "ѕ"],
        'u' => &["ü", "υ"],
        'w' => &["vv"],
        'x' => &["х"],
        'y' => &["у"],
        _ => &[],
    }
}

const SUFFIXES: [&str; 9] = [
    "com", "net", "org", "io", "co", "app", "xyz", "co.uk", "com.br",
];

/// dnstwist-style permutations of `domain`'s registrable label, in ASCII
/// (punycode) form as a browser gives it to a detector.
fn permutations(domain: &str) -> BTreeSet<String> {
    let (rest, suffix) = domain.rsplit_once('.').unwrap();
    let (prefix, label) = match rest.rsplit_once('.') {
        Some((p, l)) => (format!("{p}."), l),
        None => (String::new(), rest),
    };
    let chars: Vec<char> = label.chars().collect();
    let at = |i: usize, insert: &str, skip: usize| {
        let mut s: String = chars[..i].iter().collect();
        s.push_str(insert);
        s.extend(&chars[(i + skip).min(chars.len())..]);
        s
    };
    let mut labels = BTreeSet::new();
    for i in 0..chars.len() {
        labels.insert(at(i, "", 1)); // omission
        labels.insert(at(i, &chars[i].to_string(), 0)); // repetition
        if i + 1 < chars.len() {
            let swapped = format!("{}{}", chars[i + 1], chars[i]);
            labels.insert(at(i, &swapped, 2)); // transposition
            labels.insert(at(i + 1, "-", 0)); // hyphenation
        }
        for k in adjacent(chars[i]).chars() {
            labels.insert(at(i, &k.to_string(), 1)); // replacement
        }
        for g in glyphs(chars[i]) {
            labels.insert(at(i, g, 1)); // homoglyph, here
            labels.insert(label.replace(chars[i], g)); // and everywhere
        }
    }
    let mut hosts: BTreeSet<String> = labels
        .iter()
        .filter(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        .map(|l| format!("{prefix}{l}.{suffix}"))
        .collect();
    for s in SUFFIXES.iter().filter(|&&s| s != suffix) {
        hosts.insert(format!("{rest}.{s}")); // suffix swap
    }
    hosts.remove(domain);
    hosts
        .into_iter()
        .map(|h| Host::parse(&h).expect("a permutation is a host").ascii)
        .collect()
}

fn differences_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/screen/phishing-differences.tsv")
}

#[test]
fn solvent_agrees_with_eth_phishing_detect_on_its_configuration() {
    let Some(dir) = package() else { return };
    let config_path = dir.join("node_modules/eth-phishing-detect/src/config.json");
    let config = PhishingConfig::load(&config_path).unwrap();
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    let list = |key: &str| -> Vec<String> {
        raw[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    // Every entry is a host: none is reported as unusable.
    assert!(config.rejected.is_empty(), "{:?}", config.rejected);
    let (listed_n, fuzzylist) = (
        config.allowlist.len() + config.blocklist.len(),
        list("fuzzylist"),
    );
    assert!(
        listed_n > 10_000 && fuzzylist.len() >= 10,
        "the real configuration"
    );
    let mut screener = DomainScreener::new(common::suffixes());
    screener.add_phishing_config(config);

    let mut hosts: Vec<String> = list("whitelist");
    hosts.extend(list("blacklist"));
    let mut generated = BTreeSet::new();
    for brand in &fuzzylist {
        generated.extend(permutations(brand));
    }
    assert!(generated.len() > 1_000, "{} permutations", generated.len());
    let generated_n = generated.len();
    hosts.extend(generated);

    let js = js_check(&dir, &hosts);
    let mut disagreements = Vec::new();
    let mut differences = Vec::new();
    let (mut js_blocked, mut js_allowed) = (0, 0);
    for j in &js {
        let s = screener.screen(&j.host);
        let agrees = match (j.result, j.kind.as_str()) {
            (true, _) => {
                js_blocked += 1;
                s.verdict == DomainVerdict::Block
            }
            (false, "whitelist") => {
                js_allowed += 1;
                s.verdict == DomainVerdict::Allow
            }
            (false, _) if s.verdict == DomainVerdict::Block => {
                // The rules that block (a WARN beside them changes nothing).
                let blocking: Vec<_> = s
                    .reasons
                    .iter()
                    .filter(|r| r.rule.verdict() == DomainVerdict::Block)
                    .collect();
                let deliberate = blocking
                    .iter()
                    .all(|r| matches!(r.rule, Rule::Lookalike | Rule::Homoglyph));
                if deliberate {
                    let r = blocking[0];
                    differences.push(format!(
                        "{}\t{}\t{}\t{}\t{}",
                        s.host,
                        s.host_unicode.as_deref().unwrap_or(&s.host),
                        r.rule.label(),
                        r.brand,
                        r.distance.map_or(String::new(), |d| d.to_string())
                    ));
                }
                deliberate
            }
            (false, _) => s.verdict != DomainVerdict::Allow,
        };
        if !agrees {
            disagreements.push(format!(
                "{}: eth-phishing-detect {} ({}), solvent {} {:?}",
                j.host,
                if j.result { "blocks" } else { "allows" },
                j.kind,
                s.verdict.label(),
                s.reasons
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(js_blocked > 13_000 && js_allowed > 1_000);
    eprintln!(
        "{} hosts ({listed_n} listed, {generated_n} permutations): eth-phishing-detect blocks {js_blocked} \
         and allowlists {js_allowed}, solvent agrees on each; solvent also blocks {} (listed in {})",
        hosts.len(),
        differences.len(),
        differences_file().display()
    );

    let mut text = String::from(
        "# Hosts solvent blocks and eth-phishing-detect 1.2.0 allows, on its own configuration\n\
         # (generated by crates/solvent-screen/tests/phishing.rs; the reasons are in its header).\n\
         # host (as the browser sends it)\thost in Unicode\tsolvent's rule\tbrand\tdistance\n",
    );
    for d in &differences {
        text.push_str(d);
        text.push('\n');
    }
    if std::env::var_os("SOLVENT_BLESS").is_some() {
        std::fs::write(differences_file(), &text).unwrap();
    }
    let expected = std::fs::read_to_string(differences_file()).unwrap();
    assert_eq!(
        text, expected,
        "the deliberate differences changed (SOLVENT_BLESS=1 rewrites the list)"
    );
    // Every kind of deliberate difference is there, and only those.
    for d in &differences {
        let f: Vec<&str> = d.split('\t').collect();
        let unicode = f[0] != f[1];
        let multi_label_suffix = [".co.uk", ".com.br"].iter().any(|s| f[0].ends_with(s));
        assert!(
            unicode || multi_label_suffix || f[2] == "homoglyph",
            "not a deliberate difference: {d}"
        );
    }
    let count = |p: &dyn Fn(&[&str]) -> bool| {
        differences
            .iter()
            .filter(|d| p(&d.split('\t').collect::<Vec<_>>()))
            .count()
    };
    assert!(count(&|f| f[0] != f[1]) > 0);
    assert!(count(&|f| f[0].ends_with(".co.uk")) > 0);
    assert!(count(&|f| f[0] == f[1] && f[2] == "homoglyph") > 0);
}
