#!/usr/bin/env bash
# Online PostgreSQL → PostgreSQL benchmark: a source of its own (embedded PostgreSQL 16, wal_level
# = logical) with ROWS orders and 2 lines each under a steady write load, migrated into the shared
# PostgreSQL on 5432 with `OnlineMigration`: initial-sync time, lag while streaming, write downtime
# at cutover. Usage: bench/online.sh [ROWS]   (default 2000000). Prints the ONLINE lines.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/jdk.sh"
. "$here/scripts/services.sh"
cd "$here"
FERRY_ONLINE_ROWS="${1:-2000000}" ./mvnw -B -q -Dspotless.check.skip=true -Dtests.excluded=none \
  -Dtest=OnlineBenchmark -Dsurefire.failIfNoSpecifiedTests=false test >/dev/null 2>&1 || true
# the figures are the test's standard output, kept in its surefire report
grep -o 'ONLINE[^&]*' target/surefire-reports/TEST-dev.ferry.engine.online.OnlineBenchmark.xml
