#!/usr/bin/env bash
# Breaks `ferry migrate` on purpose and checks that nothing is lost or loaded twice.
#
# For a SQLite, a PostgreSQL and a MySQL/MariaDB source, a real `ferry migrate` process is killed
# with SIGKILL at random moments (schema, data, constraints or validation — wherever it is) and
# resumed with `ferry migrate --resume`, again and again, until it finishes; then every row of
# every table on the target is compared with the source, independently of Ferry's own validation
# (each side printed in key order by its own client — sqlite3, psql, mysql — and compared
# byte for byte).
#
#   scripts/fault-injection.sh [kills per source, default 20] [rows of the large table, default 300000]
#   FERRY_FAULT_SOURCES="mysql" scripts/fault-injection.sh   # only some sources (sqlite postgres mysql)
#   FERRY_FAULT_CHANGE=1 scripts/fault-injection.sh           # change the source between crash and resume
#
# With FERRY_FAULT_CHANGE=1, after every kill the source's statistics are refreshed (ANALYZE) and a row
# is added to `orders` beyond its largest key, and one in every three kills also deletes a row
# near the start of `orders`. A resume must then either load what the source holds now, or refuse,
# naming the change, when it falls in a range already loaded (a refused resume is resumed again
# with `--on-source-change reload`), or, when the change came after the load, end VALIDATION_FAILED
# naming the table. Every other migration's rows are compared with the source as it is at the end.
#
# Needs the PostgreSQL and MariaDB servers of scripts/services.sh, and sqlite3, psql and mysql.
# Prints one line per source (kills, by phase, the outcome, whether every row is equal) and writes
# them to $FERRY_FAULT_DIR (default: a new /tmp/ferry-fault.* folder) with each run's logs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
. scripts/jdk.sh
KILLS="${1:-20}"
ROWS="${2:-300000}"
work="${FERRY_FAULT_DIR:-$(mktemp -d /tmp/ferry-fault.XXXXXX)}"
mkdir -p "$work"
export FERRY_HOME="$work/home"
./ferry --help >/dev/null # builds the jar once, outside the timings

pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
my() { mysql -h 127.0.0.1 -u root -N -B "$@"; }

# the same three tables in every source (each setup prints only the source's URL): a parent, a large child with an integer key, a small one
setup_sqlite() {
  rm -f "$work/source.db"
  sqlite3 "$work/source.db" >/dev/null <<SQL
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), amount INTEGER, note TEXT);
CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT);
WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 1000) INSERT INTO customers SELECT x, 'customer ' || x FROM s;
WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < $ROWS)
  INSERT INTO orders SELECT x * 3, 1 + x % 1000, x % 99991, printf('order %d with some text', x) FROM s;
INSERT INTO settings VALUES ('a', 'one'), ('b', 'two');
SQL
  echo "jdbc:sqlite:$work/source.db"
}

setup_postgres() {
  pg -d postgres -c "DROP DATABASE IF EXISTS ferry_fault_source" -c "CREATE DATABASE ferry_fault_source" \
    >/dev/null 2>&1
  pg -d ferry_fault_source >/dev/null <<SQL
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers(id), amount int, note text);
CREATE TABLE settings (name text PRIMARY KEY, value text);
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 1000) g;
INSERT INTO orders SELECT g * 3, 1 + g % 1000, g % 99991, 'order ' || g || ' with some text' FROM generate_series(1, $ROWS) g;
INSERT INTO settings VALUES ('a', 'one'), ('b', 'two');
ANALYZE;
SQL
  echo "jdbc:postgresql://127.0.0.1:5432/ferry_fault_source?user=postgres"
}

setup_mysql() {
  my -e "DROP DATABASE IF EXISTS ferry_fault_source; CREATE DATABASE ferry_fault_source" >/dev/null
  my ferry_fault_source >/dev/null <<SQL
CREATE TABLE customers (id int PRIMARY KEY, name varchar(100) NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int, amount int, note varchar(200),
  FOREIGN KEY (customer_id) REFERENCES customers(id));
CREATE TABLE settings (name varchar(20) PRIMARY KEY, value varchar(20));
INSERT INTO customers SELECT seq, CONCAT('customer ', seq) FROM seq_1_to_1000;
INSERT INTO orders SELECT seq * 3, 1 + seq % 1000, seq % 99991, CONCAT('order ', seq, ' with some text') FROM seq_1_to_$ROWS;
INSERT INTO settings VALUES ('a', 'one'), ('b', 'two');
ANALYZE TABLE customers, orders, settings;
SQL
  echo "jdbc:mariadb://127.0.0.1:3306/ferry_fault_source?user=root"
}

# every row of a table, in key order, one line each, as the source's own client prints it
source_rows() {
  local kind="$1" table="$2" cols="$3" key="$4"
  case "$kind" in
    sqlite) sqlite3 -separator '|' "$work/source.db" "SELECT $cols FROM $table ORDER BY $key" ;;
    postgres) pg -d ferry_fault_source -F '|' -c "SELECT $cols FROM $table ORDER BY $key" ;;
    mysql) my ferry_fault_source -e "SELECT $cols FROM $table ORDER BY $key" | tr '\t' '|' ;;
  esac
}
target_rows() {
  pg -d ferry_fault_target -F '|' -c "SELECT $2 FROM $1 ORDER BY $3"
}

journal_runs() {
  [ -f "$FERRY_HOME/journal.db" ] && sqlite3 "$FERRY_HOME/journal.db" "SELECT count(*) FROM runs" 2>/dev/null || echo 0
}
run_status() {
  sqlite3 "$FERRY_HOME/journal.db" "SELECT status FROM runs ORDER BY started_at DESC LIMIT 1" 2>/dev/null || echo NONE
}
current_phase() {
  sqlite3 "$FERRY_HOME/journal.db" \
    "SELECT phase FROM phases WHERE run_id = (SELECT max(run_id) FROM runs) AND status <> 'DONE' ORDER BY started_at DESC LIMIT 1" 2>/dev/null || true
}

