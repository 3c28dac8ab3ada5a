//! The ledger against someone who edits it: every change to a past entry,
//! a removal, a reordering, an insertion, an overdraft and a rewrite from
//! an entry on is found, on its line, with what broke.

use proptest::prelude::*;
use solvent_funds::{Anchor, Direction, Entry, Fund, Ledger, LedgerError, NewEntry, Problem};
use solvent_model::Decimal;

fn movement(date: &str, fund: Fund, asset: &str, direction: Direction, amount: &str) -> NewEntry {
    NewEntry {
        date: date.parse().unwrap(),
        fund,
        asset: asset.into(),
        direction,
        amount: Decimal::parse(amount).unwrap(),
        memo: format!("{direction:?} of {amount} {asset}"),
    }
}

/// Five entries across both funds.
fn sample() -> Vec<Entry> {
    use Direction::*;
    use Fund::*;
    let mut ledger = Ledger::default();
    for m in [
        movement("2026-11-01", SafetyFund, "BTC", Inflow, "100"),
        movement("2026-11-15", RiskProvisionFund, "USDT", Inflow, "2500000.5"),
        movement(
            "2026-11-20",
            RiskProvisionFund,
            "USDT",
            Outflow,
            "125000.25",
        ),
        movement("2026-12-01", SafetyFund, "BTC", Inflow, "12.5"),
        movement("2026-12-03", SafetyFund, "ETH", Inflow, "800"),
    ] {
        ledger.append(m).unwrap();
    }
    ledger.entries().cloned().collect()
}

fn text(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect()
}

fn read(text: &str) -> Result<Ledger, LedgerError> {
    Ledger::read(text.as_bytes())
}

#[test]
fn an_honest_ledger_reads_back_with_its_balances() {
    let entries = sample();
    let ledger = read(&text(&entries)).unwrap();
    assert_eq!(ledger.entries().cloned().collect::<Vec<_>>(), entries);
    let at = |date: Option<&str>| -> Vec<(Fund, String, String)> {
        ledger
            .balances(date.map(|d| d.parse().unwrap()))
            .into_iter()
            .map(|b| (b.fund, b.asset, b.balance.to_string()))
            .collect()
    };
    assert_eq!(
        at(None),
        vec![
            (Fund::SafetyFund, "BTC".into(), "112.5".into()),
            (Fund::SafetyFund, "ETH".into(), "800".into()),
            (Fund::RiskProvisionFund, "USDT".into(), "2375000.25".into()),
        ]
    );
    assert_eq!(
        at(Some("2026-11-30")),
        vec![
            (Fund::SafetyFund, "BTC".into(), "100".into()),
            (Fund::RiskProvisionFund, "USDT".into(), "2375000.25".into()),
        ]
    );
    assert_eq!(at(Some("2026-10-31")), vec![]);
}

/// The entries chained anew, by hand: what someone who edits the file and
/// redoes the hashes writes, bypassing `append`'s checks.
fn rechain(entries: &[Entry]) -> Vec<Entry> {
    let mut chained: Vec<Entry> = Vec::new();
    for e in entries {
        let prev = chained
            .last()
            .map_or(solvent_funds::GENESIS.to_owned(), |p| p.hash.clone());
        chained.push(Entry::chain(e.seq, e.movement.clone(), &prev));
    }
    chained
}

fn problem(text: &str) -> (Option<u64>, Problem) {
    let e = read(text).unwrap_err();
    (e.line, e.problem)
}

#[test]
fn a_changed_entry_is_found_where_it_was_changed() {
    let mut entries = sample();
    entries[1].movement.amount = Decimal::parse("2600000.5").unwrap();
    assert!(matches!(
        problem(&text(&entries)),
        (Some(2), Problem::Hash { seq: 2 })
    ));
    // Its hash recomputed too: the next entry no longer names it.
    entries[1].hash = entries[1].expected_hash();
    assert!(matches!(
        problem(&text(&entries)),
        (Some(3), Problem::Prev { seq: 3 })
    ));
}

#[test]
fn removed_moved_and_inserted_entries_are_found() {
    let entries = sample();
    let mut removed = entries.clone();
    removed.remove(1);
    assert!(matches!(
        problem(&text(&removed)),
        (
            Some(2),
            Problem::Seq {
                expected: 2,
                found: 3
            }
        )
    ));
    let mut swapped = entries.clone();
    swapped.swap(1, 2);
    assert!(matches!(
        problem(&text(&swapped)),
        (Some(2), Problem::Seq { .. })
    ));
    let mut doubled = entries.clone();
    doubled.insert(2, entries[1].clone());
    assert!(matches!(
        problem(&text(&doubled)),
        (Some(3), Problem::Seq { .. })
    ));
}

