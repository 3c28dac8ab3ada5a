//! One module per subcommand: parse its arguments, call a library, render
//! through [`crate::output`]. No command imports another.

pub mod bench;
pub mod cooling_off;
pub mod coordinate;
pub mod demo;
pub mod deposit_check;
pub mod funds;
pub mod history;
pub mod inclusion;
pub mod keys_audit;
pub mod okx;
pub mod prove;
pub mod publish;
pub mod report;
pub mod reserves;
pub mod screen;
pub mod security_report;
pub mod serve;
pub mod token;
pub mod verify;
pub mod worker;
