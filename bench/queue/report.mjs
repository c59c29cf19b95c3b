#!/usr/bin/env node
// Prints the queue benchmark table from the JSON lines run.sh collected (median of rounds per system).
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').map(l => JSON.parse(l));
const by = {};
for (const r of rows) (by[r.system.replace(/\+.*/, '+pending')] ??= []).push(r);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pick = (sys) => by[sys] && {
  tput: median(by[sys].map(r => r.throughputPerSec)),
  p50: median(by[sys].map(r => r.latenessMs.p50)),
  p99: median(by[sys].map(r => r.latenessMs.p99)),
  max: median(by[sys].map(r => r.latenessMs.max)),
  n: by[sys].length,
  extra: by[sys][0].redisBytesPerPendingJob,
};
const fmt = (x) => (x === undefined ? '' : Number(x).toFixed(x >= 100 ? 0 : 1));
console.log('\n| run | runs | throughput jobs/s | lateness p50 ms | p99 ms | max ms | Redis bytes/pending job |');
console.log('|---|---|---|---|---|---|---|');
for (const sys of ['bullmq', 'clipcast', 'bullmq-burst', 'clipcast-burst', 'clipcast+pending']) {
  const p = pick(sys);
  if (p) console.log(`| ${sys} | ${p.n} | ${fmt(p.tput)} | ${fmt(p.p50)} | ${fmt(p.p99)} | ${fmt(p.max)} | ${fmt(p.extra)} |`);
}
for (const [a, b] of [['clipcast', 'bullmq'], ['clipcast-burst', 'bullmq-burst']]) {
  const x = pick(a), y = pick(b);
  if (x && y) {
    console.log(`\n${a} / ${b}: throughput ×${(x.tput / y.tput).toFixed(2)}, p99 lateness ×${(x.p99 / y.p99).toFixed(2)}`
      + ` (lower is better), p50 ×${(x.p50 / Math.max(1, y.p50)).toFixed(2)}`);
  }
}
