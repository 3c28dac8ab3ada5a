//! End-to-end soundness: a real bundle is proven once, then every statement it
//! makes is attacked. Each attack must be rejected with a message that says what
//! is wrong.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use solvent_commit::{merkle, node_hash, Digest};
use solvent_model::Statement;
use solvent_prover::pipeline::Silent;
use solvent_prover::{prove_round, ProveError, ProveOptions};
use solvent_verifier::{trusted_key_digest, verify_global, KeySource, VerifyError};

const ASSETS: &str = "symbol,decimals,price_usd,collateral_ratio,price_source,price_time
BTC,8,97000,0.95,coingecko:bitcoin,2026-11-30T23:59:59Z
USDT,6,1,,,
";
/// Seven accounts in batches of 4: two batches, one aggregation level, and a
/// leaf count that is not a power of two.
const ACCOUNTS: &str = "account_id,asset,equity,debt
alice,BTC,1.5,0
alice,USDT,100,20
bob,USDT,5000,0
carol,BTC,0.01,0
carol,USDT,0,500
dave,BTC,2,0.5
erin,USDT,0.000001,0
frank,BTC,0.00000001,0
grace,USDT,42,0
";

struct Fixture {
    _dir: tempfile::TempDir,
    bundle: PathBuf,
    other_round: PathBuf,
    statement: Statement,
    proof: Vec<u8>,
    key: Vec<u8>,
    trusted: [u8; 32],
}

fn write_inputs(dir: &Path, accounts: &str) -> (PathBuf, PathBuf) {
    let a = dir.join("assets.csv");
    let b = dir.join("accounts.csv");
    std::fs::write(&a, ASSETS).unwrap();
    std::fs::write(&b, accounts).unwrap();
    (a, b)
}

fn options(dir: &Path, accounts: &str, round: &str, out: &str) -> ProveOptions {
    let (assets, accounts) = write_inputs(dir, accounts);
    ProveOptions {
        assets,
        accounts,
        round: round.into(),
        out: dir.join(out),
        batch_size: Some(4),
        force: false,
        salt_secret: None,
        ..Default::default()
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let report =
            prove_round(&options(dir.path(), ACCOUNTS, "2026-11", "bundle"), &Silent).unwrap();
        assert_eq!(report.batches, 2);
        prove_round(&options(dir.path(), ACCOUNTS, "2026-10", "other"), &Silent).unwrap();
        let bundle = dir.path().join("bundle");
        let statement: Statement =
            serde_json::from_slice(&std::fs::read(bundle.join("statement.json")).unwrap()).unwrap();
        let trusted = trusted_key_digest(&statement, KeySource::Pinned).unwrap();
        Fixture {
            proof: std::fs::read(bundle.join("proof.bin")).unwrap(),
            key: std::fs::read(bundle.join("verifier_key.bin")).unwrap(),
            other_round: dir.path().join("other"),
            bundle,
            statement,
            trusted,
            _dir: dir,
        }
    })
}

fn verify_with(statement: &Statement, proof: &[u8]) -> Result<(), VerifyError> {
    let f = fixture();
    verify_global(statement, proof, &f.key, &f.trusted).map(|_| ())
}

fn expect_rejected(statement: &Statement, proof: &[u8], needle: &str) {
    let err = verify_with(statement, proof).expect_err("must be rejected");
    let message = err.to_string();
    assert!(
        message.contains(needle),
        "`{message}` should mention `{needle}`"
    );
}

#[test]
fn valid_bundle_verifies_with_exact_totals() {
    let f = fixture();
    let v = verify_global(&f.statement, &f.proof, &f.key, &f.trusted).unwrap();
    assert_eq!(v.leaf_count, 7);
    assert_eq!(f.statement.assets[0].total_equity, "3.51000001");
    assert_eq!(f.statement.assets[0].total_debt, "0.5");
    assert_eq!(f.statement.assets[1].total_equity, "5142.000001");
    assert_eq!(f.statement.assets[1].total_debt, "520");
    assert_eq!(v.assets[1].total_debt, 520_000_000);
    assert_eq!(hex::encode(f.trusted), f.statement.verifier_key_digest);
}

