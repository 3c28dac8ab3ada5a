//! A round as independent units of work, for provers on many machines
//! (`solvent-cluster`) as well as the embedded `solvent prove`:
//!
//! - the *plan* ([`Round`]): shape, weights and round context, fixed from the
//!   assets file and a pre-pass over the snapshot;
//! - *batch units* ([`BatchInput`]): one batch's account slots, proven into a
//!   batch STARK and its wrapper;
//! - *aggregation units*: two child proofs (or one and an all-padding
//!   subtree) into their parent.
//!
//! A unit is named by the SHA-256 of its inputs ([`UnitId`]), so a unit
//! proven twice has one name and counts once. Planning a round, deriving
//! its leaves and sealing it are in [`crate::pipeline`].

use anyhow::anyhow;
use sha2::{Digest as _, Sha256};
use solvent_circuits::batch::{Slot, Weight};
use solvent_circuits::{public_inputs, KeyChain, Proof, PublicInputs, Shape};
use solvent_commit::{merkle, node_hash, Digest};

use crate::error::ProveError;

/// The name of a unit: SHA-256 of what it is proven from.
pub type UnitId = [u8; 32];

const BATCH_MAGIC: &[u8; 8] = b"slvbat01";
const AGGREGATE_DOMAIN: &[u8] = b"solvent-aggregate-v1";

/// Why a batch input could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnitError {
    #[error("batch input: {0}")]
    Malformed(&'static str),
}

/// One batch unit: everything its proof depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchInput {
    pub shape: Shape,
    pub context: Digest,
    pub weights: Vec<Weight>,
    /// The batch's accounts (at most `shape.batch_size`; the rest is padding).
    pub slots: Vec<Slot>,
}

