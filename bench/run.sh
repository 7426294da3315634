#!/usr/bin/env bash
# Benchmarks (not tests). Results go into docs/benchmarks.md by hand.
#   bench/run.sh [refine|compare|simulate|all] [events-per-hour]   (default: all 1000000)
#   bench/run.sh control [config-cycle|flag-to-route|workers|all] [streams] [workers] [flips]
#     (default: all 50000 1000 50): the controller's control-plane benchmarks (ControlPlaneBenchmarks from the
#     controller's test classes), each printing its ratio or percentiles and target as its last line.
# refine and compare (the Spark worker) print their ratio as their last line (refine also times itself without
# transforms, to split its cost beyond the floor); work files live under
# refine-worker/target/bench. simulate runs ./cutover simulate --streams 1000 --days 14 --seed 1 (goal < 2 min).
# CUTOVER_TARGET=target-x builds into and works under refine-worker/target-x instead (no collision with
# another build running at the same time); CUTOVER_NO_BUILD=1 uses the classes already built there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHICH="${1:-all}"
EVENTS="${2:-1000000}"
TARGET="${CUTOVER_TARGET:-target}"
cd "$ROOT"
if [[ "$WHICH" == "control" ]]; then
  if [[ "${CUTOVER_NO_BUILD:-}" != "1" ]]; then
    mvn -q -B -pl controller -am -DskipTests -Dcutover.target="$TARGET" package
  fi
  OUT="$ROOT/controller/$TARGET"
  mkdir -p "$OUT/bench/tmp"
  # a fixed, pre-touched heap: first-touch page faults of this VM otherwise add seconds of GC pauses at random
  exec java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -Djava.io.tmpdir="$OUT/bench/tmp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$OUT/test-classes:$OUT/classes:$(cat "$OUT/classpath.txt")" \
    dev.cutover.controller.bench.ControlPlaneBenchmarks "${2:-all}" "$ROOT/../shared" "${3:-50000}" \
    "${4:-1000}" "${5:-50}"
fi
if [[ "${CUTOVER_NO_BUILD:-}" != "1" ]]; then
  # -am: the project modules the worker depends on come from this build (a fresh clone has none installed)
  mvn -q -B -pl refine-worker -am -DskipTests -Dcutover.target="$TARGET" package
fi
OUT="$ROOT/refine-worker/$TARGET"
CP="$OUT/test-classes:$OUT/classes:$(cat "$OUT/classpath.txt")"
WORK="$OUT/bench"
mkdir -p "$WORK/tmp"
OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)
run() {
  echo "== $1 ($EVENTS events) =="
  java -Xmx8g "${OPENS[@]}" -Djava.io.tmpdir="$WORK/tmp" -cp "$CP" dev.cutover.worker.bench.Benchmarks \
    "$1" "$WORK" "$ROOT/../shared" "$EVENTS" 2>>"$WORK/spark.log"
}
simulate() {
  echo "== simulate (1000 streams x 14 days, seed 1) =="
  "$ROOT/cutover" simulate --streams 1000 --days 14 --seed 1
}
case "$WHICH" in
  refine) run refine ;;
  compare) run compare ;;
  simulate) simulate ;;
  all) run refine; run compare; simulate ;;
  *) echo "usage: bench/run.sh [refine|compare|simulate|all] [events] | control [name] [streams] [workers] [flips]" >&2; exit 2 ;;
esac
