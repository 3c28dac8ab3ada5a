//! Each domain rule, and attacks on each verdict, on the real Public Suffix
//! List (Debian's `publicsuffix` package, or `$SOLVENT_PSL`).

mod common;

use std::path::Path;

use proptest::prelude::*;

use solvent_screen::domain::{
    parse_brands, DomainScreener, DomainVerdict, Host, PhishingConfig, Rule,
};

fn screener() -> DomainScreener {
    let mut s = DomainScreener::new(common::suffixes());
    s.add_brands(parse_brands("okx.com\nokcoin.com 1\nmetamask.io 2\n").unwrap());
    let config = r#"{"tolerance": 2, "fuzzylist": ["opensea.io", "launchpad.ethereum.org"],
        "whitelist": ["opensea.io", "openseas.io"], "blacklist": ["opensea-drop.xyz", "evil.io"]}"#;
    s.add_phishing_config(PhishingConfig::parse(Path::new("config.json"), config).unwrap());
    s
}

/// The verdict and the rules behind it.
fn check(s: &DomainScreener, input: &str) -> (DomainVerdict, Vec<(Rule, String, Option<usize>)>) {
    let r = s.screen(input);
    let reasons = r
        .reasons
        .iter()
        .map(|r| (r.rule, r.brand.to_owned(), r.distance))
        .collect();
    (r.verdict, reasons)
}

#[test]
fn protected_and_allowlisted_domains_are_allowed_whatever_else_matches() {
    let s = screener();
    for host in [
        "okx.com",
        "www.okx.com",
        "https://WWW.OKX.COM/login",
        "openseas.io",
    ] {
        assert_eq!(check(&s, host).0, DomainVerdict::Allow, "{host}");
    }
    // Within the fuzzy distance of opensea.io, but allowlisted.
    let (v, reasons) = check(&s, "openseas.io");
    assert_eq!(v, DomainVerdict::Allow);
    assert_eq!(reasons, [(Rule::Allowlist, "openseas.io".into(), None)]);
}

#[test]
fn listed_domains_and_their_subdomains_are_blocked() {
    let s = screener();
    assert_eq!(
        check(&s, "claim.opensea-drop.xyz"),
        (
            DomainVerdict::Block,
            vec![(Rule::Blocklist, "opensea-drop.xyz".into(), None)]
        )
    );
    // A parent of a listed domain is not listed.
    assert_ne!(check(&s, "xyz").0, DomainVerdict::Block);
    // Not a suffix match across a label.
    assert_ne!(check(&s, "notevil.io").0, DomainVerdict::Block);
}

#[test]
fn typos_of_a_brand_are_blocked_with_the_distance() {
    let s = screener();
    assert_eq!(
        check(&s, "0kx.com").1,
        [(Rule::Homoglyph, "okx.com".into(), Some(0))]
    );
    assert_eq!(
        check(&s, "okx.co.uk").1,
        [(Rule::Lookalike, "okx.com".into(), Some(0))]
    );
    assert_eq!(
        check(&s, "okcoinn.com").1,
        [(Rule::Lookalike, "okcoin.com".into(), Some(1))]
    );
    // Short names have no tolerance by default: one edit is another name.
    assert_eq!(check(&s, "oka.com").0, DomainVerdict::None);
    // MetaMask's fuzzy rule for fuzzylist brands.
    assert_eq!(
        check(&s, "opensae.io").1,
        [(Rule::Fuzzy, "opensea.io".into(), Some(2))]
    );
    // A typo under a subdomain, which the fuzzy rule does not see.
    assert_eq!(
        check(&s, "login.metamsk.io").1,
        [(Rule::Lookalike, "metamask.io".into(), Some(1))]
    );
    // A multi-label brand compares as many labels.
    assert_eq!(
        check(&s, "app.launchpad.etherum.org").1,
        [(Rule::Lookalike, "launchpad.ethereum.org".into(), Some(1))]
    );
}

