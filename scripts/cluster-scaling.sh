#!/usr/bin/env bash
# Distributed proving measured on one machine (docs/PERF.md, "Rounds on many
# machines"): one synthetic round proven by `solvent coordinate` with 1, then
# 2 single-threaded workers, alternating, after a warm-up run that fills the
# circuit cache. Needs nats-server on the PATH and a built solvent.
#
#   SOLVENT=target/release/solvent ACCOUNTS=2048 BATCH=256 PAIRS=2 scripts/cluster-scaling.sh
#
# Unit costs at the production batch size (one worker with every core; the
# logs, with each unit's start and end, are kept in LOGS):
#
#   ACCOUNTS=131072 BATCH=65536 WORKERS=1 THREADS=2 PAIRS=1 LOGS=/tmp/units scripts/cluster-scaling.sh
set -euo pipefail
SOLVENT=${SOLVENT:-target/release/solvent}
ACCOUNTS=${ACCOUNTS:-2048}
BATCH=${BATCH:-256}
THREADS=${THREADS:-1}
LOGS=${LOGS:-}
ASSETS=${ASSETS:-22}
PAIRS=${PAIRS:-2}
WORKERS=${WORKERS:-"1 2"}
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$dir"' EXIT

python3 - "$dir" "$ACCOUNTS" "$ASSETS" <<'PY'
import random, sys
d, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
with open(f"{d}/assets.csv", "w") as f:
    f.write("symbol,decimals,price_usd\n")
    for a in range(k):
        f.write(f"A{a},8,{rng.randint(1, 100000)}\n")
with open(f"{d}/accounts.csv", "w") as f:
    f.write("account_id,asset,equity,debt\n")
    for i in range(n):
        for a in sorted(rng.sample(range(k), rng.randint(1, 3))):
            f.write(f"user-{i},A{a},{rng.randint(1, 10**6)}.{rng.randint(0, 99999999):08d},0\n")
PY

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nats-server -a 127.0.0.1 -p "$port" -js -sd "$dir/js" >/dev/null 2>&1 &
sleep 1

run() { # run N: one round with N workers of THREADS threads each; prints seconds
  local n=$1 pids=() log=/dev/null
  rm -rf "$dir/store" "$dir/bundle"
  for w in $(seq "$n"); do
    if [ -n "$LOGS" ]; then mkdir -p "$LOGS"; log="$LOGS/worker-$n-$w-$RANDOM.log"; fi
    RUST_LOG=solvent_cluster=info "$SOLVENT" worker --threads "$THREADS" --nats "nats://127.0.0.1:$port" \
      --store "$dir/store" --circuit-cache "$dir/circuits" >/dev/null 2>"$log" &
    pids+=($!)
  done
  if [ -n "$LOGS" ]; then log="$LOGS/coordinator-$n-$RANDOM.log"; fi
  RUST_LOG=solvent_cluster=info,solvent_prover=info "$SOLVENT" coordinate --threads "$THREADS" --assets "$dir/assets.csv" --accounts "$dir/accounts.csv" \
    --round scaling --batch-size "$BATCH" --out "$dir/bundle" --force \
    --nats "nats://127.0.0.1:$port" --store "$dir/store" --circuit-cache "$dir/circuits" --json 2>"$log" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.2f s, %d units, %d batches" % (r["seconds"], r["units"], r["batches"]))'
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
  du -sb "$dir/store/units" | awk '{printf "  store: %d bytes", $1}'
  find "$dir/store/units" -name '*.input' -printf '%s\n' | awk '{s+=$1} END {printf ", inputs %d bytes", s}'
  find "$dir/store/units" -name '*.proof' -printf '%s\n' | sort -n | tail -1 | awk '{printf ", proofs %d bytes each\n", $1}'
}

echo "warm-up (fills the circuit cache):"; run 1
for pair in $(seq "$PAIRS"); do
  order=$WORKERS
  if [ $((pair % 2)) -eq 0 ]; then order=$(echo "$WORKERS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
  for n in $order; do echo "pair $pair, $n worker(s):"; run "$n"; done
done
