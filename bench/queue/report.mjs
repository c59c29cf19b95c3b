#!/usr/bin/env node
// The queue benchmark's table (bench/queue/README.md explains every figure).
//   node report.mjs results.jsonl   the table of all runs: median (min–max) per scenario and system, the ratios
//                                   of the medians, issue 15's targets met/missed, INFO commandstats per job
//   node report.mjs --brief         one run's JSON line on stdin -> one summary line on stdout (run.sh)
import { readFileSync } from 'node:fs';
import { runCost } from './redis-info.mjs';

const SYSTEMS = ['bullmq', 'clipcast'];
const SCENARIOS = ['spread', 'burst', 'pending'];

/** The figures of one run, flat. */
function figures(r) {
  const c = runCost(r);
  return {
    system: r.system, scenario: r.scenario, jobs: r.jobs, pending: r.pending, completed: r.completed,
    addedLate: !!r.addedLate, tput: r.throughputPerSec, p50: r.latenessMs?.p50, p99: r.latenessMs?.p99,
    cpu: c?.cpuUsPerJob, addCpu: c?.addCpuUsPerJob, drainCpu: c?.drainCpuUsPerJob, sysCpu: c?.sysCpuUsPerJob, cmds: c?.commandsPerJob,
    scripts: c?.scriptsPerJob, bytes: c?.bytesPerPendingJob, cmd: c?.cmd ?? {},
  };
}

const fmt = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–'
  : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : Number(x).toFixed(Math.abs(x) >= 10 ? 1 : 2));

if (process.argv[2] === '--brief') {
  const f = figures(JSON.parse(readFileSync(0, 'utf8')));
  const warn = (f.completed < f.jobs ? ` INCOMPLETE ${f.completed}/${f.jobs}` : '') + (f.addedLate ? ' ADDED-LATE' : '');
  console.log(`${f.system} ${f.scenario}: ${fmt(f.tput)} jobs/s, lateness p50 ${fmt(f.p50)} p99 ${fmt(f.p99)} ms, `
    + `Redis ${fmt(f.cpu)} µs/job (add ${fmt(f.addCpu)} + drain ${fmt(f.drainCpu)}; kernel ${fmt(f.sysCpu)}), ${fmt(f.cmds)} commands/job`
    + (f.bytes !== null && f.bytes !== undefined ? `, ${fmt(f.bytes)} B/pending job` : '') + warn);
  process.exit(0);
}

