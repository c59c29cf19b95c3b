#!/usr/bin/env node
// Open-loop load: POST /api/v1/publications at a fixed rate on keep-alive connections, measuring each request's
// latency from its scheduled send time (so a slow server cannot hide queueing delay).
// Usage: post-at-rate.mjs BASE TOKEN BODY [RATE=500] [SECONDS=10] [RUNS=1] [WARMUP_SECONDS=0]
// One unbroken stream: WARMUP_SECONDS first (one line {"warmup": true} when it ends), then RUNS windows of SECONDS
// each, back to back, so every run measures the steady state rather than a fresh client's start. Prints one JSON line
// per run as it ends: {"rate", "sent", "ok", "errors", "p50", "p99", "max"} in ms; with METRICS_URL (the node's ops
// /metrics) also "serverP50", "serverP99": the node's own histogram of the requests it answered within the window
// (server-latency.mjs, scraped at the window's edges), and "pgWaitMs": the mean wait for a Postgres connection meanwhile.
import http from 'node:http';
import { scrape, percentile, poolWait } from './server-latency.mjs';

const [base, token, body, rate = '500', seconds = '10', runs = '1', warmupSeconds = '0'] = process.argv.slice(2);
const url = new URL('/api/v1/publications', base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const interval = 1000 / Number(rate);
const warmup = Math.round(Number(rate) * Number(warmupSeconds));
const perRun = Math.round(Number(rate) * Number(seconds));
const windows = [...(warmup > 0 ? [{ warmup: true, size: warmup }] : []), ...Array.from({ length: Number(runs) }, () => ({ size: perRun }))];
let first = 0;
for (const w of windows) Object.assign(w, { first, latencies: [], ok: 0, errors: 0, done: 0, edge: null }), first += w.size;
const total = first;
const series = { route: '/api/v1/publications', method: 'POST', code: 201 };
const metricsUrl = process.env.METRICS_URL;
const startEdge = metricsUrl ? await scrape(metricsUrl, series) : null;
const start = performance.now();
let emitted = 0;

function windowOf(i) {
  let k = 0;
  while (i >= windows[k].first + windows[k].size) k++;
  return windows[k];
}

function fire(i) {
  const scheduled = start + i * interval;
  const w = windowOf(i);
  const finish = ok => {
    w.latencies.push(performance.now() - scheduled);
    if (ok) w.ok++; else w.errors++;
    w.done++;
    report();
  };
  const req = http.request(url, { method: 'POST', agent, headers: {
    'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, res => {
    res.resume();
    res.on('end', () => finish(res.statusCode === 201));
  });
  req.on('error', () => finish(false));
  req.end(body);
}

// the server's histogram at each window's end edge (its start edge is the previous window's end)
windows.forEach((w, k) => setTimeout(async () => {
  w.edge = metricsUrl ? await scrape(metricsUrl, series) : {};
  report();
}, Math.max(0, start + (w.first + w.size) * interval - performance.now())));

/** Prints the finished windows in order. */
function report() {
  while (emitted < windows.length && windows[emitted].done === windows[emitted].size && windows[emitted].edge) {
    const w = windows[emitted];
    const before = emitted === 0 ? startEdge : windows[emitted - 1].edge;
    emitted++;
    console.log(JSON.stringify(w.warmup ? { warmup: true } : summary(w, before)));
  }
  if (emitted === windows.length) agent.destroy();
}

function summary(w, before) {
  const latencies = w.latencies.sort((a, b) => a - b);
  const pct = p => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  const out = { rate: Number(rate), sent: w.size, ok: w.ok, errors: w.errors, p50: +pct(0.5), p99: +pct(0.99), max: +latencies.at(-1).toFixed(1) };
  if (metricsUrl) {
    const server = p => { const v = percentile(before, w.edge, p); return v === null ? null : +v.toFixed(1); };
    const wait = poolWait(before, w.edge);
    Object.assign(out, { serverP50: server(0.5), serverP99: server(0.99), pgWaitMs: wait === null ? null : +wait.toFixed(2) });
  }
  return out;
}

// one timer per request, set a second ahead of its send time: tens of thousands of pending timers up front would
// make the client's own timer bookkeeping part of the measurement
let next = 0;
(function plan() {
  const horizon = performance.now() + 1000;
  for (; next < total && start + next * interval < horizon; next++) {
    const i = next;
    setTimeout(() => fire(i), Math.max(0, start + i * interval - performance.now()));
  }
  if (next < total) setTimeout(plan, 500);
})();