#[test]
fn rejects_wrong_total_for_each_asset() {
    let f = fixture();
    for a in 0..2 {
        let mut s = f.statement.clone();
        s.assets[a].total_equity = "1".into();
        expect_rejected(&s, &f.proof, "total_equity");
        let mut s = f.statement.clone();
        s.assets[a].total_debt = "0".into();
        expect_rejected(&s, &f.proof, "total_debt");
    }
}

#[test]
fn rejects_changed_leaf_count() {
    let f = fixture();
    let mut s = f.statement.clone();
    s.leaf_count = 6;
    expect_rejected(&s, &f.proof, "leaf_count");
    s.leaf_count = 8;
    expect_rejected(&s, &f.proof, "leaf_count");
    s.leaf_count = 3; // would also change the depth
    expect_rejected(&s, &f.proof, "aggregation_depth");
}

fn leaves(bundle: &Path) -> Vec<Digest> {
    std::fs::read(bundle.join("private/leaves.bin"))
        .unwrap()
        .chunks(32)
        .map(|c| Digest::from_bytes(c.try_into().unwrap()).unwrap())
        .collect()
}

#[test]
fn rejects_roots_of_swapped_or_duplicated_leaves() {
    let f = fixture();
    let real = leaves(&f.bundle);
    assert_eq!(real.len(), 7);
    let tree_root = |mut l: Vec<Digest>| {
        l.resize(8, solvent_commit::padding_leaf(2));
        merkle::root_of(&l)
    };
    assert_eq!(
        tree_root(real.clone()).to_hex(),
        f.statement.root,
        "native tree matches"
    );
    let mut swapped = real.clone();
    swapped.swap(0, 5);
    let mut duplicated = real.clone();
    duplicated[6] = duplicated[2];
    let mut dropped = real.clone();
    dropped.pop();
    for (name, root) in [
        ("swapped", tree_root(swapped)),
        ("duplicated", tree_root(duplicated)),
        ("dropped", tree_root(dropped)),
        ("unrelated", node_hash(&real[0], &real[1])),
    ] {
        let mut s = f.statement.clone();
        s.root = root.to_hex();
        let err = verify_with(&s, &f.proof).expect_err(name).to_string();
        assert!(err.contains("`root`"), "{name}: {err}");
    }
}

#[test]
fn rejects_every_sampled_flipped_byte() {
    let f = fixture();
    let len = f.proof.len();
    let mut positions: Vec<usize> = (0..64.min(len))
        .chain(len.saturating_sub(64)..len)
        .collect();
    positions.extend((0..len).step_by(211));
    for &i in &positions {
        let mut tampered = f.proof.clone();
        tampered[i] ^= 0x01;
        assert!(
            verify_with(&f.statement, &tampered).is_err(),
            "flipped bit at byte {i} accepted"
        );
    }
    let mut truncated = f.proof.clone();
    truncated.pop();
    assert!(verify_with(&f.statement, &truncated).is_err());
    let mut extended = f.proof.clone();
    extended.push(0);
    expect_rejected(&f.statement, &extended, "malformed");
}

#[test]
fn rejects_statement_of_another_round() {
    let f = fixture();
    let mut s = f.statement.clone();
    s.round = "2026-10".into();
    expect_rejected(&s, &f.proof, "round context");
    // The other round's own proof, with this round's statement.
    let other_proof = std::fs::read(f.other_round.join("proof.bin")).unwrap();
    expect_rejected(&f.statement, &other_proof, "round context");
}

#[test]
fn rejects_another_price() {
    let f = fixture();
    // A tiny change that leaves the rounded weight the same still changes the context.
    let mut s = f.statement.clone();
    s.assets[0].price_usd = "97000.000000000001".into();
    expect_rejected(&s, &f.proof, "round context");
    // A different weight is caught as inconsistent with the price.
    for (equity, debt) in [(1, 0), (0, 1)] {
        let mut s = f.statement.clone();
        s.assets[0].equity_weight += equity;
        s.assets[0].debt_weight -= debt;
        expect_rejected(&s, &f.proof, "assets[0] weights");
    }
    // A consistent but different price and weights.
    let mut s = f.statement.clone();
    s.assets[0].price_usd = "50000".into();
    s.assets[0].equity_weight /= 2;
    s.assets[0].debt_weight /= 2;
    let err = verify_with(&s, &f.proof).unwrap_err().to_string();
    assert!(err.contains("weight") || err.contains("context"), "{err}");
}

