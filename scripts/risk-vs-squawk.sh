#!/usr/bin/env bash
# Ferry's lock-risk analysis against squawk (the PostgreSQL migration linter) on the same corpus:
# src/test/resources/risk-corpus/corpus.sql, one statement per migration, each marked safe, risky,
# breaking, critical or blocker. Ferry rates them on a fresh database holding setup.sql's rows;
# squawk lints each file. Prints one line per statement and the counts (the table in README.md).
#   scripts/risk-vs-squawk.sh            (installs squawk-cli with npm into target/squawk once)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/jdk.sh"
. "$here/scripts/services.sh"
corpus="$here/src/test/resources/risk-corpus"
squawk="$here/target/squawk/node_modules/.bin/squawk"
if [ ! -x "$squawk" ]; then
  mkdir -p "$here/target/squawk"
  (cd "$here/target/squawk" && npm install --silent squawk-cli >/dev/null)
fi
work="$(mktemp -d)"
db="ferry_risk_corpus_$$"
trap 'dropdb -h 127.0.0.1 -U postgres --if-exists "$db" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# one V-file per statement, named by what a DBA should be told about it
awk -v dir="$work/migrations" '
  BEGIN { system("mkdir -p " dir); n = 0 }
  /^-- (safe|risky|breaking|critical|blocker)$/ { kind = substr($0, 4); n++; file = sprintf("%s/V%d__%s.sql", dir, n, kind); next }
  /^--/ { next }
  kind != "" { print > file; if ($0 ~ /;[[:space:]]*$/) { close(file); kind = "" } }
' "$corpus/corpus.sql"
createdb -h 127.0.0.1 -U postgres "$db"
psql -q -h 127.0.0.1 -U postgres -d "$db" -v ON_ERROR_STOP=1 -f "$corpus/setup.sql" >/dev/null
"$here/ferry" change risk --target "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" \
  --migrations "$work/migrations" --json > "$work/ferry.json"
for f in "$work"/migrations/V*.sql; do
  v="$(basename "$f" | sed -E 's/^V([0-9]+)__.*/\1/')"
  # squawk exits non-zero when it reports anything; its rule names are what it said
  rules="$("$squawk" --reporter json "$f" 2>/dev/null | jq -r '[.[].rule_name] | unique | join(",")' || true)"
  echo "$v	$rules"
done > "$work/squawk.tsv"
python3 - "$work" <<'PY'
import json, sys, os, re
work = sys.argv[1]
ferry = {r["version"]: r for r in json.load(open(os.path.join(work, "ferry.json")))}
squawk = dict(line.rstrip("\n").split("\t", 1) for line in open(os.path.join(work, "squawk.tsv")))
files = sorted(os.listdir(os.path.join(work, "migrations")), key=lambda f: int(re.match(r"V(\d+)", f).group(1)))
# squawk's hygiene rules fire on nearly every statement whatever it locks; counted apart
HYGIENE = {"prefer-robust-stmts", "require-timeout-settings", "require-lock-timeout",
           "require-statement-timeout", "prefer-bigint-over-int", "prefer-bigint-over-smallint",
           "prefer-identity", "prefer-text-field", "prefer-timestamptz", "ban-char-field",
           "transaction-nesting"}
count = {"ferry_flagged": 0, "ferry_false": 0, "squawk_flagged": 0, "squawk_false": 0,
         "lock_flagged": 0, "lock_false": 0, "risky": 0, "safe": 0}
print(f"{'kind':9} {'Ferry':22} {'squawk (lock rules)':40} statement")
for f in files:
    v, kind = re.match(r"V(\d+)__(\w+)\.sql", f).groups()
    stmt = " ".join(open(os.path.join(work, "migrations", f)).read().split())
    r = ferry[v]
    ferry_says = r["impact"] + (" breaking" if r.get("breaking") else "")
    ferry_flags = r["impact"] != "LOW" or bool(r.get("breaking"))
    squawk_says = squawk.get(v, "")
    squawk_flags = squawk_says != ""
    lock_flags = bool(set(filter(None, squawk_says.split(","))) - HYGIENE)
    if kind == "safe":
        count["safe"] += 1
        count["ferry_false"] += ferry_flags
        count["squawk_false"] += squawk_flags
        count["lock_false"] += lock_flags
    else:
        count["risky"] += 1
        count["ferry_flagged"] += ferry_flags
        count["squawk_flagged"] += squawk_flags
        count["lock_flagged"] += lock_flags
    shown = ",".join(r for r in squawk_says.split(",") if r and r not in HYGIENE) or "-"
    print(f"{kind:9} {ferry_says:22} {shown[:40]:40} {stmt[:80]}")
print()
print(f"risky statements flagged: Ferry {count['ferry_flagged']} of {count['risky']}; squawk {count['squawk_flagged']} of {count['risky']} (all rules), {count['lock_flagged']} of {count['risky']} (without its hygiene rules)")
print(f"false alarms on safe statements: Ferry {count['ferry_false']} of {count['safe']}; squawk {count['squawk_false']} of {count['safe']} (all rules), {count['lock_false']} of {count['safe']} (without its hygiene rules)")
PY
