#!/usr/bin/env bash
# Side-by-side runs on one file: N rounds of (whole `ferry migrate --no-validate` process, then the
# shell pipeline into indexed tables), each into a freshly created database, and the median ratio.
# One round is noisy on a shared 2-core machine (±15 %); the median of paired rounds is what
# BENCHMARKS.md quotes. Usage: bench/pairs.sh <sqlite-file> [ROUNDS] (FERRY_LAUNCH=jar: java -jar)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
db="$1"; rounds="${2:-3}"
pgadmin="host=127.0.0.1 port=5432 user=postgres dbname=postgres"
. "$root/scripts/jdk.sh"
work="$here/work"; mkdir -p "$work"
ws="$work/ws-pairs"
. "$here/ferry.sh"
warm_up migrate
ratios=()
# both sides read the file from the page cache: a first round must not pay the disk for the second
warm_file() { cat "$db" > /dev/null; }
for i in $(seq "$rounds"); do
  fresh
  warm_file
  /usr/bin/time -f "%e %M" -o "$work/pair-time" "${ferry[@]}" migrate --source "jdbc:sqlite:$db" --target "$target" \
    --no-validate -q --workspace "$work/ws-pairs" --result "$work/pair-result.json" > /dev/null
  grep -q '"status" : "SUCCEEDED"' "$work/pair-result.json"
  read -r f rss < "$work/pair-time"
  fresh
  warm_file
  p=$("$here/baseline.sh" "$db" "host=127.0.0.1 port=5432 user=postgres dbname=ferry_bench" indexed 2>/dev/null | sed -n 's/baseline_total_seconds=//p')
  r=$(echo "$f / $p" | bc -l)
  ratios+=("$r")
  printf 'round %d: ferry %.2f s (peak RSS %d MB) | pipeline into indexed tables %.2f s | %.2f×\n' "$i" "$f" "$((rss / 1024))" "$p" "$r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "median ratio %.2f× over %d rounds\n", m, NR}'
