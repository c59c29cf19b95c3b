// The node's own view of a route's latency: the response-time histogram on the ops port's /metrics
// (vertx_http_server_response_time_seconds, buckets enabled by ops.histogramRoutes), read before and after a run;
// percentiles come from the difference, interpolated linearly inside a bucket as Prometheus's histogram_quantile does.
const METRIC = 'vertx_http_server_response_time_seconds_bucket';

const POOL_WAIT = 'vertx_pool_queue_time_seconds';

/** The route's histogram buckets, and the Postgres pool's wait-queue totals (time before a connection is handed out). */
export async function scrape(metricsUrl, { route, method, code }) {
  const text = await (await fetch(metricsUrl)).text();
  const buckets = new Map();
  const pool = { sum: 0, count: 0 };
  for (const line of text.split('\n')) {
    if (!line.startsWith(POOL_WAIT) || !line.includes('pool_name="clipcast-pg"')) continue;
    const value = Number(line.slice(line.lastIndexOf('}') + 1).trim());
    if (line.startsWith(POOL_WAIT + '_sum{')) pool.sum = value;
    if (line.startsWith(POOL_WAIT + '_count{')) pool.count = value;
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith(METRIC + '{')) continue;
    const close = line.lastIndexOf('}');
    const labels = Object.fromEntries([...line.slice(METRIC.length + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(m => [m[1], m[2]]));
    if (labels.route !== route || labels.method !== method || labels.code !== String(code)) continue;
    const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(line.slice(close + 1).trim()));
  }
  return { buckets, pool };
}

/** Mean wait for a Postgres connection between two scrapes, in ms. */
export function poolWait(before, after) {
  const n = after.pool.count - before.pool.count;
  return n > 0 ? (after.pool.sum - before.pool.sum) / n * 1000 : null;
}

/** p in 0..1 of the requests between two scrapes, in ms; null when the histogram is missing or empty. */
export function percentile(before, after, p) {
  [before, after] = [before.buckets, after.buckets];
  const les = [...after.keys()].sort((a, b) => a - b);
  const counts = les.map(le => after.get(le) - (before.get(le) ?? 0));
  const total = counts.at(-1);
  if (!les.length || !total) return null;
  const rank = p * total;
  for (let i = 0; i < les.length; i++) {
    if (counts[i] < rank) continue;
    if (les[i] === Infinity) return les[i - 1] * 1000;
    const lower = i === 0 ? 0 : les[i - 1], below = i === 0 ? 0 : counts[i - 1];
    return (lower + (les[i] - lower) * (rank - below) / Math.max(1, counts[i] - below)) * 1000;
  }
  return null;
}
