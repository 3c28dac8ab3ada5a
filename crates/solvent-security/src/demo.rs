//! The security report of `solvent demo`: a month of synthetic exports
//! (the funds' ledger, an API-key export, account events, deposit reports,
//! token-check records, a blacklist and a screening log), each run through
//! its real engine, so that every section of the demo's report is
//! REPORTED from figures the engines computed.

use std::io::Write;
use std::path::{Path, PathBuf};

use solvent_funds::{Direction, Fund, Ledger, NewEntry};
use solvent_model::{Decimal, Month};

use crate::build::Inputs;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the demo's {what}: {message}")]
    Engine { what: &'static str, message: String },
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), DemoError> {
    std::fs::write(path, bytes).map_err(|source| DemoError::Write {
        path: path.to_owned(),
        source,
    })
}

fn engine(what: &'static str) -> impl Fn(&dyn std::fmt::Display) -> DemoError {
    move |e| DemoError::Engine {
        what,
        message: e.to_string(),
    }
}

fn json(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec_pretty(value).expect("figures serialize")
}

/// A synthetic EVM address, distinct per `n`.
fn evm(n: u64) -> String {
    format!("0x{:040x}", 0xde00_0000_0000u64 + n * 7919)
}

/// Writes the month's exports into `dir`, runs each engine over them, and
/// returns the files the report reads. `assets` are the round's symbols
/// (the funds hold the first two, so that they are priced).
pub fn write_inputs(dir: &Path, month: Month, assets: &[String]) -> Result<Inputs, DemoError> {
    std::fs::create_dir_all(dir).map_err(|source| DemoError::Write {
        path: dir.to_owned(),
        source,
    })?;
    let main = assets.first().map_or("BTC", String::as_str);
    let stable = assets.get(1).map_or(main, String::as_str);
    let m = month.to_string();

    // The funds: three months of movements.
    let mut ledger = Ledger::default();
    let months = [
        month.previous().and_then(Month::previous),
        month.previous(),
        Some(month),
    ];
    for (k, at) in months.iter().flatten().enumerate() {
        let k = k as u128 + 1;
        let day = |d: u32| format!("{at}-{d:02}").parse().expect("a day");
        let amount = |units: u128| Decimal::from_units(units, 2).expect("a scale of 2");
        for (date, fund, asset, direction, units, memo) in [
            (
                day(1),
                Fund::SafetyFund,
                main,
                Direction::Inflow,
                1000 * k,
                "monthly allocation",
            ),
            (
                day(2),
                Fund::SafetyFund,
                stable,
                Direction::Inflow,
                5_000_000 * k,
                "monthly allocation",
            ),
            (
                day(10),
                Fund::RiskProvisionFund,
                stable,
                Direction::Inflow,
                2_500_000,
                "liquidation surpluses",
            ),
            (
                day(20),
                Fund::RiskProvisionFund,
                stable,
                Direction::Outflow,
                400_000 * k,
                "liquidation deficits covered",
            ),
        ] {
            ledger
                .append(NewEntry {
                    date,
                    fund,
                    asset: asset.to_owned(),
                    direction,
                    amount: amount(units),
                    memo: memo.to_owned(),
                })
                .map_err(|e| engine("funds ledger")(&e))?;
        }
    }
    let funds = dir.join("funds.jsonl");
    let mut text = Vec::new();
    for e in ledger.entries() {
        serde_json::to_writer(&mut text, e).expect("an entry serializes");
        text.push(b'\n');
    }
    write(&funds, &text)?;

    // API keys: 40 keys in every state the policy judges.
    let mut csv =
        String::from("key_id,user_id,created,last_used,permissions,ip_allowlist,user_2fa\n");
    for i in 0..40u32 {
        let created = format!("{}-{:02}", month.previous().unwrap_or(month), 1 + i % 28);
        let last_used = if i % 5 == 0 {
            String::new()
        } else {
            format!("{m}-{:02}", 1 + i % 20)
        };
        let permissions = match i % 4 {
            0 => "read",
            1 => "read|trade",
            _ => "read|trade|withdraw",
        };
        let ips = if i % 3 == 0 { "" } else { "203.0.113.7" };
        let twofa = i % 7 != 0;
        csv.push_str(&format!(
            "k{i:03},u{i:03},{created},{last_used},{permissions},{ips},{twofa}\n"
        ));
    }
    write(&dir.join("api-keys.csv"), csv.as_bytes())?;
    let policy = solvent_policy::keys::Policy::parse(
        "idle_days = 30\nunbound_grace_days = 14\nunbound_action = \"restrict\"\n",
    )
    .map_err(|e| engine("key policy")(&e))?;
    let audit = solvent_policy::keys::audit(csv.as_bytes(), &policy, month.last_day())
        .map_err(|e| engine("key audit")(&e))?;
    let keys = dir.join("keys-audit.json");
    write(&keys, &json(&audit))?;

    // Account events: 50 users, their orders and losses over the month.
    let mut events = String::new();
    let start = format!("{m}-01T00:00:00Z");
    for u in 0..50 {
        let opened = if u % 5 == 0 {
            start.clone()
        } else {
            format!("{}-01T00:00:00Z", month.previous().unwrap_or(month))
        };
        events.push_str(&format!("{{\"event\":\"account\",\"time\":\"{start}\",\"user\":\"u{u}\",\"opened\":\"{opened}\"}}\n"));
    }
    for day in 1..=28u32 {
        for u in 0..50u32 {
            let t = |h: u32| format!("{m}-{day:02}T{h:02}:00:00Z");
            let leverage = 2 + (u * 7 + day) % 30;
            events.push_str(&format!("{{\"event\":\"order\",\"time\":\"{}\",\"user\":\"u{u}\",\"id\":\"o{day}-{u}\",\"market\":\"derivatives\",\"leverage\":\"{leverage}\"}}\n", t(u % 12)));
            if (u + day) % 9 == 0 {
                events.push_str(&format!("{{\"event\":\"pnl\",\"time\":\"{}\",\"user\":\"u{u}\",\"pnl\":\"-{}\",\"equity\":\"10000\"}}\n", t(12 + u % 6), 2000 + (u * 97 + day * 13) % 5000));
            }
        }
    }
    // Events are written in time order: sort the day's lines by time.
    let mut lines: Vec<&str> = events.lines().collect();
    lines.sort_by_key(|l| l.split("\"time\":\"").nth(1).map(|t| t[..20].to_owned()));
    let events = lines.join("\n") + "\n";
    write(&dir.join("events.jsonl"), events.as_bytes())?;
    let rules = solvent_policy::cooling_off::Policy::parse("min_account_age_hours = 24\nrookie_days = 30\nrookie_max_leverage = 20\nloss_window_hours = 24\nloss_threshold_percent = 40\ncooling_off_hours = 24\n")
        .map_err(|e| engine("cooling-off policy")(&e))?;
    let stats = solvent_policy::cooling_off::replay(events.as_bytes(), &rules, |_| Ok(()))
        .map_err(|e| engine("cooling-off replay")(&e))?;
    let cooling_off = dir.join("cooling-off.json");
    write(&cooling_off, &json(&stats))?;

    // Deposit reports against the exchange's networks and addresses.
    let config = solvent_deposits::Config::parse(
        "[[network]]\nname = \"ETH\"\nnative = \"ETH\"\ntokens = { USDT = \"0xdAC17F958D2ee523a2206206994597C13D831ec7\" }\n\n[[network]]\nname = \"BSC\"\nnative = \"BNB\"\n\n[[network]]\nname = \"XRP\"\nnative = \"XRP\"\nmemo = true\n",
    )
    .map_err(|e| engine("deposit config")(&e))?;
    let book = format!(
        "network,asset,address,memo,custody\nETH,*,{},,key\nETH,*,{},,contract\nXRP,XRP,rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh,1001,key\n",
        evm(1),
        evm(2)
    );
    let reports = [
        format!("{{\"id\":\"d1\",\"network\":\"BSC\",\"to\":\"{}\"}}", evm(1)),
        format!("{{\"id\":\"d2\",\"network\":\"BSC\",\"to\":\"{}\"}}", evm(2)),
        "{\"id\":\"d3\",\"network\":\"XRP\",\"to\":\"rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh\"}".to_owned(),
        "{\"id\":\"d4\",\"network\":\"ETH\",\"to\":\"0xdAC17F958D2ee523a2206206994597C13D831ec7\",\"token\":\"0xdAC17F958D2ee523a2206206994597C13D831ec7\"}".to_owned(),
        format!("{{\"id\":\"d5\",\"network\":\"ETH\",\"to\":\"{}\",\"token\":\"0x6B175474E89094C44Da98b954EedeAC495271d0F\"}}", evm(1)),
        format!("{{\"id\":\"d6\",\"network\":\"ETH\",\"to\":\"{}\"}}", evm(3)),
    ]
    .join("\n");
    let check = solvent_deposits::check(reports.as_bytes(), book.as_bytes(), &config)
        .map_err(|e| engine("deposit triage")(&e))?;
    let deposits = dir.join("deposits.json");
    write(&deposits, &json(&check))?;

    // Token checks: the month's check records.
    let at = month.last_day().to_string();
    let time = format!("{at}T00:00:00Z")
        .parse::<solvent_model::Timestamp>()
        .expect("a time")
        .unix()
        - 86_400 * 3;
    let mut records = String::new();
    for (i, (verdict, kinds)) in [
        ("NO_ISSUES_FOUND", vec![]),
        ("NO_ISSUES_FOUND", vec![]),
        ("CAUTION", vec!["sell_tax"]),
        ("HIGH_RISK", vec!["owner_can_mint"]),
        ("HONEYPOT", vec!["sell_reverted"]),
        ("HONEYPOT", vec!["sell_tax", "owner_only_sell"]),
    ]
    .into_iter()
    .enumerate()
    {
        let findings: Vec<String> = kinds
            .iter()
            .map(|k| format!("{{\"kind\":\"{k}\"}}"))
            .collect();
        records.push_str(&format!(
            "{{\"token\":\"{}\",\"block\":{},\"block_time\":{},\"verdict\":\"{verdict}\",\"findings\":[{}]}}\n",
            evm(100 + i as u64),
            21_000_000 + i,
            time + i as i64,
            findings.join(",")
        ));
    }
    let token_log = dir.join("token-checks.jsonl");
    write(&token_log, records.as_bytes())?;
    let mut tally = solvent_token::stats::Tally::new(month);
    tally
        .add(&token_log, records.as_bytes())
        .map_err(|e| engine("token figures")(&e))?;
    let tokens = dir.join("token-stats.json");
    write(&tokens, &json(&tally.finish()))?;

    // Screening: a blacklist, and the month's screening log (addresses
    // screened against it, and phishing domains).
    let list = dir.join("blacklist.txt");
    let listed: Vec<String> = (1000..1040).map(evm).collect();
    write(&list, (listed.join("\n") + "\n").as_bytes())?;
    let index = solvent_screen::Index::load(&[&list]).map_err(|e| engine("blacklist")(&e))?;
    let mut log = Vec::new();
    let queried: Vec<String> = (0..60)
        .map(|i| evm(if i % 6 == 0 { 1000 + i } else { 5000 + i }))
        .collect();
    for q in &queried {
        serde_json::to_writer(&mut log, &index.screen(q, None, None))
            .expect("a verdict serializes");
        log.push(b'\n');
    }
    for (host, verdict, rule) in [
        ("metamask-wallet-verify.com", "BLOCK", "blocklist"),
        ("binance-support-desk.net", "BLOCK", "lookalike"),
        ("app.uniswap.org", "ALLOW", "allowlist"),
        ("example.org", "NONE", ""),
    ] {
        let reasons = if rule.is_empty() {
            String::new()
        } else {
            format!("{{\"rule\":\"{rule}\"}}")
        };
        let _ = writeln!(
            log,
            "{{\"host\":\"{host}\",\"verdict\":\"{verdict}\",\"reasons\":[{reasons}]}}"
        );
    }
    let traffic_path = dir.join("screening-log.jsonl");
    write(&traffic_path, &log)?;
    let mut traffic = solvent_screen::stats::Traffic::default();
    traffic
        .add(&traffic_path, log.as_slice())
        .map_err(|e| engine("screening log")(&e))?;
    let figures = solvent_screen::stats::stats(&index, &m, None, Some(traffic));
    let screen = dir.join("screen-stats.json");
    write(&screen, &json(&figures))?;

    Ok(Inputs {
        por: None,
        funds: Some(funds),
        screen: Some(screen),
        tokens: Some(tokens),
        keys: Some(keys),
        cooling_off: Some(cooling_off),
        deposits: Some(deposits),
    })
}
