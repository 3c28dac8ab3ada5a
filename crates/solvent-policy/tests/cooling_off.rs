//! The cooling-off rules, each attacked at its edge: an order one second
//! early or a hundredth of leverage over is denied, one at the boundary is
//! allowed; malformed lines are refused with their line and field.

use proptest::prelude::*;
use solvent_policy::cooling_off::{replay, Policy, ReplayError, Rule, Stats, Verdict};

fn policy() -> Policy {
    Policy::parse(include_str!("../../../testdata/cooling-off/policy.toml")).unwrap()
}

/// An order's verdict and rule.
type Decided = (Verdict, Option<Rule>);

fn decide(lines: &[String]) -> Result<(Vec<Decided>, Stats), ReplayError> {
    let text = lines.join("\n");
    let mut out = Vec::new();
    let stats = replay(text.as_bytes(), &policy(), |d| {
        out.push((d.decision.verdict, d.decision.rule));
        Ok(())
    })?;
    Ok((out, stats))
}

fn account(time: &str, user: &str) -> String {
    format!(r#"{{"event":"account","time":"{time}","user":"{user}"}}"#)
}

fn order(time: &str, user: &str, id: &str, leverage: &str) -> String {
    format!(
        r#"{{"event":"order","time":"{time}","user":"{user}","id":"{id}","market":"derivatives","leverage":"{leverage}"}}"#
    )
}

fn pnl(time: &str, user: &str, pnl: &str, equity: &str) -> String {
    format!(
        r#"{{"event":"pnl","time":"{time}","user":"{user}","pnl":"{pnl}","equity":"{equity}"}}"#
    )
}

fn verdicts(lines: &[String]) -> Vec<Decided> {
    decide(lines).unwrap().0
}

const ALLOW: Decided = (Verdict::Allow, None);
fn deny(rule: Rule) -> Decided {
    (Verdict::Deny, Some(rule))
}

#[test]
fn the_test_vector_replays_to_its_decisions() {
    let events = include_str!("../../../testdata/cooling-off/events.jsonl");
    let expected: Vec<serde_json::Value> =
        include_str!("../../../testdata/cooling-off/decisions.jsonl")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let mut got = Vec::new();
    replay(events.as_bytes(), &policy(), |d| {
        got.push(serde_json::to_value(d.record(&policy())).unwrap());
        Ok(())
    })
    .unwrap();
    assert_eq!(got, expected);
}

#[test]
fn a_young_account_waits_to_the_second() {
    let v = verdicts(&[
        account("2026-12-01T00:00:00Z", "a"),
        order("2026-12-01T23:59:59Z", "a", "early", "1"),
        order("2026-12-02T00:00:00Z", "a", "on time", "1"),
    ]);
    assert_eq!(v, [deny(Rule::AccountAge), ALLOW]);
}

#[test]
fn the_leverage_cap_holds_through_the_rookie_period() {
    let v = verdicts(&[
        account("2026-10-01T00:00:00Z", "a"),
        // Denied: does not start the rookie period.
        order("2026-11-01T00:00:00Z", "a", "", "10.01"),
        order("2026-11-02T00:00:00Z", "a", "", "10"),
        order("2026-12-01T23:59:59Z", "a", "", "10.01"),
        order("2026-12-02T00:00:00Z", "a", "", "100"),
    ]);
    assert_eq!(
        v,
        [
            deny(Rule::RookieLeverage),
            ALLOW,
            deny(Rule::RookieLeverage),
            ALLOW
        ]
    );
}

#[test]
fn a_loss_above_the_threshold_cools_off_new_positions_only() {
    let lines = |second_loss: &str| {
        vec![
            account("2026-10-01T00:00:00Z", "a"),
            order("2026-11-01T00:00:00Z", "a", "", "2"),
            pnl("2026-12-01T00:00:00Z", "a", "-3000", "10000"),
            // A profit between the losses counts against them.
            pnl("2026-12-01T01:00:00Z", "a", "500", "7000"),
            pnl("2026-12-01T02:00:00Z", "a", second_loss, "7500"),
            order("2026-12-01T03:00:00Z", "a", "", "2"),
            r#"{"event":"order","time":"2026-12-01T03:00:00Z","user":"a","market":"derivatives","leverage":"2","reduce_only":true}"#.into(),
            r#"{"event":"order","time":"2026-12-01T03:00:00Z","user":"a","market":"spot"}"#.into(),
            order("2026-12-02T01:59:59Z", "a", "", "2"),
            order("2026-12-02T02:00:00Z", "a", "", "2"),
        ]
    };
    // Net -5000 of 10000 is 50%, not above it.
    let (v, stats) = decide(&lines("-2500")).unwrap();
    assert!(v.iter().all(|d| d.0 == Verdict::Allow), "{v:?}");
    assert_eq!(stats.cooling_offs, 0);
    let (v, stats) = decide(&lines("-2500.00000001")).unwrap();
    assert_eq!(
        v,
        [
            ALLOW,
            deny(Rule::LossCoolingOff),
            ALLOW,
            ALLOW,
            deny(Rule::LossCoolingOff),
            ALLOW
        ]
    );
    assert_eq!((stats.cooling_offs, stats.users_cooled_off), (1, 1));
}

#[test]
fn losses_further_apart_than_the_window_do_not_add_up() {
    let lines = |second: &str| {
        vec![
            account("2026-10-01T00:00:00Z", "a"),
            pnl("2026-12-01T00:00:00Z", "a", "-3000", "10000"),
            pnl(second, "a", "-3000", "7000"),
            order("2026-12-02T12:00:00Z", "a", "", "2"),
        ]
    };
    assert_eq!(verdicts(&lines("2026-12-02T00:00:00Z")), [ALLOW]);
    assert_eq!(
        verdicts(&lines("2026-12-01T23:59:59Z")),
        [deny(Rule::LossCoolingOff)]
    );
}

#[test]
fn an_account_the_stream_never_opened_trades_no_derivatives() {
    let v = verdicts(&[
        order("2026-12-01T00:00:00Z", "ghost", "", "1"),
        r#"{"event":"order","time":"2026-12-01T00:00:00Z","user":"ghost","market":"spot"}"#.into(),
    ]);
    assert_eq!(v, [deny(Rule::UnknownAccount), ALLOW]);
}

#[test]
fn a_stream_the_rules_cannot_follow_is_refused_with_its_line_and_field() {
    let refused = |lines: &[String], expected: &str| {
        let e = decide(lines).unwrap_err().to_string();
        assert!(e.contains(expected), "{e} lacks {expected}");
    };
    let a = account("2026-12-01T00:00:00Z", "a");
    refused(
        &[a.clone(), account("2026-11-30T00:00:00Z", "b")],
        "line 2: field `time`: 2026-11-30T00:00:00Z is before the previous event's",
    );
    refused(
        &[a.clone(), a.clone()],
        "line 2: field `event`: the account of user `a` is opened a second time",
    );
    for (line, expected) in [
        (
            r#"{"event":"trade","time":"2026-12-01T00:00:00Z","user":"a"}"#,
            "field `event`: `trade` is not account, order or pnl",
        ),
        (
            r#"{"event":"order","time":"2026-12-01","user":"a","market":"spot"}"#,
            "field `time`",
        ),
        (
            r#"{"event":"order","time":"2026-12-01T00:00:00Z","user":"a","market":"futures"}"#,
            "unknown variant `futures`",
        ),
        (
            r#"{"event":"order","time":"2026-12-01T00:00:00Z","user":"a","market":"derivatives"}"#,
            "field `leverage`: missing",
        ),
        (
            r#"{"event":"order","time":"2026-12-01T00:00:00Z","user":"a","market":"derivatives","leverage":"0.5"}"#,
            "field `leverage`: `0.5` is not 1 to 1000",
        ),
        (
            r#"{"event":"order","time":"2026-12-01T00:00:00Z","user":"a","market":"derivatives","leverage":"2.001"}"#,
            "field `leverage`: `2.001` has more than 2 decimals",
        ),
        (
            r#"{"event":"order","time":"2026-12-01T00:00:00Z","user":"a","market":"spot","leverage":"2"}"#,
            "field `leverage`: a spot order carries no leverage",
        ),
        (
            r#"{"event":"order","time":"2026-12-01T00:00:00Z","user":"a","market":"spot","pnl":"1"}"#,
            "field `pnl`: not a field of a `order` event",
        ),
        (
            r#"{"event":"pnl","time":"2026-12-01T00:00:00Z","user":"a","pnl":"-1","equity":"0"}"#,
            "field `equity`: zero",
        ),
        (
            r#"{"event":"pnl","time":"2026-12-01T00:00:00Z","user":"a","pnl":"--1","equity":"1"}"#,
            "field `pnl`: `--1` is not a decimal number",
        ),
        (
            r#"{"event":"pnl","time":"2026-12-01T00:00:00Z","user":"a","pnl":"1","equity":"-1"}"#,
            "field `equity`: `-1` is not a non-negative decimal number",
        ),
        (
            r#"{"event":"pnl","time":"2026-12-01T00:00:00Z","user":"a","pnl":"1e3","equity":"1"}"#,
            "field `pnl`",
        ),
        (
            r#"{"event":"account","time":"2026-12-01T00:00:00Z","user":"a","opened":"2026-12-02T00:00:00Z"}"#,
            "field `opened`: 2026-12-02T00:00:00Z is after",
        ),
        (
            r#"{"event":"account","time":"2026-12-01T00:00:00Z","user":"","opened":"2026-11-02T00:00:00Z"}"#,
            "field `user`: empty",
        ),
        (
            r#"{"event":"account","time":"2026-12-01T00:00:00Z","user":"a","colour":"red"}"#,
            "unknown field `colour`",
        ),
        ("not json", "line 2: expected"),
    ] {
        refused(&[a.clone(), line.to_owned()], expected);
    }
    refused(&[a, "x".repeat(5000)], "line 2: longer than 4096 bytes");
}

#[test]
fn a_policy_out_of_range_is_refused() {
    let text = include_str!("../../../testdata/cooling-off/policy.toml");
    let e =
        Policy::parse(&text.replace("loss_threshold_percent = 50", "loss_threshold_percent = 0"))
            .unwrap_err();
    assert!(e.to_string().contains("loss_threshold_percent"), "{e}");
    assert!(Policy::parse(&format!("{text}\nextra = 1")).is_err());
}

/// One user's events, at increasing seconds.
fn user_stream(user: &'static str) -> impl Strategy<Value = Vec<(u32, String)>> {
    let event = prop_oneof![
        (1u32..=40, any::<bool>()).prop_map(move |(lev, reduce)| {
            format!(r#""user":"{user}","market":"derivatives","leverage":"{lev}","reduce_only":{reduce},"event":"order""#)
        }),
        (-9000i64..3000).prop_map(move |p| {
            format!(r#""user":"{user}","pnl":"{p}","equity":"10000","event":"pnl""#)
        }),
    ];
    prop::collection::vec((0u32..200_000, event), 0..40).prop_map(move |mut v| {
        v.sort_by_key(|e| e.0);
        v
    })
}

fn lines(events: &[(u32, String)]) -> Vec<String> {
    let start = 1_796_083_200i64; // 2026-12-01T00:00:00Z
    events
        .iter()
        .map(|(t, body)| {
            let time = solvent_model::Timestamp::from_unix(start + i64::from(*t)).unwrap();
            format!(r#"{{"time":"{time}",{body}}}"#)
        })
        .collect()
}

proptest! {
    /// A user's decisions are the user's own: the same whether or not
    /// another user's events are interleaved with them.
    #[test]
    fn decisions_do_not_depend_on_other_users(a in user_stream("a"), b in user_stream("b")) {
        let opened = |u: &str| (0u32, format!(r#""event":"account","user":"{u}","opened":"2026-11-01T00:00:00Z""#));
        let mut alone = vec![opened("a")];
        alone.extend(a.iter().cloned());
        let mut both = vec![opened("a"), opened("b")];
        both.extend(a.iter().cloned().chain(b.iter().cloned()));
        both.sort_by_key(|e| e.0);
        let of_a = |lines: &[String]| -> Vec<Decided> {
            let text = lines.join("\n");
            let mut out = Vec::new();
            replay(text.as_bytes(), &policy(), |d| {
                if d.event.user == "a" {
                    out.push((d.decision.verdict, d.decision.rule));
                }
                Ok(())
            })
            .unwrap();
            out
        };
        prop_assert_eq!(of_a(&lines(&alone)), of_a(&lines(&both)));
    }
}