const runs = readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map(l => figures(JSON.parse(l)));
// A run that did not drain every job has no drain rate, and one that was still adding when its jobs fell due
// measured its adding, not its draining (raise LEAD_MS): both are listed, not counted.
const counted = runs.filter(f => f.completed === f.jobs && !f.addedLate);
for (const f of runs) {
  if (f.completed !== f.jobs) console.log(`NOT COUNTED: ${f.system} ${f.scenario} completed ${f.completed}/${f.jobs}`);
  else if (f.addedLate) console.log(`NOT COUNTED: ${f.system} ${f.scenario}: adding took longer than LEAD_MS, the jobs were due before they were added`);
}
const group = (sys, sc) => counted.filter(f => f.system === sys && f.scenario === sc);
const median = (xs) => {
  const s = xs.filter(x => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stat = (fs, k) => {
  const xs = fs.map(f => f[k]).filter(x => x !== null && x !== undefined);
  return xs.length ? { med: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : null;
};
const cell = (s) => (!s ? '–' : s.min === s.max ? fmt(s.med) : `${fmt(s.med)} (${fmt(s.min)}–${fmt(s.max)})`);

const COLS = [['tput', 'drain jobs/s'], ['p50', 'lateness p50 ms'], ['p99', 'p99 ms'], ['cpu', 'Redis CPU µs/job'],
  ['cmds', 'commands/job'], ['scripts', 'scripts/job'], ['bytes', 'Redis B/pending job']];
console.log('\nMedian (min–max) of the rounds; ratio = Clipcast median / BullMQ median.\n');
console.log(`| scenario | system | runs | ${COLS.map(c => c[1]).join(' | ')} |`);
console.log(`|---|---|---|${COLS.map(() => '---').join('|')}|`);
const med = {};
for (const sc of SCENARIOS) {
  for (const sys of SYSTEMS) {
    const fs = group(sys, sc);
    const all = runs.filter(f => f.system === sys && f.scenario === sc);
    if (!fs.length) {
      if (all.length) console.log(`| ${sc} | ${sys} | 0 of ${all.length} counted | ${COLS.map(() => '–').join(' | ')} |`);
      continue;
    }
    med[`${sys}/${sc}`] = Object.fromEntries(COLS.map(([k]) => [k, stat(fs, k)?.med ?? null]));
    const label = sc === 'pending' ? `${fs[0].jobs.toLocaleString('en-US')} due, ${fs[0].pending.toLocaleString('en-US')} pending`
      : `${sc}: ${fs[0].jobs.toLocaleString('en-US')} jobs`;
    console.log(`| ${label} | ${sys} | ${fs.length} | ${COLS.map(([k]) => cell(stat(fs, k))).join(' | ')} |`);
  }
  const a = med[`clipcast/${sc}`], b = med[`bullmq/${sc}`];
  if (a && b) {
    const ratio = (k) => (a[k] === null || b[k] === null || !b[k] ? '–' : `×${(a[k] / b[k]).toFixed(2)}`);
    console.log(`| ${sc} | ratio | | ${COLS.map(([k]) => ratio(k)).join(' | ')} |`);
  }
}

// issue 15's targets: median of the rounds, the same run, the same Redis
const m = (sys, sc, k) => med[`${sys}/${sc}`]?.[k] ?? null;
const ratioOf = (sc, k) => (m('clipcast', sc, k) !== null && m('bullmq', sc, k) ? m('clipcast', sc, k) / m('bullmq', sc, k) : null);
const pendingN = group('clipcast', 'pending')[0]?.pending;
const targets = [
  ['burst drain ≥ 2.0× BullMQ', ratioOf('burst', 'tput'), (x) => x >= 2.0, (x) => `×${x.toFixed(2)}`],
  ...SCENARIOS.map(sc => [`Redis CPU/job ≤ 0.5× BullMQ (${sc})`, ratioOf(sc, 'cpu'), (x) => x <= 0.5, (x) => `×${x.toFixed(2)}`]),
  [`Redis memory ≤ 200 B/pending job (BullMQ: ${fmt(m('bullmq', 'pending', 'bytes'))} B)`, m('clipcast', 'pending', 'bytes'),
    (x) => x <= 200, (x) => `${fmt(x)} B`],
  [`p99 lateness ≤ 20 ms, spread (BullMQ: ${fmt(m('bullmq', 'spread', 'p99'))} ms)`, m('clipcast', 'spread', 'p99'),
    (x) => x <= 20, (x) => `${fmt(x)} ms`],
  [`p99 lateness ≤ 20 ms with ${pendingN ? pendingN.toLocaleString('en-US') : '1,000,000'} pending (BullMQ: ${fmt(m('bullmq', 'pending', 'p99'))} ms)`,
    m('clipcast', 'pending', 'p99'), (x) => x <= 20, (x) => `${fmt(x)} ms`],
];
console.log('\n| target (issue 15) | Clipcast | |\n|---|---|---|');
for (const [name, x, ok, show] of targets) {
  console.log(`| ${name} | ${x === null ? 'not measured' : show(x)} | ${x === null ? '' : ok(x) ? 'met' : 'MISSED'} |`);
}

// Where the Redis work goes: INFO commandstats over the measured windows of all rounds, per job.
// A script's usec includes the commands it runs; those commands also have rows of their own.
console.log('\nINFO commandstats per job (sum of the rounds; evalsha/eval = the scripts, their inner commands are counted in their own rows as well)');
for (const sc of SCENARIOS) {
  for (const sys of SYSTEMS) {
    const fs = group(sys, sc);
    if (!fs.length) continue;
    const jobs = fs.reduce((n, f) => n + f.jobs, 0);
    const total = {};
    for (const f of fs) {
      for (const [k, v] of Object.entries(f.cmd)) {
        const t = (total[k] ??= { calls: 0, usec: 0 });
        t.calls += v.calls; t.usec += v.usec;
      }
    }
    const rows = Object.entries(total).sort((x, y) => y[1].usec - x[1].usec).slice(0, 12);
    console.log(`\n${sys} ${sc}: Redis CPU ${fmt(stat(fs, 'cpu').med)} µs/job = add ${fmt(stat(fs, 'addCpu').med)} + drain ${fmt(stat(fs, 'drainCpu').med)},`
      + ` of which kernel (used_cpu_sys, mostly network I/O) ${fmt(stat(fs, 'sysCpu').med)} (medians)`);
    console.log('| command | calls/job | usec/job | usec/call |\n|---|---|---|---|');
    for (const [k, v] of rows) console.log(`| ${k} | ${fmt(v.calls / jobs)} | ${fmt(v.usec / jobs)} | ${fmt(v.usec / v.calls)} |`);
  }
}
