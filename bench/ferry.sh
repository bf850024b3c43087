# Sourced by bench/run.sh and bench/pairs.sh (after $root, $here, $work, $pgadmin and $ws are set):
# the target database, a fresh one, and Ferry as the README runs it.
target="jdbc:postgresql://127.0.0.1:5432/ferry_bench?user=postgres"
fresh() { psql -q "$pgadmin" -c "DROP DATABASE IF EXISTS ferry_bench WITH (FORCE)" -c "CREATE DATABASE ferry_bench" 2>/dev/null; rm -rf "$ws"; }
# ./ferry (-Xmx512m, each command's start-up cache made by its first starts after a build);
# FERRY_LAUNCH=jar times plain `java -Xmx512m -jar`
if [ "${FERRY_LAUNCH:-ferry}" = jar ]; then
  ferry=("$JAVA_HOME/bin/java" ${FERRY_JAVA_OPTS:--Xmx512m} -jar "$root/target/ferry.jar")
else
  ferry=("$root/ferry")
fi
# untimed: the first starts of each command after a build make its start-up cache (JDK 25+: the
# first records, the second builds the cache, about 2 s; JDK 21-24: the first writes a class archive)
# usage: warm_up migrate [validate]
warm_up() {
  [ "${FERRY_LAUNCH:-ferry}" = jar ] && return 0
  local warm="$work/bench-warmup.db" cmd
  [ -f "$warm" ] || { echo ".parameter set @scale 0.005"; echo ".parameter set @pad 0"; cat "$here/generate.sql"; } | sqlite3 "$warm"
  local round
  for round in 1 2; do
    fresh
    for cmd in "$@"; do
      case "$cmd" in
        migrate) "${ferry[@]}" migrate --source "jdbc:sqlite:$warm" --target "$target" --no-validate -q --workspace "$ws" > /dev/null ;;
        validate) "${ferry[@]}" validate --source "jdbc:sqlite:$warm" --target "$target" -q --workspace "$ws" > /dev/null ;;
      esac
    done
  done
}
