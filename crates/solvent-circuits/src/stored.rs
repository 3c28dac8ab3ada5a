//! A round's circuits as bytes, so that a round of the same shape as an
//! earlier one (next month's, say) reads its circuits back instead of
//! building them: building the batch wrapper, the aggregation and the final
//! circuit takes seconds of CPU, reading them back a fraction of that
//! (docs/PERF.md, "Circuit cache").
//!
//! The bytes hold plonky2's prover data (`CircuitData::to_bytes` with
//! solvent's gate serializer and plonky2's default generator serializer) and
//! the targets each circuit sets its witness through. They are trusted like
//! the binary that wrote them: a header names the proof system, the shape and
//! a caller-chosen build identifier, and a SHA-256 of the payload catches a
//! truncated or damaged file, but nothing here stops someone who can write
//! the file from replacing the circuits. A wrong circuit cannot produce a
//! bundle that verifies, though: the prover checks its final proof, and
//! `solvent verify` rebuilds the verifier key from the statement's parameters.

use anyhow::{anyhow, ensure, Context, Result};
use plonky2::util::serialization::{Buffer, DefaultGeneratorSerializer, IoResult, Read, Write};
use sha2::{Digest as _, Sha256};
use starky::proof::{StarkOpeningSetTarget, StarkProofTarget, StarkProofWithPublicInputsTarget};

use crate::serializer::SolventGateSerializer;
use crate::{KeyChain, Shape, C, D, F, PROOF_SYSTEM};

const MAGIC: &[u8; 16] = b"solvent-circuits";
const FORMAT_VERSION: u32 = 2;
/// Bytes of the payload's SHA-256, stored between the header and the payload.
const DIGEST_LEN: usize = 32;

fn generators() -> DefaultGeneratorSerializer<C, D> {
    DefaultGeneratorSerializer::default()
}

impl KeyChain {
    /// Every circuit built so far, tagged with `build_id`, which must change
    /// whenever the code that builds the circuits does (the CLI uses a hash of
    /// its own executable).
    pub fn to_bytes(&self, build_id: &str) -> Result<Vec<u8>> {
        // Written in place after the header and a slot for its digest: the
        // payload is hundreds of MB, and a copy would double the memory this
        // takes while a batch STARK is being proven.
        let mut out = header(self.shape, build_id);
        let digest_at = out.len();
        out.resize(digest_at + DIGEST_LEN, 0);
        self.write_circuits(&mut out)
            .map_err(|e| anyhow!("cannot serialize the circuits: {e:?}"))?;
        let digest = Sha256::digest(&out[digest_at + DIGEST_LEN..]);
        out[digest_at..digest_at + DIGEST_LEN].copy_from_slice(&digest);
        Ok(out)
    }

    /// Reads back what [`KeyChain::to_bytes`] wrote for the same `shape` and
    /// `build_id`; any other header, or a payload whose hash differs, is an
    /// error.
    pub fn from_bytes(bytes: &[u8], shape: Shape, build_id: &str) -> Result<KeyChain> {
        let expected = header(shape, build_id);
        ensure!(
            bytes.len() >= expected.len() + DIGEST_LEN && bytes[..expected.len()] == expected[..],
            "stored circuits are for another shape, proof system or build"
        );
        let (digest, payload) = bytes[expected.len()..].split_at(DIGEST_LEN);
        ensure!(
            Sha256::digest(payload)[..] == digest[..],
            "stored circuits are damaged (their SHA-256 does not match)"
        );
        let mut buffer = Buffer::new(payload);
        let chain = KeyChain::read_circuits(&mut buffer, shape)
            .map_err(|e| anyhow!("malformed stored circuits: {e:?}"))
            .context("reading stored circuits")?;
        ensure!(
            buffer.unread_bytes().is_empty(),
            "malformed stored circuits: trailing bytes"
        );
        Ok(chain)
    }
}

