#!/usr/bin/env node
// Open-loop load: POST /api/v1/publications at a fixed rate (default 500/s for 10 s) on keep-alive connections,
// measuring each request's latency from its scheduled send time (so a slow server cannot hide queueing delay).
// Prints one JSON line: {"rate", "sent", "ok", "errors", "p50", "p99", "max"} in ms; with METRICS_URL (the node's ops
// /metrics) also "serverP50", "serverP99": the node's own histogram of the same requests (server-latency.mjs), and
// "pgWaitMs": the mean wait for a Postgres connection meanwhile.
import http from 'node:http';
import { scrape, percentile, poolWait } from './server-latency.mjs';

const [base, token, body, rate = '500', seconds = '10'] = process.argv.slice(2);
const url = new URL('/api/v1/publications', base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const total = Number(rate) * Number(seconds);
const interval = 1000 / Number(rate);
const latencies = [];
let ok = 0, errors = 0, done = 0;
const series = { route: '/api/v1/publications', method: 'POST', code: 201 };
const metricsUrl = process.env.METRICS_URL;
const before = metricsUrl ? await scrape(metricsUrl, series) : null;
const start = performance.now();

function fire(i) {
  const scheduled = start + i * interval;
  const req = http.request(url, { method: 'POST', agent, headers: {
    'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, res => {
    res.resume();
    res.on('end', () => {
      latencies.push(performance.now() - scheduled);
      if (res.statusCode === 201) ok++; else errors++;
      if (++done === total) finish();
    });
  });
  req.on('error', () => { errors++; if (++done === total) finish(); });
  req.end(body);
}

for (let i = 0; i < total; i++) setTimeout(() => fire(i), Math.max(0, start + i * interval - performance.now()));

async function finish() {
  latencies.sort((a, b) => a - b);
  const pct = p => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  const out = { rate: Number(rate), sent: total, ok, errors, p50: +pct(0.5), p99: +pct(0.99), max: +latencies.at(-1).toFixed(1) };
  if (metricsUrl) {
    const after = await scrape(metricsUrl, series);
    const server = p => { const v = percentile(before, after, p); return v === null ? null : +v.toFixed(1); };
    const wait = poolWait(before, after);
    Object.assign(out, { serverP50: server(0.5), serverP99: server(0.99), pgWaitMs: wait === null ? null : +wait.toFixed(2) });
  }
  console.log(JSON.stringify(out));
  agent.destroy();
}
