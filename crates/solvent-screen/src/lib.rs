//! Screening against blacklists: is this address on a sanctions list or an
//! exchange's own blacklist, and does this destination imitate an address
//! the user already pays (address poisoning)?
//!
//! [`load`] reads lists (OFAC's SDN XML, plain text, JSON, CSV) into
//! [`List`]s that keep every entry's provenance and report every entry that
//! is not an address of its chain; [`chain`] names the chains a list may
//! use; [`Index`] matches addresses by their canonical key (one key per
//! address whatever its spelling, from solvent-reserves' decoders);
//! [`Screener`] swaps a whole new index in at once, so a caller never sees
//! half a list; [`poison`] spots lookalikes of an address book's entries;
//! [`stats`] gives the month's figures for the security report; [`domain`]
//! screens URLs and hosts against phishing lists and protected brands.
#![forbid(unsafe_code)]

pub mod chain;
pub mod domain;
mod error;
mod index;
pub mod list;
pub mod load;
pub mod poison;
pub mod stats;
mod verdict;

pub use error::{LoadError, LoadErrorKind};
pub use index::{Index, Screener};
pub use list::{Entry, List, ListMeta, Rejected};
pub use verdict::{AddressVerdict, Match, MatchKind, Verdict};
