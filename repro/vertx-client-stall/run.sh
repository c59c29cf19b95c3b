#!/usr/bin/env bash
# Builds the reproducer against vertx-core ${VERTX:-5.0.8} and runs it on its own JVM (main thread = a non-Vert.x thread).
# Usage: VERTX=5.0.8 ./run.sh requests=500 pattern=chained keepAlive=false
set -euo pipefail
cd "$(dirname "$0")"
v="${VERTX:-5.0.8}"
mvn -B -ntp ${MVN_OFFLINE--o} -q -Dvertx.version="$v" compile dependency:build-classpath -Dmdep.outputFile="target/cp-$v.txt" >/dev/null
exec java -Xmx256m -cp "target/classes:$(cat "target/cp-$v.txt")" repro.ClientStall "$@"
