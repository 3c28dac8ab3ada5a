#!/usr/bin/env bash
# Regenerates this test vector: a real five-account round proven by the
# current prover, its public bundle, and alice's inclusion proof. Needed only
# when the proof system changes (a new `solvent-vN`): the verifier's vector
# test (crates/solvent-verifier/tests/vectors.rs) and the fuzz seeds then
# call for it. The round secret is random, so the root, the salts and the
# proof change with every run; the totals and the key digest do not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
cargo build --release -q -p solvent-cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./target/release/solvent prove --assets "$here/input/assets.csv" \
  --accounts "$here/input/accounts.csv" --round vector-1 --out "$tmp/bundle"
./target/release/solvent inclusion "$tmp/bundle" --account alice --out "$here/inclusion-alice.json"
cp "$tmp/bundle/statement.json" "$tmp/bundle/proof.bin" "$tmp/bundle/verifier_key.bin" "$here/"
mkdir -p "$root/fuzz/seeds/bundle" "$root/fuzz/seeds/inclusion"
{ printf '\x00'; cat "$here/proof.bin"; } > "$root/fuzz/seeds/bundle/proof"
{ printf '\x01'; cat "$here/verifier_key.bin"; } > "$root/fuzz/seeds/bundle/key"
cp "$here/inclusion-alice.json" "$root/fuzz/seeds/inclusion/alice.json"
./target/release/solvent verify "$here"