/// The collateral ratio and the price's source and time are the exchange's
/// choices too: each is bound by the round context (and the ratio by the
/// equity weight).
#[test]
fn rejects_another_collateral_ratio_or_price_source() {
    let f = fixture();
    assert_eq!(f.statement.assets[0].collateral_ratio, "0.95");
    assert_eq!(f.statement.assets[1].collateral_ratio, "1");
    let mut s = f.statement.clone();
    s.assets[0].collateral_ratio = "1".into();
    expect_rejected(&s, &f.proof, "assets[0] weights");
    let mut s = f.statement.clone();
    s.assets[0].collateral_ratio = "0.950".into();
    expect_rejected(&s, &f.proof, "not canonical");
    let mut s = f.statement.clone();
    s.assets[0].price_source = Some("coingecko:bitcoin-cash".into());
    expect_rejected(&s, &f.proof, "round context");
    let mut s = f.statement.clone();
    s.assets[0].price_time = None;
    expect_rejected(&s, &f.proof, "round context");
    let mut s = f.statement.clone();
    s.assets[1].price_time = Some("2026-11-30T23:59:59Z".into());
    expect_rejected(&s, &f.proof, "round context");
}

/// A statement may not claim more leaves than limb sums can count.
#[test]
fn rejects_a_leaf_count_beyond_the_limb_bound() {
    let f = fixture();
    let mut s = f.statement.clone();
    s.leaf_count = 1 << 37;
    expect_rejected(&s, &f.proof, "2^37");
}

#[test]
fn rejects_swapped_assets() {
    let f = fixture();
    let mut s = f.statement.clone();
    s.assets.swap(0, 1);
    assert!(verify_with(&s, &f.proof).is_err());
}

#[test]
fn rejects_untrusted_or_tampered_key() {
    let f = fixture();
    let mut wrong = f.trusted;
    wrong[0] ^= 1;
    let err = verify_global(&f.statement, &f.proof, &f.key, &wrong).unwrap_err();
    assert!(matches!(err, VerifyError::UnknownKey(_)), "{err}");
    let mut key = f.key.clone();
    let last = key.len() - 1;
    key[last] ^= 1;
    let err = verify_global(&f.statement, &f.proof, &key, &f.trusted).unwrap_err();
    assert!(
        err.to_string().contains("verifier_key.bin hashes to"),
        "{err}"
    );
}

#[test]
fn prover_rejects_bad_input_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "alice,BTC,-1,0\n",
            "accounts.csv:2 field `equity`: negative",
        ),
        (
            "alice,BTC,45035996.27370496,0\n",
            "over the proven range bound",
        ),
        (
            "alice,BTC,184467440737.09551616,0\n",
            "over the proven range bound",
        ),
        ("alice,BTC,0,1\n", "under water"),
        (
            "alice,BTC,1,0\nbob,BTC,1,0\nalice,USDT,1,0\n",
            "accounts.csv:4 field `account_id`",
        ),
        ("alice,ETH,1,0\n", "unknown asset `ETH`"),
    ];
    for (body, needle) in cases {
        let text = format!("account_id,asset,equity,debt\n{body}");
        let opts = options(dir.path(), &text, "2026-11", "out");
        let err = prove_round(&opts, &Silent).expect_err(needle);
        assert!(err.is_input_error(), "{err}");
        assert!(
            err.to_string().contains(needle),
            "`{err}` should contain `{needle}`"
        );
        assert!(!opts.out.exists(), "no bundle after an error");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty(), "staging directory left behind");
    }
    let opts = options(
        dir.path(),
        "account_id,asset,equity,debt\n",
        "2026-11",
        "out",
    );
    assert!(matches!(
        prove_round(&opts, &Silent),
        Err(ProveError::Empty)
    ));
}

