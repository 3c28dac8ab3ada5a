//! Verifies that an exchange controls its published reserve addresses: each
//! row's signed message is checked offline against the address, and every row
//! ends VERIFIED, FAILED (with the reason) or UNVERIFIED (with the reason),
//! never a silent pass. No C dependencies, so it also builds for WASM.
//!
//! Families: Bitcoin-style signed messages with single-key and m-of-n
//! multisig scripts ([`bitcoin`]), EVM `personal_sign` ([`evm`]), TRON
//! ([`tron`]), ed25519 chains ([`ed25519`], [`ton`]), EOS ([`eos`]) and the
//! secp256k1 chains signed with OKX's header ([`okx_header`]). [`file`] reads
//! solvent's and OKX's reserve files, [`check`] verifies and totals them.
#![forbid(unsafe_code)]

pub mod bitcoin;
pub mod cashaddr;
pub mod check;
pub mod decimal;
pub mod ed25519;
mod encoding;
pub mod eos;
pub mod evm;
pub mod file;
pub mod okx_header;
/// Signed example data (fixed keys), for the demo, docs and tests only.
#[cfg(any(test, feature = "demo"))]
pub mod sample;
mod secp;
pub mod ton;
pub mod tron;

/// The outcome of checking one reserve row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Verified,
    Failed(String),
    Unverified(String),
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Verified => "VERIFIED",
            Status::Failed(_) => "FAILED",
            Status::Unverified(_) => "UNVERIFIED",
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Status::Verified => None,
            Status::Failed(r) | Status::Unverified(r) => Some(r),
        }
    }
}
