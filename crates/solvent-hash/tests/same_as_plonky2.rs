//! `FastPoseidonGoldilocksConfig` is plonky2's `PoseidonGoldilocksConfig`
//! computed faster: same hashes, same circuit digests, and proofs made with
//! either verify with the other.

use plonky2::field::types::{Field, Sample};
use plonky2::hash::hash_types::HashOut;
use plonky2::hash::poseidon::PoseidonHash;
use plonky2::iop::target::Target;
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::circuit_data::{CircuitConfig, CircuitData};
use plonky2::plonk::config::{AlgebraicHasher, GenericConfig, Hasher, PoseidonGoldilocksConfig};
use plonky2::plonk::proof::ProofWithPublicInputs;
use solvent_hash::{FastPoseidonGoldilocksConfig, FastPoseidonHash, D, F};

type Fast = FastPoseidonGoldilocksConfig;
type Standard = PoseidonGoldilocksConfig;

#[test]
fn hashes_match_plonky2() {
    for len in [0, 1, 4, 5, 7, 8, 9, 16, 17, 135, 483] {
        let input = F::rand_vec(len);
        assert_eq!(
            FastPoseidonHash::hash_no_pad(&input),
            PoseidonHash::hash_no_pad(&input),
            "hash_no_pad of {len}"
        );
        assert_eq!(
            FastPoseidonHash::hash_or_noop(&input),
            PoseidonHash::hash_or_noop(&input),
            "hash_or_noop of {len}"
        );
    }
    let (left, right) = (HashOut::<F>::rand(), HashOut::<F>::rand());
    assert_eq!(
        FastPoseidonHash::two_to_one(left, right),
        PoseidonHash::two_to_one(left, right)
    );
}

/// A zero-knowledge circuit that hashes in-circuit (so the Poseidon gate and
/// the config's inner hasher are both exercised).
fn circuit<C: GenericConfig<D, F = F>>() -> (CircuitData<F, C, D>, Target)
where
    C::Hasher: AlgebraicHasher<F>,
{
    let mut builder = CircuitBuilder::<F, D>::new(CircuitConfig::standard_recursion_zk_config());
    let x = builder.add_virtual_target();
    let hash = builder.hash_n_to_hash_no_pad::<C::InnerHasher>(vec![x; 20]);
    builder.register_public_inputs(&hash.elements);
    let square = builder.mul(x, x);
    builder.register_public_input(square);
    (builder.build::<C>(), x)
}

fn prove<C: GenericConfig<D, F = F>>(
    (data, target): &(CircuitData<F, C, D>, Target),
    x: F,
) -> Vec<u8>
where
    C::Hasher: AlgebraicHasher<F>,
{
    let mut witness = PartialWitness::new();
    witness.set_target(*target, x).unwrap();
    data.prove(witness).unwrap().to_bytes()
}

#[test]
fn circuits_and_proofs_are_interchangeable() {
    let fast_circuit = circuit::<Fast>();
    let standard_circuit = circuit::<Standard>();
    let (fast, standard) = (&fast_circuit.0, &standard_circuit.0);
    assert_eq!(
        fast.verifier_only.circuit_digest,
        standard.verifier_only.circuit_digest
    );
    assert_eq!(
        fast.verifier_only.constants_sigmas_cap.0,
        standard.verifier_only.constants_sigmas_cap.0
    );

    let x = F::from_canonical_u64(123_456_789);
    let from_fast = prove(&fast_circuit, x);
    let proof =
        ProofWithPublicInputs::<F, Standard, D>::from_bytes(from_fast, &standard.common).unwrap();
    assert_eq!(proof.public_inputs[4], x * x);
    standard
        .verify(proof)
        .expect("a fast proof verifies as a standard one");

    let from_standard = prove(&standard_circuit, x);
    let proof =
        ProofWithPublicInputs::<F, Fast, D>::from_bytes(from_standard.clone(), &fast.common)
            .unwrap();
    fast.verify(proof)
        .expect("a standard proof verifies as a fast one");

    // And a tampered proof is still rejected through the fast config.
    let mut tampered = from_standard;
    let last = tampered.len() - 1;
    tampered[last / 2] ^= 1;
    let rejected = ProofWithPublicInputs::<F, Fast, D>::from_bytes(tampered, &fast.common)
        .map_err(|e| e.to_string())
        .and_then(|p| fast.verify(p).map_err(|e| e.to_string()));
    assert!(rejected.is_err(), "a flipped byte must not verify");
}
