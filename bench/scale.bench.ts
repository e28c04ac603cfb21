/**
 * City-scale benchmark: `npm run bench -- scale` (SCALE_SIZES=1000,10000 to choose sizes; PHASE_MS per phase).
 *
 * Seeds reports (1k, 10k, 50k) and 10k accounts through the app's own models on the embedded engine
 * (or MONGODB_URI), then at each size measures over real HTTP, each against a baseline on the same
 * engine in the same run:
 *   - report creation at 16 connections  vs raw driver insertOne of the same documents;
 *   - public list (first page) and map (a different bounding box every request), p50/p99 at 16
 *     connections, vs the raw driver running the same bounding-box query;
 *   - tracking-code look-up at 16 connections vs raw driver findOne by trackingHash;
 *   - sign-in at 1 and 4 connections vs raw argon2.verify of the stored hash.
 * Load is spread as a city's is: every request from another client address (X-Forwarded-For behind
 * TRUST_PROXY=1), sign-ins over many accounts, so per-resident limits do not decide the figures.
 */
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import argon2 from 'argon2';
import { MongoClient } from 'mongodb';
import { hashToken, sealer } from '../server/src/lib/tokens.js';
import { newTrackingCode } from '../server/src/plugins/reports/tracking.js';
import { LIST_PROJECTION } from '../server/src/plugins/reports/views.js';
import { load, startStack } from './lib/stack.mjs';

const SIZES = (process.env.SCALE_SIZES ?? '1000,10000,50000').split(',').map(Number);
/** Accounts at each size: as many as reports (issue 22: 1k, 10k, 100k of each), unless SCALE_ACCOUNTS fixes one number. */
const accountsAt = (size: number) => Number(process.env.SCALE_ACCOUNTS ?? size);
const PHASE_MS = Number(process.env.PHASE_MS ?? 6000);
/** Which measures to run (SCALE_MEASURES=signin measures sign-in alone, without the creation phase's background work). */
const MEASURES = new Set((process.env.SCALE_MEASURES ?? 'create,list,tracking,signin').split(','));
const C = 16;
const PASSWORD = 'korektnyKon-Bateria7';
const CENTRE = { lat: 50.3265, lng: 19.0297 };
const CATEGORIES = ['pothole', 'street-light', 'litter'];

const stack = await startStack({ TRUST_PROXY: '1', HOST: '127.0.0.1' });
const { app } = stack;
const port = Number(new URL(stack.url).port);
const agent = new http.Agent({ keepAlive: true, maxSockets: C });
// the baseline's own client: no socket timeout, so an overloaded engine is measured rather than abandoned
const raw = await new MongoClient(app.config.mongodbUri!, { maxPoolSize: 50 }).connect();
const reports = raw.db().collection('reports');
const seal = sealer(app.config.dataKey, 'tracking-code');
const engine = (await app.conn.db!.admin().command({ buildInfo: 1 })) as { version: string; ferretdbVersion?: string };
const engineName = engine.ferretdbVersion
  ? `FerretDB ${engine.ferretdbVersion}${engine.ferretdbVersion.startsWith('v1.') ? ' (SQLite)' : ''}`
  : `MongoDB ${engine.version}`;
const users = raw.db().collection('users');

let client = 0;
/** A different client address for every request: residents of a city, behind the city's proxy. */
const nextAddress = () => `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client++ & 255}`;

