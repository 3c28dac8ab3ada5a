//! The domain lists: MetaMask's phishing configuration (the format of the
//! `eth-phishing-detect` package's `config.json`) and the exchange's own
//! protected brands (one domain or name per line).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::host::{Host, HostError};
use crate::error::{read_text, LoadError, LoadErrorKind};
use solvent_model::listing;

use crate::load::Lines;

/// Tolerance where a configuration gives none (eth-phishing-detect's
/// `DEFAULT_TOLERANCE`).
pub const DEFAULT_TOLERANCE: usize = 3;

/// A listed domain and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub line: u64,
    pub host: Host,
}

/// A configuration entry that is not a host name: reported, never matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedDomain {
    pub file: PathBuf,
    pub line: u64,
    /// `allowlist`, `blocklist` or `fuzzylist`.
    pub list: &'static str,
    pub entry: String,
    pub reason: HostError,
}

impl fmt::Display for RejectedDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} entry `{}` not used: {}",
            self.file.display(),
            self.line,
            self.list,
            self.entry,
            self.reason
        )
    }
}

/// A phishing configuration in MetaMask's format, read.
#[derive(Debug, Clone, Default)]
pub struct PhishingConfig {
    pub allowlist: Vec<Listed>,
    pub blocklist: Vec<Listed>,
    /// The brands the fuzzy rule protects, each with its configuration's
    /// tolerance.
    pub fuzzylist: Vec<(Listed, usize)>,
    pub rejected: Vec<RejectedDomain>,
}

/// One configuration object: the legacy names (`whitelist`, `blacklist`)
/// or the current ones (`allowlist`, `blocklist`).
#[derive(Deserialize)]
struct Raw<'a> {
    #[serde(borrow, default, alias = "allowlist")]
    whitelist: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default, alias = "blocklist")]
    blacklist: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    fuzzylist: Option<Vec<&'a RawValue>>,
    #[serde(default)]
    tolerance: Option<usize>,
}

impl PhishingConfig {
    /// Reads the configuration at `path`.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        Self::parse(path, &read_text(path)?)
    }

    /// Parses `text`, the content of `path`: one configuration object, or
    /// an array of them (eth-phishing-detect's current form), merged.
    pub fn parse(path: &Path, text: &str) -> Result<Self, LoadError> {
        let error = |line: Option<u64>, kind| LoadError {
            file: path.to_owned(),
            line,
            kind,
        };
        let json = |e| LoadError::json(path, e);
        let body = text.trim_start_matches('\u{feff}').trim_start();
        let configs: Vec<Raw> = if body.starts_with('[') {
            serde_json::from_str(body).map_err(json)?
        } else if body.starts_with('{') {
            vec![serde_json::from_str(body).map_err(json)?]
        } else {
            return Err(error(
                None,
                LoadErrorKind::PhishingConfig("neither an object nor an array of objects"),
            ));
        };
        let mut lines = Lines::new(text);
        let mut out = PhishingConfig::default();
        let mut any_list = false;
        for raw in configs {
            let tolerance = raw.tolerance.unwrap_or(DEFAULT_TOLERANCE);
            let lists = [
                ("allowlist", raw.whitelist),
                ("blocklist", raw.blacklist),
                ("fuzzylist", raw.fuzzylist),
            ];
            for (name, entries) in lists {
                let Some(entries) = entries else { continue };
                any_list = true;
                for value in entries {
                    let line = lines.of(value.get());
                    let entry: String = serde_json::from_str(value.get()).map_err(|_| {
                        error(
                            Some(line),
                            LoadErrorKind::PhishingConfig("a list entry is not a string"),
                        )
                    })?;
                    let host = match Host::parse(&entry) {
                        Ok(host) => host,
                        Err(reason) => {
                            out.rejected.push(RejectedDomain {
                                file: path.to_owned(),
                                line,
                                list: name,
                                entry,
                                reason,
                            });
                            continue;
                        }
                    };
                    let listed = Listed { line, host };
                    match name {
                        "allowlist" => out.allowlist.push(listed),
                        "blocklist" => out.blocklist.push(listed),
                        _ => out.fuzzylist.push((listed, tolerance)),
                    }
                }
            }
        }
        if !any_list {
            return Err(error(
                None,
                LoadErrorKind::PhishingConfig("no whitelist, blacklist or fuzzylist"),
            ));
        }
        Ok(out)
    }
}

