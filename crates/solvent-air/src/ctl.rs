//! Cross-table lookups of one STARK into its own public inputs: the
//! transcript, and native and recursive verification.
//!
//! Why: a value the statement publishes as a sum over rows (the batch's
//! per-asset totals) would otherwise need a running-sum column per published
//! value in every row. starky's cross-table lookups (LogUp) instead add a few
//! auxiliary columns per challenge whatever the number of sums: the rows
//! "look up" `(key, weight)` pairs, the looked side is empty, and the
//! verifier closes the argument with the sum the public inputs imply
//! (`extra looking sums` in starky's terms). starky uses this machinery for
//! multi-STARK systems; here there is one table, so the transcript is ours:
//!
//! public inputs, trace cap, then `num_challenges` CTL challenge pairs
//! `(beta, gamma)`, then starky's own single-STARK transcript without the
//! trace cap (the config, the auxiliary cap, ...). The range-check lookup
//! reuses the CTL challenges' `beta`s, as starky does whenever CTL challenges
//! are given. docs/SPEC.md section 7 states the resulting equations.

use anyhow::{ensure, Result};
use plonky2::hash::merkle_tree::MerkleCap;
use plonky2::iop::challenger::{Challenger, RecursiveChallenger};
use plonky2::iop::target::Target;
use plonky2::plonk::circuit_builder::CircuitBuilder;
use plonky2::plonk::config::GenericConfig;
use starky::config::StarkConfig;
use starky::cross_table_lookup::{CrossTableLookup, CtlCheckVars, CtlCheckVarsTarget};
use starky::lookup::{
    get_grand_product_challenge_set, get_grand_product_challenge_set_target, GrandProductChallenge,
    GrandProductChallengeSet,
};
use starky::proof::{StarkProofWithPublicInputs, StarkProofWithPublicInputsTarget};
use starky::recursive_verifier::{
    add_virtual_stark_proof_with_pis, verify_stark_proof_with_challenges_circuit,
};
use starky::stark::Stark;
use starky::verifier::verify_stark_proof_with_challenges;

use crate::{C, D, F};

type Hasher = <C as GenericConfig<D>>::Hasher;

/// A STARK whose cross-table lookups look into values derived from its public
/// inputs. Every lookup has all its tables in table 0 (this STARK), one or
/// more looking entries, and one looked entry (often with a zero filter).
pub trait PublishedLookups: Stark<F, D> {
    fn cross_table_lookups(&self) -> Vec<CrossTableLookup<F>>;

    /// For each lookup (in order) and each challenge: what the public inputs
    /// add to the looking side, so that looking + published = looked.
    /// Fails if the public inputs are not a statement the STARK can make.
    fn published_sums(
        &self,
        challenges: &GrandProductChallengeSet<F>,
        public_inputs: &[F],
    ) -> Result<Vec<Vec<F>>>;

    /// [`PublishedLookups::published_sums`] in a circuit.
    fn published_sums_circuit(
        &self,
        builder: &mut CircuitBuilder<F, D>,
        challenges: &GrandProductChallengeSet<Target>,
        public_inputs: &[Target],
    ) -> Vec<Vec<Target>>;

    /// Looking entries of each lookup: starky needs to know how many helper
    /// columns each one has.
    fn looking_entries(&self) -> Vec<usize>;
}

/// `-sum_i term_i` for each challenge, with the terms `terms(challenge)`
/// gives: the published sum of a lookup whose looking side the statement
/// completes by subtracting one term per published entry (see
/// [`PublishedLookups::published_sums`]).
pub fn subtracted_terms(
    challenges: &GrandProductChallengeSet<F>,
    mut terms: impl FnMut(GrandProductChallenge<F>) -> Vec<F>,
) -> Vec<F> {
    challenges
        .challenges
        .iter()
        .map(|&challenge| -terms(challenge).into_iter().sum::<F>())
        .collect()
}

/// [`subtracted_terms`] in a circuit.
pub fn subtracted_terms_circuit(
    builder: &mut CircuitBuilder<F, D>,
    challenges: &GrandProductChallengeSet<Target>,
    mut terms: impl FnMut(&mut CircuitBuilder<F, D>, GrandProductChallenge<Target>) -> Vec<Target>,
) -> Vec<Target> {
    challenges
        .challenges
        .iter()
        .map(|&challenge| {
            let terms = terms(builder, challenge);
            let sum = builder.add_many(terms);
            builder.neg(sum)
        })
        .collect()
}

/// Helper columns per lookup (per challenge), as starky builds them: one per
/// `constraint_degree - 1` looking entries, and none for a single entry (its
/// `Z` column then carries the sum alone: starky checks
/// `key * (Z - Z_next) = filter`).
fn helpers_per_lookup<S: PublishedLookups>(stark: &S) -> Vec<usize> {
    let chunk = stark.constraint_degree() - 1;
    stark
        .looking_entries()
        .into_iter()
        .map(|n| {
            assert!(n >= 1, "a lookup needs a looking entry");
            if n == 1 {
                0
            } else {
                n.div_ceil(chunk)
            }
        })
        .collect()
}

/// `(helper columns, Z columns)` of all lookups and challenges.
pub fn auxiliary_counts<S: PublishedLookups>(stark: &S, config: &StarkConfig) -> (usize, usize) {
    let helpers: usize = helpers_per_lookup(stark).iter().sum();
    let lookups = stark.looking_entries().len();
    (
        helpers * config.num_challenges,
        2 * lookups * config.num_challenges,
    )
}

