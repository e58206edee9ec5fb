#!/usr/bin/env bash
# Soak test of the record store, with larger counts than the CTest suite:
#   tests/soak/store-soak.sh BUILD_DIR [KILLS] [PROCESSES] [ATTEMPTS]
# 1. the SIGKILL test with KILLS iterations (default 2000);
# 2. PROCESSES writer processes (default 6), 4 threads each, ATTEMPTS attempts each (default 2000) on 8 shared
#    cases at FULL durability, then the library's full verify and the sqlite3 + sha256sum recipe.
set -euo pipefail
build=${1:?usage: store-soak.sh BUILD_DIR [KILLS] [PROCESSES] [ATTEMPTS]}
kills=${2:-2000}
procs=${3:-6}
attempts=${4:-2000}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== $kills SIGKILLs"
PENALTYFLOW_KILL_ITERATIONS=$kills "$build/tests/store_reliability_test" \
  --gtest_filter='StoreReliability.WriterKilledAtRandomMomentsLosesNoAcknowledgedEvent'

echo "== $procs processes x 4 threads x $attempts attempts on 8 shared cases"
db=$tmp/soak.db
"$build/tests/store_writer" "$db" 8 1 1 >/dev/null  # creates the store
pids=()
for p in $(seq 1 "$procs"); do
  "$build/tests/store_writer" "$db" 8 "$attempts" "$((p + 10))" full 4 >"$tmp/out.$p" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
cat "$tmp"/out.* >"$tmp/all"
acks=$(grep -c '^ack ' "$tmp/all" || true)
conflicts=$(grep -c '^conflict ' "$tmp/all" || true)
other=$(grep -vc -e '^ack ' -e '^conflict ' "$tmp/all" || true)
dups=$(grep '^ack ' "$tmp/all" | awk '{ print $2 "#" $3 }' | sort | uniq -d | wc -l)
stored=$(sqlite3 "$db" 'SELECT count(*) FROM events')
echo "acknowledged $acks, conflicts $conflicts, other $other, duplicates $dups, stored $stored (+1 setup)"
[ "$other" = 0 ] && [ "$dups" = 0 ] && [ "$stored" = "$((acks + 1))" ] || { echo "FAILED"; exit 1; }
"$build/bin/penaltyflow" --db "$db" verify
"$here/tools/verify-store.sh" "$db"
echo "soak OK"
