//! The batch circuit must refuse to prove any slot that breaks a rule, even
//! when the caller bypasses the prover's own input checks.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use plonky2::field::types::Field;
use solvent_circuits::batch::Weight;
use solvent_circuits::batch::{capacity, BatchCircuit, Slot};
use solvent_circuits::uniform::Uniform;
use solvent_circuits::{PublicInputs, Shape};
use solvent_commit::{id_commitment, leaf_hash, merkle, padding_leaf, Digest, F};

const ASSETS: usize = 2;
/// Equal equity and debt weights: 1 unit of asset 0 is worth 1000 of asset 1.
const WEIGHTS: [Weight; ASSETS] = [
    Weight {
        equity: 1000,
        debt: 1000,
    },
    Weight { equity: 1, debt: 1 },
];

fn circuit() -> &'static BatchCircuit {
    static CIRCUIT: OnceLock<BatchCircuit> = OnceLock::new();
    CIRCUIT.get_or_init(|| BatchCircuit::build(Shape::new(ASSETS, 4, 13), &Uniform::default()))
}

fn slot(id: &str, balances: [(u64, u64); ASSETS]) -> Slot {
    Slot {
        id_commitment: id_commitment(&Digest([F::ONE; 4]), id),
        balances: balances.to_vec(),
    }
}

/// Proving must fail: either an error or a panic inside witness generation.
fn assert_unprovable(slots: &[Slot], why: &str) {
    let result = catch_unwind(AssertUnwindSafe(|| {
        circuit().prove(&Digest::ZERO, &WEIGHTS, slots)
    }));
    if let Ok(Ok(proof)) = result {
        // Even if a proof came out, it must not verify.
        assert!(
            circuit().data.verify(proof).is_err(),
            "{why}: a proof verified"
        );
    }
}

#[test]
fn honest_batch_proves_with_expected_public_inputs() {
    let slots = vec![slot("a", [(5, 0), (7, 3)]), slot("b", [(0, 1), (2000, 0)])];
    let proof = circuit().prove(&Digest::ZERO, &WEIGHTS, &slots).unwrap();
    let pi = PublicInputs::from_inner_fields(&proof.public_inputs, capacity(ASSETS)).unwrap();
    assert_eq!(pi.leaf_count, 2);
    assert_eq!(pi.totals[0].equity(), 5);
    assert_eq!(pi.totals[0].debt(), 1);
    assert_eq!(pi.totals[1].equity(), 2007);
    assert_eq!(pi.totals[1].debt(), 3);
    let mut leaves: Vec<Digest> = slots
        .iter()
        .map(|s| leaf_hash(&s.id_commitment, &s.balances))
        .collect();
    leaves.resize(4, padding_leaf(ASSETS));
    assert_eq!(pi.root, merkle::root_of(&leaves));
    circuit().data.verify(proof).unwrap();
}

#[test]
fn large_values_prove_exactly() {
    let max = (1u64 << 52) - 1;
    let slots = vec![slot("whale", [(max, max), (max, 0)])];
    let proof = circuit().prove(&Digest::ZERO, &WEIGHTS, &slots).unwrap();
    let pi = PublicInputs::from_inner_fields(&proof.public_inputs, capacity(ASSETS)).unwrap();
    assert_eq!(pi.totals[0].equity(), u128::from(max));
    assert_eq!(pi.totals[1].equity(), u128::from(max));
}

#[test]
fn rejects_amount_at_range_bound() {
    assert_unprovable(&[slot("a", [(1 << 52, 0), (0, 0)])], "equity = 2^52");
    assert_unprovable(&[slot("a", [(0, 0), (5, 1 << 52)])], "debt = 2^52");
}

#[test]
fn rejects_amount_near_field_modulus() {
    let p_minus_1 = 0xFFFF_FFFF_0000_0000u64;
    assert_unprovable(&[slot("a", [(p_minus_1, 0), (0, 0)])], "equity = p - 1");
    // A "negative" debt (p - 5) would raise the collateral if it were accepted.
    assert_unprovable(
        &[slot("a", [(10, p_minus_1 - 4), (0, 0)])],
        "debt = -5 mod p",
    );
}

#[test]
fn rejects_account_under_water() {
    // 1 unit of asset 0 (weight 1000) against 1001 units of debt in asset 1 (weight 1).
    assert_unprovable(&[slot("a", [(1, 0), (0, 1001)])], "under water by 1");
    // Exactly at zero is allowed.
    circuit()
        .prove(&Digest::ZERO, &WEIGHTS, &[slot("a", [(1, 0), (0, 1000)])])
        .unwrap();
}

#[test]
fn rejects_under_water_hidden_in_high_limbs() {
    // Debt in the high limb outweighs equity in the low limb.
    let slots = [slot("a", [(0, 0), ((1 << 26) - 1, 1 << 26)])];
    assert_unprovable(&slots, "high-limb debt");
}

#[test]
fn wrapper_refuses_a_stark_of_another_shape() {
    use solvent_circuits::batch::BatchStarkProver;
    let slots = vec![slot("a", [(5, 0), (7, 3)])];
    let other = BatchStarkProver::new(Shape::new(ASSETS, 8, 13))
        .prove(&WEIGHTS, &slots)
        .expect("valid batch");
    let err = circuit()
        .wrap(&Digest::ZERO, &other)
        .expect_err("a STARK of a batch of 8 wrapped by the circuit for 4");
    assert!(err.to_string().contains("another shape"), "{err}");
    // The same batch proven for the circuit's own shape wraps.
    let own = BatchStarkProver::new(Shape::new(ASSETS, 4, 13))
        .prove(&WEIGHTS, &slots)
        .expect("valid batch");
    let proof = circuit().wrap(&Digest::ZERO, &own).expect("wraps");
    circuit().data.verify(proof).unwrap();
}
