#!/usr/bin/env bash
# API benchmark against dev mode (embedded Postgres + Redis), same process for both routes:
#  1. wrk: GET /api/v1/publications/{id} (auth + Postgres read) vs GET /health (the same router, no I/O) → ratio
#  2. POST /api/v1/publications at a fixed 500 req/s for 10 s (open loop), RUNS times in a row (default 5) in one
#     unbroken stream from one client after the warm-up: each run
#     prints the client's p50/p99/max and the node's own p50/p99 of the same requests (its response-time histogram on
#     the ops port, ops.histogramRoutes), with what happened in the node meanwhile: the mean wait for a Postgres
#     connection, GC pauses (-Xlog:gc), Vert.x blocked-thread warnings, Postgres checkpoints and autovacuum runs. Target: server p99 ≤ TARGET_MS in 4 of 5.
# PIN=1 pins the node (JVM, Postgres, Redis: ./clipcast's children inherit it) to NODE_CPU and the load generators
# (wrk, node) to CLIENT_CPU. Off by default: on a 2-core machine the node (JVM + Postgres + Redis, ~0.65 of a core at
# 500 POST/s) then queues on one core behind anything else that runs there, which cost more than the client's ~0.2 core.
# WARMUP_SECONDS (30) of POST at RATE come first, unmeasured: the issue asks for the steady state at 500 req/s, and C2
# compiles the POST path's own methods (PublicationJson.of, the create lambdas, JobQueue.schedule) 12-22 s into POST
# load on this 2-core machine (JFR jdk.Compilation; the 5 s warm-up before measured that JIT in runs 1-2). With 30 s,
# C2 compiles fall from ~108/s in the warm-up's first 5 s to ~5/s in its last, about the rate during the runs
# (-Xlog:jit+compilation).
# Each run also prints how busy the machine's CPUs were and how many cores the node (JVM + Postgres + Redis) used:
# on a shared 2-core machine a run where other processes fill the CPUs measures them, not the node.
# SYNC_COMMIT=on and VIEW_CACHE_MS=0 measure without dev mode's relaxed commit and without the GET cache.
# Needs wrk (Debian package), Node, psql. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 2; }
work=$(mktemp -d)
PORT=${PORT:-18080}; PG=${PG:-55439}; REDIS=${REDIS:-63799}; OPS=${OPS:-$((PORT + 2))}
RUNS=${RUNS:-5}; RATE=${RATE:-500}; SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}; TARGET_MS=${TARGET_MS:-20}; WARMUP_SECONDS=${WARMUP_SECONDS:-30}
PIN=${PIN:-0}; NODE_CPU=${NODE_CPU:-1}; CLIENT_CPU=${CLIENT_CPU:-0}
export CLIPCAST_NODE_DATA_DIR="$work/data" CLIPCAST_HTTP_PORT=$PORT CLIPCAST_DEV_POSTGRES_PORT=$PG CLIPCAST_DEV_REDIS_PORT=$REDIS \
  CLIPCAST_SANDBOX_PORT=$((PORT + 1)) CLIPCAST_OPS_PORT=$OPS CLIPCAST_OPS_HISTOGRAM_ROUTES=/api/v1/publications \
  CLIPCAST_LOG_LEVEL=WARN CLIPCAST_VERTICLES_API=2 CLIPCAST_VERTICLES_PUBLISH=0 \
  CLIPCAST_DB_POOL_MAX_SIZE=${DB_POOL:-24} CLIPCAST_DEV_POSTGRES_SYNCHRONOUS_COMMIT=${SYNC_COMMIT:-off} \
  CLIPCAST_PUBLICATIONS_VIEW_CACHE_MS=${VIEW_CACHE_MS:-1000}
# GC pauses of the node, on top of whatever JVM options ./clipcast uses (JAVA_OPTS or its defaults)
export JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-} -Xlog:gc:file=$work/gc.log:uptime"
pin_node=(); pin_client=()
if [ "$PIN" = 1 ]; then pin_node=(taskset -c "$NODE_CPU"); pin_client=(taskset -c "$CLIENT_CPU"); fi
"${pin_node[@]}" ./clipcast dev > "$work/node.log" 2>&1 &
node_pid=$!
trap 'kill ${psql_pid:-} $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$PORT"
for i in $(seq 1 600); do curl -sf "$base/ready" >/dev/null && break; sleep 0.5; done
# ./clipcast may have built the jar first under the same JDK_JAVA_OPTIONS: count GC from the node's start on
gc_start=$(wc -l < "$work/gc.log")

