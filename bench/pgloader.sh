#!/usr/bin/env bash
# pgloader side by side: loads the same SQLite file with pgloader (Debian's package: apt-get install
# pgloader) into a fresh database ferry_pgloader, with /usr/bin/time's wall time and peak RSS, then
# says what it made compared with Ferry's load in ferry_bench: rows per table against the source,
# column types that differ, primary/unique/foreign keys and indexes.
# Usage: bench/pgloader.sh <sqlite-file> [PG admin conninfo]   (run after bench/run.sh: it reads ferry_bench)
set -euo pipefail
db="$1"
pgadmin="${2:-host=127.0.0.1 port=5432 user=postgres dbname=postgres}"
command -v pgloader >/dev/null || { echo "pgloader is not installed (apt-get install pgloader)" >&2; exit 1; }
work="$(dirname "$db")"
psql -q "$pgadmin" -c "DROP DATABASE IF EXISTS ferry_pgloader WITH (FORCE)" -c "CREATE DATABASE ferry_pgloader" 2>/dev/null
# its default: a batch that fails is logged and left out, the rest goes on; stdin closed, so that
# a crash of its Lisp runtime ends instead of waiting in its debugger
/usr/bin/time -f "%e %M" -o "$work/time-pgloader" \
  timeout 3600 pgloader "$db" "postgresql://postgres@127.0.0.1:5432/ferry_pgloader" < /dev/null > "$work/pgloader.log" 2>&1 \
  || echo "pgloader ended with an error: see $work/pgloader.log" >&2
read -r wall rss < <(tail -n1 "$work/time-pgloader")
grep -E "ERROR|Heap exhausted|fatal error" "$work/pgloader.log" | cut -c1-200 | sort | uniq -c | sort -rn | head -5 || true
printf 'pgloader: %.1f s wall, peak RSS %d MB\n' "$wall" "$((rss / 1024))"
q() { psql -At "host=127.0.0.1 port=5432 user=postgres dbname=$1" -c "$2"; }
for t in $(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"); do
  src=$(sqlite3 "$db" "SELECT count(*) FROM \"$t\"")
  pgl=$(q ferry_pgloader "SELECT count(*) FROM \"$t\"" 2>/dev/null || echo "missing")
  fer=$(q ferry_bench "SELECT count(*) FROM public.\"$t\"" 2>/dev/null || echo "missing")
  printf 'rows %-12s source %s, pgloader %s, Ferry %s\n' "$t" "$src" "$pgl" "$fer"
done
types="SELECT table_name || '.' || column_name || ' ' || CASE WHEN data_type = 'USER-DEFINED' THEN udt_name
  WHEN character_maximum_length IS NOT NULL THEN data_type || '(' || character_maximum_length || ')'
  WHEN data_type = 'numeric' AND numeric_precision IS NOT NULL THEN 'numeric(' || numeric_precision || ',' || numeric_scale || ')'
  ELSE data_type END FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1"
diff <(q ferry_bench "$types") <(q ferry_pgloader "$types") | sed -n 's/^< /type Ferry    /p; s/^> /type pgloader /p' || true
cons="SELECT contype, count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
  WHERE n.nspname = 'public' GROUP BY 1 ORDER BY 1"
echo "constraints (p primary, u unique, f foreign, c check): Ferry $(q ferry_bench "$cons" | tr '\n' ' ')| pgloader $(q ferry_pgloader "$cons" | tr '\n' ' ')"
idx="SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"
echo "indexes: Ferry $(q ferry_bench "$idx"), pgloader $(q ferry_pgloader "$idx")"
