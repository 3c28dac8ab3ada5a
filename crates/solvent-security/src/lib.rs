//! The monthly security report. Beside proof of reserves, an exchange
//! reports its safety and risk provision funds, anti-phishing and
//! blacklist figures, API-key hygiene, rookie protection, wrong-deposit
//! assistance and fraudulent tokens. Each section is read from the file
//! its own command wrote (`solvent report`, `funds`, `screen stats`,
//! `keys-audit`, `cooling-off`, `deposit-check`, `token stats`); a section
//! whose file was not given is NOT_REPORTED, never zero.
//!
//! [`inputs`]: what each section reads of its file. [`sections`]: the
//! sections and their figures. [`build`]: the report. [`html`]: the page.
//! [`job`]: the whole use case, files in, files out, history recorded.
#![forbid(unsafe_code)]

/// The store months are recorded in.
pub use solvent_history as history;

pub mod build;
/// Synthetic exports for `solvent demo`, not for production reports.
#[cfg(feature = "demo")]
pub mod demo;
pub mod html;
pub mod inputs;
pub mod job;
pub mod sections;

pub use build::{build, Inputs, SecurityReport, SECURITY_FORMAT};
pub use inputs::InputError;
pub use sections::Section;