#[test]
fn a_ledger_rewritten_from_an_entry_on_is_caught_by_a_published_head() {
    let entries = sample();
    let published = Anchor {
        seq: 3,
        hash: entries[2].hash.clone(),
    };
    assert!(read(&text(&entries))
        .unwrap()
        .check_anchors(std::slice::from_ref(&published))
        .is_ok());
    // The outflow of entry 3 made smaller, and every hash after it redone:
    // the chain holds, the published head does not.
    let mut rewritten = Ledger::default();
    for (i, e) in entries.iter().enumerate() {
        let mut m = e.movement.clone();
        if i == 2 {
            m.amount = Decimal::parse("1").unwrap();
        }
        rewritten.append(m).unwrap();
    }
    let rewritten: Vec<Entry> = rewritten.entries().cloned().collect();
    let ledger = read(&text(&rewritten)).unwrap();
    let e = ledger
        .check_anchors(std::slice::from_ref(&published))
        .unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.to_string().contains("was published for it"), "{e}");
    // Cut back to before the published entry: missing.
    let e = read(&text(&entries[..2]))
        .unwrap()
        .check_anchors(&[published])
        .unwrap_err();
    assert!(
        matches!(e.problem, Problem::AnchorMissing { seq: 3 }),
        "{e}"
    );
    assert!("3:xyz".parse::<Anchor>().is_err());
    assert!(format!("3:{}", "A".repeat(64)).parse::<Anchor>().is_ok());
}

#[test]
fn a_fund_never_pays_out_more_than_it_holds() {
    let mut ledger = read(&text(&sample())).unwrap();
    let over = movement(
        "2026-12-04",
        Fund::SafetyFund,
        "ETH",
        Direction::Outflow,
        "800.000001",
    );
    let e = ledger.append(over).unwrap_err();
    assert!(matches!(e.problem, Problem::Overdrawn { .. }), "{e}");
    assert!(e.to_string().contains("which holds 800"), "{e}");
    // Nor from the other fund's holding of the asset.
    let other = movement(
        "2026-12-04",
        Fund::RiskProvisionFund,
        "BTC",
        Direction::Outflow,
        "1",
    );
    assert!(ledger.append(other).is_err());
    // Exactly what it holds is fine.
    let all = movement(
        "2026-12-04",
        Fund::SafetyFund,
        "ETH",
        Direction::Outflow,
        "800",
    );
    ledger.append(all).unwrap();
    // A hand-made ledger with the overdraft, properly chained, is refused
    // on reading too.
    let mut entries = sample();
    entries[2].movement.amount = Decimal::parse("3000000").unwrap();
    assert!(matches!(
        problem(&text(&rechain(&entries))),
        (Some(3), Problem::Overdrawn { .. })
    ));
}

#[test]
fn entries_out_of_date_order_or_malformed_are_refused_with_their_line() {
    let entries = sample();
    let mut early = entries.clone();
    early[3].movement.date = "2026-10-01".parse().unwrap();
    assert!(matches!(
        problem(&text(&rechain(&early))),
        (Some(4), Problem::Date { seq: 4, .. })
    ));

    let good = text(&entries);
    let lines: Vec<&str> = good.lines().collect();
    for (bad, says) in [
        ("not json", "not a ledger entry"),
        (
            &*lines[1].replace("\"memo\"", "\"note\""),
            "not a ledger entry",
        ),
        (
            &*lines[1].replace("\"2500000.5\"", "\"-1\""),
            "not a ledger entry",
        ),
        (
            &*lines[1].replace("risk_provision_fund", "reserves"),
            "not a ledger entry",
        ),
        (
            &*lines[1].replace("2026-11-15", "2026-11-31"),
            "not a ledger entry",
        ),
    ] {
        let text = format!("{}\n{bad}\n", lines[0]);
        let e = read(&text).unwrap_err();
        assert_eq!(e.line, Some(2), "{bad}");
        assert!(e.to_string().starts_with(&format!("line 2: {says}")), "{e}");
    }
}

proptest! {
    /// Any one byte of the ledger changed: refused, or the same entries
    /// (a change JSON does not see, such as a space for a space).
    #[test]
    fn any_changed_byte_is_refused_or_harmless(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let entries = sample();
        let mut bytes = text(&entries).into_bytes();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(ledger) = Ledger::read(bytes.as_slice()) {
            prop_assert_eq!(ledger.entries().cloned().collect::<Vec<_>>(), entries);
        }
    }
}

/// The test vector in testdata/funds: another implementation of the
/// ledger must reach the same head.
#[test]
fn the_test_vector_reaches_its_head() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/funds/ledger.jsonl"
    );
    let ledger = Ledger::read(std::fs::read(path).unwrap().as_slice()).unwrap();
    let head = ledger.head().unwrap();
    assert_eq!(head.seq, 3);
    assert_eq!(
        head.hash,
        "f460914e92df96684024686744f64d7a79f555ea64b084a679585a76c4623047"
    );
}
