//! A URL or host name, as a browser would ask about it: the host in its
//! ASCII (punycode, lower-case) form, and in Unicode where it has IDNA
//! labels, since confusable characters only show in the Unicode form.

use std::fmt;

/// Why a screened input or a listed entry is not a host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    #[error("empty")]
    Empty,
    #[error("not a URL or host name: {0}")]
    Url(#[from] url::ParseError),
    #[error("a URL without a host")]
    NoHost,
}

/// A parsed host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// ASCII form (IDNA to ASCII, lower case), without a trailing dot.
    pub ascii: String,
    /// Unicode form, where an IDNA label (`xn--`) makes it differ.
    pub unicode: Option<String>,
    /// An IPv4 or IPv6 address rather than a domain name.
    pub is_ip: bool,
}

impl Host {
    /// Parses `input`: a URL (`https://…`) or a host with or without a
    /// port, path or user, by the WHATWG URL rules browsers use (so IDNA
    /// mapping, lower case and percent-decoding are the browser's).
    pub fn parse(input: &str) -> Result<Host, HostError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(HostError::Empty);
        }
        let url = if input.contains("://") {
            url::Url::parse(input)?
        } else {
            url::Url::parse(&format!("http://{input}"))?
        };
        let (ascii, is_ip) = match url.host().ok_or(HostError::NoHost)? {
            url::Host::Domain(d) => (d.strip_suffix('.').unwrap_or(d).to_owned(), false),
            url::Host::Ipv4(ip) => (ip.to_string(), true),
            url::Host::Ipv6(ip) => (ip.to_string(), true),
        };
        if ascii.is_empty() {
            return Err(HostError::NoHost);
        }
        let unicode = (!is_ip && ascii.contains("xn--"))
            .then(|| idna::domain_to_unicode(&ascii).0)
            .filter(|u| *u != ascii);
        Ok(Host {
            ascii,
            unicode,
            is_ip,
        })
    }

    /// The Unicode form, else the ASCII one.
    pub fn unicode(&self) -> &str {
        self.unicode.as_deref().unwrap_or(&self.ascii)
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ascii)
    }
}

/// The domain names `host` is in: itself, then each parent
/// (`a.b.c`, `b.c`, `c`).
pub(crate) fn parents(host: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(host), |h| h.split_once('.').map(|(_, rest)| rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_hosts_give_the_browsers_host() {
        let cases = [
            ("MetaMask.IO", "metamask.io", None),
            (
                "https://user@www.metamask.io:8443/a?b#c",
                "www.metamask.io",
                None,
            ),
            ("metamask.io.", "metamask.io", None),
            ("metamask.io/path", "metamask.io", None),
            (
                "https://metаmask.io/",
                "xn--metmask-4fg.io",
                Some("metаmask.io"),
            ),
            (
                "xn--metmask-4fg.io",
                "xn--metmask-4fg.io",
                Some("metаmask.io"),
            ),
            ("127.0.0.1", "127.0.0.1", None),
        ];
        for (input, ascii, unicode) in cases {
            let host = Host::parse(input).unwrap();
            assert_eq!(host.ascii, ascii, "{input}");
            assert_eq!(host.unicode.as_deref(), unicode, "{input}");
        }
        assert!(Host::parse("127.0.0.1").unwrap().is_ip);
    }

    #[test]
    fn what_is_not_a_host_is_an_error() {
        assert_eq!(Host::parse("  "), Err(HostError::Empty));
        assert!(Host::parse("exa mple.com").is_err());
        assert!(Host::parse("http://").is_err());
    }

    #[test]
    fn parents_walk_up_to_the_last_label() {
        let all: Vec<_> = parents("a.b.c").collect();
        assert_eq!(all, ["a.b.c", "b.c", "c"]);
    }
}
