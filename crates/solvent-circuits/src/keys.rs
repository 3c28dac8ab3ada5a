//! Building the chain of circuits for a shape, and the final verifier key.
//!
//! The verifier key digest in a statement is SHA-256 of the serialized
//! `VerifierCircuitData` (common data + constants/sigmas cap) of the final
//! circuit. plonky2's own `circuit_digest` does not cover the gate set, so the
//! whole serialization is hashed. Because the final circuit embeds the verifier
//! key of the level below as constants (and so on down to the batch circuit),
//! this one digest pins every circuit of the round.

use std::collections::BTreeMap;

use crate::serializer::SolventGateSerializer;
use anyhow::{anyhow, Context, Result};
use plonky2::plonk::circuit_data::VerifierCircuitData;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};
use sha2::{Digest as _, Sha256};

use crate::aggregate::AggregationCircuit;
use crate::batch::BatchCircuit;
use crate::final_wrap::FinalCircuit;
use crate::{Proof, Shape, C, D, F};

/// Every circuit up to some aggregation level, built on demand.
pub struct KeyChain {
    pub shape: Shape,
    pub batch: BatchCircuit,
    levels: Vec<AggregationCircuit>,
    finals: BTreeMap<u32, FinalCircuit>,
}

impl KeyChain {
    pub fn new(shape: Shape) -> Self {
        KeyChain {
            shape,
            batch: BatchCircuit::build(shape),
            levels: Vec::new(),
            finals: BTreeMap::new(),
        }
    }

    /// The aggregation circuit producing level `level >= 1` proofs.
    pub fn aggregation(&mut self, level: u32) -> &AggregationCircuit {
        while self.levels.len() < level as usize {
            let next = self.levels.len() as u32 + 1;
            let (common, key) = match self.levels.last() {
                None => (&self.batch.data.common, &self.batch.data.verifier_only),
                Some(c) => (&c.data.common, &c.data.verifier_only),
            };
            let circuit = AggregationCircuit::build(self.shape, next, common, key);
            self.levels.push(circuit);
        }
        &self.levels[level as usize - 1]
    }

    /// The final (zero-knowledge) circuit over a tree of `depth` aggregation levels.
    pub fn final_circuit(&mut self, depth: u32) -> &FinalCircuit {
        if !self.finals.contains_key(&depth) {
            let circuit = if depth == 0 {
                FinalCircuit::build(&self.batch.data.common, &self.batch.data.verifier_only)
            } else {
                let top = self.aggregation(depth);
                FinalCircuit::build(&top.data.common, &top.data.verifier_only)
            };
            self.finals.insert(depth, circuit);
        }
        &self.finals[&depth]
    }

    /// Batch circuit, aggregation levels in order, then the final circuits
    /// with their depths (see [`crate::stored`]).
    pub(crate) fn write_circuits(&self, out: &mut Vec<u8>) -> IoResult<()> {
        self.batch.write_to(out)?;
        out.write_u32(self.levels.len() as u32)?;
        for level in &self.levels {
            level.write_to(out)?;
        }
        out.write_u32(self.finals.len() as u32)?;
        for (&depth, circuit) in &self.finals {
            out.write_u32(depth)?;
            circuit.write_to(out)?;
        }
        Ok(())
    }

    pub(crate) fn read_circuits(buffer: &mut Buffer, shape: Shape) -> IoResult<Self> {
        let batch = BatchCircuit::read_from(buffer, shape)?;
        let levels = (0..buffer.read_u32()?)
            .map(|_| AggregationCircuit::read_from(buffer))
            .collect::<IoResult<Vec<_>>>()?;
        let mut finals = BTreeMap::new();
        for _ in 0..buffer.read_u32()? {
            let depth = buffer.read_u32()?;
            finals.insert(depth, FinalCircuit::read_from(buffer)?);
        }
        Ok(KeyChain {
            shape,
            batch,
            levels,
            finals,
        })
    }
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
    pub fn digest(&self) -> [u8; 32] {
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

/// Rebuilds the final verifier key for `shape` and `depth` from scratch: what a
/// verifier does to check a statement's key digest without trusting the prover.
pub fn rebuild_verifier_key(shape: Shape, depth: u32) -> Result<VerifierKey> {
    let mut chain = KeyChain::new(shape);
    VerifierKey::from_final(chain.final_circuit(depth))
}
