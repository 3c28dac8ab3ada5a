//! What the final circuit adds to the top proof's statement: the leaf bound
//! the totals' soundness needs, and carry-normalised totals.

use plonky2::field::types::{Field, PrimeField64};
use plonky2::iop::witness::{PartialWitness, WitnessWrite};
use plonky2::plonk::circuit_builder::CircuitBuilder;
use solvent_circuits::final_wrap::FinalCircuit;
use solvent_circuits::public_inputs::{self, LEAF_COUNT_INDEX, LEVEL_INDEX};
use solvent_circuits::{inner_config, PublicInputs, C, D, F, LEAF_COUNT_BITS};

const ASSETS: usize = 2;

/// Wraps, in the final circuit, a stand-in top circuit whose public inputs
/// are free, in place of a batch proof (level 0): `leaf_count = leaves`, the
/// limb sums of asset 0 `sums`, every other input 1. Returns the final
/// proof's public inputs.
fn wrap(leaves: u64, sums: [u64; 4]) -> anyhow::Result<PublicInputs> {
    let mut b = CircuitBuilder::<F, D>::new(inner_config());
    let inputs: Vec<_> = (0..public_inputs::inner_len(ASSETS))
        .map(|_| b.add_virtual_public_input())
        .collect();
    let free = b.build::<C>();
    let final_circuit = FinalCircuit::build(&free.common, &free.verifier_only, &free.verifier_only);
    let totals_at = public_inputs::len(ASSETS) - 4 * ASSETS;
    let mut pw = PartialWitness::new();
    for (i, &t) in inputs.iter().enumerate() {
        let value = match i {
            LEAF_COUNT_INDEX => leaves,
            LEVEL_INDEX => 0,
            i if (totals_at..totals_at + 4).contains(&i) => sums[i - totals_at],
            _ => 1,
        };
        pw.set_target(t, F::from_canonical_u64(value))?;
    }
    let proof = final_circuit.prove(&free.prove(pw)?)?;
    let public = proof.public_inputs.clone();
    final_circuit.data.verify(proof)?;
    Ok(PublicInputs::from_fields(&public, ASSETS).expect("the layout"))
}

#[test]
fn final_circuit_refuses_leaf_counts_beyond_the_limb_bound() {
    wrap((1 << LEAF_COUNT_BITS) - 1, [0; 4]).expect("the largest allowed count wraps");
    assert!(
        wrap(1 << LEAF_COUNT_BITS, [0; 4]).is_err(),
        "a count of 2^37 leaves must not be provable"
    );
}

#[test]
fn final_circuit_publishes_carry_normalised_totals() {
    let big = (1u64 << 63) - 1; // the largest sum of fewer than 2^37 limbs
    let public = wrap(7, [(3 << 26) + 5, 1, big, 9]).unwrap();
    let t = public.totals[0];
    assert_eq!((t.equity_lo, t.equity_hi), (5, 4));
    assert_eq!((t.debt_lo, t.debt_hi), ((1 << 26) - 1, 9 + (big >> 26)));
    assert_eq!(t.debt(), u128::from(big) + (9 << 26));
    // A low sum that is no integer limb sum (at or above 2^63) is refused.
    let wrapped = F::NEG_ONE.to_canonical_u64();
    assert!(wrap(7, [wrapped, 0, 0, 0]).is_err());
}
