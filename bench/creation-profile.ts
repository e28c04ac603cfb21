/**
 * What one report creation costs, step by step (docs/performance.md): `node --import tsx bench/creation-profile.ts`
 * (PROFILE_REPORTS=1000 reports already stored, PROFILE_N=40 creations measured; MONGODB_URI for another engine).
 *
 * Every database command the server sends is timed by the driver's own command monitoring. Creations
 * run one at a time, so each command belongs to one creation: those sent before the `201` (the
 * request) and those sent by the work queued after it (notifications, drained here), per collection and
 * command. Anonymous reports with a contact address, as the city's residents send most.
 */
import { performance } from 'node:perf_hooks';
import { timeCommands, type Step } from './lib/command-timer.js';
import { startStack } from './lib/stack.mjs';

const STORED = Number(process.env.PROFILE_REPORTS ?? 1000);
const N = Number(process.env.PROFILE_N ?? 40);
const stack = await startStack({ TRUST_PROXY: '1' }, { monitorCommands: true });
const { app, url } = stack;
const client = app.conn.getClient();

const timer = timeCommands(client);

const input = (i: number) => ({
  categoryId: app.config.profile.categories[i % app.config.profile.categories.length]!.id,
  description: 'Głęboka dziura w jezdni przy przejściu dla pieszych, niebezpieczna dla rowerzystów.',
  location: { lat: 50.3265 + (i % 100) * 1e-4, lng: 19.0297 + (i % 97) * 1e-4, address: `ul. Testowa ${i % 300}` },
  contactEmail: `c${i}@example.org`,
});
const post = async (i: number) => {
  const res = await fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${(i >> 8) & 255}.${i & 255}` },
    body: JSON.stringify(input(i)),
  });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
};

try {
  const Report = app.reports.models.Report;
  for (let done = 0; done < STORED; done += 1000) {
    const docs = Array.from({ length: Math.min(1000, STORED - done) }, (_, k) => ({
      ...input(done + k),
      status: 'new',
      history: [{ status: 'new', at: new Date() }],
      trackingHash: `seed-${done + k}`,
      trackingSealed: 'x',
      supportCount: 0,
      photos: [],
    }));
    await Report.insertMany(docs, { ordered: false });
  }
  for (let i = 0; i < 3; i++) await post(1_000_000 + i); // warm: caches, pools
  await app.reports.notifier.drain();

  const before = new Map<string, Step>();
  const after = new Map<string, Step>();
  let requestMs = 0;
  let drainMs = 0;
  for (let i = 0; i < N; i++) {
    timer.sink = before;
    let t = performance.now();
    await post(i);
    requestMs += performance.now() - t;
    timer.sink = after;
    t = performance.now();
    await app.reports.notifier.drain();
    drainMs += performance.now() - t;
    timer.sink = undefined;
  }
  const engine = (await app.conn.db!.admin().command({ buildInfo: 1 })) as { version: string; ferretdbVersion?: string };
  console.log(
    `# ${engine.ferretdbVersion ? `FerretDB ${engine.ferretdbVersion}` : `MongoDB ${engine.version}`}; concurrency layer: ${app.concurrency.mode}; ${STORED} reports stored; ${N} creations one at a time`,
  );
  console.log(`request (until the 201): ${(requestMs / N).toFixed(1)} ms a creation; queued work after it: ${(drainMs / N).toFixed(1)} ms`);
  for (const [name, steps] of [
    ['before the 201', before],
    ['after the 201', after],
  ] as const) {
    console.log(`\n${name}: command and collection | per creation | ms each | ms per creation`);
    for (const [key, s] of [...steps].sort((a, b) => b[1].ms - a[1].ms))
      console.log(`  ${key} | ${(s.count / N).toFixed(2)} | ${(s.ms / s.count).toFixed(2)} | ${(s.ms / N).toFixed(2)}`);
  }
} finally {
  await stack.stop();
}
