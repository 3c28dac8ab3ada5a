//! What screening one address says, and why.

use serde::Serialize;

use crate::list::Entry;

/// The verdict on one screened address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressVerdict {
    /// On a list.
    Block,
    /// Not listed, but imitates an address-book entry (poisoning).
    Warn,
    /// Neither.
    None,
    /// Not an address of the chain named, or of any chain solvent decodes.
    Invalid,
}

impl AddressVerdict {
    pub fn label(self) -> &'static str {
        match self {
            AddressVerdict::Block => "BLOCK",
            AddressVerdict::Warn => "WARN",
            AddressVerdict::None => "NONE",
            AddressVerdict::Invalid => "INVALID",
        }
    }
}

impl Serialize for AddressVerdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// Why a match was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The address is on the list.
    Listed,
    /// The address shares its first and last characters with this
    /// address-book entry but is a different address.
    Lookalike,
}

/// A list entry (or address-book entry) behind a verdict, borrowed from
/// the index: screening allocates no copy of it.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    pub kind: MatchKind,
    pub entry: &'a Entry,
}

impl<'a> Match<'a> {
    /// Who lists it: see [`Entry::source`].
    pub fn source(&self) -> &'a str {
        self.entry.source()
    }

    pub fn list_date(&self) -> Option<&'a str> {
        self.entry.meta.list_date.as_deref()
    }

    pub fn label(&self) -> Option<&'a str> {
        self.entry.label.as_deref()
    }
}

impl Serialize for Match<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Match", 7)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("source", self.source())?;
        s.serialize_field("list_date", &self.list_date())?;
        s.serialize_field("file", &self.entry.meta.file)?;
        s.serialize_field("line", &self.entry.line)?;
        s.serialize_field("label", &self.label())?;
        // The entry's address as the list spells it.
        s.serialize_field("listed_address", &self.entry.address)?;
        s.end()
    }
}

/// One screened address: the JSON Lines record of `solvent screen address`.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict<'a> {
    /// As given, trimmed.
    pub address: &'a str,
    /// The chain it was screened on (a key space of
    /// `solvent_reserves::address`: `EVM`, `BTC`, `TRON`, …); empty when
    /// INVALID.
    pub chain: &'static str,
    pub verdict: AddressVerdict,
    pub matches: Vec<Match<'a>>,
    /// Why INVALID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
