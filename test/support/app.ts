import type { Server, ServerInjectOptions } from '@hapi/hapi';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/src/config.js';
import { createServer, type App } from '../../server/src/server.js';
import type { MunicipalityProfile } from '../../server/src/profile/schema.js';
import { startTestDatabase, uniqueDatabaseUri } from './database.js';
import { TestSmtp, linkToken } from './smtp.js';

export interface TestContext {
  server: Server;
  app: App;
  config: Config;
  smtp: TestSmtp;
  inject(
    options: ServerInjectOptions & { token?: string },
  ): Promise<{ statusCode: number; json: any; headers: Record<string, unknown>; payload: string; rawPayload: Buffer }>;
  stop(): Promise<void>;
}

export interface TestOptions {
  /** Extra environment (e.g. CIVICKIT_CONFIG, SMS_WEBHOOK_URL). */
  env?: Record<string, string>;
  /** A profile object, written to a temp file and used as CIVICKIT_CONFIG. */
  profile?: Partial<MunicipalityProfile> & Record<string, unknown>;
  /** Listen on a real port (for tests that need HTTP from outside the process). */
  listen?: boolean;
}

/** A CivicKit server on its own fresh database, sending mail to its own real SMTP server; initialised (workers running). */
export async function startTestServer(options: TestOptions = {}): Promise<TestContext> {
  const base = await startTestDatabase();
  const smtp = await new TestSmtp().start();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    MONGODB_URI: uniqueDatabaseUri(base),
    SMTP_URL: smtp.url,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'civickit-test-data-')),
    LOG_LEVEL: 'silent',
    APP_URL: 'http://portal.test/zgloszenia',
    PUBLIC_URL: 'http://api.test',
    CORS_ORIGINS: 'http://portal.test',
    OUTBOX_POLL_MS: '50',
    OUTBOX_RETRY_BASE_MS: '100',
    // every test request comes from one loopback network: the stranger budget's 20 a day per network
    // would decide the run (suites that test it set CIVICKIT_LIMITS themselves)
    CIVICKIT_LIMITS: JSON.stringify({ strangerEmailsPerNetworkPerDay: 10_000 }),
    ...options.env,
  };
  if (options.profile) {
    const file = path.join(env.DATA_DIR!, 'profile.json');
    writeFileSync(file, JSON.stringify(options.profile));
    env.CIVICKIT_CONFIG = file;
  }
  const config = loadConfig(env);
  const server = await createServer(config);
  if (options.listen) await server.start();
  else await server.initialize();
  return {
    server,
    app: server.app.civic,
    config,
    smtp,
    async inject({ token, ...opts }) {
      const res = await server.inject({ ...opts, headers: { ...(opts.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
      let json: unknown;
      try {
        json = res.payload ? JSON.parse(res.payload) : undefined;
      } catch {
        json = undefined;
      }
      return { statusCode: res.statusCode, json, headers: res.headers as Record<string, unknown>, payload: res.payload, rawPayload: res.rawPayload };
    },
    async stop() {
      await server.stop({ timeout: 2000 });
      await server.app.civic.conn.dropDatabase().catch(() => {});
      await smtp.stop();
    },
  };
}

/** A password the policy accepts. */
export const GOOD_PASSWORD = 'korektnyKon-Bateria7';

export function resident(overrides: Record<string, unknown> = {}) {
  const n = Math.random().toString(36).slice(2, 8);
  return {
    email: `jan.${n}@example.org`,
    password: GOOD_PASSWORD,
    passwordConfirm: GOOD_PASSWORD,
    firstName: 'Jan',
    lastName: 'Kowalski',
    phone: '+48600100200',
    acceptTerms: true,
    ...overrides,
  };
}

/** Registers, activates through the emailed link and signs in; returns the tokens and user. */
export async function signedInResident(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  const body = resident(overrides);
  const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
  if (reg.statusCode !== 201) throw new Error(`register failed: ${reg.payload}`);
  const mail = await ctx.smtp.waitFor(body.email, (m) => m.text.includes('civic_action=activate'));
  const act = await ctx.inject({ method: 'POST', url: '/api/v1/auth/activate', payload: { token: linkToken(mail, 'activate') } });
  if (act.statusCode !== 200) throw new Error(`activate failed: ${act.payload}`);
  const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: body.password } });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.payload}`);
  return { email: body.email, password: body.password, ...login.json } as {
    email: string;
    password: string;
    accessToken: string;
    refreshToken: string;
    user: { id: string };
  };
}

/** An active staff/admin account created as the CLI does, signed in. */
export async function signedInStaff(ctx: TestContext, role: 'staff' | 'admin', department?: string) {
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@city.example`;
  await ctx.app.accounts.createActiveUser({ email, password: GOOD_PASSWORD, role, department, firstName: 'Anna', lastName: 'Nowak' });
  const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`staff login failed: ${login.payload}`);
  return { email, ...login.json } as { email: string; accessToken: string; refreshToken: string; user: { id: string } };
}

/**
 * Moves a namespace's records of the concurrency layer into the past, as if its cooldown or back-off
 * had been waited out (tests cannot wait a minute).
 */
export async function ageLimits(ctx: TestContext, ns: string, ms: number): Promise<void> {
  await ctx.app.concurrency.models.Slot.updateMany({ ns }, { $set: { at: new Date(Date.now() - ms) } });
}
