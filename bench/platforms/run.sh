#!/usr/bin/env bash
# Time to publish a 20 MB clip to each of the nine platforms, against dev mode (embedded Postgres + Redis + the
# sandbox in the node, dev mode's own OAuth apps): API 201 → `published`, median of RUNS (default 3) per platform,
# then all nine from one call. The sandbox's simulated processing is set to 200 ms everywhere and Дзен's feed poller
# to 250 ms, so the figures are Clipcast's work plus each protocol's round trips, not a platform's real transcoding.
# Needs Node 20 and psql. Not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
PORT=${PORT:-18280}; PG=${PG:-55459}; REDIS=${REDIS:-63819}; RUNS=${RUNS:-3}
export CLIPCAST_NODE_DATA_DIR="$work/data" CLIPCAST_HTTP_PORT=$PORT CLIPCAST_DEV_POSTGRES_PORT=$PG CLIPCAST_DEV_REDIS_PORT=$REDIS \
  CLIPCAST_SANDBOX_PORT=$((PORT + 1)) CLIPCAST_LOG_LEVEL=WARN CLIPCAST_STORAGE_LOCAL_DIR="$work/clips" \
  CLIPCAST_STORAGE_STAGING_DIR="$work/staging" CLIPCAST_OAUTH_REDIRECT_URI="http://127.0.0.1:$PORT/oauth/callback"
./clipcast dev > "$work/node.log" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$PORT"; sandbox="http://127.0.0.1:$((PORT + 1))"
for i in $(seq 1 300); do curl -sf "$base/ready" >/dev/null && break; sleep 0.5; done
curl -sf "$base/ready" >/dev/null || { echo "node did not get ready:" >&2; tail -20 "$work/node.log" >&2; exit 1; }
json() { node -pe "const o = JSON.parse(require('fs').readFileSync(0)); $1"; }
# a real 6 s portrait MP4 padded to 20 MB with a 'free' box (every box parses, the media still plays)
node bench/upload/clipcast.mjs mkclip "$work/clip20.mp4" 20971520 common/src/test/resources/media/portrait_6s_all_platforms.mp4
token=$(curl -sf "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"correct horse battery"}' | json o.accessToken)
user=$(curl -sf "$base/api/v1/me" -H "Authorization: Bearer $token" | json o.id)
PGPASSWORD= psql -q -h 127.0.0.1 -p $PG -U clipcast clipcast -c "UPDATE users SET plan='business' WHERE id='$user'"
node bench/platforms/publish-times.mjs "$base" "$sandbox" "$token" "$work/clip20.mp4" "$RUNS" | tee "$work/times.jsonl"
echo
echo "| platform | 20 MB, API 201 → published: median (min–max) of $RUNS |"
echo "|---|---|"
node -e '
for (const line of require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n")) {
  const r = JSON.parse(line);
  if (r.each) console.log(`| all nine from one call | last done after ${r.lastMs} ms (${Object.entries(r.each).map(([p, ms]) => p + " " + ms).join(", ")}; ${r.statuses}) |`);
  else console.log(`| ${r.platform} | ${r.medianMs === null ? "not published: " + r.error : r.medianMs + " ms (" + r.minMs + "–" + r.maxMs + ")"} |`);
}' "$work/times.jsonl"
