//! The final circuit: verifies the top proof of the tree inside a
//! zero-knowledge circuit and re-exposes its public inputs unchanged. The
//! inner proofs are its private witness and are never published.

use anyhow::Result;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitData, CommonCircuitData, VerifierOnlyCircuitData};
use plonky2::plonk::proof::ProofWithPublicInputsTarget;
use plonky2::util::serialization::{Buffer, IoResult, Read, Write};

use crate::{final_config, Proof, C, D, F};

pub struct FinalCircuit {
    pub data: CircuitData<F, C, D>,
    inner: ProofWithPublicInputsTarget<D>,
}

impl FinalCircuit {
    pub fn build(
        inner_common: &CommonCircuitData<F, D>,
        inner_key: &VerifierOnlyCircuitData<C, D>,
    ) -> Self {
        let mut b = CircuitBuilder::<F, D>::new(final_config());
        let key = b.constant_verifier_data(inner_key);
        let inner = b.add_virtual_proof_with_pis(inner_common);
        b.verify_proof::<C>(&inner, &key, inner_common);
        b.register_public_inputs(&inner.public_inputs);
        FinalCircuit {
            data: b.build::<C>(),
            inner,
        }
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) -> IoResult<()> {
        crate::stored::write_circuit_data(out, &self.data)?;
        out.write_target_proof_with_public_inputs(&self.inner)
    }

    pub(crate) fn read_from(buffer: &mut Buffer) -> IoResult<Self> {
        Ok(FinalCircuit {
            data: crate::stored::read_circuit_data(buffer)?,
            inner: buffer.read_target_proof_with_public_inputs()?,
        })
    }

    pub fn prove(&self, inner: &Proof) -> Result<Proof> {
        let mut pw = PartialWitness::<F>::new();
        pw.set_proof_with_pis_target(&self.inner, inner)?;
        self.data.prove(pw)
    }
}
