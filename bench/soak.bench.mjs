// Soak: a steady mixed load at 4x the expected peak of a city portal for SOAK_SECONDS (default 600),
// against the same server idling (the baseline, measured first in this run). Reports throughput,
// latency p50/p99, errors, memory (RSS, heap) at start/end/max and event-loop lag p99.
//
// Expected peak (docs/deployment.md): a city of ~200,000 residents; the busiest hour after a storm
// sees ~2,000 reports, ~10,000 sign-ins and ~50,000 list/detail views: ~17 requests/s. 4x = ~70/s,
// mixed as 70% public list and detail views, 15% sign-in, 10% report creation, 5% tracking.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fmt, startStack } from './lib/stack.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 70);
const stack = await startStack({ OUTBOX_RATE_PER_MINUTE: '6000' });
const { app, url } = stack;
const PASSWORD = 'korektnyKon-Bateria7';
const users = [];
for (let i = 0; i < 20; i++) {
  await app.accounts.createActiveUser({ email: `soak${i}@example.org`, password: PASSWORD, role: 'resident' });
  users.push(`soak${i}@example.org`);
}
const json = (method, path, body, token) =>
  fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
const tokens = [];
for (const email of users.slice(0, 5)) tokens.push((await (await json('POST', '/api/v1/auth/login', { email, password: PASSWORD })).json()).accessToken);
const codes = [];
const ids = [];
for (let i = 0; i < 20; i++) {
  const r = await (
    await json(
      'POST',
      '/api/v1/reports',
      { categoryId: 'pothole', description: `Seed report ${i}`, location: { lat: 50.32 + i / 1000, lng: 19.03 } },
      tokens[i % tokens.length],
    )
  ).json();
  ids.push(r.id);
  codes.push(r.trackingCode);
}

const lag = monitorEventLoopDelay({ resolution: 10 });
const memory = () => process.memoryUsage();
function sample(ms) {
  return new Promise((resolve) => {
    lag.reset();
    lag.enable();
    const start = memory();
    let max = start.rss;
    const timer = setInterval(() => (max = Math.max(max, memory().rss)), 1000);
    setTimeout(() => {
      clearInterval(timer);
      lag.disable();
      resolve({ start, end: memory(), maxRss: max, lagP99: lag.percentile(99) / 1e6 });
    }, ms);
  });
}

// baseline: the same process idling for 10 s
const idle = await sample(10_000);

let n = 0;
const latencies = [];
let errors = 0;
const pick = (a) => a[Math.floor(Math.random() * a.length)];
async function one() {
  const i = n++;
  const roll = i % 20;
  const t = performance.now();
  let res;
  if (roll < 14) res = await fetch(roll % 2 ? `${url}/api/v1/reports?page=${1 + (i % 3)}` : `${url}/api/v1/reports/${pick(ids)}`);
  else if (roll < 17) res = await json('POST', '/api/v1/auth/login', { email: pick(users), password: PASSWORD });
  else if (roll < 19)
    res = await json(
      'POST',
      '/api/v1/reports',
      { categoryId: 'litter', description: `Soak ${i}`, location: { lat: 50.3 + Math.random() / 10, lng: 19 + Math.random() / 10 } },
      pick(tokens),
    );
  else res = await fetch(`${url}/api/v1/reports/track/${encodeURIComponent(pick(codes))}`);
  await res.arrayBuffer();
  if (res.status >= 500 || res.status === 429) errors++;
  latencies.push(performance.now() - t);
}
const started = Date.now();
const inflight = new Set();
// an open-loop generator with a bound: past MAX_INFLIGHT outstanding requests the server is not keeping
// up, and further requests are counted as shed instead of piling up sockets until the process runs out
const MAX_INFLIGHT = 128;
let shed = 0;
const ticker = setInterval(() => {
  if (Date.now() - started > SECONDS * 1000) return;
  for (let k = 0; k < RATE / 10; k++) {
    if (inflight.size >= MAX_INFLIGHT) {
      shed++;
      continue;
    }
    const p = one()
      .catch(() => errors++)
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
}, 100);
const loaded = await sample(SECONDS * 1000);
clearInterval(ticker);
await Promise.allSettled([...inflight]);
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.floor(p * (latencies.length - 1))] ?? 0;
const mb = (b) => `${fmt(b / 1048576)} MB`;
console.log(`soak: ${SECONDS} s at ${RATE} requests/s offered (4x the expected peak), mixed workload`);
console.log(
  `  requests ${latencies.length} (${fmt(latencies.length / SECONDS)}/s), shed by the generator (server behind) ${shed}, errors (5xx/429) ${errors}, latency p50 ${fmt(q(0.5))} ms, p99 ${fmt(q(0.99))} ms`,
);
console.log(
  `  RSS  idle ${mb(idle.end.rss)}  load start ${mb(loaded.start.rss)} end ${mb(loaded.end.rss)} max ${mb(loaded.maxRss)}   heap end ${mb(loaded.end.heapUsed)}`,
);
console.log(
  `  event-loop lag p99  idle ${fmt(idle.lagP99)} ms  under load ${fmt(loaded.lagP99)} ms   ratio ${fmt(loaded.lagP99 / Math.max(idle.lagP99, 0.001), 2)}x`,
);
console.log(`  RSS growth over the run ${mb(loaded.end.rss - loaded.start.rss)} (ratio end/start ${fmt(loaded.end.rss / loaded.start.rss, 2)}x)`);
await stack.stop();
