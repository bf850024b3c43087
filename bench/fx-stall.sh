#!/usr/bin/env bash
# The console's responsiveness during a large migration: the longest time the FX thread took to run
# a task posted every 10 ms (target: under 100 ms). Headless (Monocle, software rendering).
# Usage: bench/fx-stall.sh [SCALE]   (seed 004's files × SCALE; 100 ≈ 1.2 million rows)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/jdk.sh"
. "$here/scripts/services.sh"
cd "$here"
FERRY_STALL_SCALE="${1:-100}" ./mvnw -B -q -o "-Dtest.jvm.extra=${FERRY_STALL_JVM:-}" -Dspotless.check.skip=true -Dtests.excluded=none \
  -Dtest=ConsoleStallBenchmark -Dsurefire.failIfNoSpecifiedTests=false test 2>/dev/null | grep '^FX-STALL' || \
  grep -h '^FX-STALL' target/surefire-reports/*ConsoleStallBenchmark*-output.txt 2>/dev/null
