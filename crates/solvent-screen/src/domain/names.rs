//! A host cut where the Public Suffix List cuts it, and the names the brand
//! rules compare: by label, as written and as UTS #39 confusable skeletons.

use std::path::Path;

use publicsuffix::Psl as _;

use crate::error::{read_text, LoadError, LoadErrorKind};

/// The Public Suffix List.
pub struct Suffixes(publicsuffix::List);

impl Suffixes {
    /// Where Debian's `publicsuffix` package installs the list.
    pub const DEBIAN: &'static str = "/usr/share/publicsuffix/public_suffix_list.dat";

    /// Reads the list at `path` (the PSL's own `.dat` format).
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        Self::parse(&read_text(path)?).map_err(|kind| LoadError::file(path, kind))
    }

    pub fn parse(text: &str) -> Result<Self, LoadErrorKind> {
        let list: publicsuffix::List = text
            .parse()
            .map_err(|e: publicsuffix::Error| LoadErrorKind::Psl(e.to_string()))?;
        if list.is_empty() {
            return Err(LoadErrorKind::Psl("no rules".into()));
        }
        Ok(Suffixes(list))
    }

    /// How many labels of `host` (ASCII) are its public suffix, where it
    /// has a registrable domain.
    fn suffix_labels(&self, host: &str) -> Option<usize> {
        let domain = self.0.domain(host.as_bytes())?;
        Some(domain.suffix().as_bytes().split(|&b| b == b'.').count())
    }
}

/// A name reduced for comparison: each label's UTS #39 skeleton, lower
/// case (the skeleton maps `0` to `O`).
pub(crate) fn skeleton(label: &str) -> String {
    unicode_security::skeleton(label)
        .flat_map(char::to_lowercase)
        .collect()
}

/// A host's labels split at its public suffix.
pub(crate) struct Parts<'h> {
    /// The registrable domain (ASCII).
    pub registrable: &'h str,
    /// The labels before the public suffix, in Unicode: the subdomains,
    /// then the registrable label last.
    pub name: Vec<&'h str>,
    /// The same labels' skeletons.
    pub skeletons: Vec<String>,
}

impl<'h> Parts<'h> {
    /// Cuts `ascii`, whose Unicode form is `unicode` (the same labels).
    pub fn of(suffixes: &Suffixes, ascii: &'h str, unicode: &'h str) -> Option<Self> {
        let suffix = suffixes.suffix_labels(ascii)?;
        let labels: Vec<&str> = unicode.split('.').collect();
        let ascii_labels = ascii.split('.').count();
        if labels.len() != ascii_labels || labels.len() <= suffix {
            return None;
        }
        let name = labels[..labels.len() - suffix].to_vec();
        let registrable_start = ascii
            .rmatch_indices('.')
            .nth(suffix)
            .map_or(0, |(i, _)| i + 1);
        Some(Parts {
            registrable: &ascii[registrable_start..],
            skeletons: name.iter().map(|l| skeleton(l)).collect(),
            name,
        })
    }

    /// The registrable label (the one before the public suffix).
    pub fn label(&self) -> (&str, &str) {
        let i = self.name.len() - 1;
        (self.name[i], &self.skeletons[i])
    }

    /// The subdomain labels' skeletons.
    pub fn subdomains(&self) -> &[String] {
        &self.skeletons[..self.name.len() - 1]
    }
}

/// Whether `word` appears in `label` joined with other words: as its
/// start, its end, or a hyphen-separated part, and not as all of it.
pub(crate) fn has_word(label: &str, word: &str) -> bool {
    label != word
        && !word.is_empty()
        && (label.starts_with(word)
            || label.ends_with(word)
            || label.split('-').any(|part| part == word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suffixes() -> Suffixes {
        Suffixes::parse(
            "// ===BEGIN ICANN DOMAINS===\ncom\nio\nuk\nco.uk\n*.ck\n!www.ck\n// ===END ICANN DOMAINS===\n\
             // ===BEGIN PRIVATE DOMAINS===\ngithub.io\n// ===END PRIVATE DOMAINS===\n",
        ).unwrap()
    }

    #[test]
    fn a_host_is_cut_at_its_public_suffix() {
        let s = suffixes();
        let p = Parts::of(&s, "login.metamask.co.uk", "login.metamask.co.uk").unwrap();
        assert_eq!(p.registrable, "metamask.co.uk");
        assert_eq!(p.name, ["login", "metamask"]);
        assert_eq!(p.label().0, "metamask");
        let p = Parts::of(&s, "metamask.github.io", "metamask.github.io").unwrap();
        assert_eq!(p.registrable, "metamask.github.io");
        assert!(p.subdomains().is_empty());
        assert!(Parts::of(&s, "co.uk", "co.uk").is_none());
        assert_eq!(
            Parts::of(&s, "a.www.ck", "a.www.ck").unwrap().registrable,
            "www.ck"
        );
    }

    #[test]
    fn skeletons_fold_confusables_and_case() {
        assert_eq!(skeleton("metаmask"), skeleton("metamask"));
        assert_eq!(skeleton("rnetarnask"), skeleton("metamask"));
        assert_eq!(skeleton("0kx"), skeleton("okx"));
        assert_ne!(skeleton("metamusk"), skeleton("metamask"));
    }

    #[test]
    fn words_join_at_the_ends_or_at_hyphens() {
        assert!(has_word("metamask-wallet", "metamask"));
        assert!(has_word("metamasksupport", "metamask"));
        assert!(has_word("my-okx-app", "okx"));
        assert!(!has_word("tokxyz", "okx"));
        assert!(!has_word("okx", "okx"));
    }
}
