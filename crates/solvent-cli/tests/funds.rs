//! `solvent funds` end to end: a ledger started, added to (dry run, then
//! written), verified and summed; then edited behind its back, rewritten
//! past a published head, overdrawn: each refused with its exit code.

mod common;

use std::path::Path;

use common::{solvent, text};

fn funds(args: &[&str]) -> std::process::Output {
    let args: Vec<&str> = ["funds"].iter().chain(args).copied().collect();
    solvent(&args, Path::new("/nonexistent-cache"))
}

fn add(ledger: &str, extra: &[&str], movement: [&str; 5]) -> std::process::Output {
    let [date, fund, asset, direction, amount] = movement;
    let mut args = vec![
        "add",
        "--ledger",
        ledger,
        "--date",
        date,
        "--fund",
        fund,
        "--asset",
        asset,
        "--direction",
        direction,
        "--amount",
        amount,
        "--memo",
        "test",
    ];
    args.extend(extra);
    funds(&args)
}

#[test]
fn a_ledger_from_start_to_tamper() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("funds.jsonl");
    let ledger = path.to_str().unwrap();

    // Not there, and not asked to start one: unusable.
    let out = add(
        ledger,
        &["--write"],
        ["2026-11-01", "safety-fund", "BTC", "inflow", "100"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!path.exists());
    let out = add(
        ledger,
        &["--new", "--write"],
        ["2026-11-01", "safety-fund", "BTC", "inflow", "100"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = add(
        ledger,
        &["--new"],
        ["2026-11-02", "safety-fund", "BTC", "inflow", "1"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "--new on an existing ledger: {}",
        text(&out)
    );
    for m in [
        [
            "2026-11-15",
            "risk-provision-fund",
            "USDT",
            "inflow",
            "2500000.5",
        ],
        [
            "2026-11-20",
            "risk-provision-fund",
            "USDT",
            "outflow",
            "125000.25",
        ],
        ["2026-12-01", "safety-fund", "BTC", "inflow", "12.5"],
    ] {
        let out = add(ledger, &["--write"], m);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    // A dry run prints the entry and leaves the file alone.
    let before = std::fs::read(&path).unwrap();
    let out = add(
        ledger,
        &[],
        ["2026-12-02", "safety-fund", "ETH", "inflow", "800"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"seq\":5"));
    assert!(text(&out).contains("dry run"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // An overdraft is refused, and nothing is written.
    let out = add(
        ledger,
        &["--write"],
        [
            "2026-12-02",
            "risk-provision-fund",
            "USDT",
            "outflow",
            "2375000.26",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("which holds 2375000.25"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let out = funds(&["verify", "--ledger", ledger, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["entries"], 4);
    let head = format!("4:{}", verdict["head"]["hash"].as_str().unwrap());
    let out = funds(&[
        "balances",
        "--ledger",
        ledger,
        "--date",
        "2026-11-30",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let sums: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sums["balances"][0]["fund"], "safety_fund");
    assert_eq!(sums["balances"][0]["balance"], "100");
    assert_eq!(sums["balances"][1]["balance"], "2375000.25");

    // Someone edits a past entry: exit 1, with the line.
    let honest = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, honest.replacen("\"125000.25\"", "\"25000.25\"", 1)).unwrap();
    let out = funds(&["verify", "--ledger", ledger]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("funds.jsonl:3: entry 3 does not hash"),
        "{}",
        text(&out)
    );
    // ... and no command builds on it.
    let out = add(
        ledger,
        &["--write"],
        ["2026-12-02", "safety-fund", "ETH", "inflow", "800"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    // Someone rewrites the ledger from entry 3 on with fresh hashes: the
    // chain holds, the head published before does not.
    std::fs::write(
        &path,
        honest
            .lines()
            .take(2)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    )
    .unwrap();
    for m in [
        [
            "2026-11-20",
            "risk-provision-fund",
            "USDT",
            "outflow",
            "25000.25",
        ],
        ["2026-12-01", "safety-fund", "BTC", "inflow", "12.5"],
    ] {
        assert_eq!(add(ledger, &["--write"], m).status.code(), Some(0));
    }
    assert_eq!(
        funds(&["verify", "--ledger", ledger]).status.code(),
        Some(0)
    );
    let out = funds(&["verify", "--ledger", ledger, "--anchor", &head]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("was published for it"),
        "{}",
        text(&out)
    );

    // The safety fund's own wallets, signed: they must hold what the
    // ledger says the fund holds (BTC 112.5 now).
    let wallets = dir.path().join("safety-wallets.csv");
    let wallet_file = |btc: &str| {
        let file = solvent_reserves::sample::reserve_file_for(
            "safety-fund",
            &[("BTC".to_string(), btc.to_string())],
        );
        std::fs::write(&wallets, file).unwrap();
    };
    let check = |date: Option<&str>| {
        let mut args = vec![
            "wallets",
            "--ledger",
            ledger,
            "--fund",
            "safety-fund",
            "--wallets",
            wallets.to_str().unwrap(),
            "--json",
        ];
        if let Some(d) = date {
            args.extend(["--date", d]);
        }
        funds(&args)
    };
    wallet_file("112.5");
    let out = check(None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["status"], "VERIFIED");
    assert_eq!(verdict["assets"][0]["verified"], "112.5");
    wallet_file("112.4");
    let out = check(None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("the ledger holds 112.5"));
    // At the end of November the fund held 100: covered.
    assert_eq!(check(Some("2026-11-30")).status.code(), Some(0));
    // A wallet whose signature no longer matches its address.
    let signed = std::fs::read_to_string(&wallets).unwrap();
    let forged = signed.replace("solvent", "solvenT");
    assert_ne!(forged, signed);
    std::fs::write(&wallets, forged).unwrap();
    let out = check(Some("2026-11-30"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("failed their ownership check"),
        "{}",
        text(&out)
    );

    // Unreadable: exit 2.
    let out = funds(&["verify", "--ledger", "/nonexistent/funds.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    let out = funds(&["verify", "--ledger", ledger, "--anchor", "4:abc"]);
    assert_eq!(out.status.code(), Some(2));
}