mod inclusion {
    use super::*;
    use solvent_model::InclusionProof;
    use solvent_prover::inclusion::extract_inclusion;
    use solvent_verifier::{verify_inclusion, InclusionError};

    fn proof_for(id: &str) -> InclusionProof {
        extract_inclusion(&fixture().bundle, id).unwrap()
    }

    fn rejected(proof: &InclusionProof) -> InclusionError {
        verify_inclusion(&fixture().statement, proof).expect_err("must be rejected")
    }

    #[test]
    fn first_middle_and_last_accounts_verify() {
        for (id, index) in [("alice", 0), ("dave", 3), ("grace", 6)] {
            let proof = proof_for(id);
            assert_eq!(proof.leaf_index, index);
            let included = verify_inclusion(&fixture().statement, &proof).unwrap();
            assert_eq!(included.account_id, id);
        }
        let alice = verify_inclusion(&fixture().statement, &proof_for("alice")).unwrap();
        assert_eq!(
            alice.balances,
            vec![
                ("BTC".to_string(), 8, 150_000_000, 0),
                ("USDT".to_string(), 6, 100_000_000, 20_000_000)
            ]
        );
        let json = serde_json::to_string_pretty(&proof_for("alice")).unwrap();
        assert!(json.len() < 2048, "{} bytes", json.len());
    }

    /// The one-pass stream `solvent publish` seals gives every account the
    /// proof `solvent inclusion` extracts, in leaf order.
    #[test]
    fn the_stream_of_all_proofs_matches_each_extracted_proof() {
        use solvent_prover::inclusion::Inclusions;
        let f = fixture();
        let all = Inclusions::open(&f.bundle, &f.statement)
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(all.len() as u64, f.statement.leaf_count);
        for (i, proof) in all.iter().enumerate() {
            assert_eq!(proof.leaf_index, i as u64);
            assert_eq!(proof, &proof_for(&proof.account_id));
        }
    }

    #[test]
    fn tampered_inclusion_proofs_are_rejected() {
        let good = proof_for("carol");
        let mut p = good.clone();
        p.balances[1].debt = "0".into();
        assert!(matches!(rejected(&p), InclusionError::RootMismatch));
        let mut p = good.clone();
        p.balances.pop();
        assert!(matches!(rejected(&p), InclusionError::RootMismatch));
        let mut p = good.clone();
        p.salt = proof_for("alice").salt;
        assert!(matches!(rejected(&p), InclusionError::RootMismatch));
        let mut p = good.clone();
        p.account_id = "carol2".into();
        assert!(matches!(rejected(&p), InclusionError::RootMismatch));
        let mut p = good.clone();
        p.leaf_index ^= 1;
        assert!(matches!(rejected(&p), InclusionError::RootMismatch));
        let mut p = good.clone();
        p.siblings.swap(0, 1);
        assert!(matches!(rejected(&p), InclusionError::RootMismatch));
        let mut p = good.clone();
        p.siblings.pop();
        assert!(matches!(rejected(&p), InclusionError::Malformed(_)));
        let mut p = good.clone();
        p.round = "2026-10".into();
        assert!(matches!(rejected(&p), InclusionError::Round { .. }));
        let mut p = good.clone();
        p.leaf_index = 7;
        assert!(matches!(rejected(&p), InclusionError::Malformed(_)));
        let mut p = good.clone();
        p.balances[0].asset = "ETH".into();
        assert!(matches!(rejected(&p), InclusionError::Malformed(_)));
        let mut p = good;
        p.balances.push(p.balances[0].clone());
        assert!(matches!(rejected(&p), InclusionError::Malformed(_)));
    }

    #[test]
    fn inclusion_from_another_bundle_is_rejected() {
        let mut other = extract_inclusion(&fixture().other_round, "alice").unwrap();
        assert!(matches!(rejected(&other), InclusionError::Round { .. }));
        // Even relabelled with this round, its salt and path belong to the other tree.
        other.round = fixture().statement.round.clone();
        assert!(matches!(rejected(&other), InclusionError::RootMismatch));
    }
}

