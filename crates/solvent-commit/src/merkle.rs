//! The account Merkle tree: a perfect binary tree over `batch_size * 2^depth`
//! leaves (real accounts first, then padding leaves), nodes by [`node_hash`].

use crate::{node_hash, padding_leaf, Digest};

/// The roots of all-padding subtrees, `P_0 ..= P_height`: `P_0` is the
/// padding leaf and `P_(l+1) = node(P_l, P_l)`. A batch proof does not hash
/// padding: its statement supplies these nodes for the padding part of its
/// subtree (docs/SPEC.md section 7 item 2).
pub fn padding_nodes(height: usize) -> Vec<Digest> {
    // The padding leaf has no holdings, so it does not depend on the assets.
    uniform_subtree_roots(padding_leaf(1), height)
}

/// The roots of perfect subtrees of heights `0 ..= height` whose leaves are
/// all `leaf`.
pub fn uniform_subtree_roots(leaf: Digest, height: usize) -> Vec<Digest> {
    let mut roots = vec![leaf];
    for _ in 0..height {
        let last = *roots.last().expect("non-empty");
        roots.push(node_hash(&last, &last));
    }
    roots
}

/// Authentication path of one leaf: siblings from the leaf level upward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerklePath {
    pub index: u64,
    pub siblings: Vec<Digest>,
}

impl MerklePath {
    /// Recomputes the root that `leaf` at `self.index` implies.
    pub fn root_from(&self, leaf: &Digest) -> Digest {
        let mut node = *leaf;
        for (level, sibling) in self.siblings.iter().enumerate() {
            node = if (self.index >> level) & 1 == 0 {
                node_hash(&node, sibling)
            } else {
                node_hash(sibling, &node)
            };
        }
        node
    }
}

/// Root of a perfect tree over `leaves` (length a power of two).
pub fn root_of(leaves: &[Digest]) -> Digest {
    assert!(
        leaves.len().is_power_of_two(),
        "leaf count must be a power of two"
    );
    let mut level = leaves.to_vec();
    while level.len() > 1 {
        level = level.chunks(2).map(|p| node_hash(&p[0], &p[1])).collect();
    }
    level[0]
}

/// Builds a whole tree in memory, level by level. Suited to extracting paths;
/// the prover itself only keeps one batch at a time.
#[derive(Debug, Clone)]
pub struct MerkleTreeBuilder {
    levels: Vec<Vec<Digest>>,
}

impl MerkleTreeBuilder {
    pub fn new(leaves: Vec<Digest>) -> Self {
        assert!(
            leaves.len().is_power_of_two(),
            "leaf count must be a power of two"
        );
        let mut levels = vec![leaves];
        while levels.last().expect("non-empty").len() > 1 {
            let next = levels
                .last()
                .expect("non-empty")
                .chunks(2)
                .map(|p| node_hash(&p[0], &p[1]))
                .collect();
            levels.push(next);
        }
        MerkleTreeBuilder { levels }
    }

    pub fn root(&self) -> Digest {
        self.levels.last().expect("non-empty")[0]
    }

    pub fn path(&self, index: u64) -> MerklePath {
        let siblings = self.levels[..self.levels.len() - 1]
            .iter()
            .enumerate()
            .map(|(level, nodes)| nodes[((index >> level) ^ 1) as usize])
            .collect();
        MerklePath { index, siblings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sponge, F};
    use plonky2::field::types::Field;
    use proptest::prelude::*;

    fn leaves(n: usize) -> Vec<Digest> {
        (0..n)
            .map(|i| sponge(&[F::from_canonical_u64(i as u64)]))
            .collect()
    }

    #[test]
    fn padding_nodes_are_roots_of_padding_trees() {
        let pads = padding_nodes(3);
        assert_eq!(pads.len(), 4);
        for (height, pad) in pads.iter().enumerate() {
            assert_eq!(*pad, root_of(&vec![padding_leaf(5); 1 << height]));
        }
    }

    proptest! {
        #[test]
        fn every_path_reaches_the_root(log in 0u32..7, pick in any::<u64>()) {
            let leaves = leaves(1 << log);
            let tree = MerkleTreeBuilder::new(leaves.clone());
            prop_assert_eq!(tree.root(), root_of(&leaves));
            let index = pick % leaves.len() as u64;
            let path = tree.path(index);
            prop_assert_eq!(path.root_from(&leaves[index as usize]), tree.root());
        }

        #[test]
        fn wrong_leaf_or_index_misses_the_root(log in 1u32..7, pick in any::<u64>()) {
            let leaves = leaves(1 << log);
            let tree = MerkleTreeBuilder::new(leaves.clone());
            let index = pick % leaves.len() as u64;
            let other = (index + 1) % leaves.len() as u64;
            let path = tree.path(index);
            prop_assert_ne!(path.root_from(&leaves[other as usize]), tree.root());
            let moved = MerklePath { index: other, siblings: path.siblings.clone() };
            prop_assert_ne!(moved.root_from(&leaves[index as usize]), tree.root());
        }
    }
}
