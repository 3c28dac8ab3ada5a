//! The checks, as OKX's verifier makes them and beyond.
//!
//! Parent at height `h`: `SHA-256(left ‖ right ‖ BTC ‖ ETH ‖ USDT ‖ h)`,
//! hashes as hex, sums as [`Amount`] prints them, `h` in decimal; a parent's
//! balances are its children's sums.

use sha2::{Digest as _, Sha256};

use std::io::{BufRead, Seek, SeekFrom};

use crate::files::{
    is_hash, parse_tree_line, Balances, FileError, NodeV1, ProofFileV1, TreeNode, UserInfoV2,
};
use crate::Amount;

/// What kind of problem a file has, and whether OKX's own tool looks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A hash is not what its contents give.
    Hash,
    /// A node's balances are not its children's sums.
    Sum,
    /// The path or tree is not shaped as the format says.
    Structure,
    /// The file's root is not the root given to check against.
    Root,
    /// A balance below zero: it lowers the totals above it, hiding
    /// liabilities. OKX's tool does not check this.
    NegativeBalance,
    /// The user's leaves do not add up to their total. OKX's tool does not
    /// check this.
    UserTotal,
}

impl ProblemKind {
    /// Whether OKX's verifier reports this kind of problem too.
    pub fn okx_tool_checks(self) -> bool {
        !matches!(self, ProblemKind::NegativeBalance | ProblemKind::UserTotal)
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub okx_tool_checks: bool,
    pub detail: String,
}

/// What these formats cannot guarantee, whatever the checks find.
pub const CAVEATS: &[&str] = &[
    "the tree commits only to sums: a valid path shows your balances are counted, not that every other leaf is a real, non-negative account",
    "hashes concatenate strings without separators, so different contents can hash alike in principle",
    "no zero-knowledge proof binds the root to the published totals; compare the root with the one OKX publishes",
];

/// The outcome of checking a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verdict {
    /// `okx-v1` or `okx-v2`.
    pub format: &'static str,
    pub valid: bool,
    /// The root the file leads to.
    pub root: String,
    /// The root's balances: the total liabilities the tree claims.
    pub root_balances: Option<Balances>,
    /// Whether `root` equals the one given to check against (`None`: none
    /// was given; compare it with the published root yourself).
    pub root_matches: Option<bool>,
    /// The user's balances (v1: the leaf's; v2: the total).
    pub balances: Balances,
    pub problems: Vec<Problem>,
    pub caveats: &'static [&'static str],
}

struct Findings(Vec<Problem>);

impl Findings {
    fn add(&mut self, kind: ProblemKind, detail: String) {
        self.0.push(Problem {
            kind,
            okx_tool_checks: kind.okx_tool_checks(),
            detail,
        });
    }

    fn negative(&mut self, place: &str, balances: &Balances) {
        let Ok(amounts) = balances.amounts() else {
            return;
        };
        for (asset, amount) in ["BTC", "ETH", "USDT"].iter().zip(amounts) {
            if amount.is_negative() {
                self.add(
                    ProblemKind::NegativeBalance,
                    format!("{place} has a negative {asset} balance {amount}: it lowers every total above it"),
                );
            }
        }
    }

    /// The amounts of `balances`, or a problem and zeros.
    fn amounts(&mut self, place: &str, balances: &Balances) -> [Amount; 3] {
        balances.amounts().unwrap_or_else(|e| {
            self.add(ProblemKind::Structure, format!("{place}: {e}"));
            [Amount::ZERO; 3]
        })
    }
}

fn sha256_hex(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}

fn sums(a: [Amount; 3], b: [Amount; 3]) -> Option<[Amount; 3]> {
    Some([
        a[0].checked_add(b[0])?,
        a[1].checked_add(b[1])?,
        a[2].checked_add(b[2])?,
    ])
}

fn to_balances(a: [Amount; 3]) -> Balances {
    Balances {
        btc: a[0].to_string(),
        eth: a[1].to_string(),
        usdt: a[2].to_string(),
    }
}

/// The parent of `left` and `right` at `height`.
pub fn parent_hash(left: &str, right: &str, sums: [Amount; 3], height: u32) -> String {
    let [b, e, u] = sums.map(|a| a.to_string());
    sha256_hex(&[left, right, &b, &e, &u, &height.to_string()])
}

