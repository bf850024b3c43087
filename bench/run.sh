#!/usr/bin/env bash
# Ferry's benchmark: generates the SQLite database (SCALE × 2 million rows), then on the same machine
# and data times `ferry migrate` (load, constraints; validation run separately) against
# sqlite3 -csv | psql \copy, and records Ferry's peak RSS. Usage: bench/run.sh [SCALE] [PG conninfo]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
scale="${1:-1}"
pgadmin="${2:-host=127.0.0.1 port=5432 user=postgres dbname=postgres}"
. "$root/scripts/jdk.sh"
work="$here/work"; mkdir -p "$work"
db="$work/bench-x$scale.db"
if [ ! -f "$db" ]; then
  echo "· generating $db" >&2
  { echo ".parameter set @scale $scale"; cat "$here/generate.sql"; } | sqlite3 "$db"
fi
rows=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM products) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items)")
size=$(du -m "$db" | cut -f1)
[ -f "$root/target/ferry.jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package)
psql -q "$pgadmin" -c "DROP DATABASE IF EXISTS ferry_bench WITH (FORCE)" -c "CREATE DATABASE ferry_bench"
target="jdbc:postgresql://127.0.0.1:5432/ferry_bench?user=postgres"
rm -rf "$work/ws"
echo "· ferry migrate (no validation)" >&2
/usr/bin/time -f "%e %M" -o "$work/time-migrate" "$JAVA_HOME/bin/java" ${FERRY_JAVA_OPTS:--Xmx512m} -jar "$root/target/ferry.jar" migrate \
  --source "jdbc:sqlite:$db" --target "$target" --no-validate -q --workspace "$work/ws" --result "$work/result-x$scale.json" > "$work/migrate-x$scale.log"
echo "· ferry validate" >&2
/usr/bin/time -f "%e %M" -o "$work/time-validate" "$JAVA_HOME/bin/java" ${FERRY_JAVA_OPTS:--Xmx512m} -jar "$root/target/ferry.jar" validate \
  --source "jdbc:sqlite:$db" --target "$target" -q --workspace "$work/ws" > "$work/validate-x$scale.log"
echo "· baseline: sqlite3 -csv | psql \\copy" >&2
baseline=$("$here/baseline.sh" "$db" "host=127.0.0.1 port=5432 user=postgres dbname=ferry_bench")
phase() { sed -n "s/.*\"$1\" *: *\([0-9.]*\).*/\1/p" "$work/result-x$scale.json" | head -n1; }
read -r mig_wall mig_rss < "$work/time-migrate"
read -r val_wall val_rss < "$work/time-validate"
schema=$(phase schema); data=$(phase data); constraints=$(phase constraints)
load=$(echo "$schema + $data" | bc)
b_load=$(echo "$baseline" | sed -n 's/baseline_load_seconds=//p')
b_total=$(echo "$baseline" | sed -n 's/baseline_total_seconds=//p')
printf '| x%s | %s rows, %s MB | %.1f s | %.1f s | %.1f s | %.2f× | %.1f s | %.1f s | %.1f s | %d MB | %d MB |\n' \
  "$scale" "$rows" "$size" "$load" "$constraints" "$mig_wall" "$(echo "$load / $b_load" | bc -l)" "$b_load" "$b_total" \
  "$val_wall" "$((mig_rss / 1024))" "$((val_rss / 1024))"
grep -E "validation:|: (SUCCEEDED|FAILED)" "$work/validate-x$scale.log" "$work/migrate-x$scale.log" >&2 || true
