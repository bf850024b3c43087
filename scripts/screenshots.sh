#!/usr/bin/env bash
# Renders each step of the console with real data on a virtual display and saves the PNGs to
# docs/screenshots/ (referenced from the README). Needs Xvfb and GTK 3:
#   apt-get install -y xvfb libgtk-3-0 libgl1 libxtst6
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/jdk.sh"
. "$here/scripts/services.sh"
cd "$here"
xvfb-run -a -s '-screen 0 1440x900x24' ./mvnw -B -q -Pscreenshots -Dspotless.check.skip=true \
  -Dtest=ConsoleScreenshots -Dsurefire.failIfNoSpecifiedTests=false test
ls -1 docs/screenshots/*.png
