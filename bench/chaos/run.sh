#!/usr/bin/env bash
# Chaos soak (issue 14 item 6): publications over all nine platforms while the sandbox faults 10 % of the platform
# calls and the cluster is hurt: a publish node killed with kill -9 every minute and restarted, Redis restarted once
# (AOF) and flushed once, Postgres restarted once. Then every publication is judged against the API and the sandbox
# ledger; prints a table per platform and exits 1 on any breach. Not part of the test suite (its short version is
# bench/cluster/src/test/java/io/clipcast/bench/cluster/ShortSoakTest.java). See bench/chaos/README.md.
#   bench/chaos/run.sh                       (PUBLICATIONS=10000 over LOAD_SECONDS=600, USERS=60, NODES=3)
#   bench/chaos/run.sh --faultRate=0.2       (any setting of SoakSettings as --name=value)
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=bench/cluster/target/classpath.txt
if [ ! -f "$cp_file" ] || [ -n "$(find pom.xml */pom.xml conf */src bench/cluster/src bench/cluster/pom.xml -newer "$cp_file" -type f 2>/dev/null | head -n 1)" ]; then
  mvn -q -B package -DskipTests -pl bench/cluster -am >&2
fi
work=$(mktemp -d -t clipcast-chaos-XXXXXX)
# the report and every process's log are kept in bench/cluster/target/ (an internal error's id is looked up there)
keep() {
  cp "$work/report.md" bench/cluster/target/chaos-report.md 2>/dev/null || true
  rm -rf bench/cluster/target/chaos-logs && mkdir -p bench/cluster/target/chaos-logs
  (cd "$work" && find . -name '*.log' -size -200M) 2>/dev/null | while read -r f; do
    mkdir -p "bench/cluster/target/chaos-logs/$(dirname "$f")" && cp "$work/$f" "bench/cluster/target/chaos-logs/$f"
  done || true
  rm -rf "$work"
}
trap keep EXIT
java -Xmx384m -XX:+UseSerialGC -cp "bench/cluster/target/classes:$(cat "$cp_file")" io.clipcast.bench.cluster.ChaosSoak \
  --workDir="$work" --publications="${PUBLICATIONS:-10000}" --loadSeconds="${LOAD_SECONDS:-600}" --users="${USERS:-60}" \
  --publishNodes="${NODES:-3}" "$@"
