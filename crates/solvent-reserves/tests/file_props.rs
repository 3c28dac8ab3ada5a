//! Property tests of the reserve-file reader: whatever rows are written in
//! solvent-v1 come back field for field with their line numbers, and no
//! input makes the reader or the verifiers panic.

use proptest::prelude::*;
use solvent_model::Decimal;
use solvent_reserves::check::{check_file, verify_row};
use solvent_reserves::file::{self, SOLVENT_V1};

/// A field without CSV specials, leading/trailing spaces, or `null`.
fn field() -> impl Strategy<Value = String> {
    "[A-Za-z0-9:+/=_.-]{1,24}".prop_filter("not null", |s| !s.eq_ignore_ascii_case("null"))
}

fn amount() -> impl Strategy<Value = String> {
    (0u64..1 << 40, 0u32..=18).prop_map(|(units, scale)| {
        Decimal::from_units(units.into(), scale)
            .unwrap()
            .to_string()
    })
}

proptest! {
    #[test]
    fn solvent_v1_rows_round_trip(
        rows in prop::collection::vec(
            (field(), field(), field(), 0u64..10_000_000, amount(), field(),
             prop::collection::vec(field(), 1..3), prop::collection::vec(field(), 0..3)),
            1..20,
        )
    ) {
        let mut text = SOLVENT_V1.join(",");
        text.push('\n');
        for (chain, asset, address, height, balance, message, sigs, owners) in &rows {
            text.push_str(&format!(
                "{chain},{asset},{address},{height},,{balance},{message},{},,{}\n",
                sigs.join(";"),
                owners.join(";")
            ));
        }
        let parsed = file::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(parsed.rows.len(), rows.len());
        for (i, (row, (chain, asset, address, height, balance, message, sigs, owners))) in
            parsed.rows.iter().zip(&rows).enumerate()
        {
            prop_assert_eq!(row.line, i as u64 + 2);
            prop_assert_eq!(&row.network, chain);
            prop_assert_eq!(&row.asset, asset);
            prop_assert_eq!(&row.address, address);
            prop_assert_eq!(row.snapshot_height.clone(), Some(height.to_string()));
            prop_assert_eq!(row.amount, Some(Decimal::parse(balance).unwrap()));
            prop_assert_eq!(&row.message, message);
            prop_assert_eq!(&row.signatures, sigs);
            prop_assert_eq!(&row.owners, owners);
        }
        // Made-up signatures never verify.
        let report = check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap();
        prop_assert_eq!(report.verified, 0);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(parsed) = file::parse(&bytes) {
            let _ = check_file(&parsed, parsed.rows.iter().map(verify_row));
        }
    }

    #[test]
    fn okx_headers_with_arbitrary_rows_never_panic(
        rows in prop::collection::vec(prop::collection::vec("[ -~]{0,30}", 0..12), 0..10)
    ) {
        let mut text = "coin,snapshot height,amount\nBTC,-,1\n\ncoin,Network,Snapshot Height,address,amount,message,signature1,signature2,redeem script/ public key, eoa1, eoa2\n".to_string();
        for r in &rows {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        if let Ok(parsed) = file::parse(text.as_bytes()) {
            let report = check_file(&parsed, parsed.rows.iter().map(verify_row)).unwrap();
            prop_assert_eq!(report.rows.len(), parsed.rows.len());
        }
    }
}
