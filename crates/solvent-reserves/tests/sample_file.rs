//! The solvent-v1 sample file: every family verifies, the committed test
//! vector is what the generator writes, and tampering any row fails it.

use solvent_reserves::check::{check_file, verify_row};
use solvent_reserves::{file, sample};

const VECTOR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/reserves/solvent-v1-example.csv"
);

#[test]
fn committed_vector_is_current() {
    let generated = sample::solvent_v1_example();
    if std::env::var_os("SOLVENT_UPDATE_VECTORS").is_some() {
        std::fs::write(VECTOR, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(VECTOR).unwrap();
    assert_eq!(committed, generated, "rerun with SOLVENT_UPDATE_VECTORS=1");
}

#[test]
fn every_family_verifies() {
    let text = sample::solvent_v1_example();
    let parsed = file::parse(text.as_bytes()).unwrap();
    assert_eq!(parsed.layout, file::Layout::SolventV1);
    let report = check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap();
    for row in &report.rows {
        assert_eq!(row.status.label(), "VERIFIED", "{row:?}");
    }
    assert!(report.all_verified());
    assert_eq!(report.totals["BTC"].verified, "1512.50000001");
}

#[test]
fn tampering_any_row_fails_it() {
    let text = sample::solvent_v1_example();
    let parsed = file::parse(text.as_bytes()).unwrap();
    for (i, original) in parsed.rows.iter().enumerate() {
        // Another message.
        let mut row = original.clone();
        row.message.push('!');
        assert_ne!(
            verify_row(&row).status.label(),
            "VERIFIED",
            "row {i} message"
        );
        // Another address of the same chain, or a corrupted one. Rows whose
        // address is bound on chain only (contract owners, EOS accounts)
        // say so in their note instead.
        if !original.owners.is_empty() || original.network == "EOS" {
            assert!(verify_row(original).note.is_some(), "row {i}");
            continue;
        }
        let mut row = original.clone();
        row.address = parsed
            .rows
            .iter()
            .find(|r| r.network == original.network && r.address != original.address)
            .map_or_else(|| format!("{}x", original.address), |r| r.address.clone());
        assert_ne!(
            verify_row(&row).status.label(),
            "VERIFIED",
            "row {i} address"
        );
    }
    // The 2-of-3 row with one of its two signatures only.
    let mut multisig = parsed.rows[1].clone();
    multisig.signatures.truncate(1);
    assert_eq!(verify_row(&multisig).status.label(), "FAILED");
    // The contract row with one signature twice.
    let mut contract = parsed.rows[3].clone();
    contract.signatures[1] = contract.signatures[0].clone();
    assert_eq!(verify_row(&contract).status.label(), "FAILED");
}

#[test]
fn a_repeated_address_is_counted_once() {
    let text = sample::solvent_v1_example();
    let second = text.lines().nth(1).unwrap();
    let repeated = format!("{text}{}\n", second.replace(",12.5,", ",99,"));
    let parsed = file::parse(repeated.as_bytes()).unwrap();
    let report = check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap();
    let last = report.rows.last().unwrap();
    assert_eq!(last.status.label(), "FAILED");
    assert!(last
        .reason
        .as_deref()
        .unwrap()
        .contains("duplicate of line 2"));
    assert_eq!(report.totals["BTC"].verified, "1512.50000001");
    assert_eq!(report.totals["BTC"].failed, "99");
}

#[test]
fn generated_files_for_any_assets_verify() {
    let balances: Vec<(String, String)> =
        ["BTC", "LTC", "DOGE", "TRX", "SOL", "TON", "USDT", "TKN9"]
            .iter()
            .enumerate()
            .map(|(i, a)| (a.to_string(), format!("{}.5", i + 1)))
            .collect();
    let text = sample::reserve_file_for("demo", &balances);
    let parsed = file::parse(text.as_bytes()).unwrap();
    let report = check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap();
    assert!(report.all_verified(), "{:?}", report.rows);
    assert_eq!(report.totals["TKN9"].verified, "8.5");
}
