//! The round's aggregation tree as units: batches at level 0, and above
//! them each node aggregates children `2i` and `2i + 1` of the level below
//! (`2i + 1` missing: an all-padding subtree) until one node is left. The
//! same left-aligned tree `solvent prove` folds, so the same root.
//!
//! The tree holds a name, a root and a count per unit: `2 * batches`
//! entries, whatever the number of accounts per batch.

use std::collections::HashMap;

use solvent_circuits::Shape;
use solvent_commit::Digest;
use solvent_prover::units::{aggregate_unit_id, parent_root, UnitId};

use crate::wire::Work;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Its children are not proven yet.
    Waiting,
    /// Published; a worker will prove it.
    Queued,
    /// Its proof is in the store and was checked.
    Done,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub unit: UnitId,
    /// The subtree's root, computed natively from the leaves.
    pub root: Digest,
    /// Real leaves under it.
    pub leaves: u64,
    pub state: State,
}

/// Where a node is: `(level, index)`.
pub type At = (u32, usize);

pub struct Tree {
    levels: Vec<Vec<Node>>,
    by_unit: HashMap<UnitId, At>,
}

impl Tree {
    /// The tree over `batches` (unit, root, leaves), in snapshot order.
    pub fn new(shape: Shape, batches: Vec<(UnitId, Digest, u64)>) -> Tree {
        assert!(!batches.is_empty(), "a round has a batch");
        let mut levels = vec![batches
            .into_iter()
            .map(|(unit, root, leaves)| Node {
                unit,
                root,
                leaves,
                state: State::Waiting,
            })
            .collect::<Vec<_>>()];
        while levels.last().expect("non-empty").len() > 1 {
            let below = levels.last().expect("non-empty");
            let level = levels.len() as u32;
            let above = below
                .chunks(2)
                .map(|pair| {
                    let (left, right) = (&pair[0], pair.get(1));
                    Node {
                        unit: aggregate_unit_id(level, &left.unit, right.map(|r| &r.unit)),
                        root: parent_root(shape, level, &left.root, right.map(|r| &r.root)),
                        leaves: left.leaves + right.map_or(0, |r| r.leaves),
                        state: State::Waiting,
                    }
                })
                .collect();
            levels.push(above);
        }
        let by_unit = levels
            .iter()
            .enumerate()
            .flat_map(|(l, nodes)| {
                nodes
                    .iter()
                    .enumerate()
                    .map(move |(i, n)| (n.unit, (l as u32, i)))
            })
            .collect();
        Tree { levels, by_unit }
    }

    /// Aggregation levels above the batches.
    pub fn depth(&self) -> u32 {
        self.levels.len() as u32 - 1
    }

    pub fn top(&self) -> At {
        (self.depth(), 0)
    }

    pub fn find(&self, unit: &UnitId) -> Option<At> {
        self.by_unit.get(unit).copied()
    }

    pub fn node(&self, (level, i): At) -> &Node {
        &self.levels[level as usize][i]
    }

    pub fn set_state(&mut self, (level, i): At, state: State) {
        self.levels[level as usize][i].state = state;
    }

    /// Every node, bottom level first.
    pub fn all(&self) -> impl Iterator<Item = At> + '_ {
        self.levels
            .iter()
            .enumerate()
            .flat_map(|(l, nodes)| (0..nodes.len()).map(move |i| (l as u32, i)))
    }

    /// The node's children (level > 0): the right one `None` when it is all
    /// padding.
    pub fn children(&self, (level, i): At) -> (At, Option<At>) {
        let below = &self.levels[level as usize - 1];
        let right = (2 * i + 1 < below.len()).then_some((level - 1, 2 * i + 1));
        ((level - 1, 2 * i), right)
    }

    pub fn parent(&self, (level, i): At) -> Option<At> {
        (level < self.depth()).then_some((level + 1, i / 2))
    }

    /// An aggregation node whose children are all proven.
    pub fn ready(&self, at: At) -> bool {
        if at.0 == 0 {
            return true;
        }
        let (left, right) = self.children(at);
        self.node(left).state == State::Done
            && right.is_none_or(|r| self.node(r).state == State::Done)
    }

    /// The work a worker does for the node.
    pub fn work(&self, at: At) -> Work {
        if at.0 == 0 {
            return Work::Batch;
        }
        let (left, right) = self.children(at);
        Work::Aggregate {
            level: at.0,
            left: hex::encode(self.node(left).unit),
            right: right.map(|r| hex::encode(self.node(r).unit)),
        }
    }

    pub fn units(&self) -> usize {
        self.by_unit.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solvent_commit::merkle;

    #[test]
    fn the_tree_has_the_embedded_provers_shape_and_root() {
        let shape = Shape::new(2, 4, 13);
        let pad_leaf = solvent_commit::padding_leaf(2);
        for batches in 1usize..=9 {
            // Distinct leaves: all-padding subtree roots of distinct heights.
            let leaves: Vec<Vec<Digest>> = (0..batches)
                .map(|k| {
                    (0..4)
                        .map(|j| {
                            let n = 1 + 4 * k + j;
                            merkle::padding_nodes(n)[n]
                        })
                        .collect()
                })
                .collect();
            let tree = Tree::new(
                shape,
                leaves
                    .iter()
                    .enumerate()
                    .map(|(k, l)| {
                        let root = solvent_prover::units::batch_root(shape, l, pad_leaf);
                        ([k as u8; 32], root, 4)
                    })
                    .collect(),
            );
            assert_eq!(tree.depth(), batches.next_power_of_two().ilog2());
            assert_eq!(tree.node(tree.top()).leaves, 4 * batches as u64);
            // The root over every leaf, padded to a power of two batches.
            let mut all: Vec<Digest> = leaves.concat();
            all.resize(4 << tree.depth(), pad_leaf);
            assert_eq!(tree.node(tree.top()).root, merkle::root_of(&all));
            assert_eq!(tree.find(&tree.node(tree.top()).unit), Some(tree.top()));
            assert_eq!(tree.units(), tree.all().count(), "unit names are distinct");
        }
    }

    #[test]
    fn readiness_follows_the_children() {
        let shape = Shape::new(2, 4, 13);
        let d = solvent_commit::padding_leaf(2);
        let mut tree = Tree::new(shape, (0..3u8).map(|k| ([k; 32], d, 4)).collect());
        assert_eq!(tree.children((1, 1)), ((0, 2), None));
        assert!(!tree.ready((1, 0)));
        tree.set_state((0, 0), State::Done);
        assert!(!tree.ready((1, 0)));
        tree.set_state((0, 1), State::Done);
        assert!(tree.ready((1, 0)));
        tree.set_state((0, 2), State::Done);
        assert!(tree.ready((1, 1)), "a lone left child is enough");
        assert_eq!(tree.parent((1, 1)), Some((2, 0)));
        assert_eq!(tree.parent((2, 0)), None);
    }
}
