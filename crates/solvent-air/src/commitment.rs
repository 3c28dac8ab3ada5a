//! The batch STARK's trace commitment and prover entry point.
//!
//! [`commit_trace`] builds exactly what plonky2's
//! `PolynomialBatch::from_values` builds for an unblinded trace (the same
//! low-degree extension, the same leaves in bit-reversed order, the same
//! Merkle tree and cap, digest for digest), only faster: it hashes the leaves
//! straight from the extended columns, [`HASH_GROUP`] rows per call to
//! [`solvent_hash::packed`], instead of transposing first and hashing one row at a
//! time. [`prove`] is starky's `prove` with that commitment; the verifier
//! cannot tell them apart, and tests check both the tree and the proof.

use anyhow::{ensure, Result};
use plonky2::field::packed::PackedField;
use plonky2::field::polynomial::{PolynomialCoeffs, PolynomialValues};
use plonky2::field::types::Field;
use plonky2::fri::oracle::PolynomialBatch;
use plonky2::hash::hash_types::HashOut;
use plonky2::hash::merkle_tree::{MerkleCap, MerkleTree};
use plonky2::hash::poseidon::{SPONGE_RATE, SPONGE_WIDTH};
use plonky2::iop::challenger::Challenger;
use plonky2::plonk::config::Hasher;
use plonky2::timed;
use plonky2::util::timing::TimingTree;
use plonky2::util::{log2_strict, reverse_index_bits_in_place};
use plonky2_maybe_rayon::*;
use starky::config::StarkConfig;
use starky::cross_table_lookup::{get_ctl_data, CrossTableLookup, CtlData};
use starky::lookup::{get_grand_product_challenge_set, GrandProductChallengeSet};
use starky::proof::StarkProofWithPublicInputs;
use starky::prover::prove_with_commitment;
use starky::stark::Stark;

use crate::ctl::PublishedLookups;
use crate::{C, D, F};
use solvent_hash::packed::{permute_interleaved, Packed, LANES};
use solvent_hash::FastPoseidonHash as Hash;

/// Packed states per permutation call (see `permute_interleaved`).
const STATES: usize = 2;
/// Rows hashed together.
pub const HASH_GROUP: usize = STATES * LANES;

/// Digests below which a subtree's nodes are placed on one thread.
const SEQUENTIAL_SUBTREE: usize = 1 << 10;

/// Proves `trace` like `starky::prover::prove` (no verifier-circuit FRI
/// parameters), committing to the trace with [`commit_trace`].
pub fn prove<S: Stark<F, D>>(
    stark: S,
    config: &StarkConfig,
    trace: Vec<PolynomialValues<F>>,
    public_inputs: &[F],
    timing: &mut TimingTree,
) -> Result<StarkProofWithPublicInputs<F, C, D>> {
    let trace_commitment = commit(config, &trace, timing)?;
    // The transcript starts exactly as in starky's `prove`.
    let mut challenger = Challenger::<F, Hash>::new();
    challenger.observe_elements(public_inputs);
    config.observe(&mut challenger);
    challenger.observe_cap(&trace_commitment.merkle_tree.cap);
    prove_with_commitment(
        &stark,
        config,
        &trace,
        &trace_commitment,
        None,
        None,
        &mut challenger,
        public_inputs,
        None,
        None,
        timing,
    )
}

/// Proves `trace` of a STARK with cross-table lookups into its public inputs,
/// with the transcript of [`crate::ctl`] (what [`crate::ctl::verify`] and
/// [`crate::ctl::verify_circuit`] check).
pub fn prove_with_lookups<S: PublishedLookups>(
    stark: S,
    config: &StarkConfig,
    trace: Vec<PolynomialValues<F>>,
    public_inputs: &[F],
    timing: &mut TimingTree,
) -> Result<StarkProofWithPublicInputs<F, C, D>> {
    let trace_commitment = commit(config, &trace, timing)?;
    let mut challenger = Challenger::<F, Hash>::new();
    crate::ctl::observe_statement(
        &mut challenger,
        public_inputs,
        &trace_commitment.merkle_tree.cap,
    );
    let lookups = stark.cross_table_lookups();
    // Draws the CTL challenges, then builds the helper and Z columns.
    let (ctl_challenges, ctl_data) = timed!(
        timing,
        "cross-table lookup columns",
        ctl_data_in_parallel(
            config,
            core::array::from_ref(&trace),
            &lookups,
            &mut challenger,
            stark.constraint_degree(),
        )
    );
    // starky's verifier, told the CTL challenges, observes the config next.
    config.observe(&mut challenger);
    prove_with_commitment(
        &stark,
        config,
        &trace,
        &trace_commitment,
        Some(&ctl_data),
        Some(&ctl_challenges),
        &mut challenger,
        public_inputs,
        None,
        None,
        timing,
    )
}