/// The transcript before the CTL challenges (see the module docs); the
/// challenges are drawn next, `num_challenges` `(beta, gamma)` pairs.
pub fn observe_statement(
    challenger: &mut Challenger<F, Hasher>,
    public_inputs: &[F],
    trace_cap: &MerkleCap<F, Hasher>,
) {
    challenger.observe_elements(public_inputs);
    challenger.observe_cap(trace_cap);
}

/// `ctl_zs_first` holds, per lookup and per challenge, the looking sum then
/// the looked sum.
fn z_index(lookup: usize, challenge: usize, num_challenges: usize, looked: bool) -> usize {
    2 * (lookup * num_challenges + challenge) + usize::from(looked)
}

/// Verifies a proof of `stark` natively, lookups included.
pub fn verify<S: PublishedLookups>(
    stark: &S,
    proof: &StarkProofWithPublicInputs<F, C, D>,
    config: &StarkConfig,
) -> Result<()> {
    let public_inputs = &proof.public_inputs;
    ensure!(
        public_inputs.len() == S::PUBLIC_INPUTS,
        "expected {} public inputs, got {}",
        S::PUBLIC_INPUTS,
        public_inputs.len()
    );
    let mut challenger = Challenger::<F, Hasher>::new();
    observe_statement(&mut challenger, public_inputs, &proof.proof.trace_cap);
    let ctl_challenges = get_grand_product_challenge_set(&mut challenger, config.num_challenges);
    let lookups = stark.cross_table_lookups();
    let helpers = helpers_per_lookup(stark);
    let (total_helpers, _) = auxiliary_counts(stark, config);
    let ctl_vars = CtlCheckVars::from_proof(
        0,
        &proof.proof,
        &lookups,
        &ctl_challenges,
        stark.num_lookup_helper_columns(config),
        total_helpers,
        &helpers,
    );
    let challenges = proof.proof.get_challenges(
        stark,
        public_inputs,
        &mut challenger,
        Some(&ctl_challenges),
        Some(&ctl_vars),
        true,
        config,
        None,
    );
    verify_stark_proof_with_challenges(
        stark,
        &proof.proof,
        &challenges,
        Some(&ctl_vars),
        public_inputs,
        config,
    )?;
    let zs = proof
        .proof
        .openings
        .ctl_zs_first
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the proof has no cross-table lookup sums"))?;
    let published = stark.published_sums(&ctl_challenges, public_inputs)?;
    let n = config.num_challenges;
    ensure!(
        zs.len() == 2 * n * lookups.len(),
        "wrong number of lookup sums"
    );
    for (lookup, sums) in published.iter().enumerate() {
        for (c, &extra) in sums.iter().enumerate() {
            let looking = zs[z_index(lookup, c, n, false)];
            let looked = zs[z_index(lookup, c, n, true)];
            ensure!(
                looking + extra == looked,
                "cross-table lookup {lookup} does not match the public inputs"
            );
        }
    }
    Ok(())
}

/// A proof target of `stark` with room for its lookups' auxiliary columns.
pub fn add_virtual_proof<S: PublishedLookups>(
    builder: &mut CircuitBuilder<F, D>,
    stark: &S,
    config: &StarkConfig,
    degree_bits: usize,
) -> StarkProofWithPublicInputsTarget<D> {
    let (helpers, zs) = auxiliary_counts(stark, config);
    add_virtual_stark_proof_with_pis(builder, stark, config, degree_bits, helpers + zs, zs)
}

/// Verifies `proof` (a target from [`add_virtual_proof`]) inside a circuit.
pub fn verify_circuit<S: PublishedLookups>(
    builder: &mut CircuitBuilder<F, D>,
    stark: &S,
    proof: &StarkProofWithPublicInputsTarget<D>,
    config: &StarkConfig,
) {
    let degree_bits = proof.proof.recover_degree_bits(config);
    let public_inputs = &proof.public_inputs;
    let mut challenger = RecursiveChallenger::<F, Hasher, D>::new(builder);
    challenger.observe_elements(public_inputs);
    challenger.observe_cap(&proof.proof.trace_cap);
    let ctl_challenges =
        get_grand_product_challenge_set_target(builder, &mut challenger, config.num_challenges);
    let lookups = stark.cross_table_lookups();
    let helpers = helpers_per_lookup(stark);
    let (total_helpers, _) = auxiliary_counts(stark, config);
    let ctl_vars = CtlCheckVarsTarget::from_proof(
        0,
        &proof.proof,
        &lookups,
        &ctl_challenges,
        stark.num_lookup_helper_columns(config),
        total_helpers,
        &helpers,
    );
    let challenges = proof.proof.get_challenges::<F, C, S>(
        builder,
        stark,
        public_inputs,
        &mut challenger,
        Some(&ctl_challenges),
        Some(&ctl_vars),
        degree_bits,
        true,
        config,
    );
    verify_stark_proof_with_challenges_circuit::<F, C, S, D>(
        builder,
        stark,
        &proof.proof,
        public_inputs,
        challenges,
        Some(&ctl_vars),
        config,
        degree_bits,
        None,
    );
    let zs = proof
        .proof
        .openings
        .ctl_zs_first
        .as_ref()
        .expect("a proof target with lookups has lookup sums");
    let published = stark.published_sums_circuit(builder, &ctl_challenges, public_inputs);
    let n = config.num_challenges;
    assert_eq!(zs.len(), 2 * n * lookups.len());
    for (lookup, sums) in published.iter().enumerate() {
        for (c, &extra) in sums.iter().enumerate() {
            let looking = zs[z_index(lookup, c, n, false)];
            let looked = zs[z_index(lookup, c, n, true)];
            let closed = builder.add(looking, extra);
            builder.connect(closed, looked);
        }
    }
}
