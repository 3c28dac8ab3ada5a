//! The static verification site (`solvent publish`, `solvent serve`, and the
//! page's decryption): every user's inclusion proof is published in advance,
//! encrypted under a key derived from the user's verification code, in
//! buckets of many users, so that a user checks from any static host and the
//! exchange never learns who checks. See docs/FORMATS.md, "Verification
//! site", and docs/SPEC.md, "What a user's check proves".
//!
//! - [`code`]: the per-user verification code, derived from the exchange's
//!   code key so that it stays the same from round to round;
//! - [`lookup`]: what a code opens in one round (bucket, entry id, key);
//! - [`entry`]: one sealed entry (XChaCha20-Poly1305);
//! - [`manifest`]: `site.json` and the file layout;
//! - `publish` (feature `publish`): the streaming, bounded-memory publisher;
//! - `serve` (feature `serve`): a small static server for local use and tests.
//!
//! Without default features the crate is what the browser page needs, and
//! builds for WebAssembly.
#![forbid(unsafe_code)]

pub mod code;
pub mod entry;
pub mod lookup;
pub mod manifest;
#[cfg(feature = "publish")]
pub mod publish;
#[cfg(feature = "serve")]
pub mod serve;

pub use code::{Code, CodeError, CodeKey};
pub use entry::{open_entry, OpenError};
pub use lookup::Lookup;
pub use manifest::{Manifest, ManifestError};
