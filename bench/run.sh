#!/usr/bin/env bash
# Ferry's benchmark: generates the SQLite database (SCALE × 2 million rows; 0.5 is 1 million), then on the same machine
# and data times `ferry migrate` (load, constraints; validation run separately) against
# sqlite3 -csv | psql \copy, and records Ferry's peak RSS. Usage: bench/run.sh [SCALE] [PG conninfo]
# WIDE=1 bench/run.sh … uses wide rows (about 270 bytes of file per row: JSON, accented text, blobs; generate.sql's @pad).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
scale="${1:-1}"
pgadmin="${2:-host=127.0.0.1 port=5432 user=postgres dbname=postgres}"
. "$root/scripts/jdk.sh"
work="$here/work"; mkdir -p "$work"
pad=0; kind=""
if [ "${WIDE:-0}" = 1 ]; then pad=100; kind="wide-"; fi
db="$work/bench-${kind}x$scale.db"
if [ ! -f "$db" ]; then
  echo "· generating $db" >&2
  { echo ".parameter set @scale $scale"; echo ".parameter set @pad $pad"; cat "$here/generate.sql"; } | sqlite3 "$db"
fi
rows=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM products) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items)")
size=$(du -m "$db" | cut -f1)
[ -f "$root/target/ferry.jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package)
ws="$work/ws"
. "$here/ferry.sh"
warm_up migrate validate
echo "· ferry migrate --no-validate" >&2
fresh
/usr/bin/time -f "%e %M" -o "$work/time-load" "${ferry[@]}" migrate --source "jdbc:sqlite:$db" --target "$target" --no-validate -q \
  --workspace "$work/ws" --result "$work/load-${kind}x$scale.json" > "$work/load-${kind}x$scale.log"
# the load's timeline (which table loads and which key, index or foreign key builds when) as an image
grep -q '"status" : "SUCCEEDED"' "$work/load-${kind}x$scale.json" || { echo "the timed load did not succeed" >&2; exit 1; }
run_id=$(sed -n 's/.*"runId" *: *"\([^"]*\)".*/\1/p' "$work/load-${kind}x$scale.json" | head -n1)
if "${ferry[@]}" report "$run_id" --workspace "$work/ws" --out "$work/report-${kind}x$scale" \
  --timeline "$work/timeline-${kind}x$scale.png" 2>/dev/null | grep '^timeline: /' > /dev/null; then
  echo "· timeline: $work/timeline-${kind}x$scale.png" >&2
else
  echo "· no timeline written" >&2
fi
echo "· ferry migrate (validating after the load)" >&2
fresh
/usr/bin/time -f "%e %M" -o "$work/time-migrate" "${ferry[@]}" migrate --source "jdbc:sqlite:$db" --target "$target" -q \
  --workspace "$work/ws" --result "$work/result-${kind}x$scale.json" > "$work/migrate-${kind}x$scale.log"
echo "· ferry validate (standalone: reads both sides)" >&2
/usr/bin/time -f "%e %M" -o "$work/time-validate" "${ferry[@]}" validate --source "jdbc:sqlite:$db" --target "$target" -q \
  --workspace "$work/ws" > "$work/validate-${kind}x$scale.log"
echo "· baseline: sqlite3 -csv | psql \\copy" >&2
baseline=$("$here/baseline.sh" "$db" "host=127.0.0.1 port=5432 user=postgres dbname=ferry_bench" bare)
echo "· baseline into tables that already have their keys and indexes" >&2
indexed=$("$here/baseline.sh" "$db" "host=127.0.0.1 port=5432 user=postgres dbname=ferry_bench" indexed)
phase() { sed -n "s/.*\"$2\" *: *\([0-9.]*\).*/\1/p" "$work/$1-${kind}x$scale.json" | head -n1; }
read -r load_wall load_rss < "$work/time-load"
read -r _ mig_rss < "$work/time-migrate"
read -r val_wall val_rss < "$work/time-validate"
load=$(echo "$(phase load schema) + $(phase load data)" | bc)
constraints=$(phase load constraints)
data_v=$(echo "$(phase result schema) + $(phase result data)" | bc)
validate=$(phase result validate)
b_load=$(echo "$baseline" | sed -n 's/baseline_load_seconds=//p')
b_total=$(echo "$baseline" | sed -n 's/baseline_total_seconds=//p')
i_load=$(echo "$indexed" | sed -n 's/baseline_load_seconds=//p')
i_total=$(echo "$indexed" | sed -n 's/baseline_total_seconds=//p')
rss=$(( (load_rss > mig_rss ? load_rss : mig_rss) / 1024 ))
printf '| %s | %s rows, %s MB | %.1f s | %.2f× | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %d MB | %d MB |\n' \
  "${kind}x$scale" "$rows" "$size" "$load" "$(echo "$load / $b_load" | bc -l)" "$constraints" "$data_v" "$validate" "$val_wall" \
  "$b_load" "$b_total" "$rss" "$((val_rss / 1024))"
printf 'end to end: ferry migrate --no-validate %.1f s wall (JVM start, planning, load, constraints) | baseline bare tables + constraints %.1f s | baseline into indexed tables %.1f s (copy %.1f s) | ratios %.2f× / %.2f×\n' \
  "$load_wall" "$b_total" "$i_total" "$i_load" "$(echo "$load_wall / $b_total" | bc -l)" "$(echo "$load_wall / $i_total" | bc -l)"
grep -hE "validation:|^run " "$work/migrate-${kind}x$scale.log" "$work/validate-${kind}x$scale.log" >&2 || true
