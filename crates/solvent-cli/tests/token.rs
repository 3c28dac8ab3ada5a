//! `solvent token check` end to end on a local chain with Uniswap V2 and
//! the test tokens (solvent-token's test harness): verdicts in text and
//! JSON Lines, batch input, and the exit codes (0 nothing flagged, 1 a
//! HONEYPOT or HIGH_RISK, 2 UNKNOWN or unusable input).

#[path = "../../solvent-token/tests/common/mod.rs"]
mod chain;
mod common;

use std::path::Path;

use common::{solvent, text};

fn token(args: &[&str]) -> std::process::Output {
    let args: Vec<&str> = ["token", "check"].iter().chain(args).copied().collect();
    solvent(&args, Path::new("/nonexistent-cache"))
}

/// One token's check as JSON Lines.
fn out_json(url: &str, router: &str, token_address: &str) -> Vec<u8> {
    token(&[
        "--rpc",
        url,
        "--router",
        router,
        "--json",
        "--token",
        token_address,
    ])
    .stdout
}

#[test]
fn verdicts_and_exit_codes() {
    let Some((ganache, packages)) = chain::packages() else {
        return;
    };
    let node = chain::start_node(&ganache);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let deployed = runtime.block_on(chain::deploy(&node.url, &packages));
    let router = deployed.router.to_string();
    let address = |name: &str| {
        deployed
            .tokens
            .iter()
            .find(|(n, _)| n == name)
            .unwrap()
            .1
            .to_string()
    };
    let (plain, deflating, honeypot) = (
        address("PlainToken"),
        address("DeflatingERC20"),
        address("SellBlockedToken"),
    );

    let clear = token(&[
        "--rpc", &node.url, "--router", &router, "--token", &plain, "--token", &deflating,
    ]);
    assert_eq!(clear.status.code(), Some(0), "{}", text(&clear));
    let stdout = String::from_utf8_lossy(&clear.stdout);
    assert!(stdout.contains("NO_ISSUES_FOUND"), "{stdout}");
    assert!(
        stdout.contains("CAUTION") && stdout.contains("tax buy 0.99%"),
        "{stdout}"
    );

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tokens.txt");
    std::fs::write(
        &input,
        format!("# this month's listings\n{honeypot}\n\n{plain} # ok\n"),
    )
    .unwrap();
    let out = token(&[
        "--rpc",
        &node.url,
        "--router",
        &router,
        "--json",
        "--input",
        input.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "HONEYPOT");
    assert_eq!(lines[0]["findings"][0]["kind"], "sell_reverted");
    assert_eq!(lines[1]["verdict"], "NO_ISSUES_FOUND");
    assert_eq!(lines[1]["trades"].as_array().unwrap().len(), 3);

    // No pool: UNKNOWN, exit 2, with the reason.
    let none = deployed.no_pool.to_string();
    let out = token(&[
        "--rpc", &node.url, "--router", &router, "--json", "--token", &none,
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no pair"), "{}", text(&out));

    // Code signals in text: the owner's mint, and who can call it.
    let mintable = address("MintableToken");
    let out = token(&[
        "--rpc", &node.url, "--router", &router, "--token", &mintable,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("HIGH_RISK")
            && text(&out).contains("owner_can_mint mint(address,uint256)"),
        "{}",
        text(&out)
    );

    // The month's figures from the JSON Lines just written, plus the
    // mintable token's check.
    let checks = dir.path().join("checks.jsonl");
    let mut records =
        String::from_utf8_lossy(&out_json(&node.url, &router, &mintable)).into_owned();
    records.push_str(&lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    std::fs::write(&checks, &records).unwrap();
    let time = lines[0]["block_time"].as_i64().unwrap();
    let month = solvent_model::Month::of_unix(time).unwrap().to_string();
    let stats = solvent(
        &[
            "token",
            "stats",
            "--month",
            &month,
            "--checks",
            checks.to_str().unwrap(),
        ],
        Path::new("/nonexistent-cache"),
    );
    assert_eq!(stats.status.code(), Some(0), "{}", text(&stats));
    let figures: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(figures["format"], "solvent-token-stats-v1");
    assert_eq!(
        (figures["checks"].as_u64(), figures["tokens"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(figures["flagged"], 2);
    assert_eq!(figures["by_verdict"]["HONEYPOT"], 1);
    assert_eq!(figures["by_verdict"]["HIGH_RISK"], 1);
    assert_eq!(figures["by_finding"]["owner_can_mint"], 1);
    // Checks from another month are refused, naming file and line; so is
    // a month that is not one. Nothing is written.
    for (month, says) in [("1999-01", "checks.jsonl:1: "), ("2026-13", "--month")] {
        let out = solvent(
            &[
                "token",
                "stats",
                "--month",
                month,
                "--checks",
                checks.to_str().unwrap(),
            ],
            Path::new("/nonexistent-cache"),
        );
        assert_eq!(out.status.code(), Some(2));
        // stdout carries the error as JSON, and no figures.
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(answer["exit_code"], 2);
        assert!(answer.get("format").is_none());
        assert!(text(&out).contains(says), "{}", text(&out));
    }

    // Unusable input: a bad address (naming file and line), no node.
    std::fs::write(&input, format!("{plain}\n0x12\n")).unwrap();
    let out = token(&["--rpc", &node.url, "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("tokens.txt:2: token `0x12`"),
        "{}",
        text(&out)
    );
    drop(node);
    let out = token(&["--rpc", "http://127.0.0.1:9", "--token", &plain]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("does not answer"), "{}", text(&out));
}
