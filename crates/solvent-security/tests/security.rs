//! The security report from the engines' real outputs (the demo's
//! synthetic exports run through them), every section NOT_REPORTED when
//! its file is missing, and each way a file can be wrong refused with
//! nothing written.

use std::path::Path;

use solvent_model::Month;
use solvent_security::job::{produce, SECURITY_HTML, SECURITY_JSON};
use solvent_security::{build, Inputs};

const SECTIONS: [&str; 9] = [
    "proof_of_reserves",
    "safety_fund",
    "anti_phishing",
    "risk_provision_fund",
    "api_security",
    "rookie_protection",
    "wrong_deposit",
    "fraudulent_tokens",
    "blacklists",
];

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn demo_inputs(dir: &Path, m: &str) -> Inputs {
    solvent_security::demo::write_inputs(dir, month(m), &["BTC".into(), "USDT".into()]).unwrap()
}

#[test]
fn sections_not_given_are_not_reported_never_zero() {
    let report = build(month("2026-12"), &Inputs::default(), &[]).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["format"], "solvent-security-report-v1");
    assert_eq!(json["month"], "2026-12");
    // The sections in the page's order, as written.
    let text = serde_json::to_string(&report).unwrap();
    let at: Vec<usize> = SECTIONS
        .iter()
        .map(|k| text.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    for key in SECTIONS {
        let section = &json["sections"][key];
        assert_eq!(section["status"], "NOT_REPORTED", "{key}");
        assert_eq!(
            section.as_object().unwrap().len(),
            2,
            "{key}: status and reason only"
        );
    }
    let html = solvent_security::html::render(&report);
    assert_eq!(html.matches("data-status=\"NOT_REPORTED\"").count(), 9);
    assert!(!html.contains("<table"), "no figure of any kind");
    // Nothing counted, so the history holds an empty month.
    assert!(report.history[0].counts.is_empty());
}

#[test]
fn the_engines_outputs_fill_every_section_but_proof_of_reserves() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = demo_inputs(dir.path(), "2026-12");
    let report = build(month("2026-12"), &inputs, &[]).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    for key in &SECTIONS[1..] {
        assert_eq!(json["sections"][key]["status"], "REPORTED", "{key}");
    }
    let s = &json["sections"];
    assert_eq!(s["api_security"]["keys"], 40);
    assert_eq!(s["rookie_protection"]["users"], 50);
    assert_eq!(s["wrong_deposit"]["reports"], 6);
    assert_eq!(s["fraudulent_tokens"]["flagged"], 3);
    assert_eq!(s["blacklists"]["listed_addresses"], 40);
    assert_eq!(s["anti_phishing"]["blocked"], 2);
    // The safety fund got 10 + 20 + 30 BTC over three months: 60 at the
    // end, 30 of them in December; funds carry no USD without a round.
    let btc = &s["safety_fund"]["assets"][0];
    assert_eq!(
        (btc["asset"].as_str(), btc["balance"].as_str()),
        (Some("BTC"), Some("60"))
    );
    assert_eq!(btc["inflows"], "30");
    assert_eq!(s["safety_fund"]["total_usd"], serde_json::Value::Null);
    assert_eq!(s["safety_fund"]["months"].as_array().unwrap().len(), 12);
    assert_eq!(
        s["safety_fund"]["months"][8]["balances"],
        serde_json::json!({})
    );
    // The risk provision fund is apart from the safety fund.
    assert_eq!(s["risk_provision_fund"]["assets"][0]["asset"], "USDT");
    assert_eq!(s["risk_provision_fund"]["assets"][0]["balance"], "51000");
}

#[test]
fn months_accumulate_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.redb");
    for m in ["2026-11", "2026-12"] {
        let inputs = demo_inputs(&dir.path().join(m), m);
        produce(
            month(m),
            &inputs,
            &dir.path().join(format!("out-{m}")),
            &history,
        )
        .unwrap();
    }
    let written: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out-2026-12").join(SECURITY_JSON)).unwrap(),
    )
    .unwrap();
    let months: Vec<&str> = written["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-11", "2026-12"]);
    let html = std::fs::read_to_string(dir.path().join("out-2026-12").join(SECURITY_HTML)).unwrap();
    assert!(html.contains("id=\"history-chart\""));
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn a_wrong_file_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo_inputs(dir.path(), "2026-12");
    let out = dir.path().join("out");
    let history = dir.path().join("history.redb");
    let refused = |inputs: Inputs, m: &str, expected: &str| {
        let e = produce(month(m), &inputs, &out, &history)
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{e} lacks {expected}");
        assert!(!out.join(SECURITY_JSON).exists() && !out.join(SECURITY_HTML).exists());
    };
    // Another command's figures in a section's place.
    refused(
        Inputs {
            keys: good.tokens.clone(),
            ..Inputs::default()
        },
        "2026-12",
        "field `format` is `solvent-token-stats-v1`, not `solvent-keys-audit-v1`",
    );
    // Last month's figures.
    for (inputs, expected) in [
        (
            Inputs {
                tokens: good.tokens.clone(),
                ..Inputs::default()
            },
            "field `month`: 2026-12 is not in the report's month 2027-01",
        ),
        (
            Inputs {
                keys: good.keys.clone(),
                ..Inputs::default()
            },
            "field `as_of`: 2026-12-31 is not in the report's month 2027-01",
        ),
        (
            Inputs {
                cooling_off: good.cooling_off.clone(),
                ..Inputs::default()
            },
            "field `from`: 2026-12-01 is not in the report's month 2027-01",
        ),
        (
            Inputs {
                screen: good.screen.clone(),
                ..Inputs::default()
            },
            "field `month`: 2026-12 is not in the report's month 2027-01",
        ),
    ] {
        refused(inputs, "2027-01", expected);
    }
    // A tampered funds ledger: an entry changed after it was chained.
    let ledger = good.funds.clone().unwrap();
    let text = std::fs::read_to_string(&ledger).unwrap();
    let tampered = dir.path().join("tampered.jsonl");
    std::fs::write(
        &tampered,
        text.replacen("monthly allocation", "monthly allocations", 1),
    )
    .unwrap();
    refused(
        Inputs {
            funds: Some(tampered),
            ..Inputs::default()
        },
        "2026-12",
        "tampered.jsonl: line 1",
    );
    // A file that is not there, or not JSON.
    refused(
        Inputs {
            deposits: Some(dir.path().join("missing.json")),
            ..Inputs::default()
        },
        "2026-12",
        "cannot read",
    );
    refused(
        Inputs {
            por: Some(dir.path().to_owned()),
            ..Inputs::default()
        },
        "2026-12",
        "report.json",
    );
}
