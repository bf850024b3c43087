#!/usr/bin/env bash
# Renders each step of the console with real data on a virtual display and saves the PNGs to
# docs/screenshots/ (referenced from the README). Needs Xvfb and GTK 3:
#   apt-get install -y xvfb libgtk-3-0 libgl1 libxtst6
# Each theme (light, dark) at 1440×900 and 1024×700.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/jdk.sh"
. "$here/scripts/services.sh"
cd "$here"
# light at 1440×900 goes to docs/screenshots/ (the README's); the others to a folder each.
# FERRY_SHOTS="light:1440x900 dark:1024x700" renders only those.
for variant in ${FERRY_SHOTS:-light:1440x900 dark:1440x900 light:1024x700 dark:1024x700}; do
  theme="${variant%%:*}" size="${variant##*:}"
  echo "== $theme $size"
  xvfb-run -a -s '-screen 0 1440x900x24' ./mvnw -B -q -Pscreenshots -Dspotless.check.skip=true \
    -Dshots.theme="$theme" -Dshots.size="$size" \
    -Dtest=ConsoleScreenshots -Dsurefire.failIfNoSpecifiedTests=false test
done
find docs/screenshots -name '*.png' | sort
