//! The list loaders on OFAC's published XML forms (fixtures in the real
//! schema, with deliberately broken entries) and on text, JSON and CSV;
//! screening in every spelling; poisoning; atomic reloads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use solvent_screen::poison::{AddressBook, Lookalike};
use solvent_screen::{load, AddressVerdict, Index, List, LoadErrorKind, MatchKind, Screener};

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/screen")
        .join(name)
}

/// The 1-based line of the first occurrence of `needle` in `file`.
fn line_of(file: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    let offset = text.find(needle).expect(needle);
    1 + text[..offset].matches('\n').count() as u64
}

/// Each entry's chain as listed, address and label.
fn listed(list: &List) -> Vec<(&str, &str, Option<&str>)> {
    list.entries
        .iter()
        .map(|e| {
            (
                e.listed_chain.as_str(),
                e.address.as_str(),
                e.label.as_deref(),
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn ofac_advanced_xml() {
    let path = testdata("sdn_advanced.xml");
    let list = load::load(&path).unwrap();
    assert_eq!(list.meta.source, "OFAC SDN");
    assert_eq!(list.meta.format, "ofac-advanced-xml");
    assert_eq!(list.meta.list_date.as_deref(), Some("2026-11-28"));
    assert_eq!(
        listed(&list),
        [
            (
                "ETH",
                "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c",
                Some("EXAMPLE MIXER")
            ),
            (
                "XBT",
                "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
                Some("Ivan EXAMPLEOV")
            ),
            (
                "XBT",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                Some("Ivan EXAMPLEOV")
            ),
            (
                "LTC",
                "ltc1qg42tkwuuxefutzxezdkdel39gfstuap288mfea",
                Some("Ivan EXAMPLEOV")
            ),
            (
                "USDT",
                "TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC",
                Some("EXAMPLE EXCHANGE LLC")
            ),
            (
                "USDT",
                "0x901bb9583b24d97e995513c6778dc6888ab6870e",
                Some("EXAMPLE EXCHANGE LLC")
            ),
            (
                "BCH",
                "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
                Some("EXAMPLE EXCHANGE LLC")
            ),
            (
                "SOL",
                "So11111111111111111111111111111111111111112",
                Some("EXAMPLE EXCHANGE LLC")
            ),
        ]
    );
    let first = &list.entries[0];
    assert_eq!(
        first.line,
        line_of(&path, "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c")
    );
    // The broken entries: each reported with its line and reason, none kept.
    let rejected: Vec<(&str, u64, &str)> = list
        .rejected
        .iter()
        .map(|r| (r.address.as_str(), r.line, r.reason.as_str()))
        .collect();
    let expect = |address: &str, reason: &str| {
        let r = rejected
            .iter()
            .find(|r| r.0 == address)
            .unwrap_or_else(|| panic!("{address} not rejected: {rejected:?}"));
        assert_eq!(r.1, line_of(&path, address), "{address}");
        assert!(r.2.contains(reason), "{address}: {}", r.2);
    };
    // OFAC's own published 39-digit typo.
    expect(
        "0xa7e5d5a720f06526557c513402f2e6b5fa20b00",
        "not an address on ETH",
    );
    expect("1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggv", "base58check");
    expect("TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeD", "base58check");
    expect("4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge", "decodes no XMR");
    assert_eq!(rejected.len(), 4);
    // Features of other types (an e-mail, a birth date) are not addresses.
    assert!(!list.entries.iter().any(|e| e.address.contains('@')));
}

#[test]
fn ofac_classic_xml_ids_and_remarks() {
    let path = testdata("sdn.xml");
    let list = load::load(&path).unwrap();
    assert_eq!(list.meta.format, "ofac-sdn-xml");
    assert_eq!(list.meta.list_date.as_deref(), Some("2026-11-28"));
    assert_eq!(
        listed(&list),
        [
            (
                "XBT",
                "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
                Some("Ivan EXAMPLEOV")
            ),
            (
                "ETH",
                "0xd882cfc20f52f2599d84b8e8d58c7fb62cfe344b",
                Some("Ivan EXAMPLEOV")
            ),
            (
                "TRX",
                "TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC",
                Some("EXAMPLE SERVICES LTD")
            ),
            (
                "ETH",
                "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c",
                Some("EXAMPLE SERVICES LTD")
            ),
        ]
    );
    let reasons: Vec<&str> = list.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(list.rejected.len(), 2, "{reasons:?}");
    assert!(reasons[0].contains("EIP-55"), "{}", reasons[0]);
    assert_eq!(list.rejected[0].line, line_of(&path, "0xD882"));
    assert_eq!(list.rejected[1].address, "notanaddress");
}

fn screen<'a>(
    index: &'a Index,
    address: &'a str,
    chain: Option<&str>,
) -> solvent_screen::Verdict<'a> {
    index.screen(address, chain, None)
}

#[test]
fn every_spelling_is_blocked() {
    let index = Index::load(&[testdata("sdn_advanced.xml")]).unwrap();
    let account: [u8; 20] = hex::decode("8576acc5c05d6ce88f4e49bf65bdf0c62f91353c")
        .unwrap()
        .try_into()
        .unwrap();
    let eip55 = format!("0x{}", solvent_reserves::chains::evm::checksummed(&account));
    for (address, chain) in [
        ("0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c", None),
        ("0x8576ACC5C05D6CE88F4E49BF65BDF0C62F91353C", None),
        (eip55.as_str(), Some("ARBITRUM")),
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", None),
        (
            "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
            None,
        ),
        // The BCH entry's legacy spelling, screened as BCH.
        ("1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", Some("BCH")),
    ] {
        let v = screen(&index, address, chain);
        assert_eq!(v.verdict, AddressVerdict::Block, "{address}: {v:?}");
        assert_eq!(v.matches[0].source(), "OFAC SDN");
        assert_eq!(v.matches[0].list_date(), Some("2026-11-28"));
    }
    // The USDT-on-TRON entry in TRON's hex spelling.
    let tron = solvent_reserves::chains::tron::decode_address("TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC")
        .unwrap();
    let hex_spelling = format!("41{}", hex::encode(tron));
    let v = screen(&index, &hex_spelling, None);
    assert_eq!((v.verdict, v.chain), (AddressVerdict::Block, "TRON"));
    assert_eq!(v.matches[0].label(), Some("EXAMPLE EXCHANGE LLC"));
    // A legacy `1…` address without a chain: listed as XBT (Ivan) and, by
    // the same key hash, as BCH (the exchange).
    let v = screen(&index, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", None);
    let labels: Vec<_> = v.matches.iter().map(|m| m.label().unwrap()).collect();
    assert_eq!(labels, ["Ivan EXAMPLEOV", "EXAMPLE EXCHANGE LLC"]);
    assert_eq!(v.chain, "BTC");
    // A text list names no chain: its legacy address is Bitcoin's and
    // Bitcoin Cash's, and matches once.
    let dir = tempfile::tempdir().unwrap();
    let text = write(
        dir.path(),
        "list.txt",
        "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu\n",
    );
    let plain = Index::load(&[text]).unwrap();
    assert_eq!(plain.entries()[0].keys.len(), 2);
    assert_eq!(
        screen(&plain, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", None)
            .matches
            .len(),
        1
    );
    assert_eq!(
        screen(
            &plain,
            "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
            None
        )
        .matches
        .len(),
        1
    );
    // Not listed; a rejected entry never matches; not an address.
    assert_eq!(
        screen(&index, "0x0000000000000000000000000000000000000001", None).verdict,
        AddressVerdict::None
    );
    assert_eq!(
        screen(&index, "0xa7e5d5a720f06526557c513402f2e6b5fa20b00", None).verdict,
        AddressVerdict::Invalid
    );
    let v = screen(&index, "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggv", None);
    assert_eq!(v.verdict, AddressVerdict::Invalid);
    assert!(v.reason.is_some());
    // The listed ETH address named as a Bitcoin address is not one.
    assert_eq!(
        screen(
            &index,
            "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c",
            Some("BTC")
        )
        .verdict,
        AddressVerdict::Invalid
    );
}

#[test]
fn text_json_and_csv_lists() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(
        dir.path(),
        "list.txt",
        "# exchange blacklist\n0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c # drainer\n\nnot-an-address\nTJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC\n",
    );
    let list = load::load(&text).unwrap();
    assert_eq!(list.meta.format, "text");
    assert_eq!(list.entries.len(), 2);
    assert_eq!(
        (list.entries[0].line, list.entries[0].label.as_deref()),
        (2, Some("drainer"))
    );
    assert_eq!(
        (list.rejected[0].line, list.rejected[0].address.as_str()),
        (4, "not-an-address")
    );
    assert!(
        list.meta.list_date.is_some(),
        "the file's date stands for the list's"
    );

    let csv = write(
        dir.path(),
        "list.csv",
        "address,chain,label,source\n0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c,ETH,drainer,ScamSniffer\nTJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC,BTC,wrong chain,\n1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu\n",
    );
    let list = load::load(&csv).unwrap();
    assert_eq!(list.entries.len(), 2);
    assert_eq!(list.entries[0].source.as_deref(), Some("ScamSniffer"));
    assert_eq!(list.entries[1].line, 4);
    assert_eq!(list.rejected[0].line, 3);
    assert!(
        list.rejected[0].reason.contains("not an address on BTC"),
        "{}",
        list.rejected[0].reason
    );
    let bad = write(
        dir.path(),
        "bad.csv",
        "address,chain\n0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c,ETH,a,b,c\n",
    );
    let e = load::load(&bad).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(matches!(e.kind, LoadErrorKind::CsvField { .. }), "{e}");

    for (shape, json) in [
        ("array", "[\n\"0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c\",\n\"nope\"\n]"),
        ("objects", "[\n{\"address\": \"0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c\", \"chain\": \"ETH\", \"label\": \"drainer\"},\n{\"address\": \"nope\", \"chain\": \"ETH\"}\n]"),
        ("by chain", "{\n\"ETH\": [\"0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c\",\n\"nope\"]\n}"),
        ("by address", "{\n\"0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c\": \"drainer\",\n\"nope\": \"x\"\n}"),
    ] {
        let path = write(dir.path(), "list.json", json);
        let list = load::load(&path).unwrap();
        assert_eq!((list.entries.len(), list.entries[0].line), (1, 2), "{shape}");
        assert_eq!((list.rejected.len(), list.rejected[0].line), (1, 3), "{shape}");
    }
    // A repeated key is two entries, not one silently dropped.
    let path = write(dir.path(), "dup.json", "{\"ETH\": [\"0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c\"],\n\"ETH\": [\"0x901bb9583b24d97e995513c6778dc6888ab6870e\"]}");
    assert_eq!(load::load(&path).unwrap().entries.len(), 2);
    let path = write(
        dir.path(),
        "bad.json",
        "[\n\"0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c\",\n{\"adress\": \"x\"}]",
    );
    let e = load::load(&path).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    let path = write(dir.path(), "broken.json", "[\n\"0x85\",\n");
    assert!(matches!(
        load::load(&path).unwrap_err().kind,
        LoadErrorKind::Json(_)
    ));
    let path = write(dir.path(), "other.xml", "<rss><item/></rss>");
    assert!(matches!(
        load::load(&path).unwrap_err().kind,
        LoadErrorKind::UnknownXml(_)
    ));
    let path = write(
        dir.path(),
        "cut.xml",
        "<Sanctions>\n<DistinctParties>\n</Sanctions>",
    );
    let e = load::load(&path).unwrap_err();
    assert!(matches!(e.kind, LoadErrorKind::Xml(_)), "{e}");
    assert!(e.line.is_some(), "{e}");
}

#[test]
fn poisoning_lookalike_warns() {
    let dir = tempfile::tempdir().unwrap();
    let book = write(dir.path(), "book.txt", "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c # my cold wallet\nTJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC # payroll\n");
    let book = AddressBook::new(vec![load::load(&book).unwrap()], Lookalike::default());
    let index = Index::default();
    // Same first and last four (case aside), different address.
    let v = index.screen(
        "0x8576FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF353C",
        None,
        Some(&book),
    );
    assert_eq!(v.verdict, AddressVerdict::Warn, "{v:?}");
    assert_eq!(v.matches[0].kind, MatchKind::Lookalike);
    assert_eq!(v.matches[0].label(), Some("my cold wallet"));
    assert_eq!(v.matches[0].entry.line, 1);
    // The book's own address, in another spelling, is no lookalike.
    let v = index.screen(
        "0x8576ACC5C05D6CE88F4E49BF65BDF0C62F91353C",
        None,
        Some(&book),
    );
    assert_eq!(v.verdict, AddressVerdict::None);
    // Ends that differ by one character, or another chain, are not flagged.
    assert_eq!(
        index
            .screen(
                "0x8577ffffffffffffffffffffffffffffffff353c",
                None,
                Some(&book)
            )
            .verdict,
        AddressVerdict::None
    );
    // A TRON lookalike under a two-and-two rule (vanity search for four
    // characters is quick; for eight it is what an attacker pays for).
    let book_path = dir.path().join("book.txt");
    let book = AddressBook::new(
        vec![load::load(&book_path).unwrap()],
        Lookalike { head: 2, tail: 2 },
    );
    let target = "TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC";
    let lookalike = (0u32..10_000_000)
        .map(|i| {
            let hash = solvent_reserves::chains::evm::keccak(&i.to_be_bytes());
            let account: [u8; 20] = hash[..20].try_into().unwrap();
            solvent_reserves::chains::tron::encode_address(&account)
        })
        .find(|text| text.starts_with("TJ") && text.ends_with("eC"))
        .unwrap();
    let v = index.screen(&lookalike, None, Some(&book));
    assert_eq!(
        (v.verdict, v.chain),
        (AddressVerdict::Warn, "TRON"),
        "{lookalike}"
    );
    assert_eq!(v.matches[0].entry.address, target);
}

#[test]
fn a_reload_is_atomic_and_a_failed_one_keeps_the_old_lists() {
    let dir = tempfile::tempdir().unwrap();
    let a = "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c";
    let b = "0x901bb9583b24d97e995513c6778dc6888ab6870e";
    // Each list holds one of the two addresses, many times over, so a
    // reload takes long enough to be caught half-way if it could be.
    let list_a = write(dir.path(), "a.txt", &format!("{a}\n").repeat(20_000));
    let list_b = write(dir.path(), "b.txt", &format!("{b}\n").repeat(20_000));
    let screener = Arc::new(Screener::new(Index::load(&[&list_a]).unwrap()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (screener, stop) = (screener.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut seen = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let index = screener.index();
                    let (va, vb) = (index.screen(a, None, None), index.screen(b, None, None));
                    let counts = (va.matches.len(), vb.matches.len());
                    assert!(
                        counts == (20_000, 0) || counts == (0, 20_000),
                        "a mixed index: {counts:?}"
                    );
                    seen += 1;
                }
                seen
            })
        })
        .collect();
    for i in 0..10 {
        screener
            .reload(&[if i % 2 == 0 { &list_b } else { &list_a }])
            .unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for r in readers {
        assert!(r.join().unwrap() > 0);
    }
    // Now on list_a; a reload with a missing file fails and keeps it.
    let missing = dir.path().join("missing.txt");
    assert!(screener.reload(&[&list_b, &missing]).is_err());
    assert_eq!(
        screener.index().screen(a, None, None).verdict,
        AddressVerdict::Block
    );
}
