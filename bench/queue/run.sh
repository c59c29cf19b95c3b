#!/usr/bin/env bash
# Queue benchmark: Clipcast's Redis queue vs BullMQ, same machine, same Redis, same run (bench/queue/README.md).
#   bench/queue/run.sh
# Environment: ROUNDS (3), JOBS (100000), SPREAD_MS (10000), PENDING (1000000; 0 skips that scenario),
#   PENDING_JOBS (10000), SCENARIOS ("spread burst pending"), SYSTEMS ("bullmq clipcast"; one of them alone for a
#   quick look at one side, which then has no ratio), LEAD_MS (20000), PORT (6479),
#   PROFILE_JOBS (10000; 0 skips the per-script profile: one burst run per system with every command in SLOWLOG),
#   REDIS_CPU / CLIENT_CPUS (taskset CPU lists; by default Redis gets the first CPU, the clients the others).
# Every run starts from FLUSHALL. Prints a line per run, then the table of bench/queue/report.mjs.
# Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
JOBS=${JOBS:-100000}
SPREAD_MS=${SPREAD_MS:-10000}
PENDING=${PENDING:-1000000}
PENDING_JOBS=${PENDING_JOBS:-10000}
SCENARIOS=${SCENARIOS:-spread burst pending}
SYSTEMS=${SYSTEMS:-bullmq clipcast}
LEAD_MS=${LEAD_MS:-20000}
PROFILE_JOBS=${PROFILE_JOBS:-10000}
PORT=${PORT:-6479}
out=$(mktemp -d -t clipcast-queue-bench.XXXXXX)
results="$out/results.jsonl"
: > "$results"

# --- the Java side: a shaded jar, rebuilt when a source it contains changed
jar=bench/queue-java/target/queue-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml common/src dev-services/src scheduler-verticle/src bench/queue-java -newer "$jar" -type f -not -path '*/target/*' | head -n 1)" ]; then
  mvn -q -B package -DskipTests -pl bench/queue-java -am >&2
fi

# --- the Node side: BullMQ at the versions of package.json.
# `npm ci` installs exactly the lock. An npm that disagrees with the lock about optional platform packages
# (npm 11 wanted @msgpackr-extract/* entries an older npm had left out) refuses it; then we install from
# package.json, whose two dependencies are exact versions, with optional packages and without touching the lock.
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || echo "WARNING: Node $(node --version); the bench is written for Node 20 or later" >&2
stamp=bench/queue/node_modules/.clipcast-installed
if [ ! -f "$stamp" ] || [ bench/queue/package.json -nt "$stamp" ] || [ bench/queue/package-lock.json -nt "$stamp" ]; then
  (
    cd bench/queue
    if ! npm ci --no-audit --no-fund >&2; then
      echo "WARNING: npm $(npm --version) refused package-lock.json; installing from package.json instead" \
        "(npm install --include=optional --no-package-lock)" >&2
      npm install --no-audit --no-fund --include=optional --no-package-lock >&2
    fi
    touch node_modules/.clipcast-installed
  )
fi

