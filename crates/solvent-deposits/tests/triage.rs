//! Every case on the hand-made reports of testdata/deposits, each attacked
//! where it could be mistaken for another: another spelling of the same
//! address, a memo with spaces, an address of another network's family.

use proptest::prelude::*;
use solvent_deposits::address::key;
use solvent_deposits::book::{scan, Wanted};
use solvent_deposits::{check, Case, Config, Recovery};
use solvent_reserves::network::Family;

const CONFIG: &str = include_str!("../../../testdata/deposits/config.toml");
const BOOK: &str = include_str!("../../../testdata/deposits/addresses.csv");
const REPORTS: &str = include_str!("../../../testdata/deposits/reports.jsonl");

fn config() -> Config {
    Config::parse(CONFIG).unwrap()
}

fn one(report: &str) -> (Case, Recovery, Option<String>) {
    let c = check(report.as_bytes(), BOOK.as_bytes(), &config()).unwrap();
    let t = &c.results[0].triage;
    (t.case, t.recovery, t.found_on.clone())
}

#[test]
fn each_report_gets_its_case() {
    use Case::*;
    use Recovery::*;
    let c = check(REPORTS.as_bytes(), BOOK.as_bytes(), &config()).unwrap();
    let got: Vec<(Case, Recovery)> = c
        .results
        .iter()
        .map(|r| (r.triage.case, r.triage.recovery))
        .collect();
    assert_eq!(
        got,
        [
            (NoMistake, NotNeeded),
            (WrongNetwork, Feasible),
            (WrongNetwork, NotFeasible),
            (WrongNetwork, Feasible),
            (MissingMemo, Feasible),
            (WrongMemo, Feasible),
            (NoMistake, NotNeeded),
            (MissingMemo, Feasible),
            (WrongMemo, Feasible),
            (SentToTokenContract, NotFeasible),
            (UnsupportedToken, Feasible),
            (UnsupportedToken, NotFeasible),
            (WrongAssetAddress, Feasible),
            (NotExchangeAddress, NotFeasible),
            (InvalidAddress, Undecided),
            (UnknownNetwork, Undecided),
            (NoMistake, NotNeeded),
        ]
    );
    assert_eq!(c.reports, 17);
    assert_eq!(c.by_case[&WrongNetwork], 3);
    assert_eq!(c.by_recovery.values().sum::<u64>(), 17);
    assert_eq!(c.results[3].triage.found_on.as_deref(), Some("BTC"));
    assert_eq!(c.results[0].triage.asset.as_deref(), Some("USDT"));
    assert!(c.results[3]
        .triage
        .needs
        .iter()
        .any(|n| n.contains("a node for BCH")));
}

