//! Every real row of OKX's published sample files (testdata/okx, MIT) is
//! classified, with its reason, and the summary sections are compared.

use solvent_reserves::check::{check_file, verify_row, ReserveReport};
use solvent_reserves::file::{self, Layout};

fn report(name: &str) -> ReserveReport {
    let path = format!("{}/../../testdata/okx/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let parsed = file::parse(&bytes).unwrap();
    check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap()
}

fn statuses(report: &ReserveReport) -> Vec<(u64, &str, &str)> {
    report
        .rows
        .iter()
        .map(|r| (r.line, r.asset.as_str(), r.status.label()))
        .collect()
}

#[test]
fn okx_example_eleven_columns() {
    let r = report("okx_por_example.csv");
    assert_eq!(r.layout, Layout::Okx11);
    assert_eq!(
        statuses(&r),
        [
            (16, "ETH", "VERIFIED"),
            (17, "ETH", "VERIFIED"),
            (18, "ETH", "VERIFIED"),
            (19, "USDT-TON", "VERIFIED"),
            (20, "APTOS", "UNVERIFIED"),
        ]
    );
    // The contract row passes on its owners' signatures, and says what that
    // does not prove.
    assert!(r.rows[2].note.as_deref().unwrap().contains("0x0cdcdb19"));
    assert!(r.rows[4].reason.as_deref().unwrap().contains("placeholder"));
    assert_eq!(r.totals["ETH"].verified, "0.356881257500858402");
    assert_eq!(r.totals["APTOS"].unverified, "1.5");
    assert_eq!(r.totals["APTOS"].verified, "0");
    // The example's summary does not add up to its (abridged) detail rows.
    let eth_all = r.summary.iter().find(|s| s.coin == "ETH(ALL)").unwrap();
    assert_eq!((eth_all.line, eth_all.status.label()), (2, "MISMATCH"));
    assert_eq!(eth_all.detail_total, "0.356881257500858402");
    let polygon = r.summary.iter().find(|s| s.coin == "USDT-POLY").unwrap();
    assert_eq!((polygon.status.label(), polygon.detail_rows), ("MATCH", 0));
    assert!(!r.all_verified());
}

#[test]
fn okx_staking_example_twelve_columns() {
    let r = report("okx_por_staking_example.csv");
    assert_eq!(r.layout, Layout::Okx12);
    assert_eq!(
        statuses(&r),
        [
            (5, "ETH", "VERIFIED"),
            (6, "ETH", "UNVERIFIED"),
            (7, "ETH", "UNVERIFIED"),
        ]
    );
    for row in &r.rows[1..] {
        assert!(
            row.reason.as_deref().unwrap().contains("placeholder"),
            "{row:?}"
        );
    }
    assert_eq!(r.totals["ETH"].unverified, "64");
    // 0.0589… + 32 + 32 rounds to the published whole 64.
    assert_eq!(r.summary[0].status.label(), "MATCH");
    assert_eq!(r.summary[0].detail_total, "64.058959708849230328");
}

#[test]
fn okx_2025_layout() {
    let r = report("test.csv");
    assert_eq!(r.layout, Layout::Okx2025);
    assert_eq!(
        statuses(&r),
        [
            (2, "USDT", "VERIFIED"),
            (3, "ETH", "UNVERIFIED"),
            (4, "BTC", "VERIFIED"),
            (5, "DOT", "VERIFIED"),
            (6, "ADA", "VERIFIED"),
            (7, "DOGE", "VERIFIED"),
            (8, "ETC", "VERIFIED"),
            (9, "TRX", "VERIFIED"),
            (10, "EOS", "VERIFIED"),
        ]
    );
    assert!(r.rows[1].reason.as_deref().unwrap().contains("Starknet"));
    assert!(r.rows[8].note.as_deref().unwrap().contains("okbwallet1tr"));
    // No balances in this layout: rows are counted, amounts stay zero.
    assert_eq!(r.totals["BTC"].rows_verified, 1);
    assert_eq!(r.totals["BTC"].rows_without_amount, 1);
    assert_eq!(r.totals["BTC"].verified, "0");
}

#[test]
fn errors_name_the_physical_line() {
    let text = "coin,snapshot height,amount\nBTC,-,1\n\ncoin,Network,Snapshot Height,address,amount,message,signature1,signature2,redeem script/ public key\nBTC,BTC,1,addr,-1,m,s,,\n";
    let err = file::parse(text.as_bytes()).unwrap_err().to_string();
    assert!(err.starts_with("line 5: field `amount`"), "{err}");
    let err = file::parse(b"coin,snapshot height,amount\nBTC,-,x\n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("line 2: summary field `amount`"), "{err}");
    let err = file::parse(b"a,b,c\n").unwrap_err().to_string();
    assert!(err.contains("unrecognised header"), "{err}");
    let err = file::parse(b"").unwrap_err().to_string();
    assert!(err.contains("no detail header"), "{err}");
    let too_many = "digitalAsset,network,address,signedMessage,signedMessage2,message,publicKey,owner1,owner2\nBTC,BTC,a,s,,m,,,,extra\n";
    let err = file::parse(too_many.as_bytes()).unwrap_err().to_string();
    assert!(
        err.starts_with("line 2: 10 fields, the header has 9"),
        "{err}"
    );
}