#[test]
fn homoglyphs_in_punycode_are_blocked() {
    let s = screener();
    // Cyrillic а (U+0430) for a, as the browser sends it.
    let r = s.screen("https://xn--metmask-4fg.io/");
    assert_eq!(r.host_unicode.as_deref(), Some("metаmask.io"));
    assert_eq!(r.verdict, DomainVerdict::Block);
    assert_eq!(r.reasons[0].rule, Rule::Homoglyph);
    assert_eq!(r.reasons[0].distance, Some(0));
    // Beyond the tolerance as written, equal as skeletons.
    let (v, reasons) = check(&s, "оkсоіn.com");
    assert_eq!(v, DomainVerdict::Block);
    assert_eq!(reasons[0].0, Rule::Homoglyph);
    assert_eq!(check(&s, "rnetarnask.io").1[0].0, Rule::Homoglyph);
}

#[test]
fn combosquats_and_brands_in_subdomains_are_flagged() {
    let s = screener();
    assert_eq!(
        check(&s, "okx-wallet.com"),
        (
            DomainVerdict::Warn,
            vec![(Rule::Combosquat, "okx.com".into(), None)]
        )
    );
    assert_eq!(check(&s, "metamasksupport.net").1[0].0, Rule::Combosquat);
    assert_eq!(
        check(&s, "okx.login-secure.net").1,
        [(Rule::BrandInSubdomain, "okx.com".into(), None)]
    );
    assert_eq!(
        check(&s, "okx.com.login-secure.net"),
        (
            DomainVerdict::Block,
            vec![(Rule::BrandDomainInSubdomain, "okx.com".into(), None)]
        )
    );
    // Words that merely contain a short name are not combosquats.
    assert_eq!(check(&s, "tokxyz.com").0, DomainVerdict::None);
}

#[test]
fn unrelated_hosts_addresses_and_bad_input() {
    let s = screener();
    let r = s.screen("https://www.example.co.uk/x");
    assert_eq!(r.verdict, DomainVerdict::None);
    assert_eq!(r.registrable_domain.as_deref(), Some("example.co.uk"));
    let r = s.screen("http://192.168.1.1/");
    assert_eq!(r.verdict, DomainVerdict::None);
    assert_eq!(r.registrable_domain, None);
    let r = s.screen("exa mple.com");
    assert_eq!(r.verdict, DomainVerdict::Invalid);
    assert!(r.error.is_some());
    let json = serde_json::to_value(s.screen("okx-wallet.com")).unwrap();
    assert_eq!(json["host"], "okx-wallet.com");
    assert_eq!(json["registrable_domain"], "okx-wallet.com");
    assert_eq!(json["verdict"], "WARN");
    assert_eq!(json["reasons"][0]["rule"], "combosquat");
    assert_eq!(json["reasons"][0]["brand"], "okx.com");
    assert_eq!(json["reasons"][0]["distance"], serde_json::Value::Null);
}

proptest! {
    /// A host's ASCII form is a fixed point, whatever case or URL wraps it,
    /// and screening never fails on it.
    #[test]
    fn a_host_parses_to_one_form(
        labels in prop::collection::vec("[a-zA-Z0-9а-яé-]{1,12}", 1..4),
        tld in "(com|io|co\\.uk|xyz|рф)",
        wrap in 0..3usize,
    ) {
        let name = format!("{}.{tld}", labels.join("."));
        let input = match wrap {
            0 => name.clone(),
            1 => format!("https://user@{}/path?q=1", name.to_uppercase()),
            _ => format!("{name}.:8443"),
        };
        if let Ok(host) = Host::parse(&input) {
            prop_assert_eq!(&Host::parse(&host.ascii).unwrap(), &host);
            prop_assert_eq!(&Host::parse(&name).unwrap().ascii, &host.ascii);
            if let Some(unicode) = &host.unicode {
                prop_assert_eq!(&Host::parse(unicode).unwrap().ascii, &host.ascii);
            }
            let s = screener();
            let r = s.screen(&input);
            prop_assert_eq!(&r.host, &host.ascii);
            if let Some(d) = &r.registrable_domain {
                prop_assert!(host.ascii.ends_with(d.as_str()));
            }
        } else {
            prop_assert!(Host::parse(&name).is_err());
        }
    }
}
