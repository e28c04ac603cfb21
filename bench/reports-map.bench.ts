/**
 * Public map / list and staff queue over 10k reports: `npx tsx bench/reports-map.bench.ts`
 *
 * Seeds 10 000 reports through the mongoose model (validation and defaults as the service writes
 * them), then measures, one request at a time over real HTTP:
 *   - the map: GET /api/v1/reports?bbox=…&status=open&limit=100, a different visible area each time
 *     (as a resident panning), so the list cache never answers;
 *   - the list twin without a map: GET /api/v1/reports?status=…&limit=100 (distinct pages);
 *   - the staff queue: GET /api/v1/staff/reports?sort=age&limit=20 and the per-status counts;
 * each against the raw driver running the same query in the same run (the baseline).
 * Starts its own embedded database (FerretDB here) unless MONGODB_URI is set.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { hashToken } from '../server/src/lib/tokens.js';
import { LIST_PROJECTION } from '../server/src/plugins/reports/views.js';
// @ts-expect-error the shared bench stack is plain JS
import { startStack } from './lib/stack.mjs';
import type { App } from '../server/src/app.js';

const SEED = Number(process.env.BENCH_REPORTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CENTRE = { lat: 50.3265, lng: 19.0297 };
const OPEN = ['new', 'accepted', 'in_progress'];
const STATUSES = ['new', 'new', 'accepted', 'in_progress', 'resolved', 'rejected'];

const stack = await startStack({ JWT_SECRET: randomBytes(32).toString('hex') });
const app = stack.app as App;
const port = stack.server.info.port as number;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(urlPath: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'GET', path: urlPath, agent, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`GET ${urlPath} answered ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function measure(op: (i: number) => Promise<unknown>): Promise<{ p50: number; p90: number; n: number }> {
  const l: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await op(i);
    l.push(performance.now() - t);
  }
  l.sort((a, b) => a - b);
  return { p50: l[Math.floor(l.length / 2)]!, p90: l[Math.min(l.length - 1, Math.floor(l.length * 0.9))]!, n: l.length };
}

const fmt = (n: number) => n.toFixed(n < 10 ? 1 : 0);
const line = (name: string, api: { p50: number; p90: number }, raw: { p50: number; p90: number }) =>
  console.log(
    `${name.padEnd(44)} API p50 ${fmt(api.p50)} ms p90 ${fmt(api.p90)} ms | raw p50 ${fmt(raw.p50)} ms p90 ${fmt(raw.p90)} ms | ratio p50 ${(api.p50 / raw.p50).toFixed(2)}×`,
  );

try {
  const Report = app.reports.models.Report;
  const t0 = performance.now();
  const now = Date.now();
  for (let start = 0; start < SEED; start += 500) {
    const docs = [];
    for (let i = start; i < Math.min(SEED, start + 500); i++) {
      const at = new Date(now - (i % 365) * 86_400_000);
      const status = STATUSES[i % STATUSES.length]!;
      docs.push({
        categoryId: ['pothole', 'street-light', 'litter'][i % 3],
        title: `Zgłoszenie ${i}`,
        description: 'Głęboka dziura w jezdni przy przejściu dla pieszych.',
        // spread over ~10 × 10 km around the centre
        location: {
          lat: CENTRE.lat + (((i * 7919) % 1000) / 1000) * 0.09 - 0.045,
          lng: CENTRE.lng + (((i * 104_729) % 1000) / 1000) * 0.14 - 0.07,
          address: `ul. Testowa ${i}`,
        },
        status,
        history:
          status === 'new'
            ? [{ status: 'new', at }]
            : [
                { status: 'new', at },
                { status, at: new Date(at.getTime() + 3_600_000) },
              ],
        trackingHash: hashToken(`bench-${i}-${randomBytes(4).toString('hex')}`),
        district: ['centrum', 'polnoc', 'poludnie', ''][i % 4],
        createdAt: at,
      });
    }
    await Report.insertMany(docs);
  }
  console.log(`seeded ${SEED} reports through the model in ${fmt((performance.now() - t0) / 1000)} s`);

  const raw = app.conn.db!.collection('reports');
  // a resident's phone map at zoom 15: about 1.4 × 0.9 km
  const view = (i: number) => {
    const lng = CENTRE.lng - 0.05 + (i % 10) * 0.01 + i * 1e-6;
    const lat = CENTRE.lat - 0.03 + (i % 7) * 0.008;
    return [lng, lat, lng + 0.02, lat + 0.008] as const;
  };
  const rawList = (filter: object, limit: number) =>
    raw
      .find({ ...filter, hidden: { $ne: true } }, { projection: LIST_PROJECTION })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();

  const mapApi = await measure((i) => get(`/api/v1/reports?status=${OPEN.join(',')}&limit=100&bbox=${view(i).join(',')}`));
  const mapRaw = await measure((i) => {
    const [minLng, minLat, maxLng, maxLat] = view(i);
    return rawList({ status: { $in: OPEN }, 'location.lat': { $gte: minLat, $lte: maxLat }, 'location.lng': { $gte: minLng, $lte: maxLng } }, 100);
  });
  line('map: visible area, open, limit 100', mapApi, mapRaw);

  const listApi = await measure((i) => get(`/api/v1/reports?status=${OPEN.join(',')}&limit=100&page=${i + 1}`));
  const listRaw = await measure((i) =>
    raw
      .find({ status: { $in: OPEN }, hidden: { $ne: true } }, { projection: LIST_PROJECTION })
      .sort({ createdAt: -1, _id: -1 })
      .skip(i * 100)
      .limit(101)
      .toArray(),
  );
  line('list twin (no map): open, limit 100, page n', listApi, listRaw);

  const cachedApi = await measure(() => get(`/api/v1/reports?status=${OPEN.join(',')}&limit=100`));
  line('list twin, same first page (cache)', cachedApi, listRaw);

  const email = `bench.staff.${randomBytes(3).toString('hex')}@city.example`;
  await app.accounts.createActiveUser({ email, password: 'korektnyKon-Bateria7', role: 'staff', department: 'roads', firstName: 'B', lastName: 'S' });
  const login = await app.accounts.login(email, 'korektnyKon-Bateria7', '127.0.0.1').catch(() => undefined);
  const token = (login as { accessToken?: string } | undefined)?.accessToken;
  if (token) {
    const queueApi = await measure((i) => get(`/api/v1/staff/reports?sort=age&limit=20&page=${i + 1}`, token));
    const queueRaw = await measure((i) =>
      raw
        .find({ categoryId: { $in: ['pothole'] } })
        .sort({ createdAt: 1, _id: 1 })
        .skip(i * 20)
        .limit(21)
        .toArray(),
    );
    line('staff queue: sort=age, limit 20, page n', queueApi, queueRaw);
    const countsApi = await measure(() => get('/api/v1/staff/reports/counts', token));
    const countsRaw = await measure(() => raw.find({ categoryId: { $in: ['pothole'] } }, { projection: { status: 1, _id: 0 } }).toArray());
    line('staff queue: counts per status', countsApi, countsRaw);
  } else {
    console.log('staff queue: skipped (could not sign in the bench account)');
  }
} finally {
  agent.destroy();
  await stack.stop();
}