# --- pinning: Redis on one CPU, both clients on the others, so neither system's client takes Redis's CPU.
expand_cpus() { # "0-2,5" -> "0 1 2 5"
  local part
  for part in ${1//,/ }; do
    if [[ $part == *-* ]]; then seq "${part%-*}" "${part#*-}"; else echo "$part"; fi
  done | xargs
}
pin_redis=() pin_client=()
if command -v taskset >/dev/null; then
  read -r -a cpus <<<"$(expand_cpus "$(taskset -pc $$ | sed 's/.*: //')")"
  if [ "${#cpus[@]}" -ge 2 ] || [ -n "${REDIS_CPU:-}" ]; then
    REDIS_CPU=${REDIS_CPU:-${cpus[0]}}
    CLIENT_CPUS=${CLIENT_CPUS:-$(IFS=,; echo "${cpus[*]:1}")}
    pin_redis=(taskset -c "$REDIS_CPU") pin_client=(taskset -c "$CLIENT_CPUS")
  else
    echo "WARNING: only CPU ${cpus[*]} is available; Redis and the clients share it (no pinning)" >&2
  fi
else
  echo "WARNING: taskset (util-linux) not found; Redis and the clients are not pinned, figures will move more" >&2
fi

# --- one Redis for both systems: the system's redis-server, else the one shipped in the embedded-redis jar
redis_server=$(command -v redis-server || true)
if [ -z "$redis_server" ]; then
  redis_server="$out/redis-server"
  unzip -p "$jar" "$(unzip -Z1 "$jar" | grep -m1 '^redis-server-.*-linux-amd64$')" > "$redis_server" && chmod +x "$redis_server"
fi
"${pin_redis[@]}" "$redis_server" --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --maxmemory-policy noeviction --daemonize yes --pidfile "$out/redis.pid" --logfile "$out/redis.log"
trap 'kill "$(cat "$out/redis.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$out/redis.pid" ] && break; sleep 0.1; done
url="redis://127.0.0.1:$PORT"
redis() { "${pin_client[@]}" node bench/queue/redis-cmd.mjs "$url" "$@"; }
for _ in $(seq 50); do redis PING >/dev/null 2>&1 && break; sleep 0.1; done

busiest() { # %CPU over the last second (top's second sample), else ps's average over each process's life
  if command -v top >/dev/null; then
    top -b -n 2 -d 1 -w 120 | awk '/^top -/ { i++ } i == 2' | sed -n '8,12p' | awk '{ printf "  %5s%% %s\n", $9, $12 }'
  else
    ps -eo pcpu=,comm= --sort=-pcpu | head -n 5 | sed 's/^/  (lifetime) /'
  fi
}
{
  echo "redis: $("$redis_server" --version | head -c 60)"
  if [ ${#pin_redis[@]} -gt 0 ]; then
    echo "pinning: redis on CPU $(taskset -pc "$(cat "$out/redis.pid")" | sed 's/.*: //'), clients on CPU $CLIENT_CPUS"
  fi
  echo "load: spread $JOBS jobs over $SPREAD_MS ms; burst $JOBS at once; pending $PENDING_JOBS over $SPREAD_MS ms" \
    "with $PENDING far-future jobs; 50 consumers each; rounds $ROUNDS; lead $LEAD_MS ms"
  echo "machine at start: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); busiest processes now:"
  busiest
  echo "results: $results"
} >&2

run_one() { # system scenario
  local jobs=$JOBS spread=$SPREAD_MS pending=0
  case $2 in
    burst) spread=0 ;;
    pending) jobs=$PENDING_JOBS pending=$PENDING ;;
  esac
  case $1 in
    bullmq) "${pin_client[@]}" node bench/queue/bullmq-bench.mjs --redis "$url" --jobs "$jobs" --spread-ms "$spread" \
      --concurrency 50 --lead-ms "$LEAD_MS" --pending "$pending" --scenario "$2" ;;
    clipcast) "${pin_client[@]}" java -Xmx2g -XX:+UseParallelGC ${JAVA_OPTS:-} -jar "$jar" --redis "$url" --jobs "$jobs" \
      --spread-ms "$spread" --consumers 50 --lead-ms "$LEAD_MS" --pending "$pending" --scenario "$2" ;;
  esac
}

for r in $(seq 1 "$ROUNDS"); do
  for scenario in $SCENARIOS; do
    [ "$scenario" != pending ] || [ "$PENDING" -gt 0 ] || continue
    # alternate which system goes first, so neither always runs on a machine the other just warmed or loaded
    if [ $((r % 2)) -eq 1 ]; then order=$SYSTEMS; else order=$(echo "$SYSTEMS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for system in $order; do
      redis FLUSHALL >/dev/null
      if line=$(run_one "$system" "$scenario" 2>>"$out/clients.log"); then
        echo "$line" >> "$results"
        echo "round $r (load $(cut -d" " -f1 /proc/loadavg)): $(echo "$line" | node bench/queue/report.mjs --brief)" >&2
      else
        echo "round $r: $system $scenario FAILED (see $out/clients.log)" >&2
      fi
    done
  done
done

# Per-script profile, outside the measured rounds (logging every command costs Redis time of its own): one burst
# run per system with slowlog-log-slower-than 0, then slowlog.mjs splits the time by script.
if [ "$PROFILE_JOBS" -gt 0 ]; then
  unzip -o -q "$jar" 'queue/*.lua' -d "$out/lua" 2>/dev/null || true
  for system in $SYSTEMS; do
    redis FLUSHALL >/dev/null
    redis CONFIG SET slowlog-max-len $((PROFILE_JOBS * 60 + 100000)) >/dev/null
    redis SLOWLOG RESET >/dev/null
    redis CONFIG SET slowlog-log-slower-than 0 >/dev/null
    if JOBS=$PROFILE_JOBS run_one "$system" burst > "$out/profile-$system.json" 2>>"$out/clients.log"; then
      "${pin_client[@]}" node bench/queue/slowlog.mjs "$url" "$system" "$PROFILE_JOBS" "$out/lua/queue" >> "$out/profile.txt"
    else
      echo "profile: $system FAILED (see $out/clients.log)" >&2
    fi
    redis CONFIG SET slowlog-log-slower-than 10000 >/dev/null
    redis CONFIG SET slowlog-max-len 128 >/dev/null
  done
fi
{ echo "machine at end: load average $(cut -d' ' -f1-3 /proc/loadavg); busiest processes now:"; busiest; } >&2

node bench/queue/report.mjs "$results"
[ ! -s "$out/profile.txt" ] || { echo; echo "Per-script profile (burst, one run each, not part of the medians):"; cat "$out/profile.txt"; }