/// One protected brand: a domain of the exchange's (its subdomains are
/// its too), or a bare name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedBrand {
    pub line: u64,
    pub host: Host,
    /// The edit distance within which a name imitates it; by default from
    /// the name's length ([`default_tolerance`]).
    pub tolerance: Option<usize>,
}

/// The tolerance of a protected name of `chars` characters: none up to 4
/// (every short name is a few edits from many words), 1 up to 8, then 2.
pub fn default_tolerance(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Reads a brands file: `DOMAIN [TOLERANCE]` per line, `#` comments. The
/// exchange's own configuration, so a bad line is an error, not a skip.
pub fn load_brands(path: &Path) -> Result<Vec<ProtectedBrand>, LoadError> {
    parse_brands(&read_text(path)?).map_err(|(line, kind)| LoadError {
        file: path.to_owned(),
        line: Some(line),
        kind,
    })
}

/// Parses a brands file's content.
pub fn parse_brands(text: &str) -> Result<Vec<ProtectedBrand>, (u64, LoadErrorKind)> {
    let mut brands = Vec::new();
    for (line_no, content) in listing::entries(text) {
        let mut fields = content.split_whitespace();
        let Some(domain) = fields.next() else {
            continue;
        };
        let host = Host::parse(domain).map_err(|error| {
            (
                line_no,
                LoadErrorKind::BrandHost {
                    entry: domain.to_owned(),
                    error,
                },
            )
        })?;
        let tolerance = fields
            .next()
            .map(|t| {
                t.parse::<usize>()
                    .map_err(|_| (line_no, LoadErrorKind::BrandTolerance(t.to_owned())))
            })
            .transpose()?;
        if fields.next().is_some() {
            return Err((line_no, LoadErrorKind::BrandFields));
        }
        brands.push(ProtectedBrand {
            line: line_no,
            host,
            tolerance,
        });
    }
    Ok(brands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shapes_of_the_configuration_read_with_lines() {
        let text = "{\n \"version\": 2, \"tolerance\": 1,\n \"fuzzylist\": [\"metamask.io\"],\n \"whitelist\": [\"metamask.io\",\n  \"bad host\"],\n \"blacklist\": [\"evil.example\"]\n}\n";
        let c = PhishingConfig::parse(Path::new("c.json"), text).unwrap();
        assert_eq!(c.fuzzylist[0].0.line, 3);
        assert_eq!(c.fuzzylist[0].1, 1);
        assert_eq!(c.allowlist[0].line, 4);
        assert_eq!(c.rejected[0].line, 5);
        assert_eq!(c.rejected[0].list, "allowlist");
        assert_eq!(c.blocklist[0].line, 6);
        let text = r#"[{"name":"a","version":1,"allowlist":["a.io"],"blocklist":["b.io"],"fuzzylist":["c.io"]}]"#;
        let c = PhishingConfig::parse(Path::new("c.json"), text).unwrap();
        assert_eq!(c.fuzzylist[0].1, DEFAULT_TOLERANCE);
        assert_eq!(c.blocklist[0].host.ascii, "b.io");
    }

    #[test]
    fn a_configuration_that_is_not_one_is_an_error_with_its_line() {
        let path = Path::new("c.json");
        let e = PhishingConfig::parse(path, "{\n\"blacklist\": [\"a.io\",\n 7]}").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(PhishingConfig::parse(path, "{}").is_err());
        assert!(PhishingConfig::parse(path, "\"x\"").is_err());
        assert_eq!(
            PhishingConfig::parse(path, "{\n\"blacklist\": [")
                .unwrap_err()
                .line,
            Some(2)
        );
    }

    #[test]
    fn brands_read_with_tolerances_and_fail_on_a_bad_line() {
        let b = parse_brands("# ours\nokx.com\nokex.com 2 # old name\n\nokx\n").unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!(b[1].tolerance, Some(2));
        assert_eq!(b[2].line, 5);
        assert!(matches!(
            parse_brands("a.com x"),
            Err((1, LoadErrorKind::BrandTolerance(_)))
        ));
        assert!(matches!(
            parse_brands("\na.com 1 2"),
            Err((2, LoadErrorKind::BrandFields))
        ));
        assert!(matches!(
            parse_brands("a b"),
            Err((1, LoadErrorKind::BrandTolerance(_)))
        ));
        assert!(matches!(parse_brands("ex ample"), Err((1, _))));
        assert!(matches!(
            parse_brands("http://"),
            Err((1, LoadErrorKind::BrandHost { .. }))
        ));
    }
}
