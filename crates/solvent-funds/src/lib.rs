//! The exchange's own funds beside proof of reserves: the safety
//! (insurance) fund and the risk provision fund.
//!
//! Each fund's movements are kept in one append-only ledger: every entry
//! (an inflow such as a liquidation surplus, an outflow covering a deficit)
//! names the hash of the entry before it, so changing, removing or
//! reordering any past entry breaks every hash after it ([`Ledger::read`]
//! finds where). A ledger rewritten from the tampered entry on is caught
//! by an anchor: the head hash a past monthly report published
//! ([`Anchor`]). Funds are shown apart and never counted as reserves for
//! user liabilities.
#![forbid(unsafe_code)]

mod entry;
mod error;
mod ledger;
mod wallets;

pub use entry::{Direction, Entry, Fund, NewEntry, GENESIS};
pub use error::{LedgerError, Problem};
pub use ledger::{Anchor, Balance, Ledger};
pub use wallets::{check_wallets, Cover, Proven, WalletCheck, WalletStatus};
