//! Prints the commitment test vectors kept in `testdata/commit-vectors.json`:
//! `cargo run -p solvent-commit --example vectors > testdata/commit-vectors.json`
use plonky2::field::types::Field;
use solvent_commit::*;

fn main() {
    let secret = Digest([1u64, 2, 3, 4].map(F::from_canonical_u64));
    let salt = derive_salt(&secret, "alice");
    let id = id_commitment(&salt, "alice");
    let balances = [(150_000_000u64, 0u64), (100_000_000, 20_000_000)];
    let leaf = leaf_hash(&id, &balances);
    let pad = padding_leaf(2);
    let node = node_hash(&leaf, &pad);
    let assets = [
        ContextAsset {
            symbol: "BTC",
            decimals: 8,
            price: "97000",
            collateral_ratio: "0.95",
            price_source: Some("coingecko:bitcoin"),
            price_time: Some("2026-11-30T23:59:59Z"),
        },
        ContextAsset {
            symbol: "USDT",
            decimals: 6,
            price: "1",
            collateral_ratio: "1",
            price_source: None,
            price_time: None,
        },
    ];
    let context = context_digest("2026-11", &assets);
    let v = format!(
        r#"{{
  "secret": "{}",
  "account_id": "alice",
  "salt": "{}",
  "id_commitment": "{}",
  "balances": [[150000000, 0], [100000000, 20000000]],
  "leaf": "{}",
  "padding_leaf_2_assets": "{}",
  "node_leaf_padding": "{}",
  "round": "2026-11",
  "context_string": {:?},
  "context_digest": "{}"
}}"#,
        secret,
        salt,
        id,
        leaf,
        pad,
        node,
        context_string("2026-11", &assets),
        context
    );
    println!("{v}");
}
