#!/usr/bin/env bash
# Queue benchmark: Clipcast's Redis queue vs BullMQ, same machine, same Redis, same run.
#   bench/queue/run.sh            (ROUNDS=2 alternates the two systems twice; JOBS, SPREAD_MS override the load)
# Prints each run's JSON line, then a table with the ratios. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-1}
JOBS=${JOBS:-100000}
SPREAD_MS=${SPREAD_MS:-10000}
PORT=${PORT:-6479}
out=$(mktemp -d)

jar=bench/queue-java/target/queue-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find common/src dev-services/src scheduler-verticle/src bench/queue-java/src -newer "$jar" -type f | head -n 1)" ]; then
  mvn -q -B package -DskipTests -pl bench/queue-java -am >&2
fi
[ -d bench/queue/node_modules ] || (cd bench/queue && npm ci --no-audit --no-fund >&2)

# One Redis for both systems: the system's redis-server, else the one shipped in the embedded-redis jar.
redis_server=$(command -v redis-server || true)
if [ -z "$redis_server" ]; then
  redis_server="$out/redis-server"
  unzip -p "$jar" redis-server-6.2.6-v5-linux-amd64 > "$redis_server" && chmod +x "$redis_server"
fi
"$redis_server" --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --maxmemory-policy noeviction \
  --daemonize yes --pidfile "$out/redis.pid" --logfile "$out/redis.log"
trap 'kill "$(cat "$out/redis.pid")" 2>/dev/null || true' EXIT
sleep 0.5
url="redis://127.0.0.1:$PORT"
echo "redis: $("$redis_server" --version | head -c 60); jobs $JOBS over $SPREAD_MS ms, 50 consumers each; rounds $ROUNDS" >&2

java_bench() { java -Xmx1g -XX:+UseParallelGC -jar "$jar" --redis "$url" --jobs "$JOBS" --spread-ms "$SPREAD_MS" --consumers 50 "$@"; }
bull_bench() { node bench/queue/bullmq-bench.mjs --redis "$url" --jobs "$JOBS" --spread-ms "$SPREAD_MS" --concurrency 50; }

for r in $(seq 1 "$ROUNDS"); do
  bull_bench | tee -a "$out/results.jsonl"
  java_bench | tee -a "$out/results.jsonl"
done
# capacity: everything due at once, so throughput is what each side can drain, not the arrival rate
SPREAD_MS=0 bull_bench | sed 's/"system":"bullmq"/"system":"bullmq-burst"/' | tee -a "$out/results.jsonl"
SPREAD_MS=0 java_bench | sed 's/"system":"clipcast"/"system":"clipcast-burst"/' | tee -a "$out/results.jsonl"
# Clipcast alone with 1,000,000 far-future jobs pending: lateness of 10,000 jobs due over 10 s, Redis bytes per job
java_bench --pending 1000000 --pending-jobs 10000 | tail -n 1 | tee -a "$out/results.jsonl"

node bench/queue/report.mjs "$out/results.jsonl"