/// Five accounts in batches of 2: three batches, so the tree of four needs
/// an all-padding batch, which the aggregation takes as a constant (never
/// proven), and the last batch is partial. The bundle verifies, its root is
/// the native tree's over the leaves and padding leaves, and its inclusion
/// paths lead to it.
#[test]
fn round_with_a_padding_batch_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let five: String = ACCOUNTS.lines().take(8).map(|l| format!("{l}\n")).collect();
    let mut options = options(dir.path(), &five, "2026-11", "padded");
    options.batch_size = Some(2);
    let report = prove_round(&options, &Silent).unwrap();
    assert_eq!((report.accounts, report.batches), (5, 3));
    let bundle = dir.path().join("padded");
    let statement: Statement =
        serde_json::from_slice(&std::fs::read(bundle.join("statement.json")).unwrap()).unwrap();
    assert_eq!(statement.parameters.aggregation_depth, 2);
    let trusted = trusted_key_digest(&statement, KeySource::Pinned).unwrap();
    let proof = std::fs::read(bundle.join("proof.bin")).unwrap();
    let key = std::fs::read(bundle.join("verifier_key.bin")).unwrap();
    let verdict = verify_global(&statement, &proof, &key, &trusted).unwrap();
    assert_eq!(verdict.leaf_count, 5);

    let mut all = leaves(&bundle);
    assert_eq!(all.len(), 5);
    all.resize(8, solvent_commit::padding_leaf(2));
    let tree = merkle::MerkleTreeBuilder::new(all.clone());
    assert_eq!(tree.root().to_hex(), statement.root);
    for (index, leaf) in all.iter().enumerate().take(5) {
        assert_eq!(tree.path(index as u64).root_from(leaf), tree.root());
    }
}

/// A statement may not ask for a longer batch trace than any round of its
/// shape needs, so a hostile one cannot make a verifier build huge circuits.
#[test]
fn rejects_a_trace_no_round_of_its_shape_needs() {
    let f = fixture();
    let mut s = f.statement.clone();
    s.parameters.batch_trace_bits = 22;
    // Refused by the shape check that runs before any circuit is built.
    let err = trusted_key_digest(&s, KeySource::Rebuilt).expect_err("must be refused");
    assert!(err.to_string().contains("never need more than"), "{err}");
}

/// The round label is one line of the round context string. A label with a
/// line break can carry the first asset's lines, so a statement listing one
/// asset fewer would share the proven context (and show a label that is not
/// the round's). Refused before any circuit is built.
#[test]
fn rejects_a_round_label_that_carries_context_lines() {
    let f = fixture();
    let mut s = f.statement.clone();
    let btc = s.assets.remove(0);
    s.round = format!(
        "{}\nasset={},{},{},{}\nprice_source={}\nprice_time={}",
        s.round,
        btc.symbol,
        btc.decimals,
        btc.price_usd,
        btc.collateral_ratio,
        btc.price_source.as_deref().unwrap(),
        btc.price_time.as_deref().unwrap()
    );
    let context = |s: &Statement| {
        let assets: Vec<_> = s
            .assets
            .iter()
            .map(|a| solvent_commit::ContextAsset {
                symbol: &a.symbol,
                decimals: a.decimals,
                price: &a.price_usd,
                collateral_ratio: &a.collateral_ratio,
                price_source: a.price_source.as_deref(),
                price_time: a.price_time.as_deref(),
            })
            .collect();
        solvent_commit::context_digest(&s.round, &assets)
    };
    assert_eq!(
        context(&s),
        context(&f.statement),
        "the hostile label reproduces the proven context"
    );
    let err = trusted_key_digest(&s, KeySource::Rebuilt).expect_err("must be refused");
    assert!(
        err.to_string()
            .contains("is not a round label the prover accepts"),
        "{err}"
    );
    expect_rejected(&s, &f.proof, "is not a round label the prover accepts");
}
