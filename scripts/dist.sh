#!/usr/bin/env bash
# Builds the release binaries of `solvent` into OUT (default dist/):
#   solvent                  baseline x86-64, runs on any x86-64 machine
#   solvent-x86-64-v3        AVX2 (plonky2 packs Goldilocks 4 to a register)
#   solvent-x86-64-v4-ifma   AVX-512 with IFMA (8 lanes, solvent-hash's IFMA paths)
# Ship them side by side: the portable `solvent` hands over at start to the
# fastest one this CPU runs (docs/decisions/0006-portable-binaries.md).
#
# Usage: scripts/dist.sh [OUT [LEVEL...]]   LEVEL: x86-64, x86-64-v3, x86-64-v4-ifma
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
shift || true
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(x86-64 x86-64-v3 x86-64-v4-ifma)
mkdir -p "$out"
for level in "${levels[@]}"; do
  case "$level" in
    x86-64) flags=""; name=solvent ;;
    x86-64-v3) flags="-C target-cpu=x86-64-v3"; name=solvent-x86-64-v3 ;;
    x86-64-v4-ifma) flags="-C target-cpu=x86-64-v4 -C target-feature=+avx512ifma"; name=solvent-x86-64-v4-ifma ;;
    *) echo "unknown level: $level (x86-64, x86-64-v3 or x86-64-v4-ifma)" >&2; exit 2 ;;
  esac
  echo "== $name ($level)"
  # Each level has its own target directory, so rebuilding one keeps the others.
  env -u RUSTFLAGS CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="$flags" \
    cargo build --release --locked -p solvent-cli --target-dir "target/dist-$level"
  install -m 755 "target/dist-$level/release/solvent" "$out/$name"
  "$out/$name" --version >/dev/null 2>&1 || echo "($name does not run on this CPU; it is built for $level)"
done
ls -l "$out"
