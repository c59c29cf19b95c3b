// Reads the `INFO all` snapshots each bench client takes (raw text in its JSON line, under redisInfo) and turns
// two of them into the Redis cost of a window: CPU, commands, memory, and INFO commandstats per command.
// Both clients store raw text so that this is the one place that parses INFO.

/** `INFO all` text → { fields: {name: string}, cmd: {command: {calls, usec}} }. */
export function parseInfo(text) {
  const fields = {}, cmd = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i < 0 || line.startsWith('#')) continue;
    const k = line.slice(0, i), v = line.slice(i + 1);
    if (k.startsWith('cmdstat_')) {
      const kv = Object.fromEntries(v.split(',').map(p => p.split('=')));
      cmd[k.slice('cmdstat_'.length)] = { calls: Number(kv.calls), usec: Number(kv.usec) };
    } else {
      fields[k] = v;
    }
  }
  return { fields, cmd };
}

const cpuSeconds = (s) => Number(s.fields.used_cpu_user) + Number(s.fields.used_cpu_sys);
const num = (s, k) => Number(s.fields[k]);

// Commands that are the bench's own measuring, not the queue's work.
const OWN = new Set(['info', 'flushall', 'config', 'slowlog', 'client', 'hello', 'select', 'ping']);

/**
 * The cost between snapshot a and snapshot b (raw texts), per job:
 * cpuUs = Δ(used_cpu_user + used_cpu_sys) in µs, commands = Δ total_commands_processed (this counts the commands
 * a script runs as well as the script call itself), scripts = Δ calls of eval/evalsha/fcall, and per command
 * Δcalls and Δusec (the usec of a script call includes the commands it runs).
 */
export function cost(aText, bText, jobs) {
  const a = parseInfo(aText), b = parseInfo(bText);
  const cmd = {};
  for (const [name, v] of Object.entries(b.cmd)) {
    if (OWN.has(name)) continue;
    const before = a.cmd[name] ?? { calls: 0, usec: 0 };
    const calls = v.calls - before.calls, usec = v.usec - before.usec;
    if (calls > 0) cmd[name] = { calls, usec };
  }
  const own = [...OWN].reduce((n, c) => n + ((b.cmd[c]?.calls ?? 0) - (a.cmd[c]?.calls ?? 0)), 0);
  const scripts = ['eval', 'evalsha', 'fcall', 'eval_ro', 'evalsha_ro', 'fcall_ro']
    .reduce((n, c) => n + (cmd[c]?.calls ?? 0), 0);
  return {
    cpuSeconds: cpuSeconds(b) - cpuSeconds(a),
    sysUsPerJob: ((Number(b.fields.used_cpu_sys) - Number(a.fields.used_cpu_sys)) * 1e6) / jobs,
    cpuUsPerJob: ((cpuSeconds(b) - cpuSeconds(a)) * 1e6) / jobs,
    commandsPerJob: (num(b, 'total_commands_processed') - num(a, 'total_commands_processed') - own) / jobs,
    scriptsPerJob: scripts / jobs,
    cmd,
  };
}

/** Redis memory the backlog took, per pending job (used_memory delta). */
export function bytesPerPending(beforeText, backlogText, pending) {
  return (num(parseInfo(backlogText), 'used_memory') - num(parseInfo(beforeText), 'used_memory')) / pending;
}

/**
 * The figures of one run from its JSON line: the measured window is the add (before|backlog → added) plus the
 * drain (due → drained); the idle wait between the last add and the first due time is left out, for both systems.
 */
export function runCost(r) {
  const s = r.redisInfo;
  if (!s) return null;
  const start = s.backlog ?? s.before;
  const add = cost(start, s.added, r.jobs), drain = cost(s.due, s.drained, r.jobs);
  const cmd = {};
  for (const part of [add.cmd, drain.cmd]) {
    for (const [k, v] of Object.entries(part)) {
      const c = (cmd[k] ??= { calls: 0, usec: 0 });
      c.calls += v.calls; c.usec += v.usec;
    }
  }
  return {
    cpuUsPerJob: add.cpuUsPerJob + drain.cpuUsPerJob,
    addCpuUsPerJob: add.cpuUsPerJob,
    drainCpuUsPerJob: drain.cpuUsPerJob,
    sysCpuUsPerJob: add.sysUsPerJob + drain.sysUsPerJob, // the kernel's part: mostly socket reads and writes
    commandsPerJob: add.commandsPerJob + drain.commandsPerJob,
    scriptsPerJob: add.scriptsPerJob + drain.scriptsPerJob,
    bytesPerPendingJob: s.backlog && r.pending ? bytesPerPending(s.before, s.backlog, r.pending) : null,
    cmd,
  };
}
