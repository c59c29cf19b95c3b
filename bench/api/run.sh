#!/usr/bin/env bash
# API benchmark against dev mode (embedded Postgres + Redis), same process for both routes:
#  1. wrk: GET /api/v1/publications/{id} (auth + Postgres read) vs GET /health (the same router, no I/O) → ratio
#  2. POST /api/v1/publications at a fixed 500 req/s for 10 s (open loop) → latency p50/p99
# SYNC_COMMIT=on and VIEW_CACHE_MS=0 measure without dev mode's relaxed commit and without the GET cache.
# Needs wrk (Debian package) and Node. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 2; }
work=$(mktemp -d)
PORT=${PORT:-18080}; PG=${PG:-55439}; REDIS=${REDIS:-63799}
export CLIPCAST_NODE_DATA_DIR="$work/data" CLIPCAST_HTTP_PORT=$PORT CLIPCAST_DEV_POSTGRES_PORT=$PG CLIPCAST_DEV_REDIS_PORT=$REDIS \
  CLIPCAST_SANDBOX_PORT=$((PORT + 1)) CLIPCAST_LOG_LEVEL=WARN CLIPCAST_VERTICLES_API=2 CLIPCAST_VERTICLES_PUBLISH=0 \
  CLIPCAST_DB_POOL_MAX_SIZE=${DB_POOL:-24} CLIPCAST_DEV_POSTGRES_SYNCHRONOUS_COMMIT=${SYNC_COMMIT:-off} \
  CLIPCAST_PUBLICATIONS_VIEW_CACHE_MS=${VIEW_CACHE_MS:-1000}
./clipcast dev > "$work/node.log" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$PORT"
for i in $(seq 1 300); do curl -sf "$base/ready" >/dev/null && break; sleep 0.5; done

token=$(curl -sf "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"correct horse battery"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
user=$(curl -sf "$base/api/v1/me" -H "Authorization: Bearer $token" | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
clip=$(curl -sf "$base/api/v1/clips?fileName=bench.mp4" -H "Authorization: Bearer $token" -H 'Content-Type: video/mp4' \
  --data-binary @common/src/test/resources/media/portrait_h264_aac_faststart.mp4 | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
conn=$(node -e 'console.log(require("crypto").randomUUID())')
# connecting an account needs a platform (issue 5); the bench inserts the row the connect flow would leave
PGPASSWORD= psql -q -h 127.0.0.1 -p $PG -U clipcast clipcast -c \
  "UPDATE users SET plan='pro' WHERE id='$user'; INSERT INTO platform_connections (id,user_id,platform,external_account_id,status) VALUES ('$conn','$user','telegram','bench','connected');"
body="{\"clipId\":\"$clip\",\"targets\":[{\"connectionId\":\"$conn\",\"caption\":\"bench\"}]}"
pub=$(curl -sf "$base/api/v1/publications" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" \
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).items[0].id')

wrk -t2 -c32 -d3s "$base/health" >/dev/null  # warm-up (JIT)
wrk -t2 -c32 -d3s -H "Authorization: Bearer $token" "$base/api/v1/publications/$pub" >/dev/null
bare=$(wrk -t2 -c32 -d10s "$base/health" | awk '/Requests\/sec/ {print $2}')
get=$(wrk -t2 -c32 -d10s -H "Authorization: Bearer $token" "$base/api/v1/publications/$pub" | awk '/Requests\/sec/ {print $2}')
node bench/api/post-at-rate.mjs "$base" "$token" "$body" 300 3 >/dev/null  # warm-up of the POST path (JIT), as for GET
post=$(node bench/api/post-at-rate.mjs "$base" "$token" "$body" 500 10)

echo
echo "| measure | value |"
echo "|---|---|"
echo "| GET /health (baseline: same router, no I/O) req/s | $bare |"
echo "| GET /api/v1/publications/{id} req/s | $get |"
echo "| ratio (target ≥ 0.4) | $(node -pe "($get/$bare).toFixed(2)") |"
echo "| POST /api/v1/publications at 500 req/s for 10 s | $post |"
echo "| settings | dev.postgresSynchronousCommit=${SYNC_COMMIT:-off}, publications.viewCacheMs=${VIEW_CACHE_MS:-1000} |"
