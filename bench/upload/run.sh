#!/usr/bin/env bash
# Upload benchmark against dev mode (embedded Postgres + Redis; the sandbox as its own process), the node run with
# -Xmx256m and 10 publish slots (2 publish verticles × publish.concurrency 5):
#  1. a 500 MB MP4 published to VK by Clipcast vs curl POSTing the same file as multipart video_file to a fresh
#     video.save upload URL, ROUNDS (6) rounds each: MB/s as timed by the receiving upload host for both (request start → last
#     byte, GET /_sandbox/uploads) → ratio; also end to end (curl time_total vs the worker's startedAt → publishedAt,
#     which adds video.save and wall.post)
#  2. one 500 MB clip published to 10 VK accounts at once: peak heap used (jstat -gc every 200 ms), all published,
#     ledger has 10 posts with the clip's sha256
#  3. publish now of a 5 MB clip, 100 runs one every 1.05 s (under conf/platforms/vk.json's 1 job/s app limit, round
#     robin over 11 accounts so the 0.2 job/s account limit never waits): API 201 → post in the sandbox ledger, p50/p99
# The sandbox (sandbox/target/clipcast-sandbox.jar) runs as its own process, like a remote platform. Needs Node 20, curl and a JDK (jstat). The clips are sparse files under a temp dir. Not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in node curl jstat; do command -v $tool >/dev/null || { echo "bench/upload needs $tool" >&2; exit 2; }; done
work=$(mktemp -d)
PORT=${PORT:-18180}; PG=${PG:-55449}; REDIS=${REDIS:-63809}; SANDBOX_PORT=$((PORT + 1))
BIG=${BIG_BYTES:-524288000}; SMALL=${SMALL_BYTES:-5242880}; RUNS=${RUNS:-100}; PACE_MS=${PACE_MS:-1050}
export CLIPCAST_NODE_DATA_DIR="$work/data" CLIPCAST_HTTP_PORT=$PORT CLIPCAST_DEV_POSTGRES_PORT=$PG CLIPCAST_DEV_REDIS_PORT=$REDIS \
  CLIPCAST_SANDBOX_PORT=$SANDBOX_PORT CLIPCAST_LOG_LEVEL=WARN CLIPCAST_STORAGE_LOCAL_DIR="$work/clips" \
  CLIPCAST_STORAGE_STAGING_DIR="$work/staging" CLIPCAST_VERTICLES_PUBLISH=2 CLIPCAST_PUBLISH_CONCURRENCY=5 \
  CLIPCAST_OAUTH_REDIRECT_URI="http://127.0.0.1:$PORT/oauth/callback"
