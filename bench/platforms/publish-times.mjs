#!/usr/bin/env node
// Helper of bench/platforms/run.sh: against a dev-mode node and its sandbox, connects all nine platforms with dev
// mode's own OAuth apps (conf/dev.json), uploads a 20 MB clip and times "publish now" to each platform alone:
// API 201 → publication `published` (polled every 25 ms), RUNS times each; then all nine from one call.
// Prints one JSON line per platform and one for the nine-at-once run.
import fs from 'node:fs';

const [api, sandbox, token, clipPath, runsArg = '3'] = process.argv.slice(2);
const RUNS = Number(runsArg);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const DONE = new Set(['published', 'failed', 'unknown', 'waiting_reconnect', 'cancelled']);
const OAUTH = ['vk', 'dzen', 'youtube', 'tiktok', 'instagram', 'facebook', 'linkedin'];
const TITLED = new Set(['vk', 'rutube', 'dzen', 'youtube', 'facebook', 'linkedin']);
const BOT = '123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra';
const PROCESSING_MS = 200;

async function call(method, url, auth, body) {
  const headers = {};
  if (auth) headers.authorization = `Bearer ${auth}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: () => JSON.parse(text), text };
}
async function must(method, url, auth, body, want) {
  const r = await call(method, url, auth, body);
  if (r.status !== want) throw new Error(`${method} ${url}: ${r.status} ${r.text}`);
  return r;
}
async function control(path, body) {   // the simulators answer their control calls with 200, 201 or 204
  const r = await call('POST', `${sandbox}${path}`, null, body);
  if (r.status < 200 || r.status > 299) throw new Error(`POST ${path}: ${r.status} ${r.text}`);
}

async function connectOAuth(platform) {
  const started = (await must('POST', `${api}/api/v1/connections/oauth/start`, token, { platform }, 201)).json();
  const back = new URL((await must('GET', started.authorizeUrl, null, undefined, 302)).headers.get('location'));
  const params = {};
  for (const [k, v] of back.searchParams) if (k !== 'code' && k !== 'state') params[k] = v;
  return (await must('POST', `${api}/api/v1/connections/oauth/callback`, token,
    { state: back.searchParams.get('state'), code: back.searchParams.get('code'), params }, 201)).json();
}

async function setUp() {
  for (const p of OAUTH) await control(`/${p}/_sandbox/oauth`, { autoApprove: true });
  // dev mode's apps are pre-registered for its default callback (port 8080); this node answers on its own port
  const clients = JSON.parse(fs.readFileSync(new URL('../../conf/dev.json', import.meta.url))).oauth.clients;
  const redirectUris = [`${api}/oauth/callback`];
  await control('/dzen/_sandbox/clients', { clientId: clients.dzen.clientId, clientSecret: clients.dzen.clientSecret, redirectUris });
  await control('/youtube/_sandbox/clients', { clientId: clients.youtube.clientId, clientSecret: clients.youtube.clientSecret, redirectUris });
  await control('/tiktok/_sandbox/clients', { clientKey: clients.tiktok.clientId, clientSecret: clients.tiktok.clientSecret, redirectUris });
  await control('/vk/_sandbox/api', { processingMs: PROCESSING_MS, requestsPerSecond: 0 });
  await control('/rutube/_sandbox/settings', { processingMs: PROCESSING_MS });
  await control('/youtube/_sandbox/settings', { processingMs: PROCESSING_MS });
  await control('/tiktok/_sandbox/settings', { processingMs: PROCESSING_MS });
  await control('/instagram/_sandbox/api', { processingMs: PROCESSING_MS });
  await control('/facebook/_sandbox/api', { processingMs: PROCESSING_MS });
  await control('/linkedin/_sandbox/settings', { processingMs: PROCESSING_MS });
  await control('/rutube/_sandbox/accounts', { login: 'bench@example.com', password: 'pw', userId: 4343 });
  await control('/telegram/_sandbox/bots', { token: BOT, id: 123456789, username: 'clipcast_bot' });
  await control('/telegram/_sandbox/chats', { id: -1001234567811, title: 'Bench', username: 'bench9', admins: { '123456789': 'administrator' } });
  const conns = {};
  for (const p of OAUTH) {
    const c = await connectOAuth(p);
    conns[p] = c.id;
    if (p === 'dzen') await control('/dzen/_sandbox/feeds', { url: c.feedUrl, intervalMs: 250 });
  }
  conns.rutube = (await must('POST', `${api}/api/v1/connections`, token,
    { platform: 'rutube', credentials: { login: 'bench@example.com', password: 'pw' } }, 201)).json().id;
  conns.telegram = (await must('POST', `${api}/api/v1/connections`, token,
    { platform: 'telegram', credentials: { botToken: BOT, chat: '@bench9' } }, 201)).json().id;
  return conns;
}

const target = (p, id) => ({ connectionId: id, caption: `bench 20 MB ${p}`, ...(TITLED.has(p) ? { title: 'bench 20 MB' } : {}) });

async function publishAndWait(clipId, targets) {
  const t0 = performance.now();
  const items = (await must('POST', `${api}/api/v1/publications`, token, { clipId, targets }, 201)).json().items;
  const accepted = performance.now();
  const done = new Map();
  while (done.size < items.length && performance.now() - t0 < 180_000) {
    for (const it of items) {
      if (done.has(it.id)) continue;
      const p = (await must('GET', `${api}/api/v1/publications/${it.id}`, token, undefined, 200)).json();
      if (DONE.has(p.status)) done.set(it.id, { platform: p.platform, status: p.status, ms: performance.now() - accepted, error: p.lastError?.message });
    }
    await sleep(25);
  }
  return [...done.values()];
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const conns = await setUp();
const upload = await fetch(`${api}/api/v1/clips?fileName=bench20.mp4`, { method: 'POST', duplex: 'half',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'video/mp4', 'content-length': String(fs.statSync(clipPath).size) },
  body: fs.createReadStream(clipPath) });
const clip = await upload.json();
if (clip.status !== 'ready') throw new Error(`clip not ready: ${JSON.stringify(clip)}`);
for (const [p, id] of Object.entries(conns)) {
  const times = [];
  const statuses = new Set();
  let error;
  for (let i = 0; i < RUNS; i++) {
    const [r] = await publishAndWait(clip.id, [target(p, id)]);
    statuses.add(r.status);
    if (r.status === 'published') times.push(r.ms); else error = r.error;
    await sleep(5500);   // the per-account job buckets of conf/platforms (one job per 5 s on some) never make a run wait
  }
  console.log(JSON.stringify({ platform: p, runs: RUNS, statuses: [...statuses], medianMs: times.length ? Math.round(median(times)) : null,
    minMs: times.length ? Math.round(Math.min(...times)) : null, maxMs: times.length ? Math.round(Math.max(...times)) : null, error }));
}
const all = await publishAndWait(clip.id, Object.entries(conns).map(([p, id]) => target(p, id)));
console.log(JSON.stringify({ platform: 'all nine at once', statuses: [...new Set(all.map(r => r.status))],
  lastMs: Math.round(Math.max(...all.map(r => r.ms))), each: Object.fromEntries(all.map(r => [r.platform, Math.round(r.ms)])) }));