fn finish(
    format: &'static str,
    root: String,
    root_balances: Option<Balances>,
    expected_root: Option<&str>,
    balances: Balances,
    findings: Findings,
) -> Verdict {
    let mut problems = findings.0;
    let root_matches = expected_root.map(|r| r.eq_ignore_ascii_case(&root));
    if root_matches == Some(false) {
        problems.push(Problem {
            kind: ProblemKind::Root,
            okx_tool_checks: true,
            detail: format!(
                "the file leads to root {root}, not the published root {}",
                expected_root.unwrap_or_default()
            ),
        });
    }
    Verdict {
        format,
        valid: problems.is_empty(),
        root,
        root_balances,
        root_matches,
        balances,
        problems,
        caveats: CAVEATS,
    }
}

/// Checks a v1 `merkle_proof_file.json`, against `root` if given.
pub fn check_v1(file: &ProofFileV1, root: Option<&str>) -> Verdict {
    let mut f = Findings(Vec::new());
    let leaf: &NodeV1 = &file.leaf;
    match &leaf.nonce {
        Some(nonce) => {
            if sha256_hex(&[nonce, &leaf.balances.json()]) != leaf.hash {
                f.add(ProblemKind::Hash, "your leaf's hash is not SHA-256(nonce ‖ balances): the balances or the nonce were changed".into());
            }
        }
        None => f.add(
            ProblemKind::Structure,
            "your leaf (`self`) has no nonce".into(),
        ),
    }
    if !matches!(leaf.kind, 1 | 2) || leaf.height != 1 {
        f.add(
            ProblemKind::Structure,
            "your leaf (`self`) must have type 1 or 2 and height 1".into(),
        );
    }
    f.negative("your leaf", &leaf.balances);
    let mut hash = leaf.hash.clone();
    let mut amounts = f.amounts("your leaf", &leaf.balances);
    let mut height = 1;
    let mut root_node = None;
    for (i, node) in file.path.iter().enumerate() {
        let place = format!("path[{i}] (height {})", node.height);
        if root_node.is_some() {
            f.add(
                ProblemKind::Structure,
                format!("{place} comes after the root"),
            );
            break;
        }
        if !is_hash(&node.hash) {
            f.add(
                ProblemKind::Structure,
                format!("{place}: hash is not 64 lowercase hex digits"),
            );
        }
        if node.height != height {
            f.add(
                ProblemKind::Structure,
                format!("{place} should be at height {height}"),
            );
        }
        let node_amounts = f.amounts(&place, &node.balances);
        if node.kind == 3 {
            if node.hash != hash {
                f.add(
                    ProblemKind::Hash,
                    format!("{place}: the path leads to {hash}, not to the root the file names"),
                );
            }
            if node_amounts != amounts {
                f.add(
                    ProblemKind::Sum,
                    format!(
                        "{place}: the root's balances are not the sums along the path ({})",
                        to_balances(amounts).json()
                    ),
                );
            }
            f.negative("the root", &node.balances);
            root_node = Some(node);
            continue;
        }
        let (left, right) = match node.kind {
            1 => (node.hash.as_str(), hash.as_str()),
            2 => (hash.as_str(), node.hash.as_str()),
            4 => {
                if node.hash != hash || node_amounts != [Amount::ZERO; 3] {
                    f.add(ProblemKind::Structure, format!("{place}: a padding node must copy its sibling's hash with zero balances"));
                }
                (hash.as_str(), node.hash.as_str())
            }
            other => {
                f.add(
                    ProblemKind::Structure,
                    format!("{place}: unknown type {other}"),
                );
                (hash.as_str(), node.hash.as_str())
            }
        };
        if i == 0 && matches!((leaf.kind, node.kind), (1, 1) | (2, 2)) {
            f.add(
                ProblemKind::Structure,
                format!("{place}: your leaf and its sibling are on the same side"),
            );
        }
        f.negative(&place, &node.balances);
        let Some(next) = sums(amounts, node_amounts) else {
            f.add(ProblemKind::Structure, format!("{place}: sums overflow"));
            break;
        };
        height += 1;
        hash = parent_hash(left, right, next, height);
        amounts = next;
    }
    let root_balances = match root_node {
        Some(node) => Some(node.balances.clone()),
        None => {
            f.add(
                ProblemKind::Structure,
                "the path has no root node (type 3)".into(),
            );
            None
        }
    };
    finish(
        "okx-v1",
        hash,
        root_balances,
        root,
        leaf.balances.clone(),
        f,
    )
}