function request(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { 'x-forwarded-for': nextAddress(), ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Answers other than the expected one, by phase: counted and printed, not fatal (an overloaded engine times out). */
let failures: Record<string, number> = {};
async function expect(status: number, p: Promise<{ status: number; text: string }>): Promise<void> {
  const res = await p.catch((err: Error) => ({ status: 0, text: err.message }));
  if (res.status !== status) failures[res.status] = (failures[res.status] ?? 0) + 1;
}
const failed = () => {
  const text = Object.entries(failures)
    .map(([status, n]) => `${n}× ${status === '0' ? 'no answer' : status}`)
    .join(', ');
  failures = {};
  return text ? ` (failed: ${text})` : '';
};

/** `fn(i)` from `concurrency` loops for PHASE_MS; i is distinct across loops. */
const phase = (concurrency: number, fn: (i: number) => Promise<void>): Promise<{ count: number; perSecond: number; p50: number; p99: number }> =>
  load((worker: number, i: number) => fn(worker * 1_000_000 + i), { concurrency, ms: PHASE_MS });

function reportInput(i: number) {
  return {
    categoryId: CATEGORIES[i % 3]!,
    title: `Zgłoszenie ${i}`,
    description: 'Głęboka dziura w jezdni przy przejściu dla pieszych, niebezpieczna dla rowerzystów.',
    location: {
      lat: CENTRE.lat + ((i * 7919) % 2000) * 0.00005 - 0.05,
      lng: CENTRE.lng + ((i * 104729) % 2000) * 0.00008 - 0.08,
      address: `ul. Testowa ${i % 300}`,
    },
  };
}

/** A report as the service stores it (tracking hash and sealed code included); `code` kept for look-ups. */
function storedReport(i: number, code = newTrackingCode(), at = new Date()) {
  return {
    ...reportInput(i),
    status: 'new',
    history: [{ status: 'new', at }],
    contactEmail: `r${i}@example.org`,
    locale: 'pl',
    trackingHash: hashToken(code),
    trackingSealed: seal.seal(code),
    supportCount: 0,
    photos: [],
    createdAt: at,
    updatedAt: at,
  };
}

const codes: string[] = [];
let seeded = 0;
/** Through the app's model (validation, defaults), in batches; keeps some tracking codes to look up. */
async function seedReportsTo(size: number): Promise<number> {
  const started = performance.now();
  const base = Date.now() - 365 * 86400_000;
  while (seeded < size) {
    const batch = Array.from({ length: Math.min(1000, size - seeded) }, (_, k) => {
      const i = seeded + k;
      const code = newTrackingCode();
      if (i % 97 === 0) codes.push(code);
      return storedReport(i, code, new Date(base + i * 600_000));
    });
    await app.reports.models.Report.insertMany(batch, { ordered: false });
    seeded += batch.length;
  }
  return performance.now() - started;
}

const emails: string[] = [];
let template: Record<string, unknown> | undefined;
let hash = '';
/** Accounts up to `count`: the first through the service (a real argon2 hash), the rest copies of it. */
async function seedAccountsTo(count: number): Promise<number> {
  const started = performance.now();
  if (!template) {
    const first = await app.accounts.createActiveUser({ email: 'bench0@example.org', password: PASSWORD, role: 'resident' });
    emails.push('bench0@example.org');
    template = first.toObject() as Record<string, unknown>;
    delete template._id;
    hash = first.passwordHash as string;
  }
  for (let done = emails.length; done < count;) {
    const batch = Array.from({ length: Math.min(1000, count - done) }, (_, k) => ({ ...template, email: `bench${done + k}@example.org` }));
    await app.accounts.models.User.insertMany(batch, { ordered: false });
    for (const u of batch) emails.push(u.email);
    done += batch.length;
  }
  return performance.now() - started;
}

const fmt = (n: number, d = 1) => (n >= 100 ? n.toFixed(0) : n.toFixed(d));
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const rows: string[][] = [];
const row = (...cells: string[]) => {
  rows.push(cells);
  console.log(cells.join(' | '));
};

try {
  await app.conn.asPromise();
  console.log(
    `# ${engineName}; concurrency layer ${app.concurrency.mode} (${app.concurrency.why}); ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}; ${C} connections; phases of ${PHASE_MS / 1000} s`,
  );
  row('reports', 'measure', 'CivicKit', 'baseline (same engine, same run)', 'ratio');
  for (const size of SIZES) {
    const seedMs = await seedReportsTo(size);
    const accountMs = await seedAccountsTo(accountsAt(size));
    // the copies were inserted around the service: the email map's sweep adds them, as a start would (emails.ts)
    const sweepStarted = performance.now();
    const swept = await app.accounts.emails.sweep();
    const sweepMs = performance.now() - sweepStarted;
    console.log(
      `# ${size} reports (seeded ${fmt(seedMs / 1000)} s), ${emails.length} accounts (seeded ${fmt(accountMs / 1000)} s; email map ${app.accounts.emails.used ? `swept in ${fmt(sweepMs / 1000)} s, ${swept.added} added` : 'not used on this engine'})`,
    );
    // warm: the list snapshot loads once per node, connection pools fill
    await expect(200, request('GET', '/api/v1/reports?limit=20'));

    // ---- creation ----
    if (MEASURES.has('create')) {
      // warm, as a running node is: one report per category fills the staff-per-department cache
      for (let i = 0; i < CATEGORIES.length; i++) await expect(201, request('POST', '/api/v1/reports', reportInput(i)));
      await app.reports.notifier.drain();
      failed();
      const api = await phase(C, (i) => expect(201, request('POST', '/api/v1/reports', { ...reportInput(i), contactEmail: `c${i}@example.org` })));
      const drain = performance.now();
      await app.reports.notifier.drain(); // the work queued after each response is part of creation's cost
      const apiRate = api.count / (api.count / api.perSecond + (performance.now() - drain) / 1000);
      const createFailures = failed();
      const inserts = await phase(C, async (i) => void (await reports.insertOne(storedReport(i))));
      seeded += api.count + inserts.count;
      row(String(size), 'create, reports/s', fmt(apiRate) + createFailures, `raw insertOne ${fmt(inserts.perSecond)}/s`, ratio(apiRate, inserts.perSecond));
    }

    // ---- public list and map ----
    if (MEASURES.has('list')) {
      const list = await phase(C, () => expect(200, request('GET', '/api/v1/reports?limit=20')));
      const box = (i: number) => [CENTRE.lng - 0.03 - (i % 1000) * 1e-5, CENTRE.lat - 0.02, CENTRE.lng + 0.03, CENTRE.lat + 0.02 + (i % 997) * 1e-5];
      const listFailures = failed();
      const map = await phase(C, (i) => expect(200, request('GET', `/api/v1/reports?limit=50&bbox=${box(i).join(',')}`)));
      const mapFailures = failed();
      const rawMap = await phase(C, async (i) => {
        const [minLng, minLat, maxLng, maxLat] = box(i);
        await reports
          .find({ 'location.lat': { $gte: minLat, $lte: maxLat }, 'location.lng': { $gte: minLng, $lte: maxLng } }, { projection: LIST_PROJECTION })
          .sort({ createdAt: -1, _id: -1 })
          .limit(51)
          .toArray();
      });
      row(
        String(size),
        'public list p50 / p99 ms',
        `${fmt(list.p50)} / ${fmt(list.p99)}${listFailures}`,
        `raw bbox find ${fmt(rawMap.p50)} / ${fmt(rawMap.p99)}`,
        `p99 ${ratio(list.p99, rawMap.p99)}`,
      );
      row(
        String(size),
        'map (new bbox each) p50 / p99 ms',
        `${fmt(map.p50)} / ${fmt(map.p99)}${mapFailures}`,
        `raw bbox find ${fmt(rawMap.p50)} / ${fmt(rawMap.p99)}`,
        `p99 ${ratio(map.p99, rawMap.p99)}`,
      );
    }

    // ---- tracking code ----
    if (MEASURES.has('tracking')) {
      const track = await phase(C, (i) => expect(200, request('GET', `/api/v1/reports/track/${codes[i % codes.length]}`)));
      const rawTrack = await phase(C, async (i) => void (await reports.findOne({ trackingHash: hashToken(codes[i % codes.length]!) })));
      row(
        String(size),
        'tracking look-up p50 / p99 ms',
        `${fmt(track.p50)} / ${fmt(track.p99)}${failed()}`,
        `raw findOne ${fmt(rawTrack.p50)} / ${fmt(rawTrack.p99)}`,
        `${ratio(track.perSecond, rawTrack.perSecond)} throughput`,
      );
    }

    // ---- sign-in ----
    if (MEASURES.has('signin')) {
      const lookup = await phase(4, async (i) => void (await users.findOne({ email: emails[(i * 7907) % emails.length] })));
      row(String(size), 'account look-up by email p50 / p99 ms', '(inside sign-in)', `raw findOne ${fmt(lookup.p50)} / ${fmt(lookup.p99)}`, '');
      if (app.accounts.emails.used) {
        // what sign-in does instead on this engine: the map's entry, then the account, both by _id
        const map = raw.db().collection<{ _id: string; user: unknown }>('account_emails');
        const byId = await phase(4, async (i) => {
          const entry = await map.findOne({ _id: app.accounts.emails.keyOf(emails[(i * 7907) % emails.length]!) });
          await users.findOne({ _id: entry!.user as never });
        });
        row(String(size), 'account look-up by the email map p50 / p99 ms', '(inside sign-in)', `raw 2× findOne by _id ${fmt(byId.p50)} / ${fmt(byId.p99)}`, '');
      }
      for (const concurrency of [1, 4]) {
        const verify = await phase(concurrency, async () => {
          if (!(await argon2.verify(hash, PASSWORD))) throw new Error('verify failed');
        });
        const login = await phase(concurrency, (i) =>
          expect(200, request('POST', '/api/v1/auth/login', { email: emails[(i * 7907) % emails.length], password: PASSWORD })),
        );
        row(
          String(size),
          `sign-in at ${concurrency} connection${concurrency > 1 ? 's' : ''}, /s`,
          fmt(login.perSecond) + failed(),
          `raw argon2.verify ${fmt(verify.perSecond)}/s`,
          ratio(login.perSecond, verify.perSecond),
        );
      }
    }
  }
  console.log('\n| reports | measure | CivicKit | baseline | ratio |\n| --- | --- | --- | --- | --- |');
  for (const r of rows.slice(1)) console.log(`| ${r.join(' | ')} |`);
} finally {
  agent.destroy();
  await raw.close();
  await stack.stop();
}