impl BatchInput {
    /// `"slvbat01"`, then little-endian: assets, batch size, trace bits
    /// (u32 each), the context (32 bytes), `(equity, debt)` weight per asset
    /// (u64 each), the slot count (u32), then per slot its id commitment (32
    /// bytes) and `(equity, debt)` per asset (u64 each).
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.shape.num_assets;
        let mut out = Vec::with_capacity(60 + 16 * n + self.slots.len() * (32 + 16 * n));
        out.extend_from_slice(BATCH_MAGIC);
        for v in [n, self.shape.batch_size, self.shape.trace_bits] {
            out.extend_from_slice(&(v as u32).to_le_bytes());
        }
        out.extend_from_slice(&self.context.to_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.equity.to_le_bytes());
            out.extend_from_slice(&w.debt.to_le_bytes());
        }
        out.extend_from_slice(&(self.slots.len() as u32).to_le_bytes());
        for slot in &self.slots {
            out.extend_from_slice(&slot.id_commitment.to_bytes());
            for &(e, d) in &slot.balances {
                out.extend_from_slice(&e.to_le_bytes());
                out.extend_from_slice(&d.to_le_bytes());
            }
        }
        out
    }

    /// Reads [`BatchInput::to_bytes`]'s encoding, refusing anything else
    /// (trailing bytes, a shape the circuits cannot have, too many slots).
    pub fn from_bytes(bytes: &[u8]) -> Result<BatchInput, UnitError> {
        let mut r = Reader(bytes);
        if r.take(8)? != BATCH_MAGIC {
            return Err(UnitError::Malformed("not a batch input"));
        }
        let num_assets = r.u32()? as usize;
        let batch_size = r.u32()? as usize;
        let trace_bits = r.u32()? as usize;
        let shape = shape_of(num_assets, batch_size, trace_bits)
            .ok_or(UnitError::Malformed("shape out of range"))?;
        let context = r.digest()?;
        let weights = (0..num_assets)
            .map(|_| {
                Ok(Weight {
                    equity: r.u64()?,
                    debt: r.u64()?,
                })
            })
            .collect::<Result<_, UnitError>>()?;
        let count = r.u32()? as usize;
        if count == 0 || count > batch_size {
            return Err(UnitError::Malformed("slot count out of range"));
        }
        let slots = (0..count)
            .map(|_| {
                let id_commitment = r.digest()?;
                let balances = (0..num_assets)
                    .map(|_| Ok((r.u64()?, r.u64()?)))
                    .collect::<Result<_, UnitError>>()?;
                Ok(Slot {
                    id_commitment,
                    balances,
                })
            })
            .collect::<Result<_, UnitError>>()?;
        if !r.0.is_empty() {
            return Err(UnitError::Malformed("trailing bytes"));
        }
        Ok(BatchInput {
            shape,
            context,
            weights,
            slots,
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], UnitError> {
        if self.0.len() < n {
            return Err(UnitError::Malformed("truncated"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32, UnitError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn u64(&mut self) -> Result<u64, UnitError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }
    fn digest(&mut self) -> Result<Digest, UnitError> {
        let bytes: &[u8; 32] = self.take(32)?.try_into().expect("32");
        Digest::from_bytes(bytes).map_err(|_| UnitError::Malformed("non-canonical digest"))
    }
}

/// The shape, if the circuits can have it (what a unit names is read from
/// a store or a queue, so it is checked before `Shape::new` could panic).
pub fn shape_of(num_assets: usize, batch_size: usize, trace_bits: usize) -> Option<Shape> {
    use solvent_circuits::batch::{MAX_BATCH_SIZE, MAX_TRACE_BITS, MIN_TRACE_BITS};
    let valid = (1..=solvent_model::limits::MAX_ASSETS).contains(&num_assets)
        && batch_size.is_power_of_two()
        && (2..=MAX_BATCH_SIZE).contains(&batch_size)
        && (MIN_TRACE_BITS..=MAX_TRACE_BITS).contains(&trace_bits);
    valid.then(|| Shape::new(num_assets, batch_size, trace_bits))
}

/// The name of a batch unit: SHA-256 of its encoded input.
pub fn batch_unit_id(encoded_input: &[u8]) -> UnitId {
    Sha256::digest(encoded_input).into()
}

/// The name of an aggregation unit at `level` over its children's names
/// (`None`: an all-padding right subtree).
pub fn aggregate_unit_id(level: u32, left: &UnitId, right: Option<&UnitId>) -> UnitId {
    let mut h = Sha256::new();
    h.update(AGGREGATE_DOMAIN);
    h.update(level.to_le_bytes());
    h.update(left);
    match right {
        Some(right) => {
            h.update([1]);
            h.update(right);
        }
        None => h.update([0]),
    }
    h.finalize().into()
}

/// Proves a batch unit: its STARK, then the wrapper.
pub fn prove_batch(chain: &KeyChain, input: &BatchInput) -> Result<Proof, ProveError> {
    if input.shape != chain.shape {
        return Err(ProveError::Proving(anyhow!(
            "a batch of another shape than these circuits'"
        )));
    }
    let stark = chain
        .batch
        .stark
        .prove(&input.weights, &input.slots)
        .map_err(ProveError::Proving)?;
    chain
        .batch
        .wrap(&input.context, &stark)
        .map_err(ProveError::Proving)
}

/// Proves an aggregation unit from its children's proofs.
pub fn prove_aggregate(
    chain: &KeyChain,
    left: &Proof,
    right: Option<&Proof>,
) -> Result<Proof, ProveError> {
    chain
        .aggregation
        .prove(left, right)
        .map_err(ProveError::Proving)
}

/// The root of a batch's subtree: its leaves, padded to the batch size.
pub fn batch_root(shape: Shape, leaves: &[Digest], pad_leaf: Digest) -> Digest {
    let mut all = leaves.to_vec();
    all.resize(shape.batch_size, pad_leaf);
    merkle::root_of(&all)
}

/// The root of a parent at `level` over its children's roots (`None`: the
/// all-padding subtree).
pub fn parent_root(shape: Shape, level: u32, left: &Digest, right: Option<&Digest>) -> Digest {
    let right = right
        .copied()
        .unwrap_or_else(|| shape.padding_root(level - 1));
    node_hash(left, &right)
}

/// Checks a proof received for a unit before it is used: it verifies under
/// the circuit of its level, and it proves the expected root, leaf count and
/// level under the round's context. A proof from another round, another
/// unit or a corrupted store fails here.
pub fn check_unit_proof(
    chain: &KeyChain,
    proof: &Proof,
    context: &Digest,
    level: u32,
    root: &Digest,
    leaf_count: u64,
) -> Result<(), ProveError> {
    let data = if level == 0 {
        &chain.batch.data
    } else {
        &chain.aggregation.data
    };
    data.verify(proof.clone())
        .map_err(|e| ProveError::Proving(anyhow!("the proof does not verify: {e}")))?;
    let capacity = chain.shape.capacity();
    let fields = &proof.public_inputs;
    if fields.len() != public_inputs::inner_len(capacity) {
        return Err(ProveError::Proving(anyhow!("wrong public-input count")));
    }
    let proven = PublicInputs::from_fields(&fields[..public_inputs::len(capacity)], capacity)
        .ok_or_else(|| ProveError::Proving(anyhow!("malformed public inputs")))?;
    let expected = (proven.context == *context)
        && proven.root == *root
        && proven.leaf_count == leaf_count
        && proven.level == level
        && proven.batch_height == chain.shape.batch_size.ilog2();
    if !expected {
        return Err(ProveError::Proving(anyhow!(
            "the proof is not this unit's (context, root, leaf count, level or batch height differ)"
        )));
    }
    Ok(())
}

/// Reads a proof of the round's inner circuits (batch wrapper or
/// aggregation: they share one shape of proof).
pub fn parse_inner_proof(chain: &KeyChain, bytes: &[u8]) -> Result<Proof, ProveError> {
    let proof = Proof::from_bytes(bytes.to_vec(), &chain.aggregation.data.common)
        .map_err(|e| ProveError::Proving(anyhow!("malformed proof: {e:?}")))?;
    Ok(proof)
}

#[cfg(test)]
mod tests {
    use super::*;
    use plonky2::field::types::Field;
    use proptest::prelude::*;
    use solvent_commit::F;

    fn digest(seed: u64) -> Digest {
        Digest(std::array::from_fn(|i| {
            F::from_canonical_u64(seed * 31 + i as u64)
        }))
    }

    fn input(num_assets: usize, slots: usize, seed: u64) -> BatchInput {
        BatchInput {
            shape: Shape::new(num_assets, 8, 13),
            context: digest(seed),
            weights: (0..num_assets as u64)
                .map(|a| Weight {
                    equity: a * 7 + seed,
                    debt: a * 11,
                })
                .collect(),
            slots: (0..slots as u64)
                .map(|s| Slot {
                    id_commitment: digest(seed + s + 1),
                    balances: (0..num_assets as u64).map(|a| (a + s, s)).collect(),
                })
                .collect(),
        }
    }

    proptest! {
        /// Decoding inverts encoding; every truncation and every extra byte
        /// is refused; a changed byte is refused or names another unit.
        #[test]
        fn batch_inputs_are_read_exactly(assets in 1usize..5, slots in 1usize..=8, seed in 0u64..1000, flip in any::<prop::sample::Index>()) {
            let original = input(assets, slots, seed);
            let bytes = original.to_bytes();
            prop_assert_eq!(BatchInput::from_bytes(&bytes).unwrap(), original.clone());
            for cut in [0, 7, bytes.len() / 2, bytes.len() - 1] {
                prop_assert!(BatchInput::from_bytes(&bytes[..cut]).is_err());
            }
            let mut longer = bytes.clone();
            longer.push(0);
            prop_assert!(BatchInput::from_bytes(&longer).is_err());
            let mut changed = bytes.clone();
            changed[flip.index(bytes.len())] ^= 0x01;
            if let Ok(other) = BatchInput::from_bytes(&changed) {
                prop_assert_ne!(other, original);
                prop_assert_ne!(batch_unit_id(&changed), batch_unit_id(&bytes));
            }
        }
    }

    /// testdata/cluster/batch-input-v1.bin, written independently of this
    /// code (see its README), reads as described and is named by its hash.
    #[test]
    fn the_batch_input_vector() {
        let bytes = include_bytes!("../../../testdata/cluster/batch-input-v1.bin");
        let input = BatchInput::from_bytes(bytes).unwrap();
        assert_eq!(input.shape, Shape::new(2, 4, 13));
        assert_eq!(
            input.context,
            Digest([1, 2, 3, 4].map(F::from_canonical_u64))
        );
        assert_eq!(
            input.weights[1],
            Weight {
                equity: 1 << 20,
                debt: 1 << 20
            }
        );
        assert_eq!(input.slots.len(), 2);
        assert_eq!(
            input.slots[1].balances,
            vec![(0, 0), (10_000_000, 2_000_000)]
        );
        assert_eq!(input.to_bytes(), bytes);
        assert_eq!(
            hex::encode(batch_unit_id(bytes)),
            "d69cbfee1e4d43dea146a1372ea941d4376a619f02553fd82572984639842846"
        );
    }

    #[test]
    fn unit_names_bind_level_children_and_padding() {
        let (a, b) = ([1u8; 32], [2u8; 32]);
        let names = [
            aggregate_unit_id(1, &a, Some(&b)),
            aggregate_unit_id(2, &a, Some(&b)),
            aggregate_unit_id(1, &b, Some(&a)),
            aggregate_unit_id(1, &a, None),
            aggregate_unit_id(1, &a, Some(&a)),
        ];
        for i in 0..names.len() {
            for j in 0..i {
                assert_ne!(names[i], names[j], "{i} and {j}");
            }
        }
        let bad = [b"slvbat01".as_slice(), &[0u8; 12]].concat();
        assert_eq!(
            BatchInput::from_bytes(&bad),
            Err(UnitError::Malformed("shape out of range"))
        );
    }
}
