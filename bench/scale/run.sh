#!/usr/bin/env bash
# Scale-out benchmark (issue 14 item 1): the API + scheduler node and 1, 2, 3 publish-only nodes as separate JVMs,
# clustered over Hazelcast on 127.0.0.1; PostgreSQL, Redis and the platform sandbox as their own processes.
# Prints, per node count: publications/s, API 201 → published p50/p99, sandbox 429s, RSS per process, ratio to one
# node; then a run with one tight app-wide limit. Exits non-zero when a target is missed. Not part of the test suite.
#   bench/scale/run.sh                 (USERS=300: 1,200 publications a round; LATENCY_MS=300; NODES=1,2,3;
#                                       CONCURRENCY=2 VERTICLES=1 per publish node; TIGHT_PLATFORM=tiktok
#                                       TIGHT_PER_SECOND=4 TIGHT_PUBLICATIONS=200; TIGHT_PER_SECOND=0 skips it)
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=bench/cluster/target/classpath.txt
if [ ! -f "$cp_file" ] || [ -n "$(find pom.xml */pom.xml conf */src bench/cluster/src bench/cluster/pom.xml -newer "$cp_file" -type f 2>/dev/null | head -n 1)" ]; then
  mvn -q -B package -DskipTests -pl bench/cluster -am >&2
fi
work=$(mktemp -d -t clipcast-scale-XXXXXX)
trap 'rm -rf "$work"' EXIT
java -Xmx256m -XX:+UseSerialGC -cp "bench/cluster/target/classes:$(cat "$cp_file")" io.clipcast.bench.cluster.ScaleBench \
  --work "$work" --users "${USERS:-300}" --latency-ms "${LATENCY_MS:-300}" --nodes "${NODES:-1,2,3}" \
  --concurrency "${CONCURRENCY:-2}" --verticles "${VERTICLES:-1}" --tight-platform "${TIGHT_PLATFORM:-tiktok}" \
  --tight-per-second "${TIGHT_PER_SECOND:-4}" --tight-publications "${TIGHT_PUBLICATIONS:-200}"
