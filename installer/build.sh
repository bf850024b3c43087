#!/usr/bin/env bash
# Builds Ferry's installable application under installer/target/:
#   runtime/        a Java runtime trimmed by jlink to the modules Ferry uses (jdeps, plus what
#                   JDBC drivers, TLS and the desktop need); JavaFX comes inside ferry.jar
#   ferry/          a jpackage app image: bin/ferry (command line; no command opens the console)
#                   and bin/ferry-console (the console), with the runtime, no JDK needed
#   ferry_<v>_amd64.deb  the same as a Debian package (installs to /opt/ferry, with ferry and
#                   ferry-console on the PATH); needs dpkg-deb and fakeroot (Debian/Ubuntu:
#                   apt-get install dpkg-dev fakeroot binutils). Its maintainer scripts are Ferry's
#                   own (installer/resources/): the console's menu entry is made only where a desktop
#                   keeps menus, so installing and purging also succeed on a headless server.
# Both launchers start the JVM as ./ferry does: the SQLite driver's native access enabled (./ferry's
# java -jar reads it from the jar's manifest, jpackage's launchers do not), so no warning prints on
# every command, and a bounded heap (ferry-console.properties repeats them for the console).
# The version is the pom's, without -SNAPSHOT.   Usage: installer/build.sh [--no-deb]
set -euo pipefail
if [ "${1:-}" != "--no-deb" ]; then
  missing=""
  for tool in dpkg-deb fakeroot objcopy; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
  done
  if [ -n "$missing" ]; then
    echo "installer/build.sh: the .deb needs$missing: apt-get install dpkg-dev fakeroot binutils" >&2
    echo "(or build only the app image: installer/build.sh --no-deb)" >&2
    exit 2
  fi
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/jdk.sh"
cd "$here"
out="$here/installer/target"
rm -rf "$out"
mkdir -p "$out/input"

echo "· building target/ferry.jar" >&2
./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
cp target/ferry.jar "$out/input/"

version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
version="${version%-SNAPSHOT}"

# what the code needs (jdeps), and what it reaches only by reflection or service loading:
# logging, JNDI/GSS for PgJDBC, TLS, XML, the desktop (AWT for JFreeChart), locales, zip file systems
modules="$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 target/ferry.jar)"
modules="$modules,java.desktop,java.logging,java.xml,java.naming,java.security.jgss,java.security.sasl,java.net.http,java.scripting,java.management,jdk.localedata,jdk.zipfs,jdk.charsets,jdk.crypto.cryptoki"
echo "· jlink: $modules" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$out/runtime"

common=(--name ferry --app-version "$version" --vendor "Ferry" \
  --description "Ferry: a migration console for DBAs (SQLite, PostgreSQL, MySQL into PostgreSQL)" \
  --input "$out/input" --main-jar ferry.jar --main-class dev.ferry.Main \
  --runtime-image "$out/runtime" --java-options -Xmx512m \
  --java-options --enable-native-access=ALL-UNNAMED \
  --java-options -XX:Tier4InvocationThreshold=40000 --java-options -XX:Tier4MinInvocationThreshold=20000 \
  --java-options -XX:Tier4CompileThreshold=50000 --java-options -XX:Tier4BackEdgeThreshold=400000 \
  --add-launcher "ferry-console=$here/installer/ferry-console.properties")

echo "· jpackage: app image" >&2
"$JAVA_HOME/bin/jpackage" --type app-image --dest "$out" "${common[@]}"

if [ "${1:-}" != "--no-deb" ]; then
  echo "· jpackage: .deb" >&2
  # the menu entry is the console's (ferry-console.properties: linux-shortcut=true)
  "$JAVA_HOME/bin/jpackage" --type deb --dest "$out" "${common[@]}" \
    --resource-dir "$here/installer/resources" \
    --linux-menu-group Development --linux-app-category database \
    --linux-package-name ferry
fi
ls -1 "$out"
