#!/usr/bin/env node
// Redis time per script: INFO commandstats lumps every script into one evalsha row, so run.sh's profile run sets
// slowlog-log-slower-than 0 and this reads the whole SLOWLOG afterwards. Redis logs the commands a script runs
// just before the script's own entry (client "?:0"), so each script call gets its inner commands too.
//   node slowlog.mjs redis://127.0.0.1:6479 <system> <jobs> [<dir of Clipcast's queue/*.lua>]
// Prints a table: per script (named by the sha1 of its source) or command, calls/job, usec/job, usec/call, and the
// commands each call ran. The slowlog's usec is time in the command (no I/O), as INFO commandstats.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import IORedis from 'ioredis';

const [url, system, jobsArg, luaDir] = process.argv.slice(2);
const jobs = Number(jobsArg);
const sha1 = (s) => createHash('sha1').update(s, 'utf8').digest('hex');

// sha1 -> script name, for both systems' scripts
const names = new Map();
const sources = []; // {name, text} as sent, for EVAL entries
const known = (text, name) => { names.set(sha1(text), name); sources.push({ name, text }); };
const bullmq = createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js');
for (const s of Object.values(bullmq)) if (s?.content && s?.name) known(s.content, `bullmq ${s.name}`);
if (luaDir && existsSync(luaDir)) {
  // QueueScripts: each queue/<name>.lua is run as lib.lua + "\n" + <name>.lua
  const lib = existsSync(`${luaDir}/lib.lua`) ? readFileSync(`${luaDir}/lib.lua`, 'utf8') : null;
  for (const f of readdirSync(luaDir).filter(f => f.endsWith('.lua'))) {
    const src = readFileSync(`${luaDir}/${f}`, 'utf8'), name = f.replace(/\.lua$/, '');
    if (lib !== null && f !== 'lib.lua') known(`${lib}\n${src}`, `clipcast ${name}`);
    else known(src, `clipcast ${name}`);
  }
}

// SLOWLOG keeps the first 128 characters of an EVAL's source: name it by that prefix when only one script has it
const PREFIX = 100;
const byPrefix = new Map();
for (const src of sources) {
  const k = src.text.slice(0, PREFIX);
  byPrefix.set(k, byPrefix.has(k) && byPrefix.get(k) !== src.name ? 'one of several scripts with this start' : src.name);
}

const redis = new IORedis(url);
const log = (await redis.call('SLOWLOG', 'GET', '-1')).reverse(); // oldest first
await redis.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
await redis.call('SLOWLOG', 'RESET');
redis.disconnect();

const rows = new Map(); // label -> {calls, usec, inner}
let inner = [];
for (const [, , usec, args, client] of log) {
  const cmd = String(args[0]).toLowerCase();
  if (client === '?:0') { inner.push(cmd); continue; } // run by the script whose entry comes next
  if (['info', 'slowlog', 'config', 'client', 'flushall', 'hello', 'ping'].includes(cmd)) { inner = []; continue; }
  let label = cmd;
  if (cmd === 'evalsha' || cmd === 'evalsha_ro') label = names.get(String(args[1]).toLowerCase()) ?? `evalsha ${String(args[1]).slice(0, 12)}`;
  else if (cmd === 'eval') label = `eval (whole source, after NOSCRIPT): ${byPrefix.get(String(args[1]).slice(0, PREFIX)) ?? 'unnamed'}`;
  else if (cmd === 'fcall' || cmd === 'fcall_ro') label = `fcall ${args[1]}`;
  const r = rows.get(label) ?? { calls: 0, usec: 0, inner: 0, innerCmds: new Map() };
  r.calls++; r.usec += Number(usec); r.inner += inner.length;
  for (const c of inner) r.innerCmds.set(c, (r.innerCmds.get(c) ?? 0) + 1);
  rows.set(label, r);
  inner = [];
}

const fmt = (x) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : Number(x).toFixed(Math.abs(x) >= 10 ? 1 : 2));
const total = [...rows.values()].reduce((n, r) => n + r.usec, 0);
console.log(`\n${system}: Redis time per script or command, from SLOWLOG (every command logged), ${jobs.toLocaleString('en-US')} jobs;`
  + ` ${fmt(total / jobs)} usec/job in commands in all`);
console.log('| script / command | calls/job | usec/job | usec/call | commands per call (most frequent) |\n|---|---|---|---|---|');
for (const [label, r] of [...rows].sort((a, b) => b[1].usec - a[1].usec).slice(0, 15)) {
  const top = [...r.innerCmds].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([c, n]) => `${c} ${fmt(n / r.calls)}`).join(', ');
  console.log(`| ${label} | ${fmt(r.calls / jobs)} | ${fmt(r.usec / jobs)} | ${fmt(r.usec / r.calls)} | ${r.inner ? `${fmt(r.inner / r.calls)}: ${top}` : ''} |`);
}
