pub mod bench;
pub mod demo;
pub mod inclusion;
pub mod progress;
pub mod prove;
pub mod reserves;
pub mod verify;
