//! OKX's own published sample files verify; each changed file is rejected
//! with its reason; and the attacks OKX's tool misses are caught.

use solvent_okx::check::parent_hash;
use solvent_okx::files::{UserInfoV2, UserLeaf};
use solvent_okx::{
    check_files, check_v1, check_v2, parse_tree_line, parse_user_file, Amount, Balances,
    ProblemKind, ProofFileV1, TreeNode, UserFile, Verdict,
};

const V1_ROOT: &str = "ac6b39d2a0aa8112bd1aadff5e7d4b5c2b91cd54d595262ba4367f5d2db4160d";

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../testdata/okx/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn v1() -> ProofFileV1 {
    match parse_user_file(&sample("merkle_proof_file.json")).unwrap() {
        UserFile::V1(f) => f,
        UserFile::V2(_) => panic!("v1 expected"),
    }
}

fn v2() -> UserInfoV2 {
    match parse_user_file(&sample("user_info_file.json")).unwrap() {
        UserFile::V2(f) => f,
        UserFile::V1(_) => panic!("v2 expected"),
    }
}

fn tree() -> Vec<TreeNode> {
    let text = sample("full-liabilities-merkle-tree.txt");
    let lines = text.lines().enumerate();
    lines
        .filter_map(|(i, l)| parse_tree_line(l, i + 1).unwrap())
        .collect()
}

/// Checks `user` against the tree file written from `nodes`.
fn check_tree(user: &UserInfoV2, nodes: &[TreeNode], root: Option<&str>) -> Verdict {
    let text: String = nodes
        .iter()
        .map(|n| format!("{},{},{}\n", n.hash, n.height, n.balances.json()))
        .collect();
    check_v2(user, || Ok(std::io::Cursor::new(text.as_bytes())), root).unwrap()
}

fn kinds(v: &Verdict) -> Vec<ProblemKind> {
    v.problems.iter().map(|p| p.kind).collect()
}

#[test]
fn the_published_v1_file_verifies() {
    let v = check_v1(&v1(), Some(V1_ROOT));
    assert!(v.valid, "{:?}", v.problems);
    assert_eq!(v.root, V1_ROOT);
    assert_eq!(v.root_matches, Some(true));
    assert_eq!(v.balances.btc, "1.000069");
    assert_eq!(v.root_balances.unwrap().btc, "95088.55505656");
}

#[test]
fn a_changed_v1_file_is_rejected_with_its_reason() {
    let mut f = v1();
    f.leaf.balances.usdt = "29398.33550812".into();
    let v = check_v1(&f, None);
    assert!(!v.valid);
    assert!(
        v.problems[0].detail.contains("your leaf's hash"),
        "{:?}",
        v.problems
    );

    let mut f = v1();
    f.path[5].hash = f.path[6].hash.clone();
    let v = check_v1(&f, None);
    // The padding node at height 22 no longer copies the node beside it,
    // and the path no longer leads to the root.
    assert_eq!(
        kinds(&v),
        vec![ProblemKind::Structure, ProblemKind::Hash],
        "{:?}",
        v.problems
    );
    assert!(v.problems[1]
        .detail
        .contains("not to the root the file names"));

    let mut f = v1();
    let last = f.path.len() - 1;
    f.path[last].hash = "00".repeat(32);
    let v = check_v1(&f, None);
    assert_eq!(kinds(&v), vec![ProblemKind::Hash], "{:?}", v.problems);

    // Another published root.
    let v = check_v1(&v1(), Some(&"11".repeat(32)));
    assert_eq!(kinds(&v), vec![ProblemKind::Root]);
    assert_eq!(v.root_matches, Some(false));
}

/// An exchange that controls the tree gives a sibling a negative balance
/// and recomputes everything above it: the path hashes check out, as OKX's
/// tool sees it, and the root's total is lower than what users are owed.
#[test]
fn a_negative_sibling_passes_the_hashes_but_not_solvent() {
    let mut f = v1();
    f.path[3].balances.usdt = "-1000000".into();
    forge_upward(&mut f);
    let v = check_v1(&f, None);
    assert_eq!(
        kinds(&v),
        vec![ProblemKind::NegativeBalance],
        "{:?}",
        v.problems
    );
    assert!(!v.problems[0].okx_tool_checks);
    assert!(!v.valid);
}

/// Recomputes every hash and sum above the leaf, as the tree's author can:
/// padding copies, and the root's hash and balances.
fn forge_upward(f: &mut ProofFileV1) {
    let amounts = |b: &Balances| b.amounts().unwrap();
    let mut hash = f.leaf.hash.clone();
    let mut sums = amounts(&f.leaf.balances);
    for (i, node) in f.path.iter_mut().enumerate() {
        match node.kind {
            3 => {
                node.hash = hash.clone();
                node.balances = Balances {
                    btc: sums[0].to_string(),
                    eth: sums[1].to_string(),
                    usdt: sums[2].to_string(),
                };
                break;
            }
            4 => node.hash = hash.clone(),
            _ => {}
        }
        let n = amounts(&node.balances);
        let next = [0, 1, 2].map(|k| sums[k].checked_add(n[k]).unwrap());
        let (l, r) = if node.kind == 1 {
            (node.hash.clone(), hash.clone())
        } else {
            (hash.clone(), node.hash.clone())
        };
        hash = parent_hash(&l, &r, next, i as u32 + 2);
        sums = next;
    }
}

