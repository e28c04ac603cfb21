/**
 * Reports benchmark: `npx tsx bench/reports.bench.ts`
 *
 * 1. Report creation throughput: POST /api/v1/reports over real HTTP, 16 concurrent, against raw
 *    driver inserts of the same documents into the same collection on the same database (target ≥ 0.5×).
 * 2. Public list latency: GET /api/v1/reports at 16 concurrent connections, p50/p99 (target p99 ≤ 100 ms),
 *    against the raw driver running the same find.
 *
 * Starts its own embedded database in a temp dir unless MONGODB_URI is set (then a fresh database
 * on that server is used and dropped). Each phase is bounded by a count and a time budget.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/src/config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../server/src/db/embedded.js';
import { createServer } from '../server/src/server.js';
import { hashToken, sealer } from '../server/src/lib/tokens.js';
import { newTrackingCode } from '../server/src/plugins/reports/tracking.js';
import { LIST_PROJECTION } from '../server/src/plugins/reports/views.js';

const CONCURRENCY = 16;
const CREATE_COUNT = 600;
const LIST_COUNT = 800;
const PHASE_BUDGET_MS = 10_000;
const CENTRE = { lat: 50.3265, lng: 19.0297 };

const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-bench-'));
let embedded: EmbeddedDatabase | undefined;
let uri = process.env.MONGODB_URI;
if (!uri) {
  embedded = await startEmbeddedDatabase(dir, (m) => console.error(`[db] ${m}`));
  uri = embedded.uri;
}
const dbUri = new URL(uri);
dbUri.pathname = `/bench_${randomBytes(4).toString('hex')}`;

const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  MONGODB_URI: dbUri.toString(),
  DATA_DIR: dir,
  JWT_SECRET: randomBytes(32).toString('hex'),
  LOG_LEVEL: 'silent',
});
const server = await createServer(config);
await server.start();
const app = server.app.civic;
const port = server.info.port;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(method: string, urlPath: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const categories = ['pothole', 'street-light', 'litter'];
function reportInput(i: number) {
  return {
    categoryId: categories[i % 3]!,
    title: `Zgłoszenie ${i}`,
    description: 'Głęboka dziura w jezdni przy przejściu dla pieszych, niebezpieczna dla rowerzystów.',
    location: { lat: CENTRE.lat + ((i % 97) - 48) * 0.0004, lng: CENTRE.lng + ((i % 89) - 44) * 0.0006, address: `ul. Testowa ${i}` },
  };
}

/** Runs `op(i)` for i < count with `CONCURRENCY` workers, within the time budget; returns per-op latencies. */
async function run(count: number, op: (i: number) => Promise<void>): Promise<{ done: number; ms: number; latencies: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + PHASE_BUDGET_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { done: latencies.length, ms: performance.now() - start, latencies };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);