/// Magic, format version, proof system, build identifier and shape, each
/// length-prefixed or fixed-width (little-endian).
fn header(shape: Shape, build_id: &str) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    for text in [PROOF_SYSTEM, build_id] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    for value in [shape.num_assets, shape.batch_size, shape.trace_bits] {
        out.extend_from_slice(&(value as u64).to_le_bytes());
    }
    out
}

pub(crate) fn write_circuit_data(
    out: &mut Vec<u8>,
    data: &plonky2::plonk::circuit_data::CircuitData<F, C, D>,
) -> IoResult<()> {
    out.write_circuit_data(data, &SolventGateSerializer, &generators())
}

pub(crate) fn read_circuit_data(
    buffer: &mut Buffer,
) -> IoResult<plonky2::plonk::circuit_data::CircuitData<F, C, D>> {
    buffer.read_circuit_data(&SolventGateSerializer, &generators())
}

fn write_option<T>(
    out: &mut Vec<u8>,
    value: &Option<T>,
    write: impl FnOnce(&mut Vec<u8>, &T) -> IoResult<()>,
) -> IoResult<()> {
    out.write_bool(value.is_some())?;
    match value {
        Some(v) => write(out, v),
        None => Ok(()),
    }
}

fn read_option<T>(
    buffer: &mut Buffer,
    read: impl FnOnce(&mut Buffer) -> IoResult<T>,
) -> IoResult<Option<T>> {
    if buffer.read_bool()? {
        read(buffer).map(Some)
    } else {
        Ok(None)
    }
}

/// starky has no serializer for its proof targets; every field, in order.
pub(crate) fn write_stark_proof_target(
    out: &mut Vec<u8>,
    target: &StarkProofWithPublicInputsTarget<D>,
) -> IoResult<()> {
    let proof = &target.proof;
    out.write_target_merkle_cap(&proof.trace_cap)?;
    write_option(out, &proof.auxiliary_polys_cap, |o, c| {
        o.write_target_merkle_cap(c)
    })?;
    write_option(out, &proof.quotient_polys_cap, |o, c| {
        o.write_target_merkle_cap(c)
    })?;
    let openings = &proof.openings;
    out.write_target_ext_vec(&openings.local_values)?;
    out.write_target_ext_vec(&openings.next_values)?;
    write_option(out, &openings.auxiliary_polys, |o, v| {
        o.write_target_ext_vec(v)
    })?;
    write_option(out, &openings.auxiliary_polys_next, |o, v| {
        o.write_target_ext_vec(v)
    })?;
    write_option(out, &openings.ctl_zs_first, |o, v| o.write_target_vec(v))?;
    write_option(out, &openings.quotient_polys, |o, v| {
        o.write_target_ext_vec(v)
    })?;
    out.write_target_fri_proof(&proof.opening_proof)?;
    out.write_target(proof.degree_bits)?;
    out.write_target_vec(&target.public_inputs)
}

pub(crate) fn read_stark_proof_target(
    buffer: &mut Buffer,
) -> IoResult<StarkProofWithPublicInputsTarget<D>> {
    let trace_cap = buffer.read_target_merkle_cap()?;
    let auxiliary_polys_cap = read_option(buffer, |b| b.read_target_merkle_cap())?;
    let quotient_polys_cap = read_option(buffer, |b| b.read_target_merkle_cap())?;
    let openings = StarkOpeningSetTarget {
        local_values: buffer.read_target_ext_vec()?,
        next_values: buffer.read_target_ext_vec()?,
        auxiliary_polys: read_option(buffer, |b| b.read_target_ext_vec())?,
        auxiliary_polys_next: read_option(buffer, |b| b.read_target_ext_vec())?,
        ctl_zs_first: read_option(buffer, |b| b.read_target_vec())?,
        quotient_polys: read_option(buffer, |b| b.read_target_ext_vec())?,
    };
    let proof = StarkProofTarget {
        trace_cap,
        auxiliary_polys_cap,
        quotient_polys_cap,
        openings,
        opening_proof: buffer.read_target_fri_proof()?,
        degree_bits: buffer.read_target()?,
    };
    Ok(StarkProofWithPublicInputsTarget {
        proof,
        public_inputs: buffer.read_target_vec()?,
    })
}
