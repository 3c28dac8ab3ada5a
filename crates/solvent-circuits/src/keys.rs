//! Building the chain of circuits for a shape, and the final verifier key.
//!
//! The verifier key digest in a statement is SHA-256 of the serialized
//! `VerifierCircuitData` (common data + constants/sigmas cap) of the final
//! circuit. plonky2's own `circuit_digest` does not cover the gate set, so the
//! whole serialization is hashed. Because the final circuit embeds the keys of
//! the aggregation circuit and the batch wrapper as constants, and the
//! aggregation circuit the wrapper's, this one digest pins every circuit of
//! the round, whatever its depth.

use crate::serializer::SolventGateSerializer;
use anyhow::{anyhow, Context, Result};
use plonky2::plonk::circuit_data::VerifierCircuitData;
use plonky2::util::serialization::{Buffer, IoResult};
use sha2::{Digest as _, Sha256};

use crate::aggregate::AggregationCircuit;
use crate::batch::BatchCircuit;
use crate::final_wrap::FinalCircuit;
use crate::uniform::Uniform;
use crate::{Proof, Shape, C, D, F};

/// The three circuits of a shape: batch wrapper, aggregation (every level)
/// and final.
pub struct KeyChain {
    pub shape: Shape,
    pub batch: BatchCircuit,
    pub aggregation: AggregationCircuit,
    pub final_circuit: FinalCircuit,
}

/// Rounds of padding after which the batch wrapper and the aggregation
/// circuit must agree (with [`Uniform::seed`] the first round does; without,
/// the second).
const UNIFORM_ROUNDS: usize = 4;

impl KeyChain {
    pub fn new(shape: Shape) -> Self {
        let mut uniform = Uniform::seed();
        for round in 0..UNIFORM_ROUNDS {
            let batch = BatchCircuit::build(shape, &uniform);
            let common = &batch.data.common;
            let padded = Uniform::covering([common]);
            let aggregation = AggregationCircuit::build(
                shape.capacity(),
                common,
                &batch.data.verifier_only,
                &padded,
            );
            if &aggregation.data.common == common {
                let final_circuit = FinalCircuit::build(
                    common,
                    &batch.data.verifier_only,
                    &aggregation.data.verifier_only,
                );
                return KeyChain {
                    shape,
                    batch,
                    aggregation,
                    final_circuit,
                };
            }
            tracing::debug!(round, "batch wrapper and aggregation circuit padded again");
            uniform = Uniform::covering([common, &aggregation.data.common]);
        }
        panic!("the batch wrapper and the aggregation circuit do not converge to one shape")
    }

    /// Batch, aggregation and final circuit (see [`crate::stored`]).
    pub(crate) fn write_circuits(&self, out: &mut Vec<u8>) -> IoResult<()> {
        self.batch.write_to(out)?;
        self.aggregation.write_to(out)?;
        self.final_circuit.write_to(out)
    }

    pub(crate) fn read_circuits(buffer: &mut Buffer, shape: Shape) -> IoResult<Self> {
        Ok(KeyChain {
            shape,
            batch: BatchCircuit::read_from(buffer, shape)?,
            aggregation: AggregationCircuit::read_from(buffer)?,
            final_circuit: FinalCircuit::read_from(buffer)?,
        })
    }
}

/// A verifier key's digest: the SHA-256 of its serialized bytes, what a
/// statement names (as 64 hex digits) and the verifier's table pins.
pub type KeyDigest = [u8; 32];

/// Reads a key digest written as 64 hex digits (the statement's
/// `verifier_key_digest`, the pinned table): the one parser of them.
pub fn parse_key_digest(text: &str) -> Option<KeyDigest> {
    let mut digest = [0u8; 32];
    hex::decode_to_slice(text, &mut digest).ok()?;
    Some(digest)
}

/// The serialized verifier key of a final circuit.
#[derive(Clone)]
pub struct VerifierKey {
    pub bytes: Vec<u8>,
    data: VerifierCircuitData<F, C, D>,
}

impl VerifierKey {
    pub fn from_final(circuit: &FinalCircuit) -> Result<Self> {
        let data = circuit.data.verifier_data();
        let bytes = data
            .to_bytes(&SolventGateSerializer)
            .map_err(|e| anyhow!("cannot serialize verifier key: {e:?}"))?;
        Ok(VerifierKey { bytes, data })
    }

    /// Parses a verifier key file.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        let data =
            VerifierCircuitData::<F, C, D>::from_bytes(bytes.clone(), &SolventGateSerializer)
                .map_err(|e| anyhow!("malformed verifier key: {e:?}"))?;
        Ok(VerifierKey { bytes, data })
    }

    /// SHA-256 of the serialized key.
    pub fn digest(&self) -> KeyDigest {
        Sha256::digest(&self.bytes).into()
    }

    pub fn num_public_inputs(&self) -> usize {
        self.data.common.num_public_inputs
    }

    /// Parses `proof.bin` against this key. Trailing bytes are rejected.
    pub fn parse_proof(&self, bytes: &[u8]) -> Result<Proof> {
        let proof = Proof::from_bytes(bytes.to_vec(), &self.data.common)
            .map_err(|e| anyhow!("malformed proof: {e:?}"))?;
        if proof.to_bytes() != bytes {
            return Err(anyhow!(
                "malformed proof: non-canonical encoding or trailing bytes"
            ));
        }
        Ok(proof)
    }

    /// Checks the proof (all FRI queries, constraints and openings).
    pub fn verify(&self, proof: Proof) -> Result<()> {
        self.data
            .verify(proof)
            .context("the final proof does not verify")
    }
}

/// Rebuilds the final verifier key for `shape` from scratch: what a verifier
/// does to check a statement's key digest without trusting the prover.
pub fn rebuild_verifier_key(shape: Shape) -> Result<VerifierKey> {
    VerifierKey::from_final(&KeyChain::new(shape).final_circuit)
}