try {
  // warm-up: JIT, connection pools, collection and index creation
  await run(32, async (i) => {
    const res = await request('POST', '/api/v1/reports', JSON.stringify(reportInput(i)));
    if (res.status !== 201) throw new Error(`POST /api/v1/reports answered ${res.status}: ${res.text}`);
  });

  // ---- 1. creation throughput -----------------------------------------------------------------
  const api = await run(CREATE_COUNT, async (i) => {
    const res = await request('POST', '/api/v1/reports', JSON.stringify(reportInput(i)));
    if (res.status !== 201) throw new Error(`POST /api/v1/reports answered ${res.status}: ${res.text}`);
  });
  // the notification work queued after each response is part of the cost: wait for it and count it
  const drainStart = performance.now();
  await app.reports.notifier.drain();
  api.ms += performance.now() - drainStart;

  // the same documents the service writes (tracking hash and sealed code included), straight through the driver
  const reports = app.conn.db!.collection('reports');
  const seal = sealer(config.dataKey, 'tracking-code');
  const raw = await run(CREATE_COUNT, async (i) => {
    const input = reportInput(i);
    const code = newTrackingCode();
    const now = new Date();
    await reports.insertOne({
      ...input,
      status: 'new',
      history: [{ status: 'new', at: now }],
      locale: 'pl',
      trackingHash: hashToken(code),
      trackingSealed: seal.seal(code),
      supportCount: 0,
      photos: [],
      createdAt: now,
      updatedAt: now,
    });
  });
  const apiRate = (api.done / api.ms) * 1000;
  const rawRate = (raw.done / raw.ms) * 1000;
  console.log(`create  API  POST /api/v1/reports: ${fmt(apiRate)} reports/s (${api.done} in ${fmt(api.ms)} ms, ${CONCURRENCY} concurrent)`);
  console.log(`create  raw  driver insertOne:     ${fmt(rawRate)} reports/s (${raw.done} in ${fmt(raw.ms)} ms, ${CONCURRENCY} concurrent)`);
  console.log(`create  ratio API/raw: ${(apiRate / rawRate).toFixed(2)}× (target ≥ 0.50×)`);

  // ---- 2. public list latency -----------------------------------------------------------------
  const total = await reports.countDocuments();
  const latency = (l: number[]) => {
    const sorted = [...l].sort((x, y) => x - y);
    return { p50: pct(sorted, 50), p99: pct(sorted, 99) };
  };
  // (a) what residents' browsers mostly ask: the first page, the same for everyone
  const same = await run(LIST_COUNT, async () => {
    const res = await request('GET', '/api/v1/reports?limit=20');
    if (res.status !== 200) throw new Error(`GET /api/v1/reports answered ${res.status}`);
  });
  // (b) every request different (a map panned around: a new bbox each time), so none is served from the cache
  const box = (i: number) => [CENTRE.lng - 0.1 - i * 1e-7, CENTRE.lat - 0.1, CENTRE.lng + 0.1, CENTRE.lat + 0.1] as const;
  const distinct = await run(LIST_COUNT, async (i) => {
    const res = await request('GET', `/api/v1/reports?limit=20&bbox=${box(i).join(',')}`);
    if (res.status !== 200) throw new Error(`GET /api/v1/reports answered ${res.status}`);
  });
  const rawFind = await run(LIST_COUNT, async (i) => {
    const [minLng, minLat, maxLng, maxLat] = box(i);
    await reports
      .find({ 'location.lat': { $gte: minLat, $lte: maxLat }, 'location.lng': { $gte: minLng, $lte: maxLng } }, { projection: LIST_PROJECTION })
      .sort({ createdAt: -1, _id: -1 })
      .limit(21)
      .toArray();
  });
  const a = latency(same.latencies);
  const b = latency(distinct.latencies);
  const r = latency(rawFind.latencies);
  console.log(`list    over ${total} reports, ${CONCURRENCY} concurrent connections (target p99 ≤ 100 ms):`);
  console.log(`list    API  GET /api/v1/reports?limit=20 (same page):         p50 ${fmt(a.p50)} ms, p99 ${fmt(a.p99)} ms (${same.done} requests)`);
  console.log(`list    API  GET /api/v1/reports?limit=20&bbox=… (all distinct): p50 ${fmt(b.p50)} ms, p99 ${fmt(b.p99)} ms (${distinct.done} requests)`);
  console.log(`list    raw  driver find, same bbox query:                      p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (${rawFind.done} queries)`);
  console.log(`list    ratio API/raw (distinct): p50 ${(b.p50 / r.p50).toFixed(2)}×, p99 ${(b.p99 / r.p99).toFixed(2)}×; same page vs raw: p99 ${(a.p99 / r.p99).toFixed(2)}×`);
} finally {
  agent.destroy();
  await app.conn.dropDatabase().catch(() => {});
  await server.stop({ timeout: 2000 });
  await embedded?.stop();
  rmSync(dir, { recursive: true, force: true });
}
