//! The batch's per-asset limb totals as a cross-table lookup against the
//! public inputs.
//!
//! Every row looks up four entries: `(asset, k)` weighted by limb `k`
//! (`e_lo, e_hi, d_lo, d_hi`, 26 bits each) of its holding. Sub-limbs are
//! zero outside holding rows of real accounts (a constraint of the AIR), so
//! only real holdings contribute. The looked side is empty, and the verifier
//! closes the sum with the published totals:
//!
//! `sum_rows sum_k limb_k / (asset + k beta + gamma) - sum_(a,k) T_(a,k) / (a + k beta + gamma) = 0`
//!
//! for each of the `num_challenges` challenge pairs, which forces every
//! `T_(a,k)` to be the sum of the limbs of asset `a` (sums stay below
//! `2^26 * 2^22 < p`, so they cannot wrap), and zero for assets the round
//! does not have (no holding names them: `super::weights`). This replaces
//! one running-sum column per asset and limb (`4 x max_assets`) by two helper
//! columns and two sums per challenge.

use plonky2::field::types::Field;
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use starky::cross_table_lookup::{CrossTableLookup, TableWithColumns};
use starky::lookup::{Column, Filter, GrandProductChallenge, GrandProductChallengeSet};

use super::layout::{Layout, SUBLIMB_BITS};
use crate::{ctl, D, F};

/// Limbs per asset: `e_lo, e_hi, d_lo, d_hi`.
pub const LIMBS: usize = 4;

/// The asset index of a holding row (zero elsewhere).
fn asset_column(l: &Layout) -> Column<F> {
    Column::single(l.asset())
}

/// Limb `k` of a row's holding: the low or high 26 bits of its equity or debt.
fn limb_column(l: &Layout, k: usize) -> Column<F> {
    let (amount, half) = (k / 2, k % 2);
    Column::linear_combination([
        (l.amount_sublimb(amount, 2 * half), F::ONE),
        (
            l.amount_sublimb(amount, 2 * half + 1),
            F::from_canonical_u64(1 << SUBLIMB_BITS),
        ),
    ])
}

pub fn lookup(l: &Layout) -> CrossTableLookup<F> {
    let looking = (0..LIMBS)
        .map(|k| {
            TableWithColumns::new(
                0,
                vec![
                    asset_column(l),
                    Column::constant(F::from_canonical_usize(k)),
                ],
                Filter::new_simple(limb_column(l, k)),
            )
        })
        .collect();
    let nothing = TableWithColumns::new(
        0,
        vec![Column::zero(), Column::zero()],
        Filter::new_simple(Column::zero()),
    );
    CrossTableLookup::new(looking, nothing)
}

/// `-sum_(a,k) T_(a,k) / (a + k beta + gamma)` for each challenge.
pub fn published_sums(
    l: &Layout,
    challenges: &GrandProductChallengeSet<F>,
    public_inputs: &[F],
) -> Vec<F> {
    ctl::subtracted_terms(challenges, |GrandProductChallenge { beta, gamma }| {
        let mut terms = Vec::with_capacity(l.max_assets * LIMBS);
        for a in 0..l.max_assets {
            for k in 0..LIMBS {
                let key = F::from_canonical_usize(a) + F::from_canonical_usize(k) * beta + gamma;
                terms.push(public_inputs[l.pi_total(a, k)] / key);
            }
        }
        terms
    })
}

/// [`published_sums`] in a circuit.
pub fn published_sums_circuit(
    builder: &mut CircuitBuilder<F, D>,
    l: &Layout,
    challenges: &GrandProductChallengeSet<Target>,
    public_inputs: &[Target],
) -> Vec<Target> {
    ctl::subtracted_terms_circuit(
        builder,
        challenges,
        |builder, GrandProductChallenge { beta, gamma }| {
            let mut terms = Vec::with_capacity(l.max_assets * LIMBS);
            for a in 0..l.max_assets {
                for k in 0..LIMBS {
                    // a + k beta + gamma
                    let key = builder.mul_const_add(F::from_canonical_usize(k), beta, gamma);
                    let key = builder.add_const(key, F::from_canonical_usize(a));
                    terms.push(builder.div(public_inputs[l.pi_total(a, k)], key));
                }
            }
            terms
        },
    )
}
