//! The key audit on a hand-made export (testdata/keys) that fires each
//! rule, and on exports that cannot be used.

use solvent_model::Day;
use solvent_policy::keys::{audit, Action, Policy, Rule, UnboundAction};

fn testdata(name: &str) -> String {
    let path = format!("{}/../../testdata/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn as_of() -> Day {
    "2026-12-01".parse().unwrap()
}

#[test]
fn each_rule_fires_on_its_key_and_the_strongest_action_wins() {
    let policy = Policy::parse(&testdata("policy.toml")).unwrap();
    let audit = audit(testdata("export.csv").as_bytes(), &policy, as_of()).unwrap();
    let decided = |id: &str| {
        audit
            .decisions
            .iter()
            .find(|d| d.key_id == id)
            .map(|d| (d.action, d.rules.clone()))
    };
    use Action::*;
    use Rule::*;
    assert_eq!(decided("k-keep"), None);
    assert_eq!(decided("k-new-unbound"), None, "within its grace period");
    assert_eq!(decided("k-idle"), Some((Purge, vec![Idle])));
    assert_eq!(decided("k-never"), Some((Purge, vec![Idle])));
    assert_eq!(decided("k-unbound"), Some((Restrict, vec![Unbound])));
    assert_eq!(
        decided("k-withdraw-no-ip"),
        Some((RevokeWithdraw, vec![WithdrawWithoutIpBinding]))
    );
    assert_eq!(
        decided("k-withdraw-no-2fa"),
        Some((RevokeWithdraw, vec![WithdrawWithout2fa]))
    );
    assert_eq!(
        decided("k-everything"),
        Some((
            Purge,
            vec![WithdrawWithoutIpBinding, WithdrawWithout2fa, Idle, Unbound]
        ))
    );
    assert_eq!(audit.keys, 8);
    let json = serde_json::to_value(&audit).unwrap();
    assert_eq!(
        json["by_action"],
        serde_json::json!({"PURGE": 3, "RESTRICT": 1, "REVOKE_WITHDRAW": 2, "KEEP": 2})
    );
    assert_eq!(
        json["by_rule"],
        serde_json::json!({"idle": 3, "unbound": 2, "withdraw_without_ip_binding": 2, "withdraw_without_2fa": 2})
    );
    let never = audit
        .decisions
        .iter()
        .find(|d| d.key_id == "k-never")
        .unwrap();
    assert!(
        never.reasons[0].contains("never used, created 2026-08-15"),
        "{never:?}"
    );

    // Purging unbound keys instead of restricting them.
    let strict = Policy {
        unbound_action: UnboundAction::Purge,
        ..policy
    };
    let audit =
        solvent_policy::keys::audit(testdata("export.csv").as_bytes(), &strict, as_of()).unwrap();
    let unbound = audit
        .decisions
        .iter()
        .find(|d| d.key_id == "k-unbound")
        .unwrap();
    assert_eq!(unbound.action, Purge);
}

#[test]
fn an_unusable_row_is_named_by_line_and_field() {
    let policy = Policy::parse(&testdata("policy.toml")).unwrap();
    let good = testdata("export.csv");
    let header = good.lines().next().unwrap();
    for (row, says) in [
        ("k9,u9,2026-13-01,,read,,true", "line 2: field `created`"),
        (
            "k9,u9,2026-11-01,2026-10-01,read,,true",
            "line 2: field `last_used`",
        ),
        ("k9,u9,2026-12-02,,read,,true", "after the audit day"),
        (
            "k9,u9,2026-11-01,,read|admin,,true",
            "line 2: field `permissions`: `admin`",
        ),
        (
            "k9,u9,2026-11-01,,read,10.0.0.0/33,true",
            "line 2: field `ip_allowlist`",
        ),
        (
            "k9,u9,2026-11-01,,read,localhost,true",
            "line 2: field `ip_allowlist`",
        ),
        ("k9,u9,2026-11-01,,read,,yes", "line 2: field `user_2fa`"),
        (",u9,2026-11-01,,read,,true", "line 2: field `key_id`"),
        ("k9,u9,2026-11-01,,read,true", "line 2: "),
    ] {
        let text = format!("{header}\n{row}\n");
        let e = audit(text.as_bytes(), &policy, as_of()).unwrap_err();
        assert!(
            e.to_string().starts_with(says) || e.to_string().contains(says),
            "{row}: {e}"
        );
    }
    let e = audit("key_id,user_id\nk,u\n".as_bytes(), &policy, as_of()).unwrap_err();
    assert!(e.to_string().contains("lacks the column `created`"), "{e}");
    // A policy with a misspelt field is refused, not half-read.
    assert!(Policy::parse(
        "idle_days = 90\nunbound_grace_days = 14\nunbound_action = \"restrict\"\nidle_dayz = 1\n"
    )
    .is_err());
    assert!(Policy::parse(
        "idle_days = -1\nunbound_grace_days = 14\nunbound_action = \"restrict\"\n"
    )
    .is_err());
}

mod property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any row is decided or refused with its line, never a panic; and
        /// the counts always add up to the keys read.
        #[test]
        fn any_row_is_decided_or_refused(row in "[a-z0-9:./|,TZ -]{0,60}") {
            let policy = Policy::parse(&testdata("policy.toml")).unwrap();
            let text = format!("key_id,user_id,created,last_used,permissions,ip_allowlist,user_2fa\n{row}\n");
            match audit(text.as_bytes(), &policy, as_of()) {
                Ok(a) => prop_assert_eq!(a.by_action.values().sum::<u64>(), a.keys),
                Err(e) => prop_assert!(e.to_string().starts_with("line ")),
            }
        }
    }
}
