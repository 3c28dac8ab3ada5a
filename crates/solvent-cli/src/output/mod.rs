//! Rendering for the commands: what each prints, in text or under `--json`,
//! and the progress bar. Commands import only libraries, this module and
//! [`crate::exit`].

pub mod cluster;
pub mod cooling_off;
pub mod deposits;
pub mod funds;
pub mod keys;
pub mod okx;
pub mod progress;
pub mod prove;
pub mod publish;
pub mod report;
pub mod screen;
pub mod security;
pub mod token;
pub mod verdicts;
pub mod verify;
