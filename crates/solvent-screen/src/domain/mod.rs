//! Screening of domains: is this URL's host on a phishing blocklist, or
//! does it imitate a protected brand?
//!
//! The rules ([`Rule`]) run on the host as a browser sees it ([`Host`]):
//! an allowlisted or protected domain is ALLOW whatever else matches; a
//! listed one is BLOCK; then each brand is compared by MetaMask's own
//! fuzzy rule (so solvent blocks whatever `eth-phishing-detect` blocks),
//! and by rules that cut the host at its public suffix ([`Suffixes`]) and
//! compare names as written and as UTS #39 confusable skeletons, which
//! catch what the fuzzy rule cannot see: a homoglyph hidden in punycode,
//! a typo under a subdomain or a multi-label suffix, the brand's name
//! among other words or in an unrelated domain's subdomains.

mod config;
mod host;
mod names;
mod verdict;

use std::sync::Arc;

use rustc_hash::FxHashSet;

pub use config::{
    default_tolerance, load_brands, parse_brands, Listed, PhishingConfig, ProtectedBrand,
    RejectedDomain, DEFAULT_TOLERANCE,
};
pub use host::{Host, HostError};
pub use names::Suffixes;
pub use verdict::{DomainReport, DomainVerdict, Reason, Rule};

use host::parents;
use names::{has_word, skeleton, Parts};

/// Domains whose subdomains are theirs too.
#[derive(Default)]
struct DomainSet(FxHashSet<Box<str>>);

impl DomainSet {
    /// The entry `host` is, or is a subdomain of.
    fn find(&self, host: &str) -> Option<&str> {
        parents(host).find_map(|d| self.0.get(d).map(|e| &**e))
    }
}

/// Where a brand comes from, which decides the rules it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// `--brands`: the exchange's own.
    Protected,
    /// A phishing configuration's fuzzylist: MetaMask's fuzzy rule too.
    Fuzzylist,
}

/// A brand the name rules protect.
struct Brand {
    /// Its domain (ASCII) as configured, or its bare name.
    domain: Box<str>,
    tolerance: usize,
    /// MetaMask's fuzzy form (all but the last label), for fuzzylist
    /// brands.
    fuzzy: Option<String>,
    /// The labels before its public suffix, as written and as one
    /// skeleton, and how many there are.
    name: String,
    name_skeleton: String,
    labels: usize,
    /// Its registrable label's skeleton (the word combosquats use).
    word: String,
    /// Every label's skeleton, suffix included (empty for a bare name).
    domain_skeletons: Vec<String>,
}

