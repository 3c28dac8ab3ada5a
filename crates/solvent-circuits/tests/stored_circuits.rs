//! Circuits read back from bytes prove exactly like the circuits that were
//! built, and bytes for another shape or build, or damaged bytes, are refused.

use plonky2::field::types::Field;
use solvent_circuits::batch::Slot;
use solvent_circuits::batch::Weight;
use solvent_circuits::{KeyChain, Shape, VerifierKey};
use solvent_commit::{id_commitment, Digest, F};

/// Equal equity and debt weights: 1 unit of asset 0 is worth 1000 of asset 1.
const WEIGHTS: [Weight; 2] = [
    Weight {
        equity: 1000,
        debt: 1000,
    },
    Weight { equity: 1, debt: 1 },
];

fn shape() -> Shape {
    Shape::new(2, 4, 13)
}

#[test]
fn stored_circuits_round_trip_and_are_checked() {
    let built = KeyChain::new(shape());
    let bytes = built.to_bytes("build-a").expect("serializes");

    let loaded = KeyChain::from_bytes(&bytes, shape(), "build-a").expect("reads back");
    assert!(
        loaded.batch.data == built.batch.data,
        "batch circuit differs"
    );
    assert!(
        loaded.aggregation.data == built.aggregation.data,
        "aggregation circuit differs"
    );
    let built_key = VerifierKey::from_final(&built.final_circuit).unwrap();
    let loaded_key = VerifierKey::from_final(&loaded.final_circuit).unwrap();
    assert_eq!(
        built_key.digest(),
        loaded_key.digest(),
        "verifier keys differ"
    );

    // The loaded circuits set their witnesses through the stored targets: a
    // whole round proves with them and verifies under the built key.
    let slot = Slot {
        id_commitment: id_commitment(&Digest([F::ONE; 4]), "alice"),
        balances: vec![(5, 0), (7, 3)],
    };
    let left = loaded
        .batch
        .prove(&Digest::ZERO, &WEIGHTS, &[slot.clone(), slot.clone()])
        .expect("batch proves");
    let top = loaded
        .aggregation
        .prove(&left, None)
        .expect("aggregates with a padding subtree");
    let proof = loaded.final_circuit.prove(&top).expect("final proves");
    built_key
        .verify(proof)
        .expect("verifies under the built key");

    let refused =
        |bytes: &[u8], shape: Shape, build: &str| match KeyChain::from_bytes(bytes, shape, build) {
            Ok(_) => panic!("accepted"),
            Err(e) => format!("{e:#}"),
        };
    let other_build = refused(&bytes, shape(), "build-b");
    assert!(other_build.contains("another shape"), "{other_build}");
    let other_shape = refused(&bytes, Shape::new(2, 8, 13), "build-a");
    assert!(other_shape.contains("another shape"), "{other_shape}");
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 1;
    let damaged = refused(&damaged, shape(), "build-a");
    assert!(damaged.contains("damaged"), "{damaged}");
    let truncated = refused(&bytes[..bytes.len() - 1], shape(), "build-a");
    assert!(truncated.contains("damaged"), "{truncated}");
}