#[test]
fn an_address_matches_in_any_spelling_and_a_memo_with_spaces() {
    // Upper-case hex (and prefix), and the BTC address as BCH's CashAddr.
    assert_eq!(
        one(r#"{"network":"ETH","to":"0x1111111111111111111111111111111111111111","token":"0XDAC17F958D2EE523A2206206994597C13D831EC7"}"#).0,
        Case::NoMistake
    );
    assert_eq!(
        one(r#"{"network":"ETH","to":"0x1111111111111111111111111111111111111111","token":"0xdac17f958d2ee523a2206206994597c13d831ec7"}"#).0,
        Case::NoMistake
    );
    assert_eq!(
        one(r#"{"network":"BCH","to":"bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"}"#),
        (Case::WrongNetwork, Recovery::Feasible, Some("BTC".into()))
    );
    assert_eq!(
        one(r#"{"network":"xrp","to":" rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh ","memo":" 1001 "}"#).0,
        Case::NoMistake
    );
    // A memo on a network that needs none is ignored.
    assert_eq!(
        one(r#"{"network":"TRON","to":"TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC","memo":"5"}"#).0,
        Case::NoMistake
    );
}

#[test]
fn the_token_sent_to_its_own_contract_is_caught_unlisted_too() {
    let (case, recovery, _) = one(
        r#"{"network":"ETH","to":"0x6B175474E89094C44Da98b954EedeAC495271d0F","token":"0x6B175474E89094C44Da98b954EedeAC495271d0F"}"#,
    );
    assert_eq!(
        (case, recovery),
        (Case::SentToTokenContract, Recovery::NotFeasible)
    );
    // A listed token's contract on another network.
    let (case, _, _) =
        one(r#"{"network":"BSC","to":"0xdAC17F958D2ee523a2206206994597C13D831ec7"}"#);
    assert_eq!(case, Case::SentToTokenContract);
}

#[test]
fn bad_input_is_refused_with_its_line_and_field() {
    let refused = |reports: &str, book: &str, expected: &str| {
        let e = check(reports.as_bytes(), book.as_bytes(), &config())
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{e} lacks {expected}");
    };
    let ok = r#"{"network":"ETH","to":"0x1111111111111111111111111111111111111111"}"#;
    refused(
        &format!("{ok}\n{{\"network\":\"ETH\"}}"),
        BOOK,
        "reports: line 2: missing field `to`",
    );
    refused(
        r#"{"network":" ","to":"x"}"#,
        BOOK,
        "reports: line 1: field `network`: empty",
    );
    refused(
        r#"{"network":"ETH","to":"x","amount":"1"}"#,
        BOOK,
        "unknown field `amount`",
    );
    refused(
        ok,
        &format!("{BOOK}SOL,SOL,x,,key\n"),
        "address book: line 12: field `network`: `SOL` is not one of the networks",
    );
    refused(
        ok,
        &format!("{BOOK}ETH,ETH,0x12,,key\n"),
        "address book: line 12: field `address`",
    );
    refused(
        ok,
        &format!("{BOOK}ETH,ETH,0x1111111111111111111111111111111111111111,,hot\n"),
        "line 12: field `custody`: `hot` is not key or contract",
    );
    refused(
        ok,
        "network,asset,address,memo\n",
        "lacks the column `custody`",
    );
    for (config, expected) in [
        ("[[network]]\nname = \"HBAR\"\nnative = \"HBAR\"", "network `HBAR`: no chain family"),
        ("[[network]]\nname = \"ETH\"\nnative = \"ETH\"\ntokens = { X = \"0x12\" }", "network `ETH`: token `X`"),
        ("[[network]]\nname = \"ETH\"\nnative = \"ETH\"\n[[network]]\nname = \"eth\"\nnative = \"ETH\"", "listed twice"),
        ("[[network]]\nname = \"ETH\"", "missing field `native`"),
    ] {
        let e = Config::parse(config).unwrap_err().to_string();
        assert!(e.contains(expected), "{e} lacks {expected}");
    }
}

#[test]
fn the_book_keeps_only_the_rows_reports_name() {
    let config = config();
    let mut wanted = Wanted::default();
    let xrp = key(
        Family::of("XRP").unwrap(),
        "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh",
    )
    .unwrap();
    wanted.add(xrp.clone(), "1002");
    let book = scan(BOOK.as_bytes(), &config, &wanted).unwrap();
    assert_eq!(book.rows.len(), 1);
    assert_eq!((book.rows[0].line, book.rows[0].memo.as_str()), (9, "1002"));
    assert!(book.present.contains(&("XRP".to_owned(), xrp)));
}

proptest! {
    /// An EVM destination is the same account in any case of its hex
    /// digits (all lower or all upper), and so gets the same verdict.
    #[test]
    fn evm_case_does_not_change_the_verdict(upper in any::<bool>(), network in prop::sample::select(vec!["ETH", "BSC", "ARBITRUM"])) {
        let address = "0x1111111111111111111111111111111111111111".replace('1', if upper { "A" } else { "a" });
        let book = BOOK.replace("0x1111111111111111111111111111111111111111", "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        let report = format!(r#"{{"network":"{network}","to":"{address}"}}"#);
        let c = check(report.as_bytes(), book.as_bytes(), &config()).unwrap();
        let expected = if network == "ETH" { Case::NoMistake } else { Case::WrongNetwork };
        prop_assert_eq!(c.results[0].triage.case, expected);
    }
}