# the sandbox plays the remote platform in its own JVM (as a real upload host is another machine): Clipcast's
# sender and curl then face the same receiver, and the node's heap figure is Clipcast's alone
export CLIPCAST_SANDBOX_ENABLED=false
export JAVA_OPTS="-Xms64m -Xmx256m -XX:+UseSerialGC"
./clipcast dev > "$work/node.log" 2>&1 &
node_pid=$!   # ./clipcast execs java: this is the JVM
sandbox_pid=
samplers=()
cleanup() {
  for p in "${samplers[@]}"; do kill "$p" 2>/dev/null || true; done
  kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true
  [ -z "$sandbox_pid" ] || { kill $sandbox_pid 2>/dev/null; wait $sandbox_pid 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
base="http://127.0.0.1:$PORT"; sandbox="http://127.0.0.1:$SANDBOX_PORT"
helper=bench/upload/clipcast.mjs
json() { node -pe "const o = JSON.parse(require('fs').readFileSync(0)); $1"; }

node $helper mkclip "$work/big.mp4" $BIG
node $helper mkclip "$work/small.mp4" $SMALL
for i in $(seq 1 300); do curl -sf "$base/ready" >/dev/null && break; sleep 0.5; done
curl -sf "$base/ready" >/dev/null || { echo "node did not get ready:" >&2; tail -20 "$work/node.log" >&2; exit 1; }
java -Xmx512m -jar sandbox/target/clipcast-sandbox.jar --host 127.0.0.1 --port $SANDBOX_PORT > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for i in $(seq 1 100); do curl -sf "$sandbox/health" >/dev/null && break; sleep 0.2; done

token=$(curl -sf "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"correct horse battery"}' | json o.accessToken)
user=$(curl -sf "$base/api/v1/me" -H "Authorization: Bearer $token" | json o.id)
PGPASSWORD= psql -q -h 127.0.0.1 -p $PG -U clipcast clipcast -c "UPDATE users SET plan='pro' WHERE id='$user'"
conns=($(node $helper connect "$base" "$sandbox" "$token" 11))
upload() {  # streams the file to POST /api/v1/clips (never -d @file: curl would read it into memory)
  curl -sf -X POST -T "$1" -H 'Expect:' -H 'Content-Type: video/mp4' -H "Authorization: Bearer $token" "$base/api/v1/clips?fileName=$2"
}
big=$(upload "$work/big.mp4" big.mp4); big_id=$(echo "$big" | json o.id); big_sha=$(echo "$big" | json o.sha256)
small=$(upload "$work/small.mp4" small.mp4); small_id=$(echo "$small" | json o.id); small_sha=$(echo "$small" | json o.sha256)
node $helper publish "$base" "$sandbox" "$token" "$small_id" "$small_sha" "${conns[0]}" >/dev/null   # warm-up (JIT, pools)

# 1. one 500 MB upload, ROUNDS times (best of 6 by default: the machine is shared, the first rounds warm the JIT): curl straight to the sandbox's upload host, then
#    Clipcast's worker on a fresh account
vk_token=$(curl -sf "$sandbox/vk/_sandbox/tokens" -H 'Content-Type: application/json' -d '{"userId":7000999}' | json o.access_token)
sleep 5   # let the app rate bucket of conf/platforms/vk.json (burst 5) refill after the warm-up
curl_all=(); cc_all=(); curl_rx=(); cc_rx=()
newest_upload() { curl -sf "$sandbox/_sandbox/uploads" | json 'o.items.filter(u => u.bytes === '$BIG').at(-1).receiveMs / 1000'; }
for round in $(seq 1 ${ROUNDS:-6}); do
  upload_url=$(curl -sf "$sandbox/vk/api/method/video.save" --data-urlencode "access_token=$vk_token" -d 'v=5.199' -d 'name=curl' \
    | json o.response.upload_url)
  curl_s=$(curl -sf -o "$work/curl.json" -w '%{time_total}' -H 'Expect:' -F "video_file=@$work/big.mp4;type=video/mp4" "$upload_url")
  [ "$(json o.size < "$work/curl.json")" = "$BIG" ] || { echo "curl upload was not taken: $(cat "$work/curl.json")" >&2; exit 1; }
  curl_rx+=("$(newest_upload)")
  one=$(node $helper publish "$base" "$sandbox" "$token" "$big_id" "$big_sha" "${conns[$round]}")
  [ "$(echo "$one" | json o.published)" = 1 ] || { echo "the 500 MB publication did not publish: $one" >&2; exit 1; }
  cc_rx+=("$(newest_upload)")
  curl_all+=("$curl_s"); cc_all+=("$(echo "$one" | json 'o.uploadMs[0] / 1000')")
done
best() { printf '%s\n' "$@" | sort -g | head -1; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
mbs() { node -pe "($BIG / 1048576 / ($1)).toFixed(1)"; }
curl_mbs=$(mbs "$(best "${curl_rx[@]}")"); cc_mbs=$(mbs "$(best "${cc_rx[@]}")")
curl_e2e=$(mbs "$(best "${curl_all[@]}")"); cc_e2e=$(mbs "$(best "${cc_all[@]}")")
curl_med=$(mbs "$(median "${curl_rx[@]}")"); cc_med=$(mbs "$(median "${cc_rx[@]}")")

if [ -n "${ONLY_THROUGHPUT:-}" ]; then   # part 1 alone, for quick A/B runs of the sender
  echo "curl ${curl_rx[*]} s → $curl_mbs MB/s; Clipcast ${cc_rx[*]} s → $cc_mbs MB/s; ratio $(node -pe "($cc_mbs / $curl_mbs).toFixed(2)")"
  exit 0
fi
# 2. the same clip to 10 accounts at once, heap sampled meanwhile
sleep 5
jstat -gc $node_pid 200 > "$work/jstat.txt" & samplers+=($!)
(while sleep 0.2; do awk '/VmRSS/ {print $2}' /proc/$node_pid/status; done) > "$work/rss.txt" 2>/dev/null & samplers+=($!)
ten=$(node $helper publish "$base" "$sandbox" "$token" "$big_id" "$big_sha" "${conns[@]:1:10}")
sleep 0.5
for p in "${samplers[@]}"; do kill "$p" 2>/dev/null || true; done; samplers=()
heap=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  NF > 10 { u = ($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024; if (u > m) m = u; if ($c["OU"] / 1024 > o) o = $c["OU"] / 1024
    if (!y) { y = $c["YGC"]; f = $c["FGC"] }; ly = $c["YGC"]; lf = $c["FGC"] }
  END { printf "%.0f|%.0f|%d young, %d full", m, o, ly - y, lf - f }' "$work/jstat.txt")
rss=$(sort -n "$work/rss.txt" | tail -1)
oom=$(grep -c OutOfMemoryError "$work/node.log" || true)

# 3. publish-now latency of a 5 MB clip
sleep 5
lat=$(node $helper latency "$base" "$sandbox" "$token" "$small_id" $RUNS $PACE_MS "${conns[@]}")

echo
echo "| measure | value |"
echo "|---|---|"
echo "| 500 MB via curl → sandbox upload host (multipart video_file), best of ${ROUNDS:-6}, timed by the receiving server | $curl_mbs MB/s (${curl_rx[*]} s) |"
echo "| 500 MB via Clipcast worker → the same upload host, best of ${ROUNDS:-6}, timed by the receiving server | $cc_mbs MB/s (${cc_rx[*]} s) |"
echo "| upload throughput ratio, best vs best (target ≥ 0.9) | $(node -pe "($cc_mbs / $curl_mbs).toFixed(2)") |"
echo "| upload throughput ratio, median vs median | $(node -pe "($cc_med / $curl_med).toFixed(2)") ($cc_med vs $curl_med MB/s) |"
echo "| end to end, best of ${ROUNDS:-6}: curl time_total vs Clipcast startedAt → publishedAt (video.save + upload + wall.post) | $curl_e2e MB/s (${curl_all[*]} s) vs $cc_e2e MB/s (${cc_all[*]} s): $(node -pe "($cc_e2e / $curl_e2e).toFixed(2)") |"
echo "| 10 × 500 MB at once, -Xmx256m: peak heap used (target ≤ 256 MB) | ${heap%%|*} MB (old gen peak $(echo "$heap" | cut -d'|' -f2) MB; GCs: ${heap##*|}; peak RSS $((rss / 1024)) MB; OutOfMemoryError in log: $oom) |"
echo "| 10 × 500 MB: published / ledger posts with the clip's sha256 | $(echo "$ten" | json 'o.published + "/" + o.n + " (" + o.statuses + ") / " + o.ledgerOk + " of " + o.ledgerPosts') |"
echo "| 10 × 500 MB: most publishing at once; first start → last published | $(echo "$ten" | json 'o.maxPublishing + "; " + (o.spanMs / 1000).toFixed(1) + " s (" + (10 * '$BIG' / 1048576 / (o.spanMs / 1000)).toFixed(0) + " MB/s total)"') |"
echo "| publish now, 5 MB, $RUNS runs: API 201 → ledger p50 / p99 (target p99 ≤ 1 s) | $(echo "$lat" | json 'o.p50 + " ms / " + o.p99 + " ms (max " + o.max + " ms; " + o.ok + " ok, " + o.failed + " failed)"') |"
echo "| of which: createdAt → startedAt (queue) p50 / p99; startedAt → wall.post p50 / p99 | $(echo "$lat" | json 'o.queueP50 + " / " + o.queueP99 + " ms; " + o.attemptP50 + " / " + o.attemptP99 + " ms"') |"
