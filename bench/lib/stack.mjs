// Shared by the server benchmarks: a real database (MONGODB_URI, or an embedded one in a temp dir)
// and a CivicKit server on a real loopback port, as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config.ts';
import { startEmbeddedDatabase } from '../../server/src/db/embedded.ts';
import { createServer } from '../../server/src/server.ts';

/** `uriOptions`: connection-string options for the server's own client (e.g. monitorCommands for a profile). */
export async function startStack(extraEnv = {}, uriOptions = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-bench-'));
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase(dir, () => {});
  const base = process.env.MONGODB_URI ?? embedded.uri;
  const url = new URL(base);
  url.pathname = `/bench_${Date.now()}`;
  for (const [name, value] of Object.entries(uriOptions)) url.searchParams.set(name, String(value));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dir, MONGODB_URI: url.toString(), LOG_LEVEL: 'silent', ...extraEnv });
  const server = await createServer(config);
  await server.start();
  return {
    server,
    app: server.app.civic,
    url: server.info.uri,
    async stop() {
      await server.app.civic.conn.dropDatabase().catch(() => {});
      await server.stop();
      await embedded?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` from `concurrency` loops for `ms`; returns {count, perSecond, p50, p99} (latencies in ms). */
export async function load(fn, { concurrency, ms }) {
  const latencies = [];
  const end = Date.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; Date.now() < end; i++) {
        const t = performance.now();
        await fn(worker, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { count: latencies.length, perSecond: latencies.length / seconds, p50: q(0.5), p99: q(0.99) };
}

export const fmt = (n, digits = 1) => n.toFixed(digits);