token=$(curl -sf "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"correct horse battery"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
user=$(curl -sf "$base/api/v1/me" -H "Authorization: Bearer $token" | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
clip=$(curl -sf "$base/api/v1/clips?fileName=bench.mp4" -H "Authorization: Bearer $token" -H 'Content-Type: video/mp4' \
  --data-binary @common/src/test/resources/media/portrait_h264_aac_faststart.mp4 | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
conn=$(node -e 'console.log(require("crypto").randomUUID())')
sql() { PGPASSWORD= psql -qtA -h 127.0.0.1 -p $PG -U clipcast clipcast -c "$1"; }
# connecting an account needs a platform (issue 5); the bench inserts the row the connect flow would leave
sql "UPDATE users SET plan='pro' WHERE id='$user'; INSERT INTO platform_connections (id,user_id,platform,external_account_id,status) VALUES ('$conn','$user','telegram','bench','connected');"
body="{\"clipId\":\"$clip\",\"targets\":[{\"connectionId\":\"$conn\",\"caption\":\"bench\"}]}"
pub=$(curl -sf "$base/api/v1/publications" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" \
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).items[0].id')

"${pin_client[@]}" wrk -t2 -c32 -d3s "$base/health" >/dev/null  # warm-up (JIT)
"${pin_client[@]}" wrk -t2 -c32 -d3s -H "Authorization: Bearer $token" "$base/api/v1/publications/$pub" >/dev/null
bare=$("${pin_client[@]}" wrk -t2 -c32 -d10s "$base/health" | awk '/Requests\/sec/ {print $2}')
get=$("${pin_client[@]}" wrk -t2 -c32 -d10s -H "Authorization: Bearer $token" "$base/api/v1/publications/$pub" | awk '/Requests\/sec/ {print $2}')

# what the node did during one run: GC pauses (count, total, longest), blocked-thread warnings, checkpoints, autovacuums
gc_pauses() { tail -n +"$(($1 + 1))" "$work/gc.log" | head -n "$(($2 - $1))" | grep -o 'Pause.* \([0-9.]*\)ms$' \
  | awk '{ms=$NF; sub("ms","",ms); ms+=0; n++; t+=ms; if (ms>m) m=ms} END {printf "%d / %.0f / %.1f", n, t, m}'; }
blocked() { grep -c 'has been blocked' "$work/node.log" || true; }
# CPU: the machine's busy and total jiffies (all cores), and the node's (the JVM and its descendants: Postgres, Redis)
machine_cpu() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
# the node's processes: the JVM and its descendants (Postgres and its backends, Redis), listed once before the runs
tree_pids() {
  local pids=$node_pid frontier=$node_pid
  while [ -n "$frontier" ]; do
    frontier=$(ps -e -o pid=,ppid= | awk -v p=" $frontier " 'index(p, " " $2 " ") {print $1}' | tr '\n' ' ')
    pids="$pids $frontier"
  done
  echo $pids
}
# jiffies of the JVM, of Postgres, of Redis
node_cpu() {
  for p in $node_pids; do cat "/proc/$p/stat" 2>/dev/null; done | sed 's/^[0-9]* (\([^)]*\)) /\1 /' \
    | awk '{t = $13 + $14; if ($1 ~ /^postgres/) pg += t; else if ($1 ~ /^redis/) r += t; else j += t} END {print j + 0, pg + 0, r + 0}'
}
# one psql session for every snapshot: a psql started at each run's edge cost a burst of CPU inside the stream
coproc PSQL { PGPASSWORD= psql -qtA -h 127.0.0.1 -p "$PG" -U clipcast clipcast 2>&1; }
psql_pid=$PSQL_PID
pg_counters() {
  echo "SELECT (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) || ' ' ||
    (SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables);" >&"${PSQL[1]}"
  local line; IFS= read -r -t 10 line <&"${PSQL[0]}"; echo "$line"
}

echo
echo "POST /api/v1/publications at $RATE req/s for $SECONDS_PER_RUN s, $RUNS runs (pinned: $PIN; load on this machine before: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "| run | client p50 / p99 / max ms | server p50 / p99 ms | Postgres pool wait, mean ms | errors | GC pauses n / total ms / max ms | blocked-thread warnings | checkpoints | autovacuum+analyze | machine CPU busy % | node CPU, cores (JVM / Postgres / Redis) | load (1 min) | server p99 ≤ $TARGET_MS ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
# one field of the client's JSON line (a number, or null)
field() { if [[ $1 =~ \"$2\":([^,}]*) ]]; then echo "${BASH_REMATCH[1]}"; fi; }
# the node's counters at a run's edge: gc.log lines, blocked warnings, checkpoints, autovacuums, machine CPU, node CPU
edge() { echo "$(wc -l < "$work/gc.log") $(blocked) $(pg_counters) $(machine_cpu) $(node_cpu)"; }
met=0; run=0
node_pids=$(tree_pids)
read -r g0 b0 c0 v0 busy0 all0 j0 p0 r0 <<<"$(edge)"
# one client, one unbroken stream: the warm-up, then the runs back to back; each run's line is printed as it ends
while IFS= read -r r; do
  if [ "$(field "$r" warmup)" = true ]; then read -r g0 b0 c0 v0 busy0 all0 j0 p0 r0 <<<"$(edge)"; continue; fi
  run=$((run + 1))
  read -r g1 b1 c1 v1 busy1 all1 j1 p1 r1 <<<"$(edge)"
  busy=$(( 100 * (busy1 - busy0) / (all1 - all0) )); cores=$(awk -v j=$((j1 - j0)) -v p=$((p1 - p0)) -v r=$((r1 - r0)) -v all=$((all1 - all0)) -v n="$(nproc)" \
    'BEGIN {c = all / n; printf "%.2f (%.2f / %.2f / %.2f)", (j + p + r) / c, j / c, p / c, r / c}')
  sp99=$(field "$r" serverP99)
  ok=$(awk -v v="$sp99" -v t="$TARGET_MS" 'BEGIN {print (v != "null" && v + 0 <= t + 0) ? "yes" : "no"}')
  [ "$ok" = yes ] && met=$((met + 1))
  echo "| $run | $(field "$r" p50) / $(field "$r" p99) / $(field "$r" max) | $(field "$r" serverP50) / $sp99 | $(field "$r" pgWaitMs) | $(field "$r" errors) | $(gc_pauses "$g0" "$g1") | $((b1 - b0)) | $((c1 - c0)) | $((v1 - v0)) | $busy | $cores | $(cut -d' ' -f1 /proc/loadavg) | $ok |"
  g0=$g1 b0=$b1 c0=$c1 v0=$v1 busy0=$busy1 all0=$all1 j0=$j1 p0=$p1 r0=$r1
done < <(METRICS_URL="http://127.0.0.1:$OPS/metrics" "${pin_client[@]}" node bench/api/post-at-rate.mjs "$base" "$token" "$body" "$RATE" "$SECONDS_PER_RUN" "$RUNS" "$WARMUP_SECONDS")
echo "server p99 ≤ $TARGET_MS ms in $met of $RUNS runs (target: 4 of 5); GC over the whole node life: $(gc_pauses "$gc_start" "$(wc -l < "$work/gc.log")")"

echo
echo "| measure | value |"
echo "|---|---|"
echo "| GET /health (baseline: same router, no I/O) req/s | $bare |"
echo "| GET /api/v1/publications/{id} req/s | $get |"
echo "| ratio (target ≥ 0.4) | $(node -pe "($get/$bare).toFixed(2)") |"
echo "| POST /api/v1/publications at $RATE req/s for $SECONDS_PER_RUN s | server p99 ≤ $TARGET_MS ms in $met of $RUNS runs (table above) |"
echo "| settings | dev.postgresSynchronousCommit=${SYNC_COMMIT:-off}, publications.viewCacheMs=${VIEW_CACHE_MS:-1000}, db.pool.maxSize=${DB_POOL:-24}, JAVA_OPTS=${JAVA_OPTS:-(./clipcast default)}, pinned=$PIN, POST warm-up ${WARMUP_SECONDS} s |"