/// starky's `get_ctl_data` for one table, with each cross-table lookup's
/// columns built on its own thread (starky builds them one after another, and
/// the batch STARK has four). Every lookup is given a copy of the transcript
/// in the same state, so each draws the same challenges that the one call
/// would; their data, concatenated in lookup order, is exactly that call's.
pub fn ctl_data_in_parallel<'a>(
    config: &StarkConfig,
    traces: &[Vec<PolynomialValues<F>>; 1],
    lookups: &'a [CrossTableLookup<F>],
    challenger: &mut Challenger<F, Hash>,
    constraint_degree: usize,
) -> (GrandProductChallengeSet<F>, CtlData<'a, F>) {
    let per_lookup: Vec<(GrandProductChallengeSet<F>, CtlData<'a, F>)> = lookups
        .par_iter()
        .enumerate()
        .map(|(i, _)| {
            let (challenges, [data]) = get_ctl_data::<F, C, D, 1>(
                config,
                traces,
                &lookups[i..=i],
                &mut challenger.clone(),
                constraint_degree,
            );
            (challenges, data)
        })
        .collect();
    // Advances the transcript past the challenges, as the one call would.
    let challenges = get_grand_product_challenge_set(challenger, config.num_challenges);
    let mut data = CtlData::default();
    for (drawn, lookup_data) in per_lookup {
        debug_assert_eq!(drawn.challenges, challenges.challenges);
        data.zs_columns.extend(lookup_data.zs_columns);
    }
    (challenges, data)
}

fn commit(
    config: &StarkConfig,
    trace: &[PolynomialValues<F>],
    timing: &mut TimingTree,
) -> Result<PolynomialBatch<F, C, D>> {
    let degree_bits = log2_strict(trace[0].len());
    let fri_params = config.fri_params(degree_bits);
    let rate_bits = config.fri_config.rate_bits;
    let cap_height = config.fri_config.cap_height;
    ensure!(
        fri_params.total_arities() <= degree_bits + rate_bits - cap_height,
        "FRI total reduction arity is too large"
    );
    Ok(timed!(
        timing,
        "compute trace commitment",
        commit_trace(trace, rate_bits, cap_height, timing)
    ))
}

/// The unblinded commitment to `trace` at rate `2^-rate_bits`, identical to
/// `PolynomialBatch::from_values(trace, rate_bits, false, cap_height, ..)`.
pub fn commit_trace(
    trace: &[PolynomialValues<F>],
    rate_bits: usize,
    cap_height: usize,
    timing: &mut TimingTree,
) -> PolynomialBatch<F, C, D> {
    let coeffs: Vec<PolynomialCoeffs<F>> = timed!(
        timing,
        "IFFT",
        trace.par_iter().map(|v| v.clone().ifft()).collect()
    );
    let degree_log = log2_strict(coeffs[0].len());
    let lde: Vec<Vec<F>> = timed!(
        timing,
        "FFT",
        coeffs
            .par_iter()
            .map(|p| {
                p.lde(rate_bits)
                    .coset_fft_with_options(F::coset_shift(), Some(rate_bits), None)
                    .values
            })
            .collect()
    );
    let (leaves, hashes) = timed!(timing, "transpose and hash rows", rows_and_hashes(&lde));
    drop(lde);
    let merkle_tree = timed!(
        timing,
        "hash Merkle nodes",
        merkle_tree(leaves, hashes, cap_height)
    );
    PolynomialBatch {
        polynomials: coeffs,
        merkle_tree,
        degree_log,
        rate_bits,
        blinding: false,
    }
}

/// The rows of `columns` and their leaf hashes, both in bit-reversed row
/// order (the order of plonky2's Merkle leaves).
fn rows_and_hashes(columns: &[Vec<F>]) -> (Vec<Vec<F>>, Vec<HashOut<F>>) {
    let len = columns[0].len();
    let (mut rows, mut hashes): (Vec<Vec<F>>, Vec<HashOut<F>>) = if len.is_multiple_of(HASH_GROUP) {
        (0..len / HASH_GROUP)
            .into_par_iter()
            .flat_map_iter(|group| {
                let start = group * HASH_GROUP;
                let hashes = hash_rows(columns, start);
                (0..HASH_GROUP).map(move |i| (row(columns, start + i), hashes[i]))
            })
            .unzip()
    } else {
        (0..len)
            .into_par_iter()
            .map(|i| {
                let row = row(columns, i);
                let hash = Hash::hash_or_noop(&row);
                (row, hash)
            })
            .unzip()
    };
    reverse_index_bits_in_place(&mut rows);
    reverse_index_bits_in_place(&mut hashes);
    (rows, hashes)
}

/// Row `i` of `columns`.
fn row(columns: &[Vec<F>], i: usize) -> Vec<F> {
    columns.iter().map(|c| c[i]).collect()
}

/// `PoseidonHash::hash_or_noop` of rows `start..start + HASH_GROUP`, read
/// straight from the columns: lane `l` of a packed state is row
/// `start + 8 s + l`, so each absorbed element is a contiguous column slice.
// `LANES` is 1 where plonky2 does not pack (a portable build).
#[allow(clippy::modulo_one)]
fn hash_rows(columns: &[Vec<F>], start: usize) -> [HashOut<F>; HASH_GROUP] {
    let width = columns.len();
    if width <= 4 {
        // hash_or_noop pads short inputs instead of hashing them.
        return core::array::from_fn(|i| Hash::hash_or_noop(&row(columns, start + i)));
    }
    let mut states = [[Packed::ZEROS; SPONGE_WIDTH]; STATES];
    for chunk in (0..width).step_by(SPONGE_RATE) {
        // Overwrite mode, as plonky2's `hash_n_to_m_no_pad`.
        for (s, state) in states.iter_mut().enumerate() {
            let rows = start + s * LANES..start + (s + 1) * LANES;
            for (position, column) in columns[chunk..(chunk + SPONGE_RATE).min(width)]
                .iter()
                .enumerate()
            {
                state[position] = *Packed::from_slice(&column[rows.clone()]);
            }
        }
        permute_interleaved(&mut states);
    }
    core::array::from_fn(|i| {
        let state = &states[i / LANES];
        HashOut {
            elements: core::array::from_fn(|k| state[k].as_slice()[i % LANES]),
        }
    })
}

/// The Merkle tree over `leaves` whose leaf hashes are `hashes`, in plonky2's
/// digest layout (see `MerkleTree::digests`). The nodes are hashed level by
/// level, [`HASH_GROUP`] at a time, then placed.
fn merkle_tree(
    leaves: Vec<Vec<F>>,
    hashes: Vec<HashOut<F>>,
    cap_height: usize,
) -> MerkleTree<F, Hash> {
    let height = log2_strict(leaves.len());
    assert!(cap_height <= height);
    let cap_level = height - cap_height;
    // levels[h][i]: the node at height h above the leaves, index i.
    let mut levels = vec![hashes];
    while levels.len() <= cap_level {
        let below = levels.last().expect("the leaf level");
        levels.push(parent_level(below));
    }
    let mut digests = vec![HashOut::<F>::ZERO; 2 * (leaves.len() - (1 << cap_height))];
    if cap_level > 0 {
        let per_subtree = digests.len() >> cap_height;
        digests
            .par_chunks_mut(per_subtree)
            .enumerate()
            .for_each(|(i, digests)| place_subtree(digests, &levels, cap_level, i));
    }
    let cap = levels.swap_remove(cap_level);
    MerkleTree {
        leaves,
        digests,
        cap: MerkleCap(cap),
    }
}

/// `two_to_one` of each pair of `nodes`, with the packed permutation.
#[allow(clippy::modulo_one)] // `LANES` is 1 in a portable build.
fn parent_level(nodes: &[HashOut<F>]) -> Vec<HashOut<F>> {
    let pairs = nodes.len() / 2;
    if !pairs.is_multiple_of(HASH_GROUP) {
        return nodes
            .chunks_exact(2)
            .map(|pair| Hash::two_to_one(pair[0], pair[1]))
            .collect();
    }
    nodes
        .par_chunks_exact(2 * HASH_GROUP)
        .flat_map_iter(|group| {
            // plonky2's `compress`: left then right child, the rest zero.
            let mut states = [[Packed::ZEROS; SPONGE_WIDTH]; STATES];
            for (s, state) in states.iter_mut().enumerate() {
                for (k, element) in state.iter_mut().take(8).enumerate() {
                    let lanes: [F; LANES] = core::array::from_fn(|l| {
                        group[2 * (s * LANES + l) + k / 4].elements[k % 4]
                    });
                    *element = *Packed::from_slice(&lanes);
                }
            }
            permute_interleaved(&mut states);
            (0..HASH_GROUP).map(move |i| HashOut {
                elements: core::array::from_fn(|k| states[i / LANES][k].as_slice()[i % LANES]),
            })
        })
        .collect()
}

/// plonky2's recursive layout for the subtree under node `index` at height
/// `height`: left subtree's digests, left child, right child, right
/// subtree's digests.
fn place_subtree(
    digests: &mut [HashOut<F>],
    levels: &[Vec<HashOut<F>>],
    height: usize,
    index: usize,
) {
    if height == 0 {
        return;
    }
    let (left, right) = digests.split_at_mut(digests.len() / 2);
    let (left_digest, left) = left.split_last_mut().expect("non-empty");
    let (right_digest, right) = right.split_first_mut().expect("non-empty");
    *left_digest = levels[height - 1][2 * index];
    *right_digest = levels[height - 1][2 * index + 1];
    if left.len() >= SEQUENTIAL_SUBTREE {
        plonky2_maybe_rayon::join(
            || place_subtree(left, levels, height - 1, 2 * index),
            || place_subtree(right, levels, height - 1, 2 * index + 1),
        );
    } else {
        place_subtree(left, levels, height - 1, 2 * index);
        place_subtree(right, levels, height - 1, 2 * index + 1);
    }
}

#[cfg(test)]
mod tests {
    use plonky2::field::types::Sample;

    use super::*;

    fn random_trace(columns: usize, rows: usize) -> Vec<PolynomialValues<F>> {
        (0..columns)
            .map(|_| PolynomialValues::new(F::rand_vec(rows)))
            .collect()
    }

    fn plonky2_commitment(
        trace: &[PolynomialValues<F>],
        rate_bits: usize,
        cap_height: usize,
    ) -> PolynomialBatch<F, C, D> {
        PolynomialBatch::from_values(
            trace.to_vec(),
            rate_bits,
            false,
            cap_height,
            &mut TimingTree::default(),
            None,
        )
    }

    /// Widths around the sponge rate and the no-hash limit, rows above and
    /// below a hash group, caps from one root to all leaves.
    #[test]
    fn identical_to_plonky2s_commitment() {
        for (columns, rows, rate_bits, cap_height) in [
            (483, 64, 1, 4),
            (17, 256, 1, 0),
            (8, 32, 2, 6),
            (9, 4, 1, 3),
            (4, 64, 1, 2),
            (1, 8, 1, 1),
        ] {
            let trace = random_trace(columns, rows);
            let ours = commit_trace(&trace, rate_bits, cap_height, &mut TimingTree::default());
            let theirs = plonky2_commitment(&trace, rate_bits, cap_height);
            let case =
                format!("{columns} columns, {rows} rows, rate bits {rate_bits}, cap {cap_height}");
            assert_eq!(ours.merkle_tree, theirs.merkle_tree, "{case}");
            assert_eq!(ours.polynomials, theirs.polynomials, "{case}");
            assert_eq!(ours.degree_log, theirs.degree_log);
        }
    }

    /// A proof made with this commitment passes starky's own verifier.
    #[test]
    fn proofs_verify_with_starky() {
        use crate::chain::{generate_trace, PoseidonChainStark, RATE};
        let blocks: Vec<[F; RATE]> = (0..64)
            .map(|i| core::array::from_fn(|j| F::from_canonical_usize(i * RATE + j)))
            .collect();
        let (trace, public_inputs) = generate_trace(&blocks, [F::ZERO; 4]);
        let config = crate::stark_config(trace[0].len().ilog2() as usize);
        let stark = PoseidonChainStark::<F, D>::default();
        let proof = prove(
            stark,
            &config,
            trace,
            &public_inputs,
            &mut TimingTree::default(),
        )
        .expect("valid trace");
        starky::verifier::verify_stark_proof(stark, proof, &config, None).expect("verifies");
    }
}