/// Checks a v2 `user_info_file.json` against the full tree file, and
/// against `root` if given. `open_tree` opens the tree file afresh (it is
/// read by two cursors at once, in two passes, in constant memory: OKX's
/// full trees have a line for every node of every user).
pub fn check_v2<R: BufRead + Seek>(
    user: &UserInfoV2,
    mut open_tree: impl FnMut() -> std::io::Result<R>,
    root: Option<&str>,
) -> Result<Verdict, FileError> {
    let mut f = Findings(Vec::new());
    if sha256_hex(&[&user.nonce, &user.total_balances.json()]) != user.hash {
        f.add(ProblemKind::Hash, "your user hash is not SHA-256(nonce ‖ totalBalances): the total or the nonce were changed".into());
    }
    let total = f.amounts("totalBalances", &user.total_balances);
    f.negative("your total", &user.total_balances);
    let mut added = [Amount::ZERO; 3];
    for (i, leaf) in user.nodes.iter().enumerate() {
        let place = format!("your leaf {i}");
        let [b, e, u] = leaf.balances.texts();
        if sha256_hex(&[&user.hash, b, e, u]) != leaf.hash {
            f.add(ProblemKind::Hash, format!("{place}: its hash is not SHA-256(user hash ‖ BTC ‖ ETH ‖ USDT): its balances were changed"));
        }
        f.negative(&place, &leaf.balances);
        let amounts = f.amounts(&place, &leaf.balances);
        added = sums(added, amounts).unwrap_or(added);
    }
    if added != total {
        f.add(
            ProblemKind::UserTotal,
            format!(
                "your leaves add up to {}, not to your total {}",
                to_balances(added).json(),
                user.total_balances.json()
            ),
        );
    }

    // Pass 1: every line, where each level starts, the user's leaves.
    let io = |e: std::io::Error| FileError::Io(e.to_string());
    let mut reader = open_tree().map_err(io)?;
    let mut levels: Vec<Level> = Vec::new();
    let mut root_node: Option<TreeNode> = None;
    let mut found = vec![false; user.nodes.len()];
    let (mut offset, mut line, mut buf) = (0u64, 0usize, String::new());
    let mut ordered = true;
    loop {
        buf.clear();
        let n = reader.read_line(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        line += 1;
        let start = offset;
        offset += n as u64;
        let Some(node) = parse_tree_line(&buf, line)? else {
            continue;
        };
        let expected = match (&root_node, levels.last()) {
            (None, _) => node.height,
            (Some(_), Some(level)) if node.height == level.height => level.height,
            (Some(_), Some(level)) => level.height.saturating_sub(1),
            (Some(_), None) => unreachable!("the root opens a level"),
        };
        if ordered && (node.height != expected || node.height == 0) {
            f.add(ProblemKind::Structure, format!("tree line {line}: height {} out of order (levels run from the root down, one height at a time)", node.height));
            ordered = false;
        }
        match levels.last_mut() {
            Some(level) if level.height == node.height => level.count += 1,
            _ => levels.push(Level {
                height: node.height,
                offset: start,
                line,
                count: 1,
            }),
        }
        f.negative(&format!("tree line {line}"), &node.balances);
        if node.height == 1 {
            for (i, leaf) in user.nodes.iter().enumerate() {
                if leaf.hash == node.hash && leaf.balances == node.balances {
                    found[i] = true;
                }
            }
        }
        root_node.get_or_insert(node);
    }
    let root_node = root_node.ok_or(FileError::EmptyTree)?;
    if ordered && (levels[0].count != 1 || levels.last().map(|l| l.height) != Some(1)) {
        f.add(
            ProblemKind::Structure,
            "the tree must have one root and reach height 1".into(),
        );
        ordered = false;
    }

    // Pass 2: each level beside the one above it, right to left.
    if ordered {
        let mut above = open_tree().map_err(io)?;
        let mut below = open_tree().map_err(io)?;
        for pair in levels.windows(2).rev() {
            check_level(&mut f, &pair[0], &pair[1], &mut above, &mut below)?;
        }
    }
    for (i, leaf) in user.nodes.iter().enumerate() {
        if !found[i] {
            f.add(
                ProblemKind::Structure,
                format!("your leaf {i} ({}) is not a leaf of the tree", leaf.hash),
            );
        }
    }
    let balances = Some(root_node.balances.clone());
    Ok(finish(
        "okx-v2",
        root_node.hash,
        balances,
        root,
        user.total_balances.clone(),
        f,
    ))
}

/// One level of the tree file: its height, first line and node count.
struct Level {
    height: u32,
    offset: u64,
    line: usize,
    count: u64,
}

/// Reads a level's nodes in file order (right to left).
fn level_nodes<'a, R: BufRead + Seek>(
    reader: &'a mut R,
    level: &Level,
) -> Result<impl Iterator<Item = Result<TreeNode, FileError>> + 'a, FileError> {
    reader
        .seek(SeekFrom::Start(level.offset))
        .map_err(|e| FileError::Io(e.to_string()))?;
    let mut line = level.line;
    let mut buf = String::new();
    let mut left = level.count;
    Ok(std::iter::from_fn(move || {
        while left > 0 {
            buf.clear();
            match reader.read_line(&mut buf) {
                Err(e) => return Some(Err(FileError::Io(e.to_string()))),
                Ok(0) => {
                    return Some(Err(FileError::Io(
                        "the tree file changed while it was read".into(),
                    )))
                }
                Ok(_) => {}
            }
            let this = line;
            line += 1;
            match parse_tree_line(&buf, this) {
                Ok(Some(node)) => {
                    left -= 1;
                    return Some(Ok(node));
                }
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }))
}

/// Checks every node of `parents` against its two children in `children`
/// (the level below). A level of odd length ends, on the right and so first
/// in the file, with a padding copy of its left neighbour with zero
/// balances.
fn check_level<R: BufRead + Seek>(
    f: &mut Findings,
    parents: &Level,
    children: &Level,
    above: &mut R,
    below: &mut R,
) -> Result<(), FileError> {
    let h = children.height;
    let real = children.count / 2;
    if !children.count.is_multiple_of(2) || !(parents.count == real || parents.count == real + 1) {
        f.add(
            ProblemKind::Structure,
            format!(
                "height {h} has {} nodes for {} nodes above",
                children.count, parents.count
            ),
        );
        return Ok(());
    }
    let mut parent_nodes = level_nodes(above, parents)?.peekable();
    if parents.count == real + 1 {
        let pad = parent_nodes.next().expect("counted")?;
        let copies = match parent_nodes.peek() {
            Some(Ok(left)) => left.hash == pad.hash,
            _ => false,
        };
        if !copies
            || f.amounts(&format!("tree line {}", pad.line), &pad.balances) != [Amount::ZERO; 3]
        {
            f.add(ProblemKind::Structure, format!("tree line {}: a padding node must copy its left neighbour's hash with zero balances", pad.line));
        }
    }
    let mut child_nodes = level_nodes(below, children)?;
    for parent in parent_nodes {
        let parent = parent?;
        let r = child_nodes.next().expect("counted")?;
        let l = child_nodes.next().expect("counted")?;
        let la = f.amounts(&format!("tree line {}", l.line), &l.balances);
        let ra = f.amounts(&format!("tree line {}", r.line), &r.balances);
        let Some(s) = sums(la, ra) else {
            f.add(
                ProblemKind::Structure,
                format!("tree line {}: sums overflow", parent.line),
            );
            continue;
        };
        if parent_hash(&l.hash, &r.hash, s, h + 1) != parent.hash {
            f.add(
                ProblemKind::Hash,
                format!(
                    "tree line {}: the node is not the hash of its children (lines {} and {})",
                    parent.line, l.line, r.line
                ),
            );
        }
        if f.amounts(&format!("tree line {}", parent.line), &parent.balances) != s {
            f.add(
                ProblemKind::Sum,
                format!(
                    "tree line {}: the balances are not the sums of its children (lines {} and {})",
                    parent.line, l.line, r.line
                ),
            );
        }
    }
    Ok(())
}