# between a crash and its resume: fresh statistics, a row beyond the largest key, sometimes a row
# deleted where the run has probably loaded already
change_source() {
  local kind="$1" n="$2" id=$((ROWS * 3 + 3 * $2 + 1000000 * RANDOM))
  local del=""
  [ $((n % 3)) -ne 0 ] || del="DELETE FROM orders WHERE id = $((3 * (n + 1)));"
  case "$kind" in
    sqlite) sqlite3 "$work/source.db" "ANALYZE; INSERT INTO orders VALUES ($id, 1, 7, 'added after a crash'); $del" ;;
    postgres) pg -d ferry_fault_source -c "INSERT INTO orders VALUES ($id, 1, 7, 'added after a crash'); $del ANALYZE" >/dev/null ;;
    mysql) my ferry_fault_source -e "INSERT INTO orders VALUES ($id, 1, 7, 'added after a crash'); $del ANALYZE TABLE orders" >/dev/null ;;
  esac
}

# one migration, killed at random moments and resumed until it ends; then every row compared.
# Sets: cycle_kills, cycle_phases, status, equal
one_migration() {
  local kind="$1" url="$2" log="$3" pid
  rm -rf "$FERRY_HOME"
  pg -d postgres -c "DROP DATABASE IF EXISTS ferry_fault_target" -c "CREATE DATABASE ferry_fault_target" \
    >/dev/null 2>&1
  local target="jdbc:postgresql://127.0.0.1:5432/ferry_fault_target?user=postgres"
  cycle_kills=0
  cycle_phases=""
  start() {
    if [ "$(journal_runs)" = 0 ]; then
      ./ferry migrate --source "$url" --target "$target" --target-schema public --chunk-rows 20000 \
        --jobs 3 -q >>"$log" 2>&1 &
    else
      ./ferry migrate --resume -q >>"$log" 2>&1 &
    fi
    pid=$!
  }
  start
  while [ $((kills + cycle_kills)) -lt "$KILLS" ]; do
    # four kills in five wait until the run has begun a phase (a JVM that starts slowly on a busy
    # machine would otherwise be killed before it reads the source, every time)
    if [ $((RANDOM % 5)) -ne 0 ]; then
      local waited=0
      while [ -z "$(current_phase)" ] && [ "$waited" -lt 60 ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.25
        waited=$((waited + 1))
      done
    fi
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.1 + (r % 200) / 100 }')"
    if kill -0 "$pid" 2>/dev/null; then
      local at
      at="$(current_phase)"
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      cycle_kills=$((cycle_kills + 1))
      [ -z "${FERRY_FAULT_CHANGE:-}" ] || change_source "$kind" "$cycle_kills"
      cycle_phases="$cycle_phases ${at:-START}"
      start
    else
      break
    fi
  done
  wait "$pid" || true
  # a run killed just before it finished, or one that ended FAILED: resume until it is done
  local tries=0
  status="$(run_status)"
  while [ "${status#SUCCEEDED}" = "$status" ] && [ "$tries" -lt 3 ]; do
    tries=$((tries + 1))
    if tail -n 40 "$log" | grep -q "The source changed since"; then
      refused=$((refused + 1))
      ./ferry migrate --resume --on-source-change reload -q >>"$log" 2>&1 || true
    else
      ./ferry migrate --resume -q >>"$log" 2>&1 || true
    fi
    status="$(run_status)"
  done
  equal=yes
  if [ -n "${FERRY_FAULT_CHANGE:-}" ] && [ "$status" = VALIDATION_FAILED ]; then
    # the source changed after its rows were loaded: validation named it; nothing to compare
    equal=yes
    detected=$((detected + 1))
    return
  fi
  for spec in "customers|id, name|id" "orders|id, customer_id, amount, note|id" "settings|name, value|name"; do
    IFS='|' read -r table cols key <<<"$spec"
    if ! cmp -s <(source_rows "$kind" "$table" "$cols" "$key") <(target_rows "$table" "$cols" "$key"); then
      equal="NO ($table differs)"
    fi
  done
}

# migrations of one source, each killed and resumed, until KILLS kills in all
run_case() {
  local kind="$1" url
  url="$(setup_"$kind")"
  local log="$work/$kind.log" kills=0 phases="" cycles=0 outcomes="" all_equal=yes
  refused=0
  detected=0
  : >"$log"
  while [ "$kills" -lt "$KILLS" ] && [ "$cycles" -lt $((KILLS * 2)) ]; do
    one_migration "$kind" "$url" "$log"
    cycles=$((cycles + 1))
    kills=$((kills + cycle_kills))
    phases="$phases $cycle_phases"
    outcomes="$outcomes $status"
    [ "$equal" = yes ] || all_equal="$equal"
  done
  local by_phase by_outcome
  by_phase="$(echo "$phases" | tr ' ' '\n' | grep -v '^$' | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
  by_outcome="$(echo "$outcomes" | tr ' ' '\n' | grep -v '^$' | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
  printf '%-8s rows %-7s migrations %-3s kills %-3s (%s) ended %s; resumes refused for a changed source %s, changes found by validation %s; every row equal after each: %s\n' \
    "$kind" "$ROWS" "$cycles" "$kills" "${by_phase% }" "${by_outcome% }" "$refused" "$detected" "$all_equal" \
    | tee -a "$work/results.txt"
}

for kind in ${FERRY_FAULT_SOURCES:-sqlite postgres mysql}; do
  run_case "$kind"
done
echo "logs and results: $work"
