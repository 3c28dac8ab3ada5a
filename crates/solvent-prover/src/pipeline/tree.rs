//! The aggregation tree: batch proofs fold up a binary counter of pending
//! subtrees (one per level, so memory holds one proof per level), and the
//! tree is completed with all-padding subtrees that are never proven.

use std::time::Instant;

use solvent_circuits::{KeyChain, Proof};
use solvent_commit::Digest;

use crate::error::ProveError;

/// Pending subtrees of a left-aligned perfect binary tree, one per level.
pub(super) struct BinaryCounter<T> {
    pub(super) levels: Vec<Option<T>>,
}

impl<T> BinaryCounter<T> {
    pub(super) fn new() -> Self {
        BinaryCounter { levels: Vec::new() }
    }

    pub(super) fn push<E>(
        &mut self,
        item: T,
        combine: &mut impl FnMut(u32, T, T) -> Result<T, E>,
    ) -> Result<(), E> {
        let mut carry = item;
        let mut level = 0usize;
        loop {
            if self.levels.len() <= level {
                self.levels.push(None);
            }
            match self.levels[level].take() {
                None => {
                    self.levels[level] = Some(carry);
                    return Ok(());
                }
                Some(left) => {
                    carry = combine(level as u32 + 1, left, carry)?;
                    level += 1;
                }
            }
        }
    }

    /// Completes the tree to `depth` levels: `combine(level, left, right)`
    /// is their parent at `level`, where a subtree missing its right sibling
    /// gets `None`, an all-padding one.
    pub(super) fn finish<E>(
        mut self,
        depth: u32,
        combine: &mut impl FnMut(u32, T, Option<T>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.levels.resize_with(depth as usize + 1, || None);
        let mut acc: Option<T> = None;
        for level in 0..depth {
            let pending = self.levels[level as usize].take();
            acc = match (pending, acc) {
                (Some(left), right @ Some(_)) => Some(combine(level + 1, left, right)?),
                (Some(left), None) | (None, Some(left)) => Some(combine(level + 1, left, None)?),
                (None, None) => None,
            };
        }
        Ok(match acc {
            Some(root) => root,
            None => self.levels[depth as usize].take().expect("non-empty tree"),
        })
    }
}

/// A batch's proof together with its natively computed root (a cross-check).
#[derive(Clone)]
pub(super) struct Subtree {
    pub(super) proof: Proof,
    pub(super) root: Digest,
}

/// Aggregation levels above `batches` batch proofs (the tree is padded to a
/// power of two).
pub(super) fn tree_depth(batches: u64) -> u32 {
    batches.next_power_of_two().ilog2()
}

/// The parent at `level` of `left` and `right`, where `None` is the
/// all-padding subtree (never proven: the aggregation circuit knows its
/// statement).
pub(super) fn combine(
    chain: &KeyChain,
    level: u32,
    left: Subtree,
    right: Option<Subtree>,
) -> Result<Subtree, ProveError> {
    let started = Instant::now();
    let proof = chain
        .aggregation
        .prove(&left.proof, right.as_ref().map(|r| &r.proof))
        .map_err(ProveError::Proving)?;
    tracing::info!(
        level,
        padding = right.is_none(),
        seconds = started.elapsed().as_secs_f64(),
        "aggregation step proven"
    );
    let root = crate::units::parent_root(
        chain.shape,
        level,
        &left.root,
        right.as_ref().map(|r| &r.root),
    );
    Ok(Subtree { proof, root })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_counter_builds_left_aligned_tree() {
        for n in 1u64..=9 {
            let depth = n.next_power_of_two().ilog2();
            let mut counter = BinaryCounter::new();
            let mut combine =
                |_l: u32, a: String, b: String| -> Result<String, ()> { Ok(format!("({a}{b})")) };
            for i in 0..n {
                counter.push(i.to_string(), &mut combine).unwrap();
            }
            let mut pads = 0;
            let mut finish = |l: u32, a: String, b: Option<String>| -> Result<String, ()> {
                let b = b.unwrap_or_else(|| {
                    pads += 1;
                    format!("p{}", l - 1)
                });
                combine(l, a, b)
            };
            let tree = counter.finish(depth, &mut finish).unwrap();
            assert_eq!(pads == 0, n.is_power_of_two(), "n = {n}");
            // Expected: perfect tree over 0..n then pads.
            let mut level: Vec<String> = (0..1u64 << depth)
                .map(|i| {
                    if i < n {
                        i.to_string()
                    } else {
                        "p0".to_string()
                    }
                })
                .collect();
            let mut l = 0;
            while level.len() > 1 {
                l += 1;
                level = level
                    .chunks(2)
                    .map(|p| {
                        let all_pad = |s: &str| s.starts_with('p');
                        if all_pad(&p[0]) && all_pad(&p[1]) {
                            format!("p{l}")
                        } else {
                            format!("({}{})", p[0], p[1])
                        }
                    })
                    .collect();
            }
            assert_eq!(tree, level[0], "n = {n}");
        }
    }
}
