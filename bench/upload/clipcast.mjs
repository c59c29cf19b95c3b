#!/usr/bin/env node
// Helper of bench/upload/run.sh, talking to a dev-mode node (API) and its sandbox over HTTP. Subcommands:
//   mkclip OUT BYTES [FROM]     a valid MP4 of BYTES bytes: the repo's faststart fixture (real H.264/AAC) followed by
//                               a 64-bit 'free' box of zeros (sparse), so every box parses and the media still plays
//   connect API SANDBOX TOKEN N connects N VK accounts through VK ID (sandbox auto-approve); prints the connection ids
//   publish API SANDBOX TOKEN CLIP SHA256 CONN…
//                               publishes the clip now to every connection at once, polls until each is done; prints
//                               {n, published, ledgerOk, maxPublishing, uploadMs: [startedAt→publishedAt…], spanMs}
//   latency API SANDBOX TOKEN CLIP RUNS PACE_MS CONN…
//                               RUNS publish-now requests, one every PACE_MS (round robin over CONN), each timed from
//                               the API's 201 to the sandbox ledger showing the post; prints percentiles in ms
import fs from 'node:fs';

const [cmd, ...args] = process.argv.slice(2);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const DONE = new Set(['published', 'failed', 'unknown', 'waiting_reconnect', 'cancelled']);

async function call(method, url, token, body) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: () => JSON.parse(text), text };
}

async function must(method, url, token, body, want) {
  const r = await call(method, url, token, body);
  if (r.status !== want) throw new Error(`${method} ${url}: ${r.status} ${r.text}`);
  return r;
}

const ledger = async sandbox => (await must('GET', `${sandbox}/_sandbox/posts?platform=vk`, null, undefined, 200)).json().items;

function pct(sorted, p) {   // nearest rank
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

async function mkclip(out, bytes, from) {
  const fixture = from ? fs.readFileSync(from)
    : fs.readFileSync(new URL('../../common/src/test/resources/media/portrait_h264_aac_faststart.mp4', import.meta.url));
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);                       // size 1 = a 64-bit size follows the type
  header.write('free', 4, 'ascii');
  header.writeBigUInt64BE(BigInt(Number(bytes) - fixture.length), 8);
  fs.writeFileSync(out, Buffer.concat([fixture, header]));
  fs.truncateSync(out, Number(bytes));              // the box's zeros, as a sparse tail
}

async function connect(api, sandbox, token, n) {
  const ids = [];
  for (let i = 0; i < Number(n); i++) {
    const vkId = 7_000_001 + i;
    await must('POST', `${sandbox}/vk/_sandbox/oauth`, null, { autoApprove: true, user: { id: vkId, firstName: 'Bench', lastName: `N${i}` } }, 200);
    const started = (await must('POST', `${api}/api/v1/connections/oauth/start`, token, { platform: 'vk' }, 201)).json();
    const back = new URL((await must('GET', started.authorizeUrl, null, undefined, 302)).headers.get('location'));
    const q = back.searchParams;
    const done = await must('POST', `${api}/api/v1/connections/oauth/callback`, token,
      { state: q.get('state'), code: q.get('code'), params: { device_id: q.get('device_id') } }, 201);
    ids.push(done.json().id);
  }
  console.log(ids.join(' '));
}

async function publish(api, sandbox, token, clip, sha256, ...conns) {
  const targets = conns.map((c, i) => ({ connectionId: c, caption: `bench ${i}`, title: 'bench 500 MB' }));
  const items = (await must('POST', `${api}/api/v1/publications`, token, { clipId: clip, targets }, 201)).json().items;
  const ids = items.map(p => p.id);
  const last = new Map();
  let maxPublishing = 0;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const now = await Promise.all(ids.map(id => must('GET', `${api}/api/v1/publications/${id}`, token, undefined, 200).then(r => r.json())));
    now.forEach(p => last.set(p.id, p));
    maxPublishing = Math.max(maxPublishing, now.filter(p => p.status === 'publishing').length);
    if (now.every(p => DONE.has(p.status))) break;
    await sleep(200);
  }
  const pubs = ids.map(id => last.get(id));
  const posts = (await ledger(sandbox)).filter(p => ids.includes(p.extra?.guid));
  const t = s => Date.parse(s);
  const ok = pubs.filter(p => p.status === 'published');
  console.log(JSON.stringify({
    n: ids.length, published: ok.length, statuses: [...new Set(pubs.map(p => p.status))].join(','),
    errors: [...new Set(pubs.filter(p => p.lastError).map(p => p.lastError.message))],
    ledgerPosts: posts.length, ledgerOk: new Set(posts.filter(p => p.sha256 === sha256).map(p => p.extra.guid)).size,
    maxPublishing,
    uploadMs: ok.map(p => t(p.publishedAt) - t(p.startedAt)),
    spanMs: ok.length ? Math.max(...ok.map(p => t(p.publishedAt))) - Math.min(...ok.map(p => t(p.startedAt))) : null,
  }));
}

async function latency(api, sandbox, token, clip, runs, paceMs, ...conns) {
  const results = [];
  const start = performance.now();
  let failed = 0;
  for (let i = 0; i < Number(runs); i++) {
    const due = start + i * Number(paceMs);
    if (performance.now() < due) await sleep(due - performance.now());
    const r = await call('POST', `${api}/api/v1/publications`, token,
      { clipId: clip, targets: [{ connectionId: conns[i % conns.length], caption: `run ${i}`, title: 'bench 5 MB' }] });
    const accepted = performance.now();
    if (r.status !== 201) { failed++; continue; }
    const id = r.json().items[0].id;
    let seen = null;
    while (performance.now() - accepted < 30_000) {
      const posts = await ledger(sandbox);
      if (posts.some(p => p.extra?.guid === id)) { seen = performance.now(); break; }
      await sleep(5);
    }
    if (seen === null) { failed++; continue; }
    results.push({ id, ms: seen - accepted, at: Date.now() });
  }
  // where the time went, from the publication's own timestamps (Postgres clock = this machine's)
  const queue = [], attempt = [];
  const byGuid = new Map((await ledger(sandbox)).map(p => [p.extra?.guid, p]));
  for (const { id } of results) {
    const p = (await must('GET', `${api}/api/v1/publications/${id}`, token, undefined, 200)).json();
    queue.push(Date.parse(p.startedAt) - Date.parse(p.createdAt));
    attempt.push(Date.parse(byGuid.get(id).at) - Date.parse(p.startedAt));
  }
  const sorted = a => [...a].sort((x, y) => x - y);
  const ms = sorted(results.map(r => r.ms));
  const f = x => x === undefined ? null : +x.toFixed(1);
  console.log(JSON.stringify({
    runs: Number(runs), ok: ms.length, failed, p50: f(pct(ms, 0.5)), p99: f(pct(ms, 0.99)), max: f(ms.at(-1)),
    queueP50: pct(sorted(queue), 0.5), queueP99: pct(sorted(queue), 0.99), attemptP50: pct(sorted(attempt), 0.5), attemptP99: pct(sorted(attempt), 0.99),
  }));
}

const commands = { mkclip, connect, publish, latency };
if (!commands[cmd]) {
  console.error('usage: clipcast.mjs mkclip|connect|publish|latency …');
  process.exit(2);
}
commands[cmd](...args).catch(e => { console.error(e.stack || String(e)); process.exit(1); });