impl Brand {
    fn new(suffixes: &Suffixes, host: &Host, origin: Origin, tolerance: Option<usize>) -> Self {
        let unicode = host.unicode();
        let name: Vec<&str> = match Parts::of(suffixes, &host.ascii, unicode) {
            Some(parts) => parts.name,
            None => unicode.split('.').collect(),
        };
        let word = skeleton(name[name.len() - 1]);
        let fuzzy = (origin == Origin::Fuzzylist).then(|| {
            host.ascii
                .rsplit_once('.')
                .map_or(String::new(), |(rest, _)| rest.to_owned())
        });
        let is_domain = name.len() < unicode.split('.').count();
        Brand {
            domain: host.ascii.clone().into(),
            tolerance: tolerance
                .unwrap_or_else(|| default_tolerance(name[name.len() - 1].chars().count())),
            fuzzy,
            name_skeleton: name
                .iter()
                .map(|l| skeleton(l))
                .collect::<Vec<_>>()
                .join("."),
            labels: name.len(),
            name: name.join("."),
            word,
            domain_skeletons: if is_domain {
                unicode.split('.').map(skeleton).collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// Levenshtein distance of `a` and `b` (in characters), where it is at
/// most `tolerance`.
fn within(a: &str, b: &str, tolerance: usize) -> Option<usize> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > tolerance {
        return None;
    }
    Some(strsim::levenshtein(a, b)).filter(|&d| d <= tolerance)
}

/// Screens hosts against a phishing configuration and protected brands.
pub struct DomainScreener {
    suffixes: Arc<Suffixes>,
    protected: DomainSet,
    allow: DomainSet,
    block: DomainSet,
    brands: Vec<Brand>,
    rejected: Vec<RejectedDomain>,
}

impl DomainScreener {
    /// A screener with no lists yet, cutting hosts by `suffixes` (shared
    /// by the screeners of a caller that reloads its lists).
    pub fn new(suffixes: impl Into<Arc<Suffixes>>) -> Self {
        DomainScreener {
            suffixes: suffixes.into(),
            protected: DomainSet::default(),
            allow: DomainSet::default(),
            block: DomainSet::default(),
            brands: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Adds a phishing configuration's lists.
    pub fn add_phishing_config(&mut self, config: PhishingConfig) {
        let names = |list: Vec<Listed>| list.into_iter().map(|l| l.host.ascii.into_boxed_str());
        self.allow.0.extend(names(config.allowlist));
        self.block.0.extend(names(config.blocklist));
        for (listed, tolerance) in config.fuzzylist {
            let brand = Brand::new(
                &self.suffixes,
                &listed.host,
                Origin::Fuzzylist,
                Some(tolerance),
            );
            self.brands.push(brand);
        }
        self.rejected.extend(config.rejected);
    }

    /// Adds the exchange's own brands: their domains are ALLOW, and names
    /// that imitate them are not.
    pub fn add_brands(&mut self, brands: Vec<ProtectedBrand>) {
        for b in brands {
            let brand = Brand::new(&self.suffixes, &b.host, Origin::Protected, b.tolerance);
            if !brand.domain_skeletons.is_empty() {
                self.protected.0.insert(brand.domain.clone());
            }
            self.brands.push(brand);
        }
    }

    /// Configuration entries that are not host names.
    pub fn rejected(&self) -> &[RejectedDomain] {
        &self.rejected
    }

    /// Screens one URL or host.
    pub fn screen<'a>(&'a self, input: &'a str) -> DomainReport<'a> {
        let input = input.trim();
        let host = match Host::parse(input) {
            Ok(host) => host,
            Err(e) => {
                return DomainReport {
                    input,
                    host: input.to_owned(),
                    host_unicode: None,
                    registrable_domain: None,
                    verdict: DomainVerdict::Invalid,
                    reasons: Vec::new(),
                    error: Some(e.to_string()),
                }
            }
        };
        let parts = (!host.is_ip)
            .then(|| Parts::of(&self.suffixes, &host.ascii, host.unicode()))
            .flatten();
        let reasons = self.reasons(&host, parts.as_ref());
        DomainReport {
            input,
            registrable_domain: parts.map(|p| p.registrable.to_owned()),
            verdict: reasons
                .iter()
                .map(|r| r.rule.verdict())
                .max()
                .unwrap_or(DomainVerdict::None),
            reasons,
            host_unicode: host.unicode,
            host: host.ascii,
            error: None,
        }
    }

    fn reasons(&self, host: &Host, parts: Option<&Parts>) -> Vec<Reason<'_>> {
        let listed = |rule, set| listed(rule, set, &host.ascii);
        // The allowlist wins over every other rule, the blocklist over the
        // brand rules.
        if let Some(r) = listed(Rule::Protected, &self.protected)
            .or_else(|| listed(Rule::Allowlist, &self.allow))
            .or_else(|| listed(Rule::Blocklist, &self.block))
        {
            return vec![r];
        }
        if host.is_ip {
            return Vec::new();
        }
        // MetaMask's fuzzy form: all but the last label, less its first
        // `www.` wherever it is (as `String.replace` does).
        let fuzzy = host
            .ascii
            .rsplit_once('.')
            .map_or(String::new(), |(rest, _)| rest.replacen("www.", "", 1));
        let mut reasons = Vec::new();
        for brand in &self.brands {
            let reason = |rule, distance| Reason {
                rule,
                brand: &brand.domain,
                distance,
            };
            if let Some(target) = &brand.fuzzy {
                if brand.tolerance > 0 {
                    if let Some(d) = within(&fuzzy, target, brand.tolerance) {
                        reasons.push(reason(Rule::Fuzzy, Some(d)));
                        continue;
                    }
                }
            }
            let Some(parts) = parts else { continue };
            if let Some((rule, distance)) = Self::name_rule(brand, parts) {
                reasons.push(reason(rule, distance));
            }
        }
        reasons
    }

    /// The first of the suffix-aware rules that `parts` meets for `brand`.
    fn name_rule(brand: &Brand, parts: &Parts) -> Option<(Rule, Option<usize>)> {
        let n = parts.name.len();
        if n >= brand.labels {
            let written = parts.name[n - brand.labels..].join(".");
            let written = within(&written, &brand.name, brand.tolerance);
            let skeleton = parts.skeletons[n - brand.labels..].join(".");
            let skeleton = within(&skeleton, &brand.name_skeleton, brand.tolerance);
            // Confusable characters explain the likeness where the
            // skeletons are closer than the names as written.
            match (written, skeleton) {
                (Some(w), Some(s)) if s < w => return Some((Rule::Homoglyph, Some(s))),
                (Some(w), _) => return Some((Rule::Lookalike, Some(w))),
                (None, Some(s)) => return Some((Rule::Homoglyph, Some(s))),
                (None, None) => {}
            }
        }
        let subdomains = parts.subdomains();
        let k = brand.domain_skeletons.len();
        if k > 0 && subdomains.windows(k).any(|w| w == brand.domain_skeletons) {
            return Some((Rule::BrandDomainInSubdomain, None));
        }
        if has_word(parts.label().1, &brand.word) {
            return Some((Rule::Combosquat, None));
        }
        if subdomains
            .iter()
            .any(|l| *l == brand.word || has_word(l, &brand.word))
        {
            return Some((Rule::BrandInSubdomain, None));
        }
        None
    }
}

/// The `rule` reason for `host`, where `set` lists it.
fn listed<'a>(rule: Rule, set: &'a DomainSet, host: &str) -> Option<Reason<'a>> {
    set.find(host).map(|brand| Reason {
        rule,
        brand,
        distance: None,
    })
}