#[test]
fn the_published_v2_files_verify() {
    let tree = tree();
    let root = tree[0].hash.clone();
    let v = check_tree(&v2(), &tree, Some(&root));
    assert!(v.valid, "{:?}", v.problems);
    assert_eq!(v.balances.btc, "0.00005");
}

#[test]
fn changed_v2_files_are_rejected_with_their_reason() {
    let tree = tree();
    let mut user = v2();
    user.nodes[0].balances.btc = "0.0000488".into();
    let v = check_tree(&user, &tree, None);
    assert!(
        v.problems
            .iter()
            .any(|p| p.detail.contains("your leaf 0: its hash")),
        "{:?}",
        v.problems
    );

    let mut changed = tree.clone();
    changed[4].balances.usdt = "0.00047829".into();
    let v = check_tree(&v2(), &changed, None);
    // Line 5's children no longer add up to it, and line 2 is no longer
    // the hash of line 5 and its sibling.
    assert_eq!(
        kinds(&v),
        vec![ProblemKind::Sum, ProblemKind::Hash, ProblemKind::Sum],
        "{:?}",
        v.problems
    );
    assert!(
        v.problems[0].detail.starts_with("tree line 5:"),
        "{:?}",
        v.problems
    );
    assert!(
        v.problems[1].detail.starts_with("tree line 2:"),
        "{:?}",
        v.problems
    );

    let mut changed = tree.clone();
    changed[0].hash = "00".repeat(32);
    let v = check_tree(&v2(), &changed, Some(&tree[0].hash));
    assert_eq!(
        kinds(&v),
        vec![ProblemKind::Hash, ProblemKind::Root],
        "{:?}",
        v.problems
    );

    let mut changed = tree.clone();
    changed.retain(|n| n.hash != v2().nodes[1].hash);
    let v = check_tree(&v2(), &changed, None);
    assert!(
        v.problems
            .iter()
            .any(|p| p.detail.contains("is not a leaf of the tree")),
        "{:?}",
        v.problems
    );
}

/// A user whose leaves do not add up to their total, in a tree that hashes
/// correctly: OKX's tool does not check the sum.
#[test]
fn leaves_that_do_not_add_up_are_reported() {
    let b = |btc: &str| Balances {
        btc: btc.into(),
        eth: "0".into(),
        usdt: "0".into(),
    };
    let nonce = "ab".repeat(32);
    let total = b("3");
    let user_hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(format!("{nonce}{}", total.json())))
    };
    let leaf = |btc: &str| {
        use sha2::Digest;
        let bal = b(btc);
        let [x, y, z] = bal.texts();
        UserLeaf {
            hash: hex::encode(sha2::Sha256::digest(format!("{user_hash}{x}{y}{z}"))),
            balances: bal,
        }
    };
    let (l, r) = (leaf("1"), leaf("1"));
    let two = [Amount::parse("2").unwrap(), Amount::ZERO, Amount::ZERO];
    let root = parent_hash(&l.hash, &r.hash, two, 2);
    let node = |hash: &str, height, balances: Balances, line| TreeNode {
        hash: hash.into(),
        height,
        balances,
        line,
    };
    let tree = vec![
        node(&root, 2, b("2"), 1),
        node(&r.hash, 1, b("1"), 2),
        node(&l.hash, 1, b("1"), 3),
    ];
    let user = UserInfoV2 {
        hash: user_hash,
        nodes: vec![l, r],
        nonce,
        total_balances: total,
    };
    let v = check_tree(&user, &tree, None);
    assert_eq!(kinds(&v), vec![ProblemKind::UserTotal], "{:?}", v.problems);
    assert!(!v.problems[0].okx_tool_checks);
}

#[test]
fn unusable_files_are_refused_with_their_place() {
    assert!(parse_user_file("{}")
        .unwrap_err()
        .to_string()
        .contains("neither"));
    assert!(parse_user_file("[1,").is_err());
    let bad = sample("full-liabilities-merkle-tree.txt").replacen(",5,", ",x,", 1);
    let user = sample("user_info_file.json");
    assert_eq!(
        check_files(&user, Some(&bad), None)
            .unwrap_err()
            .to_string(),
        "line 2: height `x` is not a number"
    );
    let bad = sample("full-liabilities-merkle-tree.txt").replacen("\"0.00047828\"", "\"1e5\"", 1);
    assert!(check_files(&user, Some(&bad), None)
        .unwrap_err()
        .to_string()
        .starts_with("line 2: balances:"));
}

#[test]
fn a_tree_out_of_order_or_with_a_false_padding_is_refused() {
    let mut t = tree();
    t.swap(1, 3);
    let v = check_tree(&v2(), &t, None);
    assert!(
        v.problems
            .iter()
            .any(|p| p.kind == ProblemKind::Structure && p.detail.contains("out of order")),
        "{:?}",
        v.problems
    );
    // Line 4 pads height 4 (a copy of line 5, its left neighbour).
    let mut t = tree();
    t[3].hash = "ab".repeat(32);
    let v = check_tree(&v2(), &t, None);
    assert!(
        v.problems.iter().any(|p| p
            .detail
            .starts_with("tree line 4: a padding node must copy")),
        "{:?}",
        v.problems
    );
}
