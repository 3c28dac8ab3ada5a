//! Prints the commitment test vectors kept in `testdata/commit-vectors.json`:
//! `cargo run -p solvent-commit --example vectors > testdata/commit-vectors.json`
use plonky2::field::types::Field;
use solvent_commit::*;

include!("../vector_inputs.rs");

fn main() {
    let secret = vector_secret();
    let salt = derive_salt(&secret, VECTOR_ACCOUNT);
    let id = id_commitment(&salt, VECTOR_ACCOUNT);
    let leaf = leaf_hash(&id, &VECTOR_BALANCES);
    let pad = padding_leaf(2);
    let node = node_hash(&leaf, &pad);
    let context = context_digest(VECTOR_ROUND, &VECTOR_ASSETS);
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
        context_string(VECTOR_ROUND, &VECTOR_ASSETS),
        context
    );
    println!("{v}");
}
