//! A round proven on many machines.
//!
//! The coordinator ([`coordinator`]) reads the snapshot once, writes each
//! batch's input to object storage and publishes it as a unit of work on a
//! NATS JetStream work queue; workers ([`worker`]) on any machine prove
//! units and put their proofs back in the store; the coordinator checks each
//! proof as it arrives, publishes the aggregation unit above two finished
//! children, and proves the final proof and writes the bundle exactly as
//! `solvent prove` does (the same library code: `solvent_prover::units`).
//!
//! The engine does the scheduling: explicit acks with an ack wait (workers
//! report progress while they prove), redelivery of a dead worker's unit,
//! and a delivery limit after which the round stops naming the unit. Units
//! are named by the hash of their inputs, so a unit proven twice counts
//! once, and a restarted coordinator resumes from what the store holds.
#![forbid(unsafe_code)]

pub mod coordinator;
pub mod error;
pub mod queue;
pub mod store;
pub mod tree;
pub mod wire;
pub mod worker;

pub use coordinator::{coordinate, CoordinateOptions, CoordinateReport};
pub use error::ClusterError;
pub use worker::{run_worker, WorkerOptions};
