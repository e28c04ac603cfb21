/**
 * Widget/e2e helper: starts the real CivicKit server (server/src/index.ts via tsx) on a free port
 * with a fresh DATA_DIR, waits for /health/ready, and stops it (its whole process group, which
 * includes the embedded database) afterwards. Also reads the built-in mail catcher.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { uniqueDatabaseUri } from './database.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface WidgetTestServer {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** The page that hosts the widget; links in emails point here. */
  appUrl?: string;
  /** Browser origins allowed to call the API. */
  corsOrigins?: string[];
  /** Municipality profile JSON (e.g. examples/profiles/krakow.json). */
  profile?: string;
  env?: Record<string, string>;
  /** Limits merged over the test defaults (CIVICKIT_LIMITS), e.g. a short `recentAuthSeconds`. */
  limits?: Record<string, number>;
  /** How long to wait for readiness; the first start on a machine builds the embedded database. */
  readyTimeoutMs?: number;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export async function spawnWidgetTestServer(opts: SpawnOptions = {}): Promise<WidgetTestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'civickit-widget-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    APP_URL: opts.appUrl ?? `${url}/`,
    CORS_ORIGINS: [url, ...(opts.corsOrigins ?? [])].join(','),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // every browser in a test run is the same loopback client: per-client limits would decide the run
    CIVICKIT_LIMITS: JSON.stringify({
      registrationsPerClientPerHour: 10_000,
      anonymousReportsPerClientPerHour: 10_000,
      emailsPerClientPerHour: 10_000,
      peselChecksPerClientPerHour: 10_000,
      ...opts.limits,
    }),
    ...(opts.profile ? { CIVICKIT_CONFIG: resolve(ROOT, opts.profile) } : {}),
    ...opts.env,
  };
  delete env.SMTP_URL;
  // with MONGODB_URI (MongoDB, FerretDB 2) each server gets a database of its own there, dropped at stop;
  // without, it starts its embedded engine in its DATA_DIR
  const database = process.env.MONGODB_URI ? uniqueDatabaseUri(process.env.MONGODB_URI, 'w') : undefined;
  delete env.MONGODB_URI;
  if (database) env.MONGODB_URI = database;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    cwd: ROOT,
    env,
    detached: true, // own process group: stop() ends the server and its embedded database together
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  // a runner that ends without calling stop() (an error in a hook, process.exit) still ends the server's
  // whole group: detached, it would otherwise outlive us with its embedded database (issue 22)
  const endGroup = () => {
    try {
      if (!exited && child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', endGroup);

  const stop = async () => {
    if (!exited && child.pid) {
      const gone = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 10_000);
      await gone;
      clearTimeout(timer);
    }
    process.removeListener('exit', endGroup);
    if (database) await dropDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 240_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`CivicKit server exited before it was ready:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`CivicKit server not ready after ${opts.readyTimeoutMs ?? 240_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, port, dataDir, output: () => out, stop };
}

async function dropDatabase(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.connect();
    await client.db().dropDatabase();
  } catch {
    /* the engine is gone already: nothing left to drop */
  } finally {
    await client.close();
  }
}

export interface MailboxMessage {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  html?: string;
  createdAt: string;
}

/** Waits for the newest message to `to` matching `filter` in the built-in catcher. */
export async function waitForMessage(
  serverUrl: string,
  to: string,
  filter: (m: MailboxMessage) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<MailboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${serverUrl}/dev/mailbox/messages.json`);
    if (res.ok) {
      const list = (await res.json()) as MailboxMessage[];
      const hit = list.find((m) => m.to.toLowerCase().includes(to.toLowerCase()) && filter(m));
      if (hit) return hit;
    }
    if (Date.now() > deadline) throw new Error(`no message to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The `civic_action` link (activate, reset, confirm_email, …) in a message, as sent. */
export function actionLink(message: MailboxMessage, action: 'activate' | 'reset' | 'confirm_email' | 'report' | 'track' | 'alert-confirm' | 'alerts'): string {
  const re = new RegExp(`https?://[^\\s"'<>]*civic_action=${action}[^\\s"'<>]*`);
  const m = re.exec(message.text) ?? re.exec(message.html ?? '');
  if (!m) throw new Error(`no ${action} link in message: ${message.text}`);
  return m[0].replace(/&amp;/g, '&');
}

/** The newest 6-digit SMS code sent to `phone` (E.164), optionally waiting for one other than `not`. */
export async function waitForSmsCode(serverUrl: string, phone: string, not?: string, timeoutMs = 20_000): Promise<string> {
  const msg = await waitForMessage(serverUrl, phone, (m) => m.channel === 'sms' && !!/\b\d{6}\b/.exec(m.text) && (!not || !m.text.includes(not)), timeoutMs);
  return /\b(\d{6})\b/.exec(msg.text)![1]!;
}
