#!/usr/bin/env node
// BullMQ side of the Clipcast queue benchmark: N no-op delayed jobs, due times
// spread evenly over spread-ms; measures throughput and lateness (ack - due).
// Usage: node bullmq-bench.mjs --redis redis://127.0.0.1:6399 [--jobs 100000]
//   [--spread-ms 10000] [--concurrency 50] [--lead-ms 12000] [--prefix bench-bullmq-xyz]
//   [--pending 1000000] [--scenario spread]
// --pending N first writes N far-future jobs (a backlog of scheduled posts) and measures the run with them there.
// The JSON line carries raw `INFO all` snapshots (redisInfo: before, backlog, added, due, drained) that
// redis-info.mjs turns into Redis CPU, commands and memory per job.
// Every option can also come from env: BENCH_REDIS, BENCH_JOBS, BENCH_SPREAD_MS, ...
// stdout gets exactly one JSON line; everything else goes to stderr.
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { randomBytes, createHash } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';

const BULLMQ_VERSION = createRequire(import.meta.url)('bullmq/package.json').version;
const env = (k, d) => process.env[`BENCH_${k.toUpperCase().replace(/-/g, '_')}`] ?? d;
const { values: a } = parseArgs({
  options: Object.fromEntries(
    ['redis', 'jobs', 'spread-ms', 'concurrency', 'lead-ms', 'prefix', 'pending', 'scenario'].map(k => [k, { type: 'string' }])),
});
const opt = k => a[k] ?? env(k);
const redisUrl = opt('redis');
if (!redisUrl) { console.error('--redis redis://host:port is required'); process.exit(2); }
const JOBS = Number(opt('jobs') ?? 100000);
const SPREAD = Number(opt('spread-ms') ?? 10000);
const CONCURRENCY = Number(opt('concurrency') ?? 50);
const LEAD = Number(opt('lead-ms') ?? 12000); // 100k adds took 4-7.7 s here (13-25k jobs/s)
const PREFIX = opt('prefix') ?? `bench-bullmq-${randomBytes(4).toString('hex')}`;
const PENDING = Number(opt('pending') ?? 0);
const SCENARIO = opt('scenario') ?? (PENDING ? 'pending' : SPREAD ? 'spread' : 'burst');
const BATCH = 1000;
// A stable UUID-shaped id from a name (the Java bench uses UUID.nameUUIDFromBytes for the same purpose).
const uuidOf = (name) => {
  const h = createHash('md5').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-3${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const PLATFORMS = ['vk', 'rutube', 'dzen', 'telegram', 'youtube', 'tiktok', 'instagram', 'facebook', 'linkedin'];
const log = (...m) => console.error(`[bullmq-bench ${new Date().toISOString()}]`, ...m);

// Separate connections: the worker's one is used for blocking waits, which
// BullMQ only allows with maxRetriesPerRequest: null.
const queueConn = new IORedis(redisUrl);
const workerConn = new IORedis(redisUrl, { maxRetriesPerRequest: null });
const NAME = 'noop';
const queue = new Queue(NAME, {
  connection: queueConn, prefix: PREFIX,
  // Drop finished jobs straight away so Redis memory stays flat.
  defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
});

const lateness = new Float64Array(JOBS);
let completed = 0, failed = 0, lastAck = 0, T0 = 0;
let finish;
const allDone = new Promise(r => { finish = r; });

// Worker starts before any job is added so it is already waiting at T0.
const worker = new Worker(NAME, async () => {}, {
  connection: workerConn, prefix: PREFIX, concurrency: CONCURRENCY,
  removeOnComplete: { count: 0 }, removeOnFail: { count: 0 },
});
// 'completed' fires after the job was moved to completed in Redis (= acked).
worker.on('completed', job => {
  const ackTime = Date.now();
  if (completed < JOBS) lateness[completed] = ackTime - job.data.due;
  lastAck = ackTime;
  if (++completed === JOBS) finish();
});
worker.on('failed', (job, err) => { failed++; log('job failed', job?.id, err?.message); });
worker.on('error', err => log('worker error', err.message));
await worker.waitUntilReady();
await queue.waitUntilReady();
const info = {};
const snapshot = async (name) => { info[name] = await queueConn.info('all'); };
await snapshot('before');

if (PENDING) {
  // Far-future jobs that just sit there. Ids are UUIDs and data names the platform and account, as Clipcast's
  // queue holds them (job id, platform, user, account), so bytes per pending job compare like for like.
  const fillStart = Date.now();
  const far = Date.now() + 86_400_000;
  const inflight = [];
  for (let start = 0; start < PENDING; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(start + BATCH, PENDING); i++) {
      batch.push({ name: 'noop', data: { due: far + i, platform: PLATFORMS[i % 9], user: uuidOf(`user${i % 5000}`),
        account: uuidOf(`connection${i % 5000}`) }, opts: { delay: far + i - Date.now(), jobId: uuidOf(`pending${i}`) } });
    }
    inflight.push(queue.addBulk(batch));
    if (inflight.length === 16) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  log(`backlog of ${PENDING} jobs written in ${Date.now() - fillStart} ms`);
  await snapshot('backlog');
}

// Deterministic schedule: job i is due at T0 + floor(i * spread / jobs).
T0 = Date.now() + LEAD;
const addStart = Date.now();
for (let start = 0; start < JOBS; start += BATCH) {
  const batch = [];
  for (let i = start; i < Math.min(start + BATCH, JOBS); i++) {
    const due = T0 + Math.floor(i * SPREAD / JOBS);
    // delay is relative to "now", so compute it per job at add time.
    // the same ids as Clipcast's measured jobs carry (publication, user, connection: UUIDs), so the work compares like for like
    batch.push({ name: 'noop', data: { due, platform: PLATFORMS[i % 9], user: uuidOf(`user${i % 1000}`), account: uuidOf(`connection${i % 1000}`) },
      opts: { delay: Math.max(0, due - Date.now()), jobId: uuidOf(`job${i}`) } });
  }
  await queue.addBulk(batch);
}
const addMs = Date.now() - addStart;
await snapshot('added');
log(`added ${JOBS} jobs in ${addMs} ms (${Math.round(JOBS / (addMs / 1000))} jobs/s), lead ${LEAD} ms`);
if (Date.now() > T0) log(`WARNING: adding took longer than lead-ms (${LEAD}); first jobs were late before being added - RUN INVALID`);

// The idle wait until the first due time is left out of the measured Redis cost (see redis-info.mjs); the
// snapshot is taken 100 ms early so that none of the drain's work falls before it.
await new Promise(r => setTimeout(r, Math.max(0, T0 - 100 - Date.now())));
await snapshot('due');

// Progress on stderr once a second; give up at T0 + spread + 120 s.
const progress = setInterval(() => log(`completed ${completed}/${JOBS}`), 1000);
const timeoutMs = Math.max(0, T0 + SPREAD + 120000 - Date.now());
let timer;
const timedOut = await Promise.race([
  allDone.then(() => false),
  new Promise(r => { timer = setTimeout(() => r(true), timeoutMs); }),
]);
clearTimeout(timer);
clearInterval(progress);
await snapshot('drained');
const n = Math.min(completed, JOBS);
if (timedOut) log(`TIMEOUT: only ${n}/${JOBS} jobs completed`);

// Nearest-rank percentiles over the completed jobs.
const sorted = lateness.subarray(0, n).sort();
const pct = p => (n ? sorted[Math.max(0, Math.ceil(p * n) - 1)] : null);
const elapsedS = (lastAck - T0) / 1000;
const result = {
  system: 'bullmq', scenario: SCENARIO, version: BULLMQ_VERSION, pending: PENDING, jobs: JOBS, completed: n, failed, concurrency: CONCURRENCY,
  throughputPerSec: n && elapsedS > 0 ? Math.round((n / elapsedS) * 10) / 10 : 0,
  latenessMs: { p50: pct(0.5), p99: pct(0.99), max: n ? sorted[n - 1] : null },
  addMs, spreadMs: SPREAD, leadMs: LEAD, addedLate: addStart + addMs > T0,
  redisInfo: info,
};
process.stdout.write(JSON.stringify(result) + '\n');

// Leave Redis clean: stop the worker, wipe every key of the queue, hang up.
await worker.close(true);
// A backlog is left to the caller's FLUSHALL (run.sh): obliterating a million jobs takes longer than the run.
if (!PENDING) await queue.obliterate({ force: true });
await queue.close();
await Promise.all([queueConn.quit(), workerConn.quit()]);
process.exit(0);
