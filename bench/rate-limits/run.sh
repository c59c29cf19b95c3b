#!/usr/bin/env bash
# Rate-limit benchmark (issue 13 row 11): USERS users, each with their own account on PLATFORM, publish at the same
# moment; prints how late each publish starts (p50/p99/max) with the former limits (app-wide 1 job/s, burst 5) and
# with the shipped catalog's. Real queue and Redis; the handler stands in for a publish of WORK_MS. Not a test.
#   bench/rate-limits/run.sh            (USERS=100 PLATFORM=vk SLOTS=8 WORK_MS=0; SKIP_LEGACY=1 skips the slow run)
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-100}; PLATFORM=${PLATFORM:-vk}; SLOTS=${SLOTS:-8}; WORK_MS=${WORK_MS:-0}; PORT=${PORT:-6489}
out=$(mktemp -d)
jar=bench/queue-java/target/queue-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find common/src platforms/src conf/platforms bench/queue-java/src -newer "$jar" -type f | head -n 1)" ]; then
  mvn -q -B package -DskipTests -pl bench/queue-java -am >&2
fi
redis_server=$(command -v redis-server || true)
if [ -z "$redis_server" ]; then
  redis_server="$out/redis-server"
  unzip -p "$jar" redis-server-6.2.6-v5-linux-amd64 > "$redis_server" && chmod +x "$redis_server"
fi
"$redis_server" --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$out/redis.pid" --logfile "$out/redis.log"
trap 'kill "$(cat "$out/redis.pid")" 2>/dev/null || true; rm -rf "$out"' EXIT
sleep 0.5
run() { java -cp "$jar" io.clipcast.bench.RateLimitBench --redis "redis://127.0.0.1:$PORT" --limits "$1" --platform "$PLATFORM" \
  --users "$USERS" --slots "$SLOTS" --work-ms "$WORK_MS"; }
[ -n "${SKIP_LEGACY:-}" ] || run legacy
run shipped
