//! What screening one domain says, and why.

use serde::Serialize;

/// The verdict on one screened URL or host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DomainVerdict {
    /// Not a URL or host name.
    Invalid,
    /// Nothing matched.
    None,
    /// Allowlisted, or a protected domain itself: this wins over any
    /// other rule.
    Allow,
    /// A weaker signal: a protected brand's name among other words.
    Warn,
    /// Listed, or imitating a protected brand.
    Block,
}

impl DomainVerdict {
    pub fn label(self) -> &'static str {
        match self {
            DomainVerdict::Block => "BLOCK",
            DomainVerdict::Warn => "WARN",
            DomainVerdict::Allow => "ALLOW",
            DomainVerdict::None => "NONE",
            DomainVerdict::Invalid => "INVALID",
        }
    }
}

impl Serialize for DomainVerdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// The rule behind a verdict. Each rule gives one verdict
/// ([`Rule::verdict`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The host is a protected domain or one of its subdomains (ALLOW).
    Protected,
    /// The host is on the phishing configuration's allowlist, or a
    /// subdomain of an entry (ALLOW).
    Allowlist,
    /// The host is on the blocklist, or a subdomain of an entry (BLOCK).
    Blocklist,
    /// MetaMask's own fuzzy rule: the host without its last label (and
    /// without its first `www.`) is within the tolerance of a fuzzylist
    /// entry without its last label, by Levenshtein distance (BLOCK).
    Fuzzy,
    /// The host's name under its public suffix (as many labels as the
    /// brand's name has) is within the brand's tolerance of the brand's
    /// name: a typo, a swapped suffix (`.co.uk`), or a typo under a
    /// subdomain (BLOCK).
    Lookalike,
    /// As `lookalike`, once both names are reduced to their UTS #39
    /// confusable skeletons, where that brings them closer: the host
    /// spells the brand with characters that look alike (`а` for `a`,
    /// `rn` for `m`) (BLOCK).
    Homoglyph,
    /// The brand's whole domain appears in the host's subdomains
    /// (`metamask.io.example.com`) (BLOCK).
    BrandDomainInSubdomain,
    /// The host's registrable name joins the brand's name with other
    /// words (`metamask-wallet`, `metamasksupport`) (WARN).
    Combosquat,
    /// A subdomain of an unrelated domain carries the brand's name
    /// (`metamask.example.com`, `metamask-login.example.com`) (WARN).
    BrandInSubdomain,
}

impl Rule {
    /// Its name in JSON and text.
    pub fn label(self) -> &'static str {
        match self {
            Rule::Protected => "protected",
            Rule::Allowlist => "allowlist",
            Rule::Blocklist => "blocklist",
            Rule::Fuzzy => "fuzzy",
            Rule::Lookalike => "lookalike",
            Rule::Homoglyph => "homoglyph",
            Rule::BrandDomainInSubdomain => "brand_domain_in_subdomain",
            Rule::Combosquat => "combosquat",
            Rule::BrandInSubdomain => "brand_in_subdomain",
        }
    }

    pub fn verdict(self) -> DomainVerdict {
        match self {
            Rule::Protected | Rule::Allowlist => DomainVerdict::Allow,
            Rule::Blocklist
            | Rule::Fuzzy
            | Rule::Lookalike
            | Rule::Homoglyph
            | Rule::BrandDomainInSubdomain => DomainVerdict::Block,
            Rule::Combosquat | Rule::BrandInSubdomain => DomainVerdict::Warn,
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason<'a> {
    pub rule: Rule,
    /// The brand imitated, or the listed domain that matched.
    pub brand: &'a str,
    /// The edit distance, for the distance rules.
    pub distance: Option<usize>,
}

/// One screened URL or host: the JSON Lines record of `solvent screen
/// domain`.
#[derive(Debug, Clone, Serialize)]
pub struct DomainReport<'a> {
    /// As given, trimmed.
    pub input: &'a str,
    /// The host in ASCII (punycode) form; the input when INVALID.
    pub host: String,
    /// The host in Unicode, where it has IDNA labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_unicode: Option<String>,
    /// The registrable domain by the Public Suffix List (none for an IP
    /// address or a bare public suffix).
    pub registrable_domain: Option<String>,
    pub verdict: DomainVerdict,
    pub reasons: Vec<Reason<'a>>,
    /// Why INVALID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
